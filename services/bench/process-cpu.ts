import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every common Linux build, read once, when first needed. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU a process has used so far, user + system over all its threads, in ms; null when it is gone or there is no /proc. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** CPU the whole machine has been busy so far (every core: all but idle and I/O wait), in ms; null without /proc. */
export function machineBusyMs(): number | null {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal …: busy is all but idle (4th) and iowait (5th).
    const busy = ticks.slice(0, 8).reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + Number(value)), 0);
    return (busy * 1000) / ticksPerSecond();
  } catch {
    return null;
  }
}

export interface CpuSample {
  readonly at: number;
  readonly machine: number | null;
  readonly processes: ReadonlyMap<string, number | null>;
}

/** CPU per named process over a window, per article and in cores (1 = one core busy all the window). */
export interface CpuUse {
  readonly seconds: number;
  readonly articles: number;
  readonly processes: Readonly<Record<string, { readonly ms: number; readonly msPerArticle: number | null; readonly cores: number } | null>>;
  /** Every process of the machine, these and the rest (other users of a shared machine included). */
  readonly machineCores: number | null;
}

export function sampleCpu(processes: ReadonlyMap<string, number | undefined>): CpuSample {
  return { at: performance.now(), machine: machineBusyMs(), processes: new Map([...processes].map(([name, pid]) => [name, pid === undefined ? null : processCpuMs(pid)])) };
}

export function cpuBetween(before: CpuSample, after: CpuSample, articles: number): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const cores = (ms: number) => Math.round((ms / 1000 / seconds) * 100) / 100;
  const processes: CpuUse['processes'] = Object.fromEntries(
    [...after.processes].map(([name, end]) => {
      const start = before.processes.get(name);
      if (end === null || start === null || start === undefined) return [name, null];
      const ms = end - start;
      return [name, { ms: Math.round(ms), msPerArticle: articles > 0 ? Math.round((ms / articles) * 10) / 10 : null, cores: cores(ms) }];
    }),
  );
  const machineCores = before.machine === null || after.machine === null ? null : cores(after.machine - before.machine);
  return { seconds: Math.round(seconds * 10) / 10, articles, processes, machineCores };
}
