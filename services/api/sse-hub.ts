import type { Redis } from 'ioredis';
import type { FeedEntry, FeedLog } from '../publish/feed-log.ts';
import { FEED_START, advanced, type FeedPosition } from '../publish/feed-position.ts';
import type { Logger } from '../shared/logger.ts';

export type FeedListener = (entry: FeedEntry) => void;

const BLOCK_MS = 2000;

/**
 * One blocking reader of the change feed per API process, fanned out to every live stream; each
 * stream filters for itself and keeps its own position. The reader needs a connection of its own
 * (XREAD BLOCK holds it).
 */
export class FeedHub {
  private readonly listeners = new Set<FeedListener>();
  private running = false;
  private loop: Promise<void> | null = null;
  /** Past every entry handed to the listeners: where a stream without Last-Event-ID starts. */
  position: FeedPosition = FEED_START;

  constructor(
    private readonly connection: Redis,
    private readonly feed: FeedLog,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.position = await this.feed.latest();
    this.running = true;
    this.loop = this.run();
  }

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.connection.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        for (const entry of await this.feed.readBlocking(this.connection, this.position, 200, BLOCK_MS)) {
          this.position = advanced(this.position, entry.partition, entry.offset);
          for (const listener of this.listeners) listener(entry);
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn({ err: error }, 'feed read failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
