import { Option, type Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../shared/config.ts';

/** Exit codes of the operator commands: scripts branch on them. */
export const EXIT = { ok: 0, failed: 1, invalid: 2, unauthorized: 3, notFound: 4, refused: 5, unavailable: 6 } as const;

export interface OpsOptions {
  readonly adminUrl?: string;
  readonly key?: string;
  readonly json?: boolean;
}

export interface OpsResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export class OpsClient {
  constructor(
    private readonly base: string,
    private readonly key: string,
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<OpsResponse> {
    const response = await fetch(new URL(path, this.base), {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10 * 60_000),
    });
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { detail: text };
    }
    return { status: response.status, body: parsed };
  }
}

/**
 * Polls a replay until it is no longer running (or `timeoutMs` passes: null), handing each running
 * answer to `onRunning`; returns the last answer (the replay's end, or an error status).
 */
export async function awaitReplay(client: OpsClient, replayId: string, options: { onRunning?: (answer: OpsResponse) => void; timeoutMs?: number } = {}): Promise<OpsResponse | null> {
  const deadline = Date.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
  while (Date.now() < deadline) {
    const answer = await client.request('GET', `/ops/v1/replays/${encodeURIComponent(replayId)}`);
    if (answer.status !== 200 || answer.body.status !== 'RUNNING') return answer;
    options.onRunning?.(answer);
    await sleep(REPLAY_POLL_MS);
  }
  return null;
}

const REPLAY_POLL_MS = 1000;

/** How every operator command takes a position in a topic (`--from`, `--to`): the forms the admin API parses. */
export const POSITION_FORMS = 'an ISO 8601 time or epoch ms (the record\'s CreateTime), or partition:offset[,…]';

export function positionOption(command: Command, flag: '--from' | '--to', lead: string, tail = ''): Command {
  return command.option(`${flag} <position>`, `${lead}${POSITION_FORMS}${tail}`);
}

/** The common options of every operator command: where the admin API is, the key, JSON output. */
export function withOpsOptions(command: Command): Command {
  return command
    .addOption(new Option('--admin-url <url>', 'admin API base URL (default http://127.0.0.1:$STORYLINE_ADMIN_PORT)'))
    .addOption(new Option('--key <key>', 'operator API key (default $STORYLINE_OPERATOR_KEY)'))
    .option('--json', 'print the admin API answer as JSON (for scripts)')
    .addHelpText('after', `\nExit codes: 0 ok, 1 failed, 2 invalid request, 3 not authorised (missing key or ops: scope), 4 not found, 5 refused (conflict), 6 admin API unreachable or a server down.`);
}

export function exitCodeFor(status: number): number {
  if (status >= 200 && status < 300) return EXIT.ok;
  if (status === 400) return EXIT.invalid;
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 404 || status === 410) return EXIT.notFound;
  if (status === 409) return EXIT.refused;
  if (status === 503) return EXIT.unavailable;
  return EXIT.failed;
}

/**
 * Runs one operator command against the admin API: resolves URL and key, prints a problem's detail
 * on failure, and sets the exit code from the HTTP status (`render` prints a success).
 */
export async function runOps(options: OpsOptions, work: (client: OpsClient) => Promise<OpsResponse>, render: (body: Record<string, unknown>) => void, renderJson: (body: Record<string, unknown>) => void = printJson): Promise<void> {
  const key = options.key ?? process.env.STORYLINE_OPERATOR_KEY;
  if (!key) {
    console.error('storyline: no operator key: pass --key <key> or set STORYLINE_OPERATOR_KEY (make one with `storyline principals add <id> --name <n> --kind operator`)');
    process.exitCode = EXIT.unauthorized;
    return;
  }
  const base = options.adminUrl ?? `http://127.0.0.1:${loadConfig().admin.port}`;
  let response: OpsResponse;
  try {
    response = await work(new OpsClient(base, key));
  } catch (error) {
    console.error(`storyline: the admin API at ${base} did not answer: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
    process.exitCode = EXIT.unavailable;
    return;
  }
  process.exitCode = exitCodeFor(response.status);
  if (options.json) {
    if (response.status >= 400) printJson(response.body);
    else renderJson(response.body);
    return;
  }
  if (response.status >= 400 && typeof response.body.code === 'string') {
    console.error(`storyline: ${String(response.body.code)}: ${typeof response.body.detail === 'string' ? response.body.detail : ''}`);
    if (response.status !== 503) return;
  }
  render(response.body);
}

export function printJson(body: unknown): void {
  console.log(JSON.stringify(body, null, 2));
}
