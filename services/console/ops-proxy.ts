import type { ConsoleSession } from './console-sessions.ts';

const JOB_ID = '[a-z0-9]{1,12}-[0-9a-f]{6}';

/** The admin API calls the console makes for an operator; anything else is refused before it leaves. */
const ALLOWED: Readonly<Record<'GET' | 'POST', readonly RegExp[]>> = {
  GET: [/^status$/, /^metrics\/stages$/, /^dead-letters$/, /^stories\/[^/]{1,300}$/, /^replays$/, new RegExp(`^replays/${JOB_ID}$`), /^audit$/],
  POST: [/^dead-letters\/[a-z][a-z0-9-]{0,62}:\d{1,19}\/redrive$/, /^replays\/(?:projection|public-topics|enrichment|parse)$/, new RegExp(`^replays/${JOB_ID}/(?:pause|resume|cancel)$`)],
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

/** What an audit entry of a started job says: `rebuild <id> into <prefix>` (projection) or `replay <id>` (the others). */
const STARTED = new RegExp(`^(?:rebuild (${JOB_ID}) into |replay (${JOB_ID})$)`);

export interface StartedReplay {
  readonly rebuildId: string;
  readonly target: string;
  readonly startedAt: string;
  readonly dryRun: boolean;
}

/** Jobs the audit log says were started, newest first (it keeps finished ones, which the admin API's running list does not). */
export function startedReplays(entries: readonly AuditLine[], max = 10): StartedReplay[] {
  const found: StartedReplay[] = [];
  for (const entry of entries) {
    const match = entry.outcome === 'ok' && entry.action.startsWith('replay.') ? STARTED.exec(entry.detail) : null;
    const rebuildId = match?.[1] ?? match?.[2];
    if (rebuildId && !found.some((r) => r.rebuildId === rebuildId)) found.push({ rebuildId, target: entry.action.split('.')[1]!, startedAt: entry.at, dryRun: entry.action.endsWith('.dry-run') });
    if (found.length === max) break;
  }
  return found;
}

export interface RunningJob {
  readonly rebuildId: string;
  readonly target: string;
  readonly startedAt: string;
  readonly progress: unknown;
}

export interface JobStatus {
  readonly status: string;
  readonly progress: unknown;
  readonly result: unknown;
}

export interface ConsoleReplay {
  readonly rebuildId: string;
  readonly target: string;
  readonly startedAt: string;
  /** Null when the job was not started through the admin API's audited route (unknown). */
  readonly dryRun: boolean | null;
  readonly status: string;
  readonly progress: unknown;
  readonly result: unknown;
}

/** The pipeline view's jobs: every running one (with progress), then recently started ones that finished (with their result). */
export function consoleReplays(running: readonly RunningJob[], started: readonly StartedReplay[], finished: ReadonlyMap<string, JobStatus>): ConsoleReplay[] {
  const dryRunOf = (id: string) => started.find((s) => s.rebuildId === id)?.dryRun ?? null;
  const live = running.map((job) => ({ rebuildId: job.rebuildId, target: job.target, startedAt: job.startedAt, dryRun: dryRunOf(job.rebuildId), status: 'RUNNING', progress: job.progress, result: null }));
  const done = started.flatMap((job) => {
    const status = finished.get(job.rebuildId);
    if (!status || running.some((r) => r.rebuildId === job.rebuildId)) return [];
    return [{ rebuildId: job.rebuildId, target: job.target, startedAt: job.startedAt, dryRun: job.dryRun, status: status.status, progress: status.progress, result: status.result }];
  });
  return [...live, ...done];
}
