import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsumerObserver, HandledTiming } from '../shared/kafka/consumer-runner.ts';
import type { FailureKind } from '../shared/kafka/failure-kind.ts';

/** One Prometheus registry per process (no global default registry), with the consumers' counters. */
export class ProcessMetrics implements ConsumerObserver {
  readonly registry = new Registry();
  private readonly messages = new Counter({ name: 'storyline_consumer_messages_total', help: 'Messages a consumer handled successfully', labelNames: ['consumer'], registers: [this.registry] });
  private readonly handleSeconds = new Histogram({ name: 'storyline_consumer_handle_seconds', help: 'Time a consumer\'s handler took per message it handled', labelNames: ['consumer'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  private readonly ageSeconds = new Histogram({ name: 'storyline_consumer_message_age_seconds', help: 'Age of a record (from its CreateTime) when its consumer finished it: the delay into and through the stage, queueing included', labelNames: ['consumer'], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800], registers: [this.registry] });
  private readonly retries = new Counter({ name: 'storyline_consumer_retries_total', help: 'Handler attempts that failed and were retried, by failure kind (outage, bug)', labelNames: ['consumer', 'kind'], registers: [this.registry] });
  private readonly deadLetters = new Counter({ name: 'storyline_consumer_dead_letters_total', help: 'Messages dead-lettered, by error code', labelNames: ['consumer', 'code'], registers: [this.registry] });
  private readonly crashes = new Counter({ name: 'storyline_consumer_crashes_total', help: 'kafkajs consumer crashes, by whether kafkajs restarted the consumer', labelNames: ['consumer', 'restart'], registers: [this.registry] });
  private readonly heldPartitions = new Gauge({ name: 'storyline_consumer_partitions_held', help: 'Partitions held on a dependency outage', labelNames: ['consumer'], registers: [this.registry] });
  readonly up = new Gauge({ name: 'storyline_process_ready', help: '1 when every service of the process is running', registers: [this.registry] });

  constructor(services: readonly string[]) {
    this.registry.setDefaultLabels({ services: services.join(',') });
    collectDefaultMetrics({ register: this.registry });
  }

  processed(consumer: string, timing: HandledTiming): void {
    this.messages.inc({ consumer });
    this.handleSeconds.observe({ consumer }, timing.handleMs / 1000);
    this.ageSeconds.observe({ consumer }, timing.ageMs / 1000);
  }
  retried(consumer: string, kind: FailureKind): void {
    this.retries.inc({ consumer, kind });
  }
  deadLettered(consumer: string, code: string): void {
    this.deadLetters.inc({ consumer, code });
  }
  crashed(consumer: string, restart: boolean): void {
    this.crashes.inc({ consumer, restart: String(restart) });
  }
  held(consumer: string, held: boolean): void {
    if (held) this.heldPartitions.inc({ consumer });
    else this.heldPartitions.dec({ consumer });
  }
}
