import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RequestAuthenticator } from '../shared/http/authenticate.ts';
import { activePrefix } from '../publish/active-projection.ts';
import { isProjectionPrefix } from '../publish/index-keys.ts';
import { sendProblem } from '../shared/http/problem.ts';
import { resolveConsumer } from '../shared/platform/consumer-declaration.ts';
import { requireOperator } from './admin-auth.ts';
import type { AdminOperations } from './admin-operations.ts';
import { parsePosition, type PositionSpec } from './kafka/topic-positions.ts';
import { consumerLags, deadLetterCounts } from './operations/consumer-lag.ts';
import { parseDeadLetterId, UnknownConsumerError, type RedriveOutcome } from './operations/dead-letters.ts';
import { executeOffsetReset, GroupActiveError, planOffsetReset, type ResetTarget } from './operations/offset-reset.ts';
import { projectionHash } from './operations/projection-hash.ts';
import { serverHealth } from './operations/server-health.ts';
import { inspectStory, VersionNotFoundError } from './operations/story-inspector.ts';
import { resolveTopicName, tailTopic } from './operations/topic-tail.ts';

export const ADMIN_BASE = '/ops/v1';

function invalid(reply: FastifyReply, request: FastifyRequest, detail: string, field?: string) {
  return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail, ...(field ? { field } : {}) }, request.url);
}

function notFound(reply: FastifyReply, request: FastifyRequest, detail: string) {
  return sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail }, request.url);
}

const zodDetail = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

function position(text: string | undefined): { ok: true; value: PositionSpec | null } | { ok: false; message: string } {
  return text === undefined ? { ok: true, value: null } : parsePosition(text);
}

function actorOf(request: FastifyRequest): string {
  return request.operator?.id ?? 'unknown';
}

/** Read-only operations: ops:read. */
function registerReadRoutes(app: FastifyInstance, ops: AdminOperations): void {
  const { topics } = ops.platform;

  app.get('/status', async (_request, reply) => {
    const [servers, consumers, deadLetters, audit, replays] = await Promise.all([
      serverHealth({ admin: ops.admin, redis: ops.redis, registryUrl: ops.platform.config.registry.url, temporal: () => ops.temporal() }),
      consumerLags(ops.admin, topics, ops.consumers).catch((error: unknown) => ({ error: String(error) })),
      deadLetterCounts(ops.admin, topics, ops.consumers).catch((error: unknown) => ({ error: String(error) })),
      ops.audit.tail(10),
      ops.jobs.running().catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })),
    ]);
    const healthy = servers.every((s) => s.ok);
    return reply.code(healthy ? 200 : 503).send({ environment: topics.prefix.replace(/\.$/, '') || null, projection: await activePrefix(ops.redis), servers, consumers, deadLetters, replays, audit });
  });

  const TailQuery = z.object({ from: z.string().max(5000).optional(), limit: z.coerce.number().int().min(1).max(1000).default(20), key: z.string().min(1).max(300).optional() });
  app.get('/topics/:topic/records', async (request, reply) => {
    const topic = resolveTopicName((request.params as { topic: string }).topic, topics, ops.consumers);
    if (!topic) return notFound(reply, request, `no topic ${(request.params as { topic: string }).topic}: one of ${topics.all().map((t) => t.name).join(', ')} or a dead-letter topic`);
    const query = TailQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, request, zodDetail(query.error));
    const from = position(query.data.from);
    if (!from.ok) return invalid(reply, request, from.message, 'from');
    return tailTopic({ kafka: ops.kafka, admin: ops.admin, decoder: ops.decoder, groupPrefix: topics.prefix }, topic, { from: from.value, limit: query.data.limit, key: query.data.key ?? null });
  });

  const StoryQuery = z.object({ diff: z.string().regex(/^\d{1,9},\d{1,9}$/).optional() });
  app.get('/stories/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const query = StoryQuery.safeParse(request.query);
    if (!query.success || id.length > 300) return invalid(reply, request, query.success ? 'story id too long' : zodDetail(query.error));
    const diff = query.data.diff ? (query.data.diff.split(',').map(Number) as [number, number]) : null;
    try {
      const inspection = await inspectStory(ops.inspector, id, diff);
      return inspection ?? notFound(reply, request, `story ${id} has no events on ${topics.storyEvents.name}`);
    } catch (error) {
      if (error instanceof VersionNotFoundError) return notFound(reply, request, error.message);
      throw error;
    }
  });

  const ListQuery = z.object({ consumer: z.string().max(63).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
  app.get('/dead-letters', async (request, reply) => {
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, request, zodDetail(query.error));
    try {
      return { items: await ops.deadLetters.list({ consumer: query.data.consumer, limit: query.data.limit }) };
    } catch (error) {
      if (error instanceof UnknownConsumerError) return notFound(reply, request, error.message);
      throw error;
    }
  });

  app.get('/dead-letters/:id', async (request, reply) => {
    const id = parseDeadLetterId((request.params as { id: string }).id);
    if (!id) return invalid(reply, request, 'a dead-letter id is <consumer>:<offset>', 'id');
    try {
      return (await ops.deadLetters.show(id)) ?? notFound(reply, request, `no dead letter ${id.consumer}:${id.offset}`);
    } catch (error) {
      if (error instanceof UnknownConsumerError) return notFound(reply, request, error.message);
      throw error;
    }
  });

  app.get('/projection/hash', async (request, reply) => {
    const prefix = (request.query as { prefix?: string }).prefix ?? (await activePrefix(ops.redis));
    if (!isProjectionPrefix(prefix)) return invalid(reply, request, `${JSON.stringify(prefix)} is not a projection prefix`, 'prefix');
    return projectionHash(ops.redis, prefix);
  });

  app.get('/audit', async (request) => ({ items: await ops.audit.tail(Math.min(1000, Math.max(1, Number((request.query as { limit?: string }).limit ?? 50) || 50))) }));
}

