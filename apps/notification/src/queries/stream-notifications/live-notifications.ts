import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { filter, Observable, ReplaySubject, Subject, takeUntil } from 'rxjs';
import { FanoutSend, InstanceFanout } from '@movie/messaging';
import { ACTIVE_CHANNELS, NotificationChannel } from '../../notification.config';
import { NotificationView } from '../notification.view';

/**
 * Committed notifications as they come, for the customers watching right now; nothing is kept.
 * A customer's stream may be held by any instance of the app, and the event by another, so each
 * notification is also fanned out to the other instances, which push it to their own streams.
 */
@Injectable()
export class LiveNotifications implements OnModuleDestroy {
  private readonly logger = new Logger(LiveNotifications.name);
  private readonly views = new Subject<NotificationView>();
  /**
   * Replays its signal: a stream opened while the app is shutting down (the server accepts until
   * the last destroy hook is done) ends at once, rather than never, holding the shutdown up.
   */
  private readonly closing = new ReplaySubject<void>(1);
  private readonly toOthers: FanoutSend;

  constructor(fanout: InstanceFanout, @Inject(ACTIVE_CHANNELS) channels: ReadonlySet<NotificationChannel>) {
    this.toOthers = channels.has('sse') ? fanout.join('live-notifications', (message) => this.fromOther(message)) : () => undefined;
  }

  /** A committed notification, as its view. */
  publish(view: NotificationView): void {
    this.views.next(view);
    this.toOthers(JSON.stringify(view));
  }

  of(customerId: string): Observable<NotificationView> {
    return this.views.pipe(filter((view) => view.customerId === customerId));
  }

  /** Completes `source` when the app shuts down, so shutdown does not wait for clients to hang up. */
  untilShutdown<T>(source: Observable<T>): Observable<T> {
    return source.pipe(takeUntil(this.closing));
  }

  onModuleDestroy(): void {
    this.closing.next();
    this.closing.complete();
    this.views.complete();
  }

  private fromOther(message: string): void {
    const view = parseView(message);
    if (view) this.views.next(view);
    else this.logger.warn(`a fanned-out notification was not one: ${message.slice(0, 200)}`);
  }
}

/** Another instance of this app wrote it, so a check of the fields the streams route by is enough. */
function parseView(message: string): NotificationView | undefined {
  try {
    const view = JSON.parse(message) as Partial<NotificationView> | null;
    return typeof view?.id === 'string' && typeof view.customerId === 'string' ? (view as NotificationView) : undefined;
  } catch {
    return undefined;
  }
}
