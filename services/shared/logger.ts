import { pino, type Logger } from 'pino';

export type { Logger };

/** One root logger per process (made in the composition root); components take a child with their name. */
export function createRootLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino({ level, base: { service: 'storyline' } }, pino.destination(destination));
}

export function componentLogger(root: Logger, component: string): Logger {
  return root.child({ component });
}
