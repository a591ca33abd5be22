import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendProblem } from '../shared/http/problem.ts';
import { REPLAY_TARGETS, type PositionInput, type ReplayTarget } from '../../workflows/operations/operations-signals.ts';
import type { AdminOperations } from './admin-operations.ts';
import { audited, parseJsonBody } from './admin-routes.ts';
import { toPositionInput } from './kafka/position-input.ts';
import { parsePosition } from './kafka/topic-positions.ts';

const ReplayBody = z.object({
  from: z.string().max(5000).optional(),
  to: z.string().max(5000).optional(),
  dryRun: z.boolean().default(false),
  batchSize: z.number().int().min(1).max(100_000).optional(),
  stories: z.array(z.string().min(1).max(300)).min(1).max(1000).optional(),
});

const RebuildId = /^[a-z0-9]{1,12}-[0-9a-f]{6}$/;

/** Blue/green projection rebuilds and replays: started and steered with ops:write, watched with ops:read. */
export function replayRoutes(ops: AdminOperations) {
  const { jobs } = ops;
  const startReplay = (request: FastifyRequest, target: ReplayTarget, body: z.output<typeof ReplayBody>, from: PositionInput, to: PositionInput | null) =>
    audited(ops, request, `replay.${target}${body.dryRun ? '.dry-run' : ''}`, `from ${body.from ?? 'earliest'} to ${body.to ?? 'latest'}${body.stories ? ` stories ${body.stories.slice(0, 5).join(',')}${body.stories.length > 5 ? ',…' : ''}` : ''}`, async () => {
      const result = await jobs.startReplay({ target, from, to, stories: body.stories ?? null, dryRun: body.dryRun, batchSize: body.batchSize });
      return { outcome: 'ok', detail: `replay ${result.rebuildId}`, result };
    });
  return {
    write: (app: FastifyInstance): void => {
      app.post('/replays/:target', async (request, reply) => {
        const target = (request.params as { target: string }).target;
        const replayTarget = REPLAY_TARGETS.find((t) => t === target);
        if (target !== 'projection' && !replayTarget) return sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail: `no replay target ${target.slice(0, 40)}: projection, ${REPLAY_TARGETS.join(', ')}` }, request.url);
        const body = ReplayBody.safeParse(parseJsonBody(request.body));
        if (!body.success) return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, request.url);
        const from = body.data.from === undefined ? { ok: true as const, value: { kind: 'earliest' as const } } : parsePosition(body.data.from);
        const to = body.data.to === undefined ? { ok: true as const, value: null } : parsePosition(body.data.to);
        if (!from.ok || !to.ok) return sendProblem(reply, { status: 400, code: 'invalid_position', title: 'Invalid position', detail: !from.ok ? from.message : !to.ok ? to.message : '' }, request.url);
        if (replayTarget) return reply.code(202).send(await startReplay(request, replayTarget, body.data, toPositionInput(from.value), to.value ? toPositionInput(to.value) : null));
        if (body.data.stories) return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail: 'stories: a projection rebuild takes every story (its hash and swap cover the whole view)', field: 'stories' }, request.url);
        const started = await audited(ops, request, body.data.dryRun ? 'replay.projection.dry-run' : 'replay.projection', `from ${body.data.from ?? 'earliest'} to ${body.data.to ?? 'live (swap)'}`, async () => {
          const result = await jobs.startProjectionRebuild({ from: toPositionInput(from.value), to: to.value ? toPositionInput(to.value) : null, dryRun: body.data.dryRun, batchSize: body.data.batchSize });
          return { outcome: 'ok', detail: `rebuild ${result.rebuildId} into ${result.prefix}`, result };
        });
        return reply.code(202).send(started);
      });
      for (const action of ['pause', 'resume', 'cancel'] as const) {
        app.post(`/replays/:id/${action}`, async (request, reply) => {
          const id = (request.params as { id: string }).id;
          if (!RebuildId.test(id)) return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail: 'not a replay id' }, request.url);
          const found = await audited(ops, request, `replay.${action}`, id, async () => {
            const ok = await jobs.steer(id, action);
            return { outcome: ok ? 'ok' : 'refused', detail: ok ? `${action} sent` : 'no such replay', result: ok };
          });
          if (!found) return sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail: `no replay ${id}` }, request.url);
          return { rebuildId: id, signalled: action };
        });
      }
    },
    read: (app: FastifyInstance): void => {
      app.get('/replays', async () => ({ items: await jobs.running() }));
      app.get('/replays/:id', async (request, reply) => {
        const id = (request.params as { id: string }).id;
        if (!RebuildId.test(id)) return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail: 'not a replay id' }, request.url);
        const status = await jobs.status(id);
        return status ?? sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail: `no replay ${id}` }, request.url);
      });
    },
  };
}
