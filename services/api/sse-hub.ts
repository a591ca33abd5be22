import type { Redis } from 'ioredis';
import { FEED_KEY } from '../publish/index-keys.ts';
import { parseFeedEntry, type FeedEntry, type StoryReadModel } from '../publish/story-read-model.ts';
import type { Logger } from '../shared/logger.ts';

export type FeedListener = (entry: FeedEntry) => void;

/**
 * One blocking reader of the change feed per API process, fanned out to every live stream; each
 * stream filters for itself. The reader needs a connection of its own (XREAD BLOCK holds it).
 */
export class FeedHub {
  private readonly listeners = new Set<FeedListener>();
  private running = false;
  private loop: Promise<void> | null = null;
  position = '0-0';

  constructor(
    private readonly connection: Redis,
    private readonly read: StoryReadModel,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.position = await this.read.latestFeedId();
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
        const result = await this.connection.xread('COUNT', 200, 'BLOCK', 2000, 'STREAMS', FEED_KEY, this.position);
        for (const [, entries] of result ?? []) {
          for (const raw of entries) {
            const entry = parseFeedEntry(raw);
            this.position = entry.id;
            for (const listener of this.listeners) listener(entry);
          }
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn({ err: error }, 'feed read failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
