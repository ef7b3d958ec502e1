import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TransactionRunner } from '@movie/persistence';
import { PeriodicPass } from '@movie/runtime';
import { HoldSettings } from '../../book.config';
import { HoldRepository } from '../../database/hold.repository';
import { HOLD_SETTINGS } from '../hold-seats/hold-settings';

/** Ended holds are kept this long so that booking from one answers HOLD_EXPIRED, not HOLD_NOT_FOUND. */
const KEEP_ENDED_HOLDS_MS = 86_400_000;

/**
 * Frees the seats of expired holds on a timer inside book, so no outside cron is needed. A seat
 * whose hold expired counts as free even before this runs (the seat map and every insert say so).
 */
@Injectable()
export class ExpireHoldsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpireHoldsService.name);
  private readonly sweeper = new PeriodicPass('sweeping expired holds', (now) => this.pass(now), this.logger);

  constructor(
    private readonly holds: HoldRepository,
    private readonly transactions: TransactionRunner,
    @Inject(HOLD_SETTINGS) private readonly settings: HoldSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper.start(this.settings.sweepIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  /** One pass; returns how many seats came free. Never two passes at once. */
  sweep(now = new Date()): Promise<number> {
    return this.sweeper.run(now);
  }

  private async pass(now: Date): Promise<number> {
    const freed = await this.transactions.runStatement((manager) => this.holds.freeExpiredSeats(manager, now));
    await this.transactions.runStatement((manager) => this.holds.deleteEndedBefore(manager, new Date(now.getTime() - KEEP_ENDED_HOLDS_MS)));
    if (freed > 0) this.logger.log(`freed ${freed} seat(s) of expired holds`);
    return freed;
  }
}
