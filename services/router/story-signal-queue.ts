/**
 * Signals to one story leave in the order they were queued (the order in which the router decided
 * them); signals to different stories go out concurrently. A router that routes the next submission
 * while the last one's signal is still on its way must not let a later item's join overtake the
 * signal that opens its story.
 */
export class StorySignalQueue {
  readonly #tails = new Map<string, Promise<void>>();

  /** Queues `send` behind the story's earlier signals (whether they succeeded or not) and returns its outcome. */
  enqueue(storyId: string, send: () => Promise<void>): Promise<void> {
    const earlier = this.#tails.get(storyId) ?? Promise.resolve();
    const outcome = earlier.then(send);
    const tail = outcome.catch(() => undefined);
    this.#tails.set(storyId, tail);
    void tail.then(() => {
      if (this.#tails.get(storyId) === tail) this.#tails.delete(storyId);
    });
    return outcome;
  }

  /** Stories with signals still on their way. */
  get pending(): number {
    return this.#tails.size;
  }
}
