import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { compareStreamIds, type FeedEntry, type StoryReadModel } from '../publish/story-read-model.ts';
import { sendProblem } from '../shared/http/problem.ts';
import type { FeedHub } from './sse-hub.ts';
import { FilterQuery, filterOf, matchesUpdate, type StoryFilter } from './story-filters.ts';

const HEARTBEAT_MS = 15_000;
const STREAM_ID = /^\d+-\d+$/;

export interface LiveStreams {
  /** Ends every open stream (clients reconnect with Last-Event-ID); called before the server closes. */
  closeAll(): void;
}

function frame(entry: FeedEntry): string {
  return `id: ${entry.id}\nevent: ${entry.update.reason.toLowerCase()}\ndata: ${JSON.stringify({ id: entry.id, ...entry.update })}\n\n`;
}

/**
 * GET /v1/stream: Server-Sent Events with the list filters. With Last-Event-ID (a feed id) the
 * stream first replays what the client missed, then goes live; live entries that arrive during the
 * replay are held and sent after it, each id at most once and in order.
 */
export function registerStreamRoute(app: FastifyInstance, read: StoryReadModel, hub: FeedHub, guard: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): LiveStreams {
  const open = new Set<ServerResponse>();

  app.get('/v1/stream', { preHandler: guard }, async (request, reply) => {
    const parsed = FilterQuery.safeParse(request.query);
    if (!parsed.success) return sendProblem(reply, { status: 400, code: 'invalid_query', title: 'Invalid query', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, request.url);
    const filter: StoryFilter = filterOf(parsed.data);
    const lastEventId = request.headers['last-event-id'];
    if (lastEventId !== undefined && (typeof lastEventId !== 'string' || !STREAM_ID.test(lastEventId))) {
      return sendProblem(reply, { status: 400, code: 'invalid_last_event_id', title: 'Invalid Last-Event-ID', detail: 'an id this stream sent, like 1717171717171-0', field: 'Last-Event-ID' }, request.url);
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 3000\n\n');
    open.add(raw);

    let lastSent = lastEventId ?? hub.position;
    let held: FeedEntry[] | null = lastEventId ? [] : null;
    const send = (entry: FeedEntry) => {
      if (compareStreamIds(entry.id, lastSent) <= 0) return;
      lastSent = entry.id;
      if (matchesUpdate(entry, filter)) raw.write(frame(entry));
    };
    const unsubscribe = hub.subscribe((entry) => (held ? held.push(entry) : send(entry)));
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(raw);
    };
    raw.on('close', close);

    if (lastEventId) {
      try {
        for (let entries = await read.feed(lastSent, 500); entries.length > 0 && !raw.destroyed; entries = await read.feed(lastSent, 500)) entries.forEach(send);
      } catch (error) {
        request.log.warn({ err: error }, 'stream replay failed');
        raw.end();
        return;
      }
      const pending = held ?? [];
      held = null;
      pending.forEach(send);
    }
  });

  return {
    closeAll() {
      for (const raw of open) raw.end();
      open.clear();
    },
  };
}
