import { fork } from 'node:child_process';

/** What a bench child process sends back: its result, or why it has none. */
export type OwnProcessReport<R> = { readonly result: R } | { readonly error: string };

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs a bench script in a Node process of its own, as a service runs: the benchmark's own process holds
 * the enrichment models loaded by earlier sections, and collecting that heap slows what it measures (a
 * consumer here to 0.6x). The task goes as JSON in argv[2]; the script answers with `reportToParent`. A
 * child that hangs (a broker gone mid-run) is killed rather than holding the benchmark for ever.
 */
export function inOwnProcess<R>(script: string, task: unknown, label: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
  const child = fork(script, [JSON.stringify(task)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], timeout: timeoutMs });
  return new Promise((resolve, reject) => {
    child.once('message', (report: OwnProcessReport<R>) => ('result' in report ? resolve(report.result) : reject(new Error(`${label}: ${report.error}`))));
    child.once('exit', (code, signal) => reject(new Error(`${label} process ended (${signal ?? `exit ${code}`}) before reporting`)));
  });
}

/** The child's side: reads its task, runs the work, sends the result (or the error) and exits. */
export async function reportToParent<T, R>(work: (task: T) => Promise<R>): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as T;
  const report: OwnProcessReport<R> = await work(task).then(
    (result) => ({ result }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  process.send!(report, () => process.exit(0));
}
