/**
 * Whether an error that reached an HTTP handler is a dependency being unreachable (an outage, 503 with
 * Retry-After) rather than a bug (500): ioredis connection failures, kafkajs errors it marks
 * retriable, Temporal's unavailable service. Follows the cause chain; null when it is none of these.
 */
export function dependencyOutage(error: unknown): 'redis_unavailable' | 'kafka_unavailable' | 'temporal_unavailable' | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const { name, message } = current;
    const code = (current as { code?: unknown }).code;
    if (name === 'MaxRetriesPerRequestError' || REDIS_CONNECTION_MESSAGES.some((text) => message.startsWith(text))) return 'redis_unavailable';
    if (name.startsWith('KafkaJS') && (current as { retriable?: unknown }).retriable === true) return 'kafka_unavailable';
    // gRPC status 14 (UNAVAILABLE) and 4 (DEADLINE_EXCEEDED), as @temporalio/client's ServiceError carries them.
    if ((name === 'ServiceError' || name === 'TransportError') && (code === undefined || code === 14 || code === 4)) return 'temporal_unavailable';
    if (name === 'ConnectionError' && /temporal|grpc|connect/i.test(message)) return 'temporal_unavailable';
  }
  return null;
}

/** What ioredis rejects a command with while its connection is down (its retries are bounded by `maxRetriesPerRequest`). */
const REDIS_CONNECTION_MESSAGES = ['Connection is closed', "Stream isn't writeable", 'connect ECONNREFUSED'];
