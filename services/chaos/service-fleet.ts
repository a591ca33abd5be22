import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const RESTART_ATTEMPTS = 5;

/** One `storyline run` child: its services, fixed ports so a restart answers where the old one did. */
export interface Member {
  readonly name: string;
  readonly services: readonly string[];
  readonly args: readonly string[];
}

export interface FaultRecord {
  readonly target: string;
  readonly component: string;
  readonly killedAt: number;
  /** From the SIGKILL to the restarted process's ready line. */
  readonly recoveryMs: number | null;
}

interface Running {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts, SIGKILLs and restarts the pipeline's processes; a member that exits by itself is restarted too, as a supervisor would. */
export class ServiceFleet {
  private readonly running = new Map<string, Running>();
  private readonly stopping = new Set<string>();
  readonly unplannedExits: Array<{ name: string; code: number | null; at: number }> = [];
  readonly logs = new Map<string, string>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {}

  /** The process id of a running member. */
  pidOf(name: string): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  async start(member: Member, timeoutMs = 300_000): Promise<number> {
    const began = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', ...member.services, ...member.args], { stdio: ['ignore', 'pipe', 'pipe'], env: this.env });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    this.running.set(member.name, { child, exited });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-20_000);
      this.logs.set(member.name, tail);
    };
    child.stderr.on('data', keep);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${member.name} not ready after ${timeoutMs} ms:\n${tail.slice(-3_000)}`)), timeoutMs);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('"event":"ready"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${member.name} exited with ${code} before it was ready:\n${tail.slice(-3_000)}`));
      });
    });
    void exited.then((code) => {
      if (this.running.get(member.name)?.child !== child || this.stopping.has(member.name)) return;
      this.unplannedExits.push({ name: member.name, code, at: Date.now() });
      this.log(`${member.name} exited by itself (${code}); restarting it`);
      this.running.delete(member.name);
      void this.restart(member);
    });
    return Date.now() - began;
  }

  /** SIGKILL, a pause as a supervisor would take, then a restart; the recovery time is kill → ready. */
  async kill(member: Member, component: string, pauseMs: number): Promise<FaultRecord> {
    const killedAt = Date.now();
    await this.killOnly(member);
    await new Promise((r) => setTimeout(r, pauseMs));
    const ready = await this.restart(member);
    return { target: member.name, component, killedAt, recoveryMs: ready ? Date.now() - killedAt : null };
  }

  /** As a supervisor would: a process that exits during start-up (a server it needs is down too) is started again. */
  private async restart(member: Member): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.start(member);
        return true;
      } catch (error) {
        this.log(`${member.name} did not restart (attempt ${attempt}): ${String(error).slice(0, 300)}`);
        if (attempt >= RESTART_ATTEMPTS) return false;
        await new Promise((r) => setTimeout(r, 5_000));
      }
    }
  }

  async killOnly(member: Member): Promise<void> {
    const current = this.running.get(member.name);
    if (!current) return;
    this.stopping.add(member.name);
    current.child.kill('SIGKILL');
    await current.exited;
    this.running.delete(member.name);
    this.stopping.delete(member.name);
  }

  /** Graceful stop of every member (SIGTERM), SIGKILL after the timeout; returns the exit codes. */
  async stopAll(timeoutMs = 40_000): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    await Promise.all(
      [...this.running].map(async ([name, { child, exited }]) => {
        this.stopping.add(name);
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        codes[name] = await exited;
        clearTimeout(timer);
      }),
    );
    this.running.clear();
    return codes;
  }
}
