import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import type { AvroCodec } from '../../../services/contracts/avro-codec.ts';
import type { Article } from '../../../services/contracts/types.generated.ts';
import { recordStoryEvents, toAvroStoryEvent, type AvroStoryEvent, type NewStoryEvent, type RecordedStoryEvent } from '../../../services/domain/story/index.ts';
import { newApiKey } from '../../../services/shared/auth/api-key.ts';
import { PrincipalStore } from '../../../services/shared/auth/principal-store.ts';
import { anArticle } from '../../unit/domain/story-fixtures.ts';

/** Appends a story's events to story.events.v1 as the workflow would: keyed by story id, in sequence. */
export class StoryLog {
  private lastSequence = 0;
  readonly written: Array<{ event: RecordedStoryEvent; partition: number; offset: string }> = [];

  constructor(
    readonly storyId: string,
    private readonly producer: Producer,
    private readonly codec: AvroCodec<AvroStoryEvent>,
    private readonly topic: string,
  ) {}

  async append(events: readonly NewStoryEvent[]): Promise<RecordedStoryEvent[]> {
    const now = Date.now();
    const recorded = recordStoryEvents(events, { storyId: this.storyId, afterSequence: this.lastSequence, occurredAt: now, recordedAt: now, causationId: `cause-${now}`, correlationId: null, producer: 'publish-test' });
    this.lastSequence += recorded.length;
    for (const event of recorded) await this.send(event);
    return recorded;
  }

  /** Sends an already-recorded event again, as a redelivery or an at-least-once producer retry would. */
  async send(event: RecordedStoryEvent): Promise<{ partition: number; offset: string }> {
    const [meta] = await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: event.storyId, value: this.codec.encode(toAvroStoryEvent(event)) }] });
    const position = { partition: meta!.partition, offset: meta!.baseOffset! };
    this.written.push({ event, ...position });
    return position;
  }
}

export function article(provider: string, itemId: string, version: number, fields: Partial<Article> = {}): Article {
  return anArticle({
    providerId: provider,
    providerItemId: itemId,
    providerVersion: version,
    versioncreated: Date.now(),
    contentHash: `${provider}-${itemId}-${version}-${JSON.stringify(fields).length}`,
    ...fields,
  });
}

export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A principals file with a consumer, and a provider-only principal lacking stories:read (for 403). */
export function principalsWithWriterOnly(): { store: PrincipalStore; readerKey: string; writerOnlyKey: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'storyline-api-principals-')), 'principals.json');
  const writer = newApiKey();
  writeFileSync(path, JSON.stringify({ principals: [{ id: 'writer-only', name: 'Writer only', kind: 'provider', scopes: ['items:write'], keys: [{ ...writer.stored, revoked: false }] }] }));
  const store = new PrincipalStore(path);
  const readerKey = store.issueKey('site', 'Test site', 'consumer');
  return { store, readerKey, writerOnlyKey: writer.key };
}
