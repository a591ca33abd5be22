import type { Offsets, PositionInput } from '../../../workflows/operations/operations-signals.ts';
import type { PositionSpec } from './topic-positions.ts';

export const offsetsOf = (map: ReadonlyMap<number, string>): Offsets => Object.fromEntries([...map].map(([p, o]) => [String(p), o]));

/** A parsed position as a workflow argument (plain JSON: offsets keyed by partition as text). */
export function toPositionInput(spec: PositionSpec): PositionInput {
  return spec.kind === 'offsets' ? { kind: 'offsets', offsets: offsetsOf(spec.offsets) } : spec;
}

/** A workflow's position argument back as the spec the topic readers resolve. */
export function toPositionSpec(input: PositionInput): PositionSpec {
  switch (input.kind) {
    case 'earliest':
    case 'latest':
      return { kind: input.kind };
    case 'time':
      return { kind: 'time', ms: input.ms ?? 0 };
    case 'offsets':
      return { kind: 'offsets', offsets: new Map(Object.entries(input.offsets ?? {}).map(([p, o]) => [Number(p), o] as const)) };
    default: {
      const unreachable: never = input.kind;
      return unreachable;
    }
  }
}
