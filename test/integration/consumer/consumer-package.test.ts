import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecFor } from '../../../services/contracts/avro-codec.ts';
import type { StoryUpdate } from '../../../services/contracts/types.generated.ts';
import type { Platform } from '../../../services/shared/platform/platform.ts';
import { testPlatform } from '../../support/platform.ts';
import { runId } from '../../support/run-id.ts';
import { storyOf } from '../../support/standard-round-trip.ts';
import { anArticle } from '../../unit/domain/story-fixtures.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const packageDir = join(repoRoot, 'services/consumer');
const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** npm as a user runs it: none of the npm_* settings of the npm run that started the tests leak in. */
function npm(args: readonly string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  return execFileSync('npm', [...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

// A downstream team's program: it knows the package by name only.
const CONSUMER_PROGRAM = `
import { Kafka, logLevel } from 'kafkajs';
import { createStorylineConsumer, SchemaRegistryClient } from '@storyline/consumer';

const [brokers, registryUrl, topicPrefix, groupId, storyId] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'downstream-app', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const client = createStorylineConsumer({ kafka, registry: new SchemaRegistryClient(registryUrl), groupId, topicPrefix });
const timer = setTimeout(() => { console.error('no update within 90 s'); process.exit(2); }, 90_000);
let done;
const received = new Promise((resolve) => (done = resolve));
const subscription = await client.subscribe('story-updates.v1', async ({ value, headers, topic }) => {
  done({ topic, updateId: value.updateId, reason: value.reason, headline: value.story?.article.headlines[0]?.value ?? null, provider: headers['storyline-provider'] ?? null });
}, { where: (headers) => headers['storyline-story-id'] === storyId });
console.log(JSON.stringify(await received));
clearTimeout(timer);
await subscription.stop();
`;

// Compiled against the package's declarations: a wrong topic must be a type error, a StoryUpdate typed.
const TYPED_USE = `
import type { Kafka } from 'kafkajs';
import { createStorylineConsumer, SchemaRegistryClient, type StoryUpdate } from '@storyline/consumer';

export async function follow(kafka: Kafka): Promise<StoryUpdate['reason'][]> {
  const reasons: StoryUpdate['reason'][] = [];
  const client = createStorylineConsumer({ kafka, registry: new SchemaRegistryClient('http://registry'), groupId: 'app' });
  await client.subscribe('story-updates.v1', async ({ value }) => { reasons.push(value.reason); });
  // @ts-expect-error only Storyline's public topics can be subscribed to
  await client.subscribe('story.events.v1', async () => {});
  return reasons;
}
`;

let platform: Platform;
let producer: Producer;
let work: string;

describe('the consumer library as an installable package', () => {
  beforeAll(async () => {
    platform = await testPlatform();
    producer = platform.kafka.producer();
    await producer.connect();
    work = mkdtempSync(join(tmpdir(), 'storyline-consumer-package-'));
  });
  afterAll(async () => {
    await producer?.disconnect();
    await platform?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packed, installed into an empty project, reads a story update from the real broker', async () => {
    // npm pack runs the package's prepack: tsc with declarations, then the schemas its topics need.
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], packageDir)) as Array<{ filename: string; name: string; version: string; files: Array<{ path: string }> }>;
    expect(packed).toMatchObject({ name: '@storyline/consumer', version: expect.stringMatching(/^1\.\d+\.\d+$/) });
    const files = packed!.files.map((file) => file.path);
    expect(files).toContain('dist/services/consumer/index.js');
    expect(files).toContain('dist/services/consumer/index.d.ts');
    expect(files).toContain('dist/schemas/storyline.v1.StoryUpdate.avsc');
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);

    // An empty project outside the repository: the tarball, and kafkajs/ioredis as its peers, from the npm cache where it holds them.
    const app = join(work, 'downstream-app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'downstream-app', private: true, type: 'module' }));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-exact', join(work, packed!.filename), `kafkajs@${rootPackage.dependencies['kafkajs']}`, `ioredis@${rootPackage.dependencies['ioredis']}`], app);

    writeFileSync(join(app, 'typed-use.ts'), TYPED_USE);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['typed-use.ts'] }));
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', app], { cwd: app, encoding: 'utf8' });

    const storyId = runId('st-package');
    const update: StoryUpdate = {
      updateId: `${storyId}:1`,
      storyId,
      sequence: 1,
      reason: 'NEW',
      occurredAt: Date.now(),
      version: 1,
      changes: null,
      story: { ...storyOf(anArticle({ providerId: 'wire-package', providerItemId: storyId })), storyId },
      killCause: null,
      mergedInto: null,
      replay: null,
    };
    const codec = await codecFor<StoryUpdate>(platform.catalog, platform.registry, platform.topics.storyUpdates);
    await producer.send({ topic: platform.topics.storyUpdates.name, acks: -1, messages: [{ key: storyId, value: codec.encode(update), headers: { 'storyline-story-id': storyId, 'storyline-provider': 'wire-package' } }] });

    writeFileSync(join(app, 'consume.mjs'), CONSUMER_PROGRAM);
    const output = execFileSync(process.execPath, ['consume.mjs', platform.config.kafka.brokers.join(','), platform.config.registry.url, platform.topics.prefix, runId('downstream-app'), storyId], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({ topic: 'story-updates.v1', updateId: `${storyId}:1`, reason: 'NEW', headline: update.story!.article.headlines[0]!.value, provider: 'wire-package' });
  }, 360_000);
});
