import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { ConsumerObserver } from '../shared/kafka/consumer-runner.ts';
import type { FailureKind } from '../shared/kafka/failure-kind.ts';

/** One Prometheus registry per process (no global default registry), with the consumers' counters. */
export class ProcessMetrics implements ConsumerObserver {
  readonly registry = new Registry();
  private readonly messages = new Counter({ name: 'storyline_consumer_messages_total', help: 'Messages a consumer handled successfully', labelNames: ['consumer'], registers: [this.registry] });
  private readonly retries = new Counter({ name: 'storyline_consumer_retries_total', help: 'Handler attempts that failed and were retried, by failure kind (outage, bug)', labelNames: ['consumer', 'kind'], registers: [this.registry] });
  private readonly deadLetters = new Counter({ name: 'storyline_consumer_dead_letters_total', help: 'Messages dead-lettered, by error code', labelNames: ['consumer', 'code'], registers: [this.registry] });
  private readonly crashes = new Counter({ name: 'storyline_consumer_crashes_total', help: 'kafkajs consumer crashes, by whether kafkajs restarted the consumer', labelNames: ['consumer', 'restart'], registers: [this.registry] });
  private readonly heldPartitions = new Gauge({ name: 'storyline_consumer_partitions_held', help: 'Partitions held on a dependency outage', labelNames: ['consumer'], registers: [this.registry] });
  readonly up = new Gauge({ name: 'storyline_process_ready', help: '1 when every service of the process is running', registers: [this.registry] });

  constructor(services: readonly string[]) {
    this.registry.setDefaultLabels({ services: services.join(',') });
    collectDefaultMetrics({ register: this.registry });
  }

  processed(consumer: string): void {
    this.messages.inc({ consumer });
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
