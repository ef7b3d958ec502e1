import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { LockNotFree, TransactionRunner } from '@movie/persistence';
import { PeriodicPass } from '@movie/runtime';
import { ProcessedEventOrm } from '../inbox/processed-event.orm-entity';
import { MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { OutboxMessageOrm } from '../outbox/outbox-message.orm-entity';
import { EventPublisher } from '../transport/event-publisher';

const EVERY_MS = 10 * 60_000;
const BATCH = 1000;

/** A table that grows by a row an event, and the time column after which a row may go. */
interface History {
  name: 'outbox' | 'inbox';
  entity: typeof OutboxMessageOrm | typeof ProcessedEventOrm;
  /** Indexed; a row whose time is NULL (an outbox row not yet sent) is never past it. */
  column: 'sentAt' | 'processedAt';
  hours: number;
}

/**
 * Deletes what the outbox and the inbox no longer need, which otherwise grow by a row for every
 * event an app sent or consumed: outbox rows the broker acknowledged OUTBOX_RETENTION_HOURS ago,
 * and inbox rows older than INBOX_RETENTION_HOURS, past which the broker no longer holds the event
 * to deliver it again. A pass every ten minutes, by one replica at a time, in batches of a
 * thousand so that no statement holds locks for long.
 *
 * Not on the in-memory bus: it starts empty with each process, the outbox rows are the history
 * sent again at start, and the inbox rows are what makes the consumers skip it.
 */
@Injectable()
export class HistoryPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HistoryPruner.name);
  private readonly histories: History[];
  private readonly passes = new PeriodicPass('pruning the outbox and inbox', (now) => this.prunePass(now), this.logger);
  private stopped = false;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly publisher: EventPublisher,
    @Inject(MESSAGING_CONFIG) config: Pick<MessagingConfig, 'outboxRetentionHours' | 'inboxRetentionHours'>,
  ) {
    const all: History[] = [
      { name: 'outbox', entity: OutboxMessageOrm, column: 'sentAt', hours: config.outboxRetentionHours },
      { name: 'inbox', entity: ProcessedEventOrm, column: 'processedAt', hours: config.inboxRetentionHours },
    ];
    this.histories = publisher.forgetsOnRestart ? [] : all.filter(({ hours }) => hours > 0);
  }

  onApplicationBootstrap(): void {
    if (this.histories.length > 0) this.passes.start(EVERY_MS);
  }

  onModuleDestroy(): Promise<void> {
    this.stopped = true;
    return this.passes.stop();
  }

  /** A pass of the timer: how many rows it deleted. */
  private async prunePass(now: Date): Promise<number> {
    const deleted = await this.prune(now);
    return Object.values(deleted ?? {}).reduce((sum, rows) => sum + rows, 0);
  }

  /** Deletes what is past its retention at `now`: rows deleted by table, or undefined if another replica is at it. */
  async prune(now = new Date()): Promise<Partial<Record<History['name'], number>> | undefined> {
    const work = async () => {
      const deleted: Partial<Record<History['name'], number>> = {};
      for (const history of this.histories) deleted[history.name] = await this.deleteOld(history, now);
      return deleted;
    };
    try {
      return await this.transactions.exclusively('history-prune', work, { waitSeconds: 0 });
    } catch (error) {
      if (error instanceof LockNotFree) return undefined;
      throw error;
    }
  }

  private async deleteOld({ name, entity, column, hours }: History, now: Date): Promise<number> {
    const before = new Date(now.getTime() - hours * 3_600_000).toISOString();
    let deleted = 0;
    while (!this.stopped) {
      const batch: { seq: number }[] = await this.transactions.runStatement((manager) =>
        manager.find(entity, { select: { seq: true }, where: { [column]: LessThan(before) }, order: { seq: 'ASC' }, take: BATCH }),
      );
      if (batch.length === 0) break;
      await this.transactions.runStatement((manager) => manager.delete(entity, { seq: In(batch.map(({ seq }) => seq)) }));
      deleted += batch.length;
    }
    if (deleted > 0) this.logger.log(`deleted ${deleted} ${name} rows from before ${before}`);
    return deleted;
  }
}
