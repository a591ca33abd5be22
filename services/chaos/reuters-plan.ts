import type { ReutersDocument } from '../eval/dedupe/reuters-reader.ts';

export type PlannedKind = 'new' | 'update' | 'correction' | 'kill' | 'resend' | 'copy';

/** One request the chaos run sends through the ingest API. */
export interface PlannedSubmission {
  readonly label: string;
  readonly kind: PlannedKind;
  readonly idempotencyKey: string;
  readonly body: string;
}

interface Sent {
  readonly doc: ReutersDocument;
  version: number;
  killed: boolean;
  lastBody: string;
  lastKey: string;
  /** The exact bytes sent under lastKey: a client's re-send repeats them. */
  lastRequest: string;
}

function ninjs(doc: ReutersDocument, version: number, body: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    uri: `urn:chaos:reuters:${doc.newId}`,
    version: String(version),
    pubstatus: 'usable',
    type: 'text',
    language: 'en',
    headline: doc.title,
    body_text: body,
    ...extra,
  });
}

/**
 * A wire stream from Reuters-21578 with what a live wire mixes in: updates (a new version with a
 * paragraph added), corrections, kills, client re-sends of the same request (same idempotency key)
 * and copies re-sent as new requests. Deterministic for a seed.
 */
export function planStream(docs: readonly ReutersDocument[], items: number, random: () => number, runId: string): PlannedSubmission[] {
  const usable = docs.filter((doc) => doc.title.length > 0 && doc.body.length >= 300);
  const plan: PlannedSubmission[] = [];
  const sent: Sent[] = [];
  let next = 0;
  const key = () => `chaos-${runId}-${plan.length}`;
  while (plan.length < items && next < usable.length) {
    const roll = random();
    const live = sent.filter((s) => !s.killed);
    const pick = live[Math.floor(random() * live.length)];
    if (roll < 0.1 && pick) {
      const body = `${pick.lastBody}\n\nUpdated with further details from officials, the agency said (version ${pick.version + 1}).`;
      pick.version++;
      pick.lastBody = body;
      pick.lastKey = key();
      pick.lastRequest = ninjs(pick.doc, pick.version, body, { signals: ['update'] });
      plan.push({ label: `update ${pick.doc.newId} v${pick.version}`, kind: 'update', idempotencyKey: pick.lastKey, body: pick.lastRequest });
    } else if (roll < 0.15 && pick) {
      const body = pick.lastBody.replace(/\b(\d+)\b/, (n) => String(Number(n) + 1));
      pick.version++;
      pick.lastBody = body;
      pick.lastKey = key();
      pick.lastRequest = ninjs(pick.doc, pick.version, body, { signals: ['correction'] });
      plan.push({ label: `correction ${pick.doc.newId} v${pick.version}`, kind: 'correction', idempotencyKey: pick.lastKey, body: pick.lastRequest });
    } else if (roll < 0.19 && pick) {
      pick.version++;
      pick.killed = true;
      plan.push({ label: `kill ${pick.doc.newId} v${pick.version}`, kind: 'kill', idempotencyKey: key(), body: ninjs(pick.doc, pick.version, pick.lastBody, { pubstatus: 'canceled', signals: ['kill'] }) });
    } else if (roll < 0.25 && pick) {
      // A client that did not see the answer sends the same request again: same bytes, same key.
      plan.push({ label: `resend ${pick.doc.newId} v${pick.version}`, kind: 'resend', idempotencyKey: pick.lastKey, body: pick.lastRequest });
    } else if (roll < 0.29 && pick) {
      plan.push({ label: `copy ${pick.doc.newId} v${pick.version}`, kind: 'copy', idempotencyKey: key(), body: ninjs(pick.doc, pick.version, pick.lastBody) });
    } else {
      const doc = usable[next++]!;
      const entry: Sent = { doc, version: 1, killed: false, lastBody: doc.body, lastKey: key(), lastRequest: ninjs(doc, 1, doc.body) };
      sent.push(entry);
      plan.push({ label: `new ${doc.newId}`, kind: 'new', idempotencyKey: entry.lastKey, body: entry.lastRequest });
    }
  }
  return plan;
}
