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
  has(manager: EntityManager, eventId: string): Promise<boolean> {
    return rows.exists(manager, BookingHistoryOrm, { eventId });
  }

  async append(manager: EntityManager, entry: HistoryEntry): Promise<void> {
    await rows.insert(manager, BookingHistoryOrm, entry);
  }

  count(manager: EntityManager): Promise<number> {
    return manager.count(BookingHistoryOrm);
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(BookingHistoryOrm).execute();
  }
}
