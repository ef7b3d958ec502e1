import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows } from '@movie/persistence';
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
  /** Appends the entry unless its event has one already (its id is the key); false then. */
  appendOnce(manager: EntityManager, entry: HistoryEntry): Promise<boolean> {
    return rows.insertOnce(manager, BookingHistoryOrm, entry);
  }

  /** The id of the event behind every history line: what my page has applied. */
  async eventIds(manager: EntityManager): Promise<string[]> {
    const found = await manager.find(BookingHistoryOrm, { select: { eventId: true } });
    return found.map((entry) => entry.eventId);
  }

  count(manager: EntityManager): Promise<number> {
    return manager.count(BookingHistoryOrm);
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(BookingHistoryOrm).execute();
  }
}
