/** One Server-Sent Events message: its fields as sent (`data` still JSON text). */
export interface SseMessage {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
}

/**
 * The messages of an SSE response body, in order: blocks split on a blank line, `field: value` lines.
 * Read over fetch, which, unlike the browser's EventSource, can send an Authorization header.
 */
export async function* sseMessages(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      yield { id: field('id'), event: field('event'), data: field('data') };
    }
  }
}
