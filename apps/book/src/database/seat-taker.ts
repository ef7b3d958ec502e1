import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isDeadlock, TransactionRunner } from '@movie/persistence';
import { SeatAlreadyTaken } from '../domain/book.errors';
import { seatRows } from './seat-rows';

/**
 * Takes seats for a booking or a hold. A seat whose hold has expired counts as free, swept or
 * not: when the insert runs into a row and none of the wanted seats is taken by anyone live,
 * the expired rows (if the sweeper has not already deleted them) go and the insert is tried once
 * more; the primary key still decides between two requests that both saw the seat free.
 *
 * On MariaDB an insert can also lose a deadlock: two requests waiting on the same seat row after
 * a third rolled back both take a shared lock and then each waits for the other. InnoDB rolls one
 * back; that one has met a rival for its seats, as a duplicate key would say, and is handled so.
 */
@Injectable()
export class SeatTaker {
  constructor(private readonly transactions: TransactionRunner) {}

  async take(wanted: { screeningId: string; seats: readonly string[] }, insert: (manager: EntityManager) => Promise<void>): Promise<void> {
    try {
      await this.transactions.run(insert);
      return;
    } catch (error) {
      if (!metARival(error)) throw error;
    }
    // One read decides the common case, a seat really taken, and costs what it did before holds.
    const now = new Date();
    const taken = await this.takenOf(wanted, now);
    if (taken.length > 0) throw new SeatAlreadyTaken(taken);
    // Only expired holds stood in the way, or stood there until the sweeper deleted them after the insert failed.
    await this.transactions.runStatement((manager) => seatRows.freeExpired(manager, now, wanted));
    try {
      await this.transactions.run(insert);
    } catch (error) {
      if (!metARival(error)) throw error;
      const takenSince = await this.takenOf(wanted, new Date());
      throw new SeatAlreadyTaken(takenSince.length > 0 ? takenSince : [...wanted.seats]);
    }
  }

  /**
   * The wanted seats someone holds live at `now`. Read as a statement of its own: on SQLite a bare
   * read would run inside whichever transaction holds the one connection and could see its seats
   * before they are committed, or rolled back.
   */
  private takenOf(wanted: { screeningId: string; seats: readonly string[] }, now: Date): Promise<string[]> {
    return this.transactions.runStatement((manager) => seatRows.taken(manager, wanted.screeningId, now, wanted.seats));
  }
}

const metARival = (error: unknown): boolean => error instanceof SeatAlreadyTaken || isDeadlock(error);
