import { sseMessages } from '../../services/shared/http/sse-events.ts';

export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** A minimal SSE reader over fetch (which, unlike EventSource, can send an Authorization header). */
export function openSse(url: string, headers: Record<string, string>): { events: SseEvent[]; waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>; close(): void } {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    const response = await fetch(url, { headers, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`SSE ${url}: ${response.status}`);
    for await (const message of sseMessages(response.body)) {
      if (message.data) events.push({ id: message.id ?? '', event: message.event ?? 'message', data: JSON.parse(message.data) as Record<string, unknown> });
      waiters.splice(0).forEach((wake) => wake());
    }
  })().catch(() => undefined);
  return {
    events,
    async waitFor(match, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching SSE event; got ${events.map((e) => `${e.event}:${String(e.data.storyId)}`).join(', ')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
    close: () => controller.abort(),
  };
}
