import { randomBytes } from 'node:crypto';

/** A short unique suffix so tests sharing one set of servers never see each other's topics or keys. */
export function runId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
