import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { FeedEntry, FeedLog } from '../publish/feed-log.ts';
import { advanced, formatFeedPosition, isAhead, parseFeedPosition, type FeedPosition } from '../publish/feed-position.ts';
import { sendProblem } from '../shared/http/problem.ts';
import type { FeedHub } from './sse-hub.ts';
import { FilterQuery, filterOf, matchesUpdate, type StoryFilter } from './story-filters.ts';

const HEARTBEAT_MS = 15_000;
const REPLAY_BATCH = 200;

export interface StreamLimits {
  /** Bytes a client may leave unread in its socket buffer before it is closed (it resumes with Last-Event-ID). */
  readonly maxBufferedBytes: number;
  /** How long a replay waits for a client to drain its buffer before closing it. */
  readonly drainTimeoutMs: number;
  /** Live entries held while a replay runs; past this the replay reads them from Redis instead. */
  readonly maxHeldEntries: number;
  readonly maxStreamsPerKey: number;
  /** How often open streams are checked against revoked keys. */
  readonly revocationCheckMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxBufferedBytes: 1024 * 1024, drainTimeoutMs: 10_000, maxHeldEntries: 1_000, maxStreamsPerKey: 10, revocationCheckMs: 5_000 };

export interface LiveStreams {
  /** Ends every open stream (clients reconnect with Last-Event-ID); called before the server closes. */
  closeAll(): void;
  /** Open streams per key id (operations and tests). */
  countByKey(): ReadonlyMap<string, number>;
}

interface OpenStream {
  readonly raw: ServerResponse;
  readonly keyId: string;
  close(reason: string): void;
}

/** `id` is the stream's position after the entry: resuming from it with Last-Event-ID gets exactly what followed. */
function frame(entry: FeedEntry, id: string): string {
  return `id: ${id}\nevent: ${entry.update.reason.toLowerCase()}\ndata: ${JSON.stringify({ id, ...entry.update })}\n\n`;
}

/**
 * GET /v1/stream: Server-Sent Events with the list filters. With Last-Event-ID (a feed position) the
 * stream first replays what the client missed, then goes live; live entries that arrive during the
 * replay are held (up to a bound, beyond which the replay reads them from Redis) and sent after it,
 * each id at most once and in order.
 *
 * A client that does not read is closed once its socket buffer passes `maxBufferedBytes`, and the
 * replay waits for the socket to drain between batches, so memory per client stays bounded; the
 * client resumes with Last-Event-ID, without gaps. Streams are capped per key and closed when their
 * key is revoked.
 */
