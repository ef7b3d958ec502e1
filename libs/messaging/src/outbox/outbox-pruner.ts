import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { LockNotFree, TransactionRunner } from '@movie/persistence';
import { MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { EventPublisher } from '../transport/event-publisher';
import { OutboxMessageOrm } from './outbox-message.orm-entity';

const EVERY_MS = 10 * 60_000;
const BATCH = 1000;

/**
 * Deletes the outbox rows the broker acknowledged more than OUTBOX_RETENTION_HOURS ago, which
 * otherwise grow with every event an app ever sent. A pass every ten minutes, by one replica at a
 * time, in batches of a thousand so that no statement holds locks for long. Not on the in-memory
 * bus: it starts empty with each process, and the rows are the history sent again at start.
 */
@Injectable()
export class OutboxPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxPruner.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly publisher: EventPublisher,
    @Inject(MESSAGING_CONFIG) private readonly config: Pick<MessagingConfig, 'outboxRetentionHours'>,
  ) {}

  get enabled(): boolean {
    return !this.publisher.forgetsOnRestart && this.config.outboxRetentionHours > 0;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => {
      this.running ??= this.prune().catch((error: unknown) => this.logger.warn(`outbox not pruned this time: ${String(error)}`)).finally(() => {
        this.running = undefined;
      });
    }, EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what is past its retention at `now`; how many rows, or undefined if another replica is at it. */
  async prune(now = new Date()): Promise<number | undefined> {
    if (!this.enabled) return 0;
    const before = new Date(now.getTime() - this.config.outboxRetentionHours * 3_600_000).toISOString();
    try {
      return await this.transactions.exclusively('outbox-prune', () => this.deleteSentBefore(before), { waitSeconds: 0 });
    } catch (error) {
      if (error instanceof LockNotFree) return undefined;
      throw error;
    }
  }

  private async deleteSentBefore(before: string): Promise<number> {
    let deleted = 0;
    while (!this.stopped) {
      // sentAt < before leaves out the unsent rows (NULL), and ix_outbox_unsent serves the range.
      const batch = await this.transactions.runStatement((manager) =>
        manager.find(OutboxMessageOrm, { select: { seq: true }, where: { sentAt: LessThan(before) }, order: { seq: 'ASC' }, take: BATCH }),
      );
      if (batch.length === 0) break;
      await this.transactions.runStatement((manager) => manager.delete(OutboxMessageOrm, { seq: In(batch.map(({ seq }) => seq)) }));
      deleted += batch.length;
    }
    if (deleted > 0) this.logger.log(`deleted ${deleted} outbox rows sent before ${before}`);
    return deleted;
  }
}
