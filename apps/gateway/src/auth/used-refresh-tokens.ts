import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { rows, TransactionRunner } from '@movie/persistence';
import { PeriodicPass } from '@movie/runtime';
import { RefreshTokenLedger } from './token-issuer';
import { UsedRefreshTokenOrm } from './used-refresh-token.orm-entity';

const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * The refresh tokens that were exchanged, kept in the gateway's database rather than in its
 * memory, so that a token works once across every gateway process and after a restart. The
 * primary key decides between two exchanges of one token at the same moment.
 */
@Injectable()
export class UsedRefreshTokens implements RefreshTokenLedger, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UsedRefreshTokens.name);
  private readonly sweeper = new PeriodicPass('forgetting expired refresh tokens', (now) => this.forgetExpired(now), this.logger);

  constructor(private readonly transactions: TransactionRunner) {}

  onApplicationBootstrap(): void {
    this.sweeper.start(SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  markUsed(tokenId: string, expiresAt: Date): Promise<boolean> {
    return this.transactions.runStatement((manager) => rows.insertOnce(manager, UsedRefreshTokenOrm, { tokenId, expiresAt: expiresAt.toISOString() }));
  }

  /** Forgets the tokens that expired before `now`; returns how many. */
  async forgetExpired(now: Date): Promise<number> {
    const result = await this.transactions.runStatement((manager) => manager.delete(UsedRefreshTokenOrm, { expiresAt: LessThan(now.toISOString()) }));
    return result.affected ?? 0;
  }
}
