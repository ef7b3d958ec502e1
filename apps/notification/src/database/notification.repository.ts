import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows, TransactionRunner } from '@movie/persistence';
import { Notification } from '../domain/notification';
import { toNotification, toNotificationOrm } from './notification.mapper';
import { NotificationOrm } from './notification.orm-entity';

@Injectable()
export class NotificationRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Records the notification unless its event was told already (the unique event id says so); false when it was. */
  insertOnce(manager: EntityManager, notification: Notification): Promise<boolean> {
    return rows.insertOnce(manager, NotificationOrm, toNotificationOrm(notification, new Date().toISOString()));
  }

  /** Newest first by the time of the event; the record order breaks ties. Committed ones only, on SQLite too. */
  async findByCustomer(customerId: string, limit: number): Promise<Notification[]> {
    const found = await this.transactions.runStatement((manager) => manager.find(NotificationOrm, {
      where: { customerId },
      order: { occurredAt: 'DESC', recordedAt: 'DESC', id: 'DESC' },
      take: limit,
    }));
    return found.map(toNotification);
  }
}
