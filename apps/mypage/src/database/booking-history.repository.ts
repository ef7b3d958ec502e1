import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isUniqueViolation, rows } from '@movie/persistence';
import { BookingHistoryOrm } from './booking-history.orm-entity';

export interface HistoryEntry {
  eventId: string;
  bookingId: string;
  type: string;
  occurredAt: string;
  description: string;
}

@Injectable()
export class BookingHistoryRepository {
  /**
   * Appends the entry unless its event has one already; false then. A refused duplicate fails
   * only its own statement, on MariaDB and SQLite alike, so the transaction goes on.
   */
  async appendOnce(manager: EntityManager, entry: HistoryEntry): Promise<boolean> {
    try {
      await rows.insert(manager, BookingHistoryOrm, entry);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  count(manager: EntityManager): Promise<number> {
    return manager.count(BookingHistoryOrm);
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(BookingHistoryOrm).execute();
  }
}
