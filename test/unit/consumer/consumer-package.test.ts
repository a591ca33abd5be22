import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SchemaCatalog } from '../../../services/contracts/avro-codec.ts';
import { TOPIC_SPECS } from '../../../services/contracts/topics.ts';

interface PackageJson {
  name: string;
  version: string;
  workspaces?: string[];
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  storyline: { schemas: string; topics: string[] };
}
const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as PackageJson;
const consumer = read('../../../services/consumer/package.json');
const root = read('../../../package.json');

describe('@storyline/consumer is versioned with the schemas', () => {
  it('its major version is the version of the topics and schema namespace it reads', () => {
    const major = consumer.version.split('.')[0];
    expect(consumer.storyline.topics).toEqual([TOPIC_SPECS.stories.name, TOPIC_SPECS.storyUpdates.name]);
    for (const topic of consumer.storyline.topics) expect(topic.endsWith(`.v${major}`)).toBe(true);
    expect(consumer.storyline.schemas).toBe(`storyline.v${major}`);
    for (const schema of [TOPIC_SPECS.stories.valueSchema, TOPIC_SPECS.storyUpdates.valueSchema]) expect(schema.startsWith(`${consumer.storyline.schemas}.`)).toBe(true);
    expect(SchemaCatalog.fromSchemasDir().type(TOPIC_SPECS.storyUpdates.valueSchema)).toBeDefined();
  });

  it('is a workspace of the repository, runs on the versions the repository locks, and leaves kafkajs and ioredis to its user', () => {
    expect(root.workspaces).toContain('services/consumer');
    expect(consumer.dependencies['avsc']).toBe(root.dependencies['avsc']);
    for (const peer of ['kafkajs', 'ioredis']) {
      expect(consumer.peerDependencies[peer]).toBe(`^${root.dependencies[peer]}`);
      expect(consumer.dependencies[peer]).toBeUndefined();
    }
  });
});
