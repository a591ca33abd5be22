import { Client, Connection } from '@temporalio/client';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { codecFor } from '../contracts/avro-codec.ts';
import type { DeadLetter, Story } from '../contracts/types.generated.ts';
import type { AvroStoryEvent } from '../domain/story/index.ts';
import { storyEventDecoder } from '../publish/story-event-decoder.ts';
import { StoryReadModel } from '../publish/story-read-model.ts';
import type { ConsumerDeclaration } from '../shared/platform/consumer-declaration.ts';
import type { Platform } from '../shared/platform/platform.ts';
import { OperationsClient } from '../../workflows/operations/operations-client.ts';
import { OPERATIONS_TASK_QUEUE } from '../../workflows/operations/operations-signals.ts';
import { AuditLog } from './audit-log.ts';
import { RegistryDecoder } from './kafka/registry-decoder.ts';
import { DeadLetters } from './operations/dead-letters.ts';
import type { StoryInspectorDeps } from './operations/story-inspector.ts';

/** What the admin routes work with: one Kafka admin client, one producer (re-drives), a lazy Temporal client, the audit log. */
export interface AdminOperations {
  readonly platform: Platform;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly redis: Redis;
  readonly producer: Producer;
  readonly consumers: readonly ConsumerDeclaration[];
  readonly audit: AuditLog;
  readonly decoder: RegistryDecoder;
  readonly deadLetters: DeadLetters;
  readonly inspector: StoryInspectorDeps;
  /** Operator jobs (rebuilds, replays) on the operations task queue. */
  readonly jobs: OperationsClient;
  temporal(): Promise<Client>;
  close(): Promise<void>;
}

export async function createAdminOperations(platform: Platform, consumers: readonly ConsumerDeclaration[], operationsTaskQueue = OPERATIONS_TASK_QUEUE): Promise<AdminOperations> {
  const { kafka, redis, topics } = platform;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let connecting: Promise<Client> | undefined;
  const temporal = () => {
    connecting ??= Connection.connect({ address: platform.config.temporal.address, connectTimeout: 3_000 }).then((connection) => new Client({ connection, namespace: platform.config.temporal.namespace }));
    // A failed connection is retried on the next call rather than remembered.
    connecting.catch(() => (connecting = undefined));
    return connecting;
  };
  const deadLetterCodec = await codecFor<DeadLetter>(platform.catalog, platform.registry, topics.deadLetter(consumers[0]?.name ?? 'projection'));
  const read = new StoryReadModel(redis);
  return {
    platform,
    kafka,
    admin,
    redis,
    producer,
    consumers,
    audit: new AuditLog(redis),
    decoder: new RegistryDecoder(platform.registry),
    deadLetters: new DeadLetters({ kafka, admin, redis, topics, consumers, codec: deadLetterCodec, producer }),
    inspector: {
      kafka,
      admin,
      redis,
      topics,
      read,
      decodeEvent: storyEventDecoder(await codecFor<AvroStoryEvent>(platform.catalog, platform.registry, topics.storyEvents)),
      storyCodec: await codecFor<Story>(platform.catalog, platform.registry, topics.stories),
      temporal,
      environmentPrefix: platform.config.kafkaPrefix,
    },
    jobs: new OperationsClient(temporal, operationsTaskQueue),
    temporal,
    async close() {
      await producer.disconnect();
      await admin.disconnect();
      if (connecting) await (await connecting.catch(() => undefined))?.connection.close();
    },
  };
}
