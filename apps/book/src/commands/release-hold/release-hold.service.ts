import { Injectable } from '@nestjs/common';
import { HoldView } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { HoldRepository } from '../../database/hold.repository';
import { HoldInUse, HoldNotFound } from '../../domain/book.errors';
import { toHoldView } from '../../queries/hold.view';

/** The customer lets held seats go before the hold expires. Saying it twice answers the same. */
@Injectable()
export class ReleaseHoldService {
  constructor(
    private readonly holds: HoldRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  release(holdId: string, caller?: string): Promise<HoldView> {
    return this.transactions.run(async (manager) => {
      const hold = await this.holds.find(manager, holdId);
      if (!hold || (caller && hold.customerId !== caller)) throw new HoldNotFound(holdId);
      hold.release();
      // A booking started paying for the seats between our read and this write: it keeps them.
      if (!(await this.holds.saveIf(manager, hold, null))) throw new HoldInUse(holdId, 'booking');
      await this.holds.releaseSeats(manager, holdId);
      return toHoldView(hold);
    });
  }
}
