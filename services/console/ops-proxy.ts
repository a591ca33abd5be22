import type { ConsoleSession } from './console-sessions.ts';

/** The admin API calls the console makes for an operator; anything else is refused before it leaves. */
const ALLOWED: Readonly<Record<'GET' | 'POST', readonly RegExp[]>> = {
  GET: [/^status$/, /^dead-letters$/, /^stories\/[^/]{1,300}$/, /^replays\/[a-z0-9]{1,12}-[0-9a-f]{6}$/, /^audit$/],
  POST: [/^dead-letters\/[a-z][a-z0-9-]{0,62}:\d{1,19}\/redrive$/, /^replays\/[a-z0-9]{1,12}-[0-9a-f]{6}\/(?:pause|resume|cancel)$/],
};

export function opsCallAllowed(method: string, path: string): boolean {
  const patterns = method === 'GET' || method === 'POST' ? ALLOWED[method] : [];
  return patterns.some((pattern) => pattern.test(path));
}

export interface OpsAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * One admin API call with the session's key. The admin API checks the key's scopes itself
 * (ops:read for reads, ops:write for changes), so the console holds no second copy of those rules.
 */
export async function callAdmin(adminUrl: string, session: ConsoleSession, method: 'GET' | 'POST', pathAndQuery: string, body: string | null, timeoutMs = 30_000): Promise<OpsAnswer> {
  const response = await fetch(`${adminUrl}/ops/v1/${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${session.key}`, ...(body === null ? {} : { 'content-type': 'application/json' }) },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: await response.text() };
}

interface AuditLine {
  readonly action: string;
  readonly outcome: string;
  readonly detail: string;
  readonly at: string;
}

const STARTED = /^rebuild ([a-z0-9]{1,12}-[0-9a-f]{6}) into /;

/** Replays the audit log says were started, newest first: the admin API has no list of them. */
export function startedReplays(entries: readonly AuditLine[], max = 10): Array<{ rebuildId: string; startedAt: string; dryRun: boolean }> {
  const found: Array<{ rebuildId: string; startedAt: string; dryRun: boolean }> = [];
  for (const entry of entries) {
    const match = entry.outcome === 'ok' && entry.action.startsWith('replay.projection') ? STARTED.exec(entry.detail) : null;
    if (match && !found.some((r) => r.rebuildId === match[1])) found.push({ rebuildId: match[1]!, startedAt: entry.at, dryRun: entry.action.endsWith('dry-run') });
    if (found.length === max) break;
  }
  return found;
}
