import type { Redis } from 'ioredis';

/** The operator audit trail: outside every projection prefix, never rebuilt, trimmed to the newest entries. */
export const AUDIT_STREAM = 'sl:ops:{audit}';
const KEEP = 10_000;

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: 'ok' | 'refused' | 'failed';
  readonly detail: string;
}

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'>;

/** Every state-changing operation: who, what, on what, when, and how it ended. */
export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async record(entry: AuditRecord): Promise<string> {
    const id = await this.redis.xadd(AUDIT_STREAM, 'MAXLEN', '~', String(KEEP), '*', 'at', new Date(this.now()).toISOString(), 'actor', entry.actor, 'action', entry.action, 'target', entry.target, 'outcome', entry.outcome, 'detail', entry.detail.slice(0, 2000));
    return id ?? '';
  }

  /** Newest first. */
  async tail(count: number): Promise<AuditEntry[]> {
    const raw = await this.redis.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', count);
    return raw.map(([id, fields]) => {
      const map = new Map<string, string>();
      for (let i = 0; i < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
      const outcome = map.get('outcome');
      return {
        id,
        at: map.get('at') ?? '',
        actor: map.get('actor') ?? '',
        action: map.get('action') ?? '',
        target: map.get('target') ?? '',
        outcome: outcome === 'ok' || outcome === 'refused' ? outcome : 'failed',
        detail: map.get('detail') ?? '',
      };
    });
  }
}