export function registerStreamRoute(
  app: FastifyInstance,
  feed: Pick<FeedLog, 'read'>,
  hub: FeedHub,
  guard: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
  keyIsLive: (keyId: string) => boolean,
  limitsIn: Partial<StreamLimits> = {},
): LiveStreams {
  const limits: StreamLimits = { ...DEFAULT_STREAM_LIMITS, ...limitsIn };
  const open = new Set<OpenStream>();
  const perKey = new Map<string, number>();
  const revocations = setInterval(() => {
    for (const stream of open) if (!keyIsLive(stream.keyId)) stream.close('key revoked');
  }, limits.revocationCheckMs);
  revocations.unref();

  app.get('/v1/stream', { preHandler: guard }, async (request, reply) => {
    const parsed = FilterQuery.safeParse(request.query);
    if (!parsed.success) return sendProblem(reply, { status: 400, code: 'invalid_query', title: 'Invalid query', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, request.url);
    const filter: StoryFilter = filterOf(parsed.data);
    const lastEventId = request.headers['last-event-id'];
    const resumeFrom = typeof lastEventId === 'string' ? parseFeedPosition(lastEventId) : null;
    if (lastEventId !== undefined && resumeFrom === null) {
      return sendProblem(reply, { status: 400, code: 'invalid_last_event_id', title: 'Invalid Last-Event-ID', detail: 'an id this stream sent: a feed position like 12.0.7 (the next offset per partition)', field: 'Last-Event-ID' }, request.url);
    }
    const keyId = request.reader?.keyId ?? 'anonymous';
    if ((perKey.get(keyId) ?? 0) >= limits.maxStreamsPerKey) {
      return sendProblem(reply, { status: 429, code: 'too_many_streams', title: 'Too many streams', detail: `key ${keyId} already holds ${limits.maxStreamsPerKey} open streams`, retryAfterSeconds: 5 }, request.url);
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 3000\n\n');
    perKey.set(keyId, (perKey.get(keyId) ?? 0) + 1);

    let position: FeedPosition = resumeFrom ?? hub.position;
    let held: FeedEntry[] | null = resumeFrom ? [] : null;
    let heldOverflowed = false;
    let closed = false;
    const stream: OpenStream = {
      raw,
      keyId,
      close(reason) {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(stream);
        perKey.set(keyId, (perKey.get(keyId) ?? 1) - 1);
        if (perKey.get(keyId) === 0) perKey.delete(keyId);
        request.log.info({ keyId, reason, position: formatFeedPosition(position) }, 'stream closed');
        // A slow client's buffer is not flushed: it resumes from its Last-Event-ID instead.
        if (reason === 'slow client' || reason === 'key revoked') raw.destroy();
        else raw.end();
      },
    };
    open.add(stream);
    // Live writes are not awaited (one hub feeds every stream): a client whose unread buffer passes the bound is closed.
    const write = (text: string) => {
      if (closed) return;
      raw.write(text);
      if (raw.writableLength > limits.maxBufferedBytes) stream.close('slow client');
    };
    /** Moves the position past an entry not passed before; the frame to send, or null when it was passed before or is filtered out. */
    const pass = (entry: FeedEntry): string | null => {
      if (!isAhead(position, entry.partition, entry.offset)) return null;
      position = advanced(position, entry.partition, entry.offset);
      return matchesUpdate(entry, filter) ? frame(entry, formatFeedPosition(position)) : null;
    };
    const send = (entry: FeedEntry) => {
      const text = pass(entry);
      if (text) write(text);
    };
    // The replay is paced by the socket instead: after each write that fills it, wait for it to drain.
    const sendPaced = async (entry: FeedEntry): Promise<void> => {
      const text = closed ? null : pass(entry);
      if (!text) return;
      raw.write(text);
      if (raw.writableLength < limits.maxBufferedBytes / 2) return;
      if (!(await drained(raw, limits.drainTimeoutMs))) stream.close('slow client');
    };
    const unsubscribe = hub.subscribe((entry) => {
      if (held === null) return send(entry);
      if (held.length < limits.maxHeldEntries) held.push(entry);
      else heldOverflowed = true;
    });
    const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
    raw.on('close', () => stream.close('client left'));

    if (resumeFrom) {
      try {
        for (;;) {
          for (let entries = await feed.read(position, REPLAY_BATCH); entries.length > 0 && !closed; entries = await feed.read(position, REPLAY_BATCH)) {
            for (const entry of entries) await sendPaced(entry);
          }
          if (closed) return;
          if (!heldOverflowed) break;
          // Live entries came faster than the replay: they are in Redis, read them from there.
          heldOverflowed = false;
          held = [];
        }
      } catch (error) {
        request.log.warn({ err: error }, 'stream replay failed');
        stream.close('replay failed');
        return;
      }
      const pending = held ?? [];
      held = null;
      pending.forEach(send);
    }
  });

  return {
    closeAll() {
      clearInterval(revocations);
      for (const stream of open) stream.close('server closing');
    },
    countByKey: () => new Map(perKey),
  };
}

function drained(raw: ServerResponse, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      raw.off('drain', onDrain);
      raw.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => finish(true);
    const onClose = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    raw.once('drain', onDrain);
    raw.once('close', onClose);
  });
}
