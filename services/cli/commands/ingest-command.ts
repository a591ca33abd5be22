import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { loadConfig } from '../../shared/config.ts';

export interface IngestOptions {
  readonly url?: string;
  readonly key?: string;
  readonly contentType?: string;
}

export interface IngestSettings {
  readonly endpoint: string;
  readonly key: string;
  readonly contentType: string;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; message: string };

/** `--key` wins over STORYLINE_API_KEY; without a content type the server sniffs the bytes. */
export function resolveIngestSettings(options: IngestOptions, env: NodeJS.ProcessEnv, defaultPort: number): Resolved<IngestSettings> {
  const key = options.key ?? env.STORYLINE_API_KEY;
  if (!key) return { ok: false, message: 'no API key: pass --key <key> or set STORYLINE_API_KEY' };
  const base = options.url ?? `http://127.0.0.1:${defaultPort}`;
  let endpoint: URL;
  try {
    endpoint = new URL('/v1/items', base);
  } catch {
    return { ok: false, message: `--url ${base} is not a URL` };
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') return { ok: false, message: `--url ${base}: expected http or https` };
  return { ok: true, value: { endpoint: endpoint.toString(), key, contentType: options.contentType ?? 'application/octet-stream' } };
}

/** The same bytes always carry the same key, so re-running over a folder replays instead of duplicating. */
export function idempotencyKeyFor(bytes: Buffer): string {
  return `sha256-${createHash('sha256').update(bytes).digest('hex')}`;
}

export const INGEST_RETRY_POLICY = { attempts: 5, initialDelayMs: 250, factor: 2, maxDelayMs: 5000 } as const;
export type RetryPolicy = { readonly attempts: number; readonly initialDelayMs: number; readonly factor: number; readonly maxDelayMs: number };

/** Delay before attempt `attempt + 1` (attempt counts from 1); a server's Retry-After is honoured up to the cap. */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterSeconds?: number): number {
  const backoff = policy.initialDelayMs * policy.factor ** (attempt - 1);
  const wanted = retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? Math.max(backoff, retryAfterSeconds * 1000) : backoff;
  return Math.min(wanted, policy.maxDelayMs);
}

export type SubmitOutcome =
  | { kind: 'accepted'; submissionIds: string[]; replayed: boolean }
  | { kind: 'refused'; status: number; code: string; detail: string }
  | { kind: 'retry'; reason: string; retryAfterSeconds?: number };

interface ResponseBody {
  submissionId?: unknown;
  replayed?: unknown;
  items?: Array<{ submissionId?: unknown }>;
  code?: unknown;
  detail?: unknown;
}

/** 503/502/504 and a key still being written by an earlier attempt are worth retrying; every other answer is final. */
export function classifyResponse(status: number, body: ResponseBody | undefined, retryAfter: string | null): SubmitOutcome {
  const code = typeof body?.code === 'string' ? body.code : `http_${status}`;
  const detail = typeof body?.detail === 'string' ? body.detail : '';
  if (status === 202) {
    const ids = body?.items ? body.items.map((item) => String(item.submissionId)) : [String(body?.submissionId)];
    return { kind: 'accepted', submissionIds: ids, replayed: body?.replayed === true };
  }
  if (status === 502 || status === 503 || status === 504 || (status === 409 && code === 'idempotency_key_in_flight')) {
    return { kind: 'retry', reason: `${status} ${code}`, ...(retryAfter && /^\d+$/.test(retryAfter) ? { retryAfterSeconds: Number(retryAfter) } : {}) };
  }
  return { kind: 'refused', status, code, detail };
}

export function formatOutcome(name: string, outcome: SubmitOutcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return `${name}\t202 ${outcome.submissionIds.join(',')}${outcome.replayed ? ' (replayed)' : ''}`;
    case 'refused':
      return `${name}\t${outcome.status} ${outcome.code}${outcome.detail ? `: ${outcome.detail}` : ''}`;
    case 'retry':
      return `${name}\tgave up: ${outcome.reason}`;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/** A file, or every file under a folder (sorted, recursively), skipping dot files and `.tmp` names still being written. */
export function listInputs(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !name.startsWith('.') && !name.endsWith('.tmp'))
    .sort()
    .flatMap((name) => listInputs(join(path, name)));
}

async function submitOnce(settings: IngestSettings, bytes: Buffer): Promise<SubmitOutcome> {
  try {
    const response = await fetch(settings.endpoint, {
      method: 'POST',
      body: bytes,
      headers: { authorization: `Bearer ${settings.key}`, 'content-type': settings.contentType, 'idempotency-key': idempotencyKeyFor(bytes) },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let body: ResponseBody | undefined;
    try {
      body = JSON.parse(text) as ResponseBody;
    } catch {
      body = undefined;
    }
    return classifyResponse(response.status, body, response.headers.get('retry-after'));
  } catch (error) {
    // fetch rejects only when no HTTP answer came back: refused connection, reset, timeout.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'retry', reason: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

export async function submitWithRetry(settings: IngestSettings, bytes: Buffer, policy: RetryPolicy = INGEST_RETRY_POLICY): Promise<SubmitOutcome> {
  let outcome = await submitOnce(settings, bytes);
  for (let attempt = 1; outcome.kind === 'retry' && attempt < policy.attempts; attempt += 1) {
    await sleep(retryDelayMs(attempt, policy, outcome.retryAfterSeconds));
    outcome = await submitOnce(settings, bytes);
  }
  return outcome;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('Submit wire files to the ingest HTTP API, as a provider; one line per file, non-zero exit if any was refused')
    .argument('<path>', "a file, a folder (every file in it, recursively) or '-' for stdin")
    .option('--url <url>', 'ingest base URL (default: http://127.0.0.1:<STORYLINE_INGEST_PORT>)')
    .option('--key <key>', 'provider API key (default: $STORYLINE_API_KEY)')
    .option('--content-type <type>', 'Content-Type for every file (default: the server sniffs the bytes)')
    .action(async (path: string, options: IngestOptions) => {
      const settings = resolveIngestSettings(options, process.env, loadConfig().ingest.port);
      if (!settings.ok) throw new Error(settings.message);
      const inputs = path === '-' ? ['-'] : listInputs(path);
      let failures = 0;
      for (const input of inputs) {
        const bytes = input === '-' ? await readStdin() : readFileSync(input);
        const outcome = await submitWithRetry(settings.value, bytes);
        if (outcome.kind !== 'accepted') failures += 1;
        console.log(formatOutcome(input === '-' ? 'stdin' : input, outcome));
      }
      if (failures > 0) process.exitCode = 1;
    });
}
