import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
    return manager.exists(BookingHistoryOrm, { where: { eventId } });
  }

  async append(manager: EntityManager, entry: HistoryEntry): Promise<void> {
    await manager.insert(BookingHistoryOrm, entry);
  }

  count(manager: EntityManager): Promise<number> {
    return manager.count(BookingHistoryOrm);
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(BookingHistoryOrm).execute();
  }
}
