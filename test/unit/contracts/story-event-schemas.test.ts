import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { parseSchemaFiles, readSchemaFiles } from '../../../services/contracts/schema-files.ts';
import { recordStoryEvents, toAvroStoryEvent, fromAvroStoryEvent } from '../../../services/domain/story/story-event-envelope.ts';
import { STORY_EVENT_TYPES, storyEvent, type StoryEventType } from '../../../services/domain/story/story-events.ts';
import { NOW } from '../domain/story-fixtures.ts';
import { SAMPLE_PAYLOADS } from './story-event-samples.ts';

const types = parseSchemaFiles(readSchemaFiles());
const typeOf = (name: string): avro.Type => {
  const type = types.get(`storyline.v1.${name}`);
  if (!type) throw new Error(`no schema for storyline.v1.${name}`);
  return type;
};

function roundTrip(type: avro.Type, value: unknown): unknown {
  return JSON.parse(JSON.stringify(type.fromBuffer(type.toBuffer(value))));
}

describe('story event contract', () => {
  it('lists exactly the domain event types as StoryEvent payload branches, in order', () => {
    const payload = (typeOf('StoryEvent') as avro.types.RecordType).field('payload').type;
    // Several records in one union: avsc wraps them, `{ 'storyline.v1.X': ... }`, which toAvroStoryEvent produces.
    expect(payload).toBeInstanceOf(avro.types.WrappedUnionType);
    expect((payload as avro.types.WrappedUnionType).types.map((t) => t.name)).toEqual(STORY_EVENT_TYPES.map((name) => `storyline.v1.${name}`));
  });

  it.each(STORY_EVENT_TYPES)('%s round-trips through its avro type', (name: StoryEventType) => {
    const sample = SAMPLE_PAYLOADS[name];
    const type = typeOf(name);
    expect(type.isValid(sample, { errorHook: (path) => expect.fail(`${name}: invalid at ${path.join('.')}`) })).toBe(true);
    expect(roundTrip(type, sample)).toEqual(sample);
  });

  it.each(STORY_EVENT_TYPES)('%s round-trips inside the StoryEvent envelope', (name: StoryEventType) => {
    const [event] = recordStoryEvents([storyEvent(name, SAMPLE_PAYLOADS[name])], {
      storyId: 'story-1',
      afterSequence: 41,
      occurredAt: NOW,
      recordedAt: NOW + 3,
      causationId: 's1',
      correlationId: null,
      producer: 'story-workflow',
    });
    const envelope = typeOf('StoryEvent');
    const decoded = envelope.fromBuffer(envelope.toBuffer(toAvroStoryEvent(event!)));
    expect(JSON.parse(JSON.stringify(fromAvroStoryEvent(decoded)))).toEqual(event);
  });

  // The records as they were before story regrouping, so these hold after the next release too.
  const beforeRegrouping = { 'storyline.v1.ArticleRef': typeOf('ArticleRef') };

  it('reads a related item withdrawal written before regrouping existed as a provider kill', () => {
    const oldWriter = avro.Type.forSchema(
      { type: 'record', name: 'RelatedItemWithdrawn', namespace: 'storyline.v1', fields: [{ name: 'signalId', type: 'string' }, { name: 'item', type: 'storyline.v1.ArticleRef' }] },
      { registry: { ...beforeRegrouping } },
    );
    const reader = typeOf('RelatedItemWithdrawn');
    const { item } = SAMPLE_PAYLOADS.RelatedItemWithdrawn;
    const decoded = reader.fromBuffer(oldWriter.toBuffer({ signalId: 's1', item }), reader.createResolver(oldWriter));
    expect(JSON.parse(JSON.stringify(decoded))).toEqual({ signalId: 's1', item, reason: 'PROVIDER_KILL', movedTo: null });
  });

  it('lets a reader from before merges read a merge as a kill of unknown cause', () => {
    const oldReader = avro.Type.forSchema(
      {
        type: 'record',
        name: 'StoryKilled',
        namespace: 'storyline.v1',
        fields: [
          { name: 'signalId', type: 'string' },
          { name: 'cause', type: { type: 'enum', name: 'KillCause', symbols: ['KILL_SIGNAL', 'PUBSTATUS_CANCELED', 'OPERATOR', 'UNKNOWN'], default: 'UNKNOWN' } },
          { name: 'requestedBy', type: 'string' },
          { name: 'reason', type: ['null', 'string'], default: null },
          { name: 'item', type: ['null', 'storyline.v1.ArticleRef'], default: null },
        ],
      },
      { registry: { ...beforeRegrouping } },
    );
    const writer = typeOf('StoryKilled');
    const decoded = oldReader.fromBuffer(writer.toBuffer(SAMPLE_PAYLOADS.StoryKilled), oldReader.createResolver(writer));
    expect(decoded).toMatchObject({ cause: 'UNKNOWN', requestedBy: 'router', reason: 'merged into story-2' });
  });

  it('reads an enrichment written before any of its fields existed, filling the defaults', () => {
    const oldWriter = avro.Type.forSchema({ type: 'record', name: 'Enrichment', namespace: 'storyline.v1', fields: [] });
    const reader = typeOf('Enrichment');
    const decoded = reader.fromBuffer(oldWriter.toBuffer({}), reader.createResolver(oldWriter));
    expect(JSON.parse(JSON.stringify(decoded))).toEqual({
      language: null,
      dateline: null,
      entities: [],
      places: [],
      quotes: [],
      keywords: [],
      summary: null,
      subjects: [],
      sentenceCount: 0,
      paragraphCount: 0,
      sentences: [],
      paragraphs: [],
    });
  });
});
