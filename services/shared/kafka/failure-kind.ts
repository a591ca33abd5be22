import { StorylineError } from '../errors.ts';

/**
 * How a consumer treats a handler failure:
 * - `poison`: the message can never be processed; dead-letter it now.
 * - `outage`: a dependency is down (broker, Redis, Temporal, registry); hold the partition and retry
 *   until it returns: an outage must never dead-letter live items.
 * - `bug`: anything else; retried a bounded number of times (it may be a race), then dead-lettered.
 */
export type FailureKind = 'poison' | 'outage' | 'bug';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);
const OUTAGE_NAMES = new Set(['MaxRetriesPerRequestError', 'KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSRequestTimeoutError', 'KafkaJSBrokerNotFound', 'KafkaJSNoBrokerAvailableError', 'TransportError']);
/** gRPC UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED: the Temporal frontend is down or overloaded. */
const GRPC_OUTAGE_CODES = new Set([14, 4, 8]);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current: unknown = error; current !== undefined && current !== null && chain.length < 16; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

function isOutageSign(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, retriable } = error as { name?: unknown; code?: unknown; retriable?: unknown };
  if (typeof name === 'string' && OUTAGE_NAMES.has(name)) return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof code === 'number' && GRPC_OUTAGE_CODES.has(code)) return true;
  // kafkajs marks each of its errors retriable or not.
  if (typeof name === 'string' && name.startsWith('KafkaJS') && retriable === true) return true;
  return error instanceof Error && (error.message === 'Connection is closed.' || error.message.includes("Stream isn't writeable"));
}

/** Reads the failure's own decision first (a StorylineError says what it is), then signs of a dependency outage anywhere in its cause chain. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof StorylineError) return error.disposition === 'poison' ? 'poison' : 'outage';
  return causes(error).some(isOutageSign) ? 'outage' : 'bug';
}
