import { Metrics } from '@movie/runtime';
import { ConsumerLagReader } from '../transport/consumer-lag';

/** What the outbox can say about itself when scraped. */
export interface OutboxState {
  backlog(): Promise<number>;
  /** Seconds since the oldest unsent row was committed; 0 when none waits. */
  oldestUnsentAgeSeconds(): Promise<number>;
}

export type ConsumeOutcomeLabel = 'applied' | 'duplicate' | 'ignored' | 'dead-lettered' | 'failed';

/**
 * The messaging series of one app (docs/operations.md says what each means). The outbox
 * and consumer lag gauges are computed when /metrics is scraped, not kept up to date.
 */
export class MessagingMetrics {
  private readonly publishedEvents;
  private readonly publishFailures;
  private readonly consumedEvents;
  private readonly deadLetters;
  private readonly consumers = new Map<string, { group: string; topic: string }>();

  constructor(private readonly metrics: Metrics) {
    this.publishedEvents = metrics.counter({
      name: 'messaging_events_published_total', help: 'Outbox events the transport acknowledged', labelNames: ['topic'] as const,
    });
    this.publishFailures = metrics.counter({
      name: 'messaging_publish_failures_total', help: 'Outbox events whose publishing failed (they are retried)', labelNames: ['topic'] as const,
    });
    this.consumedEvents = metrics.counter({
      name: 'messaging_events_consumed_total',
      help: 'Events a consumer received, by outcome: applied, duplicate (skipped), ignored (type not handled), dead-lettered, failed (handler threw; redelivered)',
      labelNames: ['consumer', 'topic', 'outcome'] as const,
    });
    this.deadLetters = metrics.counter({
      name: 'messaging_dead_letters_total', help: 'Events sent to <topic>.DLT because they could not be read or validated',
      labelNames: ['consumer', 'topic'] as const,
    });
  }

  published(topic: string): void {
    this.publishedEvents.inc({ topic });
  }

  publishFailed(topic: string): void {
    this.publishFailures.inc({ topic });
  }

  consumed(consumer: string, topic: string, outcome: ConsumeOutcomeLabel): void {
    this.consumers.set(`${consumer}\u0000${topic}`, { group: consumer, topic });
    this.consumedEvents.inc({ consumer, topic, outcome });
    if (outcome === 'dead-lettered') this.deadLetters.inc({ consumer, topic });
  }

  watchOutbox(outbox: OutboxState): void {
    this.metrics.gauge({
      name: 'messaging_outbox_backlog', help: 'Outbox rows committed but not yet acknowledged by the transport',
      async collect() {
        this.set(await outbox.backlog());
      },
    });
    this.metrics.gauge({
      name: 'messaging_outbox_oldest_unsent_age_seconds', help: 'Age of the oldest unsent outbox row: the relay lag (0 when none waits)',
      async collect() {
        this.set(await outbox.oldestUnsentAgeSeconds());
      },
    });
  }

  /** Lag of every (consumer, topic) this app has consumed from, asked of the transport on each scrape. */
  watchConsumerLag(reader: ConsumerLagReader): void {
    const consumers = this.consumers;
    this.metrics.gauge({
      name: 'messaging_consumer_lag', help: 'Messages of a topic not yet consumed by the consumer group',
      labelNames: ['consumer', 'topic'] as const,
      async collect() {
        for (const { group, topic } of consumers.values()) {
          const lag = await reader.lagOf(group, topic).catch(() => undefined);
          if (lag !== undefined) this.set({ consumer: group, topic }, lag);
        }
      },
    });
  }
}
