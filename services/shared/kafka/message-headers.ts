import type { KafkaMessage } from 'kafkajs';

/** Kafka headers as strings: Storyline's routing headers are UTF-8 text. */
export function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = Buffer.isBuffer(value) ? value.toString() : String(value);
  return headers;
}
