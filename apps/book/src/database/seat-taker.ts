import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@movie/persistence';
import { SeatAlreadyTaken } from '../domain/book.errors';
import { seatRows } from './seat-rows';

/**
 * Takes seats for a booking or a hold. A seat whose hold has expired but not yet been swept is
 * free: when the insert runs into one, those rows are deleted and the insert tried once more;
 * the primary key still decides between two requests that both saw the seat free.
 */
@Injectable()
export class SeatTaker {
  constructor(private readonly transactions: TransactionRunner) {}

  async take(wanted: { screeningId: string; seats: readonly string[] }, insert: (manager: EntityManager) => Promise<void>): Promise<void> {
    try {
      await this.transactions.run(insert);
      return;
    } catch (error) {
      if (!(error instanceof SeatAlreadyTaken)) throw error;
    }
    // A plain read first: the common case, a seat really taken, costs no more than before holds.
    const now = new Date();
    const expired = await seatRows.expiredHeld(this.transactions.dataSource.manager, wanted.screeningId, wanted.seats, now);
    const freed = expired.length > 0 ? await this.transactions.runStatement((manager) => seatRows.freeExpired(manager, now, { ...wanted, seats: expired })) : 0;
    if (freed > 0) {
      try {
        await this.transactions.run(insert);
        return;
      } catch (error) {
        if (!(error instanceof SeatAlreadyTaken)) throw error;
      }
    }
    const taken = await seatRows.taken(this.transactions.dataSource.manager, wanted.screeningId, new Date(), wanted.seats);
    throw new SeatAlreadyTaken(taken.length > 0 ? taken : [...wanted.seats]);
  }
}
