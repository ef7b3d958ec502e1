import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { In, IsNull } from 'typeorm';
import { rows, TransactionRunner } from '@movie/persistence';
import { contextFromHeaders, Metrics, OneAtATime, platformTracer, SERVICE_ATTRIBUTE, traceHeaders, withService } from '@movie/runtime';
import { MessagingConfig } from '../messaging.config';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { EventHeaders, EventPublisher, OutgoingMessage } from '../transport/event-publisher';
import { Outbox } from './outbox';
import { OutboxMessageOrm } from './outbox-message.orm-entity';

const BATCH_SIZE = 200;
const MAX_BACKOFF_MS = 10_000;

/**
 * Moves committed outbox rows to the transport, oldest first. It runs on a poll and
 * whenever a commit wakes it, one pass at a time; while the broker is away it backs off
 * and the rows wait. A row is marked sent only after the transport acknowledged it, so a
 * crash in between sends it again (consumers dedupe by event id).
 *
 * Reads and writes go through the TransactionRunner's runStatement: on SQLite a bare query
 * would run inside whichever transaction holds the single connection, and could see rows
 * that are about to be rolled back.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private failures = 0;
  private readonly oneAtATime = new OneAtATime();
  private timer: NodeJS.Timeout | undefined;
  private lingering = false;
  private lastPassAt = -Infinity;
  private unsubscribe: (() => void) | undefined;
  private readonly metrics: MessagingMetrics | undefined;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly publisher: EventPublisher,
    @Inject(MESSAGING_CONFIG) private readonly config: Pick<MessagingConfig, 'pollMs'> & Partial<Pick<MessagingConfig, 'clientId' | 'lingerMs'>>,
    @Optional() metrics?: Metrics,
  ) {
    this.metrics = metrics && new MessagingMetrics(metrics);
    this.metrics?.watchOutbox({ backlog: () => this.backlog(), oldestUnsentAgeSeconds: () => this.oldestUnsentAgeSeconds() });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.publisher.forgetsOnRestart) await this.sendHistoryAgain();
    this.stopped = false;
    this.unsubscribe = this.outbox.onCommitted(() => this.wake());
    this.wake();
  }

  /**
   * The in-memory bus starts empty with each process, while the outbox keeps every event the app
   * sent. Marked unsent again, they all go out once more, in order: consumers skip those they
   * applied (by event id) and apply what the last process published but they had not read when it
   * stopped or died, and a rebuild of my page finds the whole history again.
   */
  private async sendHistoryAgain(): Promise<void> {
    const result = await this.transactions.runStatement((manager) =>
      manager.createQueryBuilder().update(OutboxMessageOrm).set({ sentAt: null }).where('sentAt IS NOT NULL').execute(),
    );
    if (result.affected) this.logger.log(`the in-memory bus starts empty: sending the outbox's ${result.affected} sent events again`);
  }

  /** Before the database closes (onApplicationShutdown): stop polling and send what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.running;
    try {
      await this.sendPending();
    } catch (error) {
      this.logger.warn(`outbox not drained at shutdown, rows stay for the next start: ${describe(error)}`);
    }
  }

  /**
   * Runs a pass now, or right after the one in progress. Passes start at most one every
   * lingerMs: under load a pass then carries the rows of several commits in one read, one
   * publish and one update, while an idle relay still sends a commit's rows at once.
   */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.lingering) return;
    clearTimeout(this.timer);
    const wait = this.lastPassAt + (this.config.lingerMs ?? 0) - performance.now();
    if (wait <= 0) return this.start();
    this.lingering = true;
    this.timer = setTimeout(() => {
      this.lingering = false;
      this.start();
    }, wait);
  }

  private start(): void {
    this.lastPassAt = performance.now();
    this.running = this.pass().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  /** Rows committed but not yet acknowledged by the transport. */
  backlog(): Promise<number> {
    return this.transactions.runStatement((manager) => manager.count(OutboxMessageOrm, { where: { sentAt: IsNull() } }));
  }

  /** Seconds since the oldest unsent row was committed; 0 when none waits. */
  async oldestUnsentAgeSeconds(): Promise<number> {
    const oldest = await this.transactions.runStatement((manager) =>
      manager.findOne(OutboxMessageOrm, { where: { sentAt: IsNull() }, order: { seq: 'ASC' } }),
    );
    return oldest ? Math.max(0, (Date.now() - Date.parse(oldest.createdAt)) / 1000) : 0;
  }

  /**
   * Sends every unsent row, batch after batch, and resolves with how many once none is
   * left. Calls queue behind each other, so two never publish the same rows at once.
   */
  sendPending(): Promise<number> {
    return this.oneAtATime.run(() => this.sendAll());
  }

  /**
   * With several replicas on one database, one relay at a time sends: two would each send the
   * rows both read. Most passes find nothing; the lock is asked for in the same round trip as
   * whether any row waits, and only when one does.
   */
  private async sendAll(): Promise<number> {
    const sent = await this.transactions.exclusively('outbox-relay', async () => {
      let total = 0;
      for (;;) {
        const batch = await this.sendBatch();
        total += batch;
        if (batch < BATCH_SIZE) return total;
      }
    }, { onlyIfAny: rows.existsQuery(this.transactions.dataSource.manager, OutboxMessageOrm, { sentAt: null }) });
    return sent ?? 0;
  }

  private async pass(): Promise<void> {
    this.again = false;
    try {
      await this.sendPending();
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.logger.warn(`publishing the outbox failed (${this.failures} in a row), retrying: ${describe(error)}`);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.again) return this.wake();
    const delay = this.failures === 0 ? this.config.pollMs : Math.min(this.config.pollMs * 2 ** this.failures, MAX_BACKOFF_MS);
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  private async sendBatch(): Promise<number> {
    const batch = await this.transactions.runStatement((manager) =>
      rows.find(manager, OutboxMessageOrm, { sentAt: null }, { orderBy: 'seq', limit: BATCH_SIZE }),
    );
    if (batch.length === 0) return 0;
    const seqs = batch.map((row) => row.seq);
    const spans = batch.map((row) => this.publishSpan(row));
    try {
      await this.publisher.publish(batch.map((row, index) => toMessage(row, spans[index])));
    } catch (error) {
      batch.forEach((row, index) => {
        this.metrics?.publishFailed(row.topic);
        spans[index].setStatus({ code: SpanStatusCode.ERROR, message: describe(error) }).end();
      });
      await this.transactions.runStatement((manager) =>
        manager.increment(OutboxMessageOrm, { seq: In(seqs) }, 'attempts', 1),
      ).catch(() => undefined);
      throw error;
    }
    batch.forEach((row, index) => {
      this.metrics?.published(row.topic);
      spans[index].end();
    });
    const sentAt = new Date().toISOString();
    await this.transactions.runStatement((manager) => rows.updateIn(manager, OutboxMessageOrm, 'seq', seqs, { sentAt }));
    return batch.length;
  }

  /** A producer span in the trace of the work that recorded the event; the message carries it on to the consumers. */
  private publishSpan(row: OutboxMessageOrm): Span {
    const service = this.config.clientId;
    const parent = contextFromHeaders(row.traceParent ? { traceparent: row.traceParent } : {});
    return platformTracer().startSpan(`${row.topic} publish`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        ...(service ? { [SERVICE_ATTRIBUTE]: service } : {}),
        'messaging.operation.type': 'send',
        'messaging.destination.name': row.topic,
        'messaging.message.id': row.eventId,
        'booking.id': row.key,
      },
    }, service ? withService(parent, service) : parent);
  }
}

const toMessage = (row: OutboxMessageOrm, span: Span): OutgoingMessage => ({
  topic: row.topic,
  key: row.key,
  value: row.body,
  headers: {
    [EventHeaders.eventId]: row.eventId,
    [EventHeaders.eventType]: row.type,
    ...traceHeaders(trace.setSpan(context.active(), span)),
  },
});

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
