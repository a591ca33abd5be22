import type { KafkaMessage } from 'kafkajs';

/**
 * A dead letter re-driven onto its source topic carries the name of the one consumer it is for:
 * the other consumers of that topic already processed the original and skip the copy (committing
 * past it), so a re-drive reaches exactly the consumer that gave up on it.
 */
export const REDRIVE_FOR = 'storyline-redrive-for';
/** Where the re-driven copy came from: `<dead-letter topic>/<partition>/<offset>`. */
export const REDRIVE_OF = 'storyline-redrive-of';

export function isRedriveForAnother(message: KafkaMessage, consumer: string): boolean {
  const target = message.headers?.[REDRIVE_FOR];
  if (target === undefined) return false;
  return (Buffer.isBuffer(target) ? target.toString() : String(target)) !== consumer;
}
