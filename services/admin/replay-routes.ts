import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendProblem } from '../shared/http/problem.ts';
import type { OperationsClient } from '../../workflows/operations/operations-client.ts';
import type { PositionInput } from '../../workflows/operations/operations-signals.ts';
import type { AdminOperations } from './admin-operations.ts';
import { audited, parseJsonBody } from './admin-routes.ts';
import { parsePosition, type PositionSpec } from './kafka/topic-positions.ts';

const ReplayBody = z.object({
  from: z.string().max(5000).optional(),
  to: z.string().max(5000).optional(),
  dryRun: z.boolean().default(false),
  batchSize: z.number().int().min(1).max(100_000).optional(),
});

function toInput(spec: PositionSpec): PositionInput {
  switch (spec.kind) {
    case 'earliest':
    case 'latest':
      return { kind: spec.kind };
    case 'time':
      return { kind: 'time', ms: spec.ms };
    case 'offsets':
      return { kind: 'offsets', offsets: Object.fromEntries([...spec.offsets].map(([p, o]) => [String(p), o])) };
    default: {
      const unreachable: never = spec;
      return unreachable;
    }
  }
}

const RebuildId = /^[a-z0-9]{1,12}-[0-9a-f]{6}$/;

/** Blue/green projection rebuilds: started and steered with ops:write, watched with ops:read. */
export function replayRoutes(ops: AdminOperations, jobs: OperationsClient) {
  return {
    write: (app: FastifyInstance): void => {
      app.post('/replays/projection', async (request, reply) => {
        const body = ReplayBody.safeParse(parseJsonBody(request.body));
        if (!body.success) return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, request.url);
        const from = body.data.from === undefined ? { ok: true as const, value: { kind: 'earliest' as const } } : parsePosition(body.data.from);
        const to = body.data.to === undefined ? { ok: true as const, value: null } : parsePosition(body.data.to);
        if (!from.ok || !to.ok) return sendProblem(reply, { status: 400, code: 'invalid_position', title: 'Invalid position', detail: !from.ok ? from.message : !to.ok ? to.message : '' }, request.url);
        const started = await audited(ops, request, body.data.dryRun ? 'replay.projection.dry-run' : 'replay.projection', `from ${body.data.from ?? 'earliest'} to ${body.data.to ?? 'live (swap)'}`, async () => {
          const result = await jobs.startProjectionRebuild({ from: toInput(from.value), to: to.value ? toInput(to.value) : null, dryRun: body.data.dryRun, batchSize: body.data.batchSize });
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
      app.get('/replays/:id', async (request, reply) => {
        const id = (request.params as { id: string }).id;
        if (!RebuildId.test(id)) return sendProblem(reply, { status: 400, code: 'invalid_request', title: 'Invalid request', detail: 'not a replay id' }, request.url);
        const status = await jobs.status(id);
        return status ?? sendProblem(reply, { status: 404, code: 'not_found', title: 'Not found', detail: `no replay ${id}` }, request.url);
      });
    },
  };
}
