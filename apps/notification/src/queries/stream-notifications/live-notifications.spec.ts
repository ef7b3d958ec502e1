import { firstValueFrom, interval, lastValueFrom, take, toArray } from 'rxjs';
import { BookingStatus } from '@movie/contracts';
import { FanoutSend, InstanceFanout } from '@movie/messaging';
import { newNotification } from '../../domain/notification';
import { NotificationChannel } from '../../notification.config';
import { toNotificationView } from '../notification.view';
import { LiveNotifications } from './live-notifications';

/** Stands in for the other instances: records what is sent to them and lets the test speak for them. */
class FakeFanout extends InstanceFanout {
  readonly joined: string[] = [];
  readonly sent: string[] = [];
  fromOthers: (message: string) => void = () => undefined;

  join(name: string, listener: (message: string) => void): FanoutSend {
    this.joined.push(name);
    this.fromOthers = listener;
    return (message) => this.sent.push(message);
  }

  status(): undefined {
    return undefined;
  }
}

const notification = (customerId: string) => newNotification(
  { eventId: 'event-1', eventType: 'BookingConfirmed', bookingId: 'booking-1', customerId, occurredAt: '2026-05-01T10:00:00.000Z' },
  { kind: 'booked', status: BookingStatus.BOOKED, message: 'Your booking for Soul, seat 1A, is confirmed.' },
);

describe('LiveNotifications', () => {
  const live = (channels: NotificationChannel[] = ['sse']) => {
    const fanout = new FakeFanout();
    return { fanout, live: new LiveNotifications(fanout, new Set(channels)) };
  };

  it("pushes a committed notification to its customer's streams here and sends its view to the other instances", async () => {
    const { fanout, live: notifications } = live();
    const mine = firstValueFrom(notifications.of('customer-1'));
    const told = notification('customer-1');

    notifications.publish(toNotificationView(notification('customer-2')));
    notifications.publish(toNotificationView(told));

    expect(await mine).toEqual(toNotificationView(told));
    expect(fanout.sent.map((message) => JSON.parse(message).customerId)).toEqual(['customer-2', 'customer-1']);
  });

  it('pushes what another instance sent to the streams of its customer here, and sends nothing back', async () => {
    const { fanout, live: notifications } = live();
    const mine = firstValueFrom(notifications.of('customer-1').pipe(take(1), toArray()));
    const view = toNotificationView(notification('customer-1'));

    fanout.fromOthers(JSON.stringify(toNotificationView(notification('customer-2'))));
    fanout.fromOthers(JSON.stringify(view));

    expect(await mine).toEqual([view]);
    expect(fanout.sent).toEqual([]);
  });

  it.each(['not json', 'null', '{"customerId":"customer-1"}', '{"customerId":"customer-1","id":7}'])('drops a fanned-out message that is no notification: %s', async (message) => {
    const { fanout, live: notifications } = live();
    const mine = firstValueFrom(notifications.of('customer-1'));

    fanout.fromOthers(message);
    const view = toNotificationView(notification('customer-1'));
    fanout.fromOthers(JSON.stringify(view));

    expect(await mine).toEqual(view);
  });

  it('joins the fan-out only when the live stream is on', () => {
    expect([live(['sse']).fanout.joined, live(['log', 'webhook']).fanout.joined]).toEqual([['live-notifications'], []]);
  });

  it('ends at once a stream opened after shutdown began, rather than keeping it open and the shutdown waiting', async () => {
    const { live: notifications } = live();
    notifications.onModuleDestroy();

    const heartbeats = await lastValueFrom(notifications.untilShutdown(interval(5)).pipe(toArray()));

    expect(heartbeats).toEqual([]);
  });
});
