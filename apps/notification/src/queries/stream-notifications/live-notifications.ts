import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { filter, Observable, Subject, takeUntil } from 'rxjs';
import { Notification } from '../../domain/notification';

/** Committed notifications as they come, for the customers watching right now; nothing is kept. */
@Injectable()
export class LiveNotifications implements OnModuleDestroy {
  private readonly notifications = new Subject<Notification>();
  private readonly closing = new Subject<void>();

  publish(notification: Notification): void {
    this.notifications.next(notification);
  }

  of(customerId: string): Observable<Notification> {
    return this.notifications.pipe(filter((notification) => notification.customerId === customerId));
  }

  /** Completes `source` when the app shuts down, so shutdown does not wait for clients to hang up. */
  untilShutdown<T>(source: Observable<T>): Observable<T> {
    return source.pipe(takeUntil(this.closing));
  }

  onModuleDestroy(): void {
    this.closing.next();
    this.closing.complete();
    this.notifications.complete();
  }
}
