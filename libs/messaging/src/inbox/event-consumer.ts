import { Injectable, Logger, Optional } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { EntityManager } from 'typeorm';
import { EventEnvelope, deadLetterTopic } from '@movie/contracts';
import { rows, TransactionRunner } from '@movie/persistence';
import { annotateBooking, Metrics } from '@movie/runtime';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { ConsumerLagReader } from '../transport/consumer-lag';
import { EventHeaders, EventPublisher } from '../transport/event-publisher';
import { ConsumerBatch } from './consumer-batch';
import { EventHandlers } from './event-handlers';
import { ProcessedEventOrm } from './processed-event.orm-entity';
import { readEvent } from './read-event';

export type ConsumeOutcome = 'applied' | 'duplicate' | 'ignored' | 'dead-lettered';

/** What a dead letter carries: why it was refused, where it came from, and what it was. */
export interface DeadLetter {
  reason: string;
  topic: string;
  consumer: string;
  original: unknown;
}

/**
 * The idempotent consumer. A message that cannot be read goes to the topic's dead-letter
 * topic and consumption goes on; a valid event is applied at most once per consumer, its
 * inbox row and the handler's change committed together (or by the handler's own key, for
 * a handler that `dedupes`). A handler that throws rolls
 * both back and rethrows, so the transport delivers the message again. Messages the
 * transport delivers as a ConsumerBatch share one transaction.
 */
@Injectable()
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly metrics: MessagingMetrics | undefined;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly publisher: EventPublisher,
    @Optional() metrics?: Metrics,
    /** Where messaging_consumer_lag is read; the MessagingModule provides one for either transport. */
    @Optional() lag?: ConsumerLagReader,
  ) {
    this.metrics = metrics && new MessagingMetrics(metrics);
    if (lag) this.metrics?.watchConsumerLag(lag);
  }

  /** Applies one message at most once and counts its outcome (messaging_events_consumed_total). */
  async consume(consumer: string, topic: string, message: unknown, handlers: EventHandlers): Promise<ConsumeOutcome> {
    try {
      const outcome = await this.apply(consumer, topic, message, handlers);
      this.metrics?.consumed(consumer, topic, outcome);
      trace.getActiveSpan()?.setAttribute('messaging.consume.outcome', outcome);
      return outcome;
    } catch (error) {
      this.metrics?.consumed(consumer, topic, 'failed');
      trace.getActiveSpan()?.recordException(error instanceof Error ? error : String(error));
      throw error;
    }
  }

  private async apply(consumer: string, topic: string, message: unknown, handlers: EventHandlers): Promise<ConsumeOutcome> {
    const read = readEvent(message, handlers);
    if (read.kind === 'unreadable') return this.deadLetter(consumer, topic, read.original, read.reason);
    if (read.kind === 'ignored') return 'ignored';
    const { event, handler } = read;
    // The envelope's key is the booking id (see EventEnvelope).
    annotateBooking(event.key);
    return ConsumerBatch.run(this.transactions, async (manager) => {
      if (handler.dedupes) return (await handler.handle(event, manager)) === false ? 'duplicate' : 'applied';
      if (!(await this.recordOnce(manager, consumer, topic, event))) return 'duplicate';
      await handler.handle(event, manager);
      return 'applied';
    });
  }

  private recordOnce(manager: EntityManager, consumer: string, topic: string, event: EventEnvelope): Promise<boolean> {
    return rows.insertOnce(manager, ProcessedEventOrm, {
      consumer, eventId: event.id, topic, type: event.type, processedAt: new Date().toISOString(),
    });
  }

  private async deadLetter(consumer: string, topic: string, original: unknown, reason: string): Promise<ConsumeOutcome> {
    // A batch that fails comes again one message at a time: sent now, the letter would go twice.
    await ConsumerBatch.afterCommit();
    const letter: DeadLetter = { reason, topic, consumer, original: Buffer.isBuffer(original) ? original.toString('utf8') : original };
    const key = (original as { key?: unknown } | null)?.key;
    this.logger.warn(`${consumer}: ${topic} message sent to ${deadLetterTopic(topic)}: ${reason}`);
    await this.publisher.publish([{
      topic: deadLetterTopic(topic),
      key: typeof key === 'string' && key ? key : consumer,
      value: JSON.stringify(letter),
      headers: {
        [EventHeaders.deadLetterReason]: reason.slice(0, 500),
        [EventHeaders.deadLetterConsumer]: consumer,
        [EventHeaders.originalTopic]: topic,
      },
    }]);
    return 'dead-lettered';
  }
}