/** Runs a state-changing operation and writes its outcome to the audit log, whatever it is. */
export async function audited<T>(ops: AdminOperations, request: FastifyRequest, action: string, target: string, work: () => Promise<{ outcome: 'ok' | 'refused'; detail: string; result: T }>): Promise<T> {
  try {
    const { outcome, detail, result } = await work();
    await ops.audit.record({ actor: actorOf(request), action, target, outcome, detail });
    return result;
  } catch (error) {
    await ops.audit.record({ actor: actorOf(request), action, target, outcome: 'failed', detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

const redriveDetail = (outcome: RedriveOutcome) => {
  switch (outcome.kind) {
    case 'redriven':
      return `re-driven onto ${outcome.to} from ${outcome.letter.sourceTopic}/${outcome.letter.sourcePartition}/${outcome.letter.sourceOffset}`;
    case 'would-redrive':
      return `dry run: would re-drive onto ${outcome.to}`;
    case 'already-redriven':
      return `already re-driven by ${outcome.letter.redriven?.by ?? 'someone'} at ${outcome.letter.redriven?.at ?? '?'}`;
    case 'not-found':
      return `no dead letter ${outcome.id}`;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
};

/** State-changing operations: ops:write, each one audited. */
function registerWriteRoutes(app: FastifyInstance, ops: AdminOperations): void {
  const { topics } = ops.platform;

  const RedriveBody = z.object({ dryRun: z.boolean().default(false) });
  app.post('/dead-letters/:id/redrive', async (request, reply) => {
    const raw = (request.params as { id: string }).id;
    const id = parseDeadLetterId(raw);
    if (!id) return invalid(reply, request, 'a dead-letter id is <consumer>:<offset>', 'id');
    const body = RedriveBody.safeParse(parseJsonBody(request.body));
    if (!body.success) return invalid(reply, request, zodDetail(body.error));
    const outcome = await audited(ops, request, body.data.dryRun ? 'dlq.redrive.dry-run' : 'dlq.redrive', raw, async () => {
      const result = await ops.deadLetters.redrive(id, actorOf(request), body.data.dryRun);
      return { outcome: result.kind === 'redriven' || result.kind === 'would-redrive' ? 'ok' : 'refused', detail: redriveDetail(result), result };
    });
    if (outcome.kind === 'not-found') return notFound(reply, request, redriveDetail(outcome));
    if (outcome.kind === 'already-redriven') return sendProblem(reply, { status: 409, code: 'already_redriven', title: 'Already re-driven', detail: redriveDetail(outcome) }, request.url);
    return outcome;
  });

  const RedriveAllBody = z.object({ consumer: z.string().max(63).optional(), dryRun: z.boolean().default(false) });
  app.post('/dead-letters/redrive', async (request, reply) => {
    const body = RedriveAllBody.safeParse(parseJsonBody(request.body));
    if (!body.success) return invalid(reply, request, zodDetail(body.error));
    const letters = await ops.deadLetters.list({ consumer: body.data.consumer, limit: 1000 }).catch((error: unknown) => {
      if (error instanceof UnknownConsumerError) return error;
      throw error;
    });
    if (letters instanceof UnknownConsumerError) return notFound(reply, request, letters.message);
    const waiting = letters.filter((l) => l.redriven === null);
    const results: RedriveOutcome[] = [];
    for (const letter of waiting) {
      const id = parseDeadLetterId(letter.id)!;
      results.push(
        await audited(ops, request, body.data.dryRun ? 'dlq.redrive.dry-run' : 'dlq.redrive', letter.id, async () => {
          const result = await ops.deadLetters.redrive(id, actorOf(request), body.data.dryRun);
          return { outcome: result.kind === 'redriven' || result.kind === 'would-redrive' ? 'ok' : 'refused', detail: redriveDetail(result), result };
        }),
      );
    }
    return { items: results.map((r) => ({ kind: r.kind, id: r.kind === 'not-found' ? r.id : r.letter.id, detail: redriveDetail(r) })), skipped: letters.length - waiting.length };
  });

  const ResetBody = z
    .object({
      toDatetime: z.string().max(40).optional(),
      toOffset: z.string().max(5000).optional(),
      shift: z.number().int().optional(),
      toEarliest: z.boolean().optional(),
      toLatest: z.boolean().optional(),
      execute: z.boolean().default(false),
    })
    .refine((b) => [b.toDatetime, b.toOffset, b.shift, b.toEarliest, b.toLatest].filter((v) => v !== undefined && v !== false).length === 1, { message: 'exactly one of toDatetime, toOffset, shift, toEarliest, toLatest' });
  app.post('/consumer-groups/:group/offsets/reset', async (request, reply) => {
    const name = (request.params as { group: string }).group;
    const declaration = ops.consumers.find((c) => c.name === name || topics.group(c.name) === name);
    if (!declaration) return notFound(reply, request, `no consumer group ${name}; known: ${ops.consumers.map((c) => c.name).join(', ')}`);
    const body = ResetBody.safeParse(parseJsonBody(request.body));
    if (!body.success) return invalid(reply, request, zodDetail(body.error));
    let target: ResetTarget;
    if (body.data.shift !== undefined) target = { kind: 'shift', by: body.data.shift };
    else if (body.data.toEarliest) target = { kind: 'position', position: { kind: 'earliest' } };
    else if (body.data.toLatest) target = { kind: 'position', position: { kind: 'latest' } };
    else {
      const parsed = parsePosition((body.data.toDatetime ?? body.data.toOffset)!);
      if (!parsed.ok) return invalid(reply, request, parsed.message);
      if (body.data.toDatetime !== undefined && parsed.value.kind !== 'time') return invalid(reply, request, 'toDatetime takes an ISO 8601 time or epoch ms', 'toDatetime');
      if (body.data.toOffset !== undefined && parsed.value.kind !== 'offsets') return invalid(reply, request, 'toOffset takes partition:offset[,…]', 'toOffset');
      target = { kind: 'position', position: parsed.value };
    }
    const binding = resolveConsumer(declaration, topics);
    const plan = await planOffsetReset(ops.admin, binding.groupId, binding.topic, target);
    if (!body.data.execute) return { executed: false, plan };
    const refusal = await audited(ops, request, 'offsets.reset', binding.groupId, async () => {
      try {
        await executeOffsetReset(ops.admin, plan);
      } catch (error) {
        if (error instanceof GroupActiveError) return { outcome: 'refused', detail: error.message, result: error };
        throw error;
      }
      return { outcome: 'ok', detail: plan.partitions.map((p) => `${p.partition}: ${p.current ?? 'none'} -> ${p.target}`).join(', '), result: null };
    });
    if (refusal) return sendProblem(reply, { status: 409, code: refusal.code, title: 'Group is active', detail: refusal.message }, request.url);
    return { executed: true, plan };
  });
}

/** Bodies arrive as raw buffers (the shared server parses nothing itself); empty means `{}`. */
export function parseJsonBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Two encapsulated plugins, one auth hook each: ops:read for reads, ops:write for changes. */
export async function registerAdminRoutes(app: FastifyInstance, ops: AdminOperations, authenticator: RequestAuthenticator, extraWrite: ((app: FastifyInstance) => void)[] = [], extraRead: ((app: FastifyInstance) => void)[] = []): Promise<void> {
  await app.register(
    (scope, _options, done) => {
      scope.addHook('preHandler', requireOperator(authenticator, 'ops:read'));
      registerReadRoutes(scope, ops);
      for (const register of extraRead) register(scope);
      done();
    },
    { prefix: ADMIN_BASE },
  );
  await app.register(
    (scope, _options, done) => {
      scope.addHook('preHandler', requireOperator(authenticator, 'ops:write'));
      registerWriteRoutes(scope, ops);
      for (const register of extraWrite) register(scope);
      done();
    },
    { prefix: ADMIN_BASE },
  );
}
