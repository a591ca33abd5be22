import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';
import type { AuthRateLimits } from '../../../services/shared/auth/rate-limiter.ts';
import { eventually } from '../publish/support.ts';

/** The scope tests send many refused requests from one address on purpose. */
export const TEST_RATE_LIMITS: AuthRateLimits = { requests: { perSecond: 1000, burst: 1000 }, failures: { perSecond: 100, burst: 100 } };

export interface OperatorKeys {
  readonly store: PrincipalStore;
  readonly path: string;
  /** ops:read and ops:write */
  readonly operator: string;
  /** ops:read only */
  readonly reader: string;
  readonly consumer: string;
  readonly provider: string;
}

/** A principals file with an operator, a read-only operator, a consumer and a provider. */
export function operatorKeys(): OperatorKeys {
  const path = join(mkdtempSync(join(tmpdir(), 'storyline-ops-principals-')), 'principals.json');
  const store = new PrincipalStore(path);
  return {
    store,
    path,
    operator: store.issueKey('ops-admin', 'Operator', 'operator'),
    reader: store.issueKey('ops-viewer', 'Read-only operator', 'operator', ['ops:read']),
    consumer: store.issueKey('site', 'A site', 'consumer'),
    provider: store.issueKey('wire', 'A wire', 'provider'),
  };
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function call(baseUrl: string, key: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Waits for an operator job (rebuild or replay) to complete and answers its final status. */
export async function jobFinished<T>(baseUrl: string, key: string, jobId: string, timeoutMs = 240_000): Promise<T> {
  return eventually(async () => {
    const answer = await call(baseUrl, key, 'GET', `/ops/v1/replays/${jobId}`);
    return answer.body.status === 'COMPLETED' ? (answer.body as T) : null;
  }, `job ${jobId} completed`, timeoutMs);
}
