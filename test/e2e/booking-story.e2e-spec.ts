import { Kafka, logLevel } from 'kafkajs';
import { Topics } from '@movie/contracts';
import { readSample } from '@movie/runtime';
import { eventually, get, post, request } from '../support/http';
import { Platform } from '../support/platform';

/**
 * Issue 3 on the real broker and database: the booking's whole story runs on events, print
 * and cancel race to exactly one winner, and ticket, my page and notification being down
 * never stops booking: they catch up from Kafka, applying each event once.
 */
describe('booking story on Kafka and MariaDB', () => {
  const platform = new Platform({
    suite: 'story',
    mode: 'distributed',
    basePort: 18300,
    database: 'mysql',
    messaging: 'kafka',
    // This suite is about events, not payment timeouts: a loaded CI machine must not trip the breaker.
    env: { MYPAGE_ADMIN_TOKEN: 'e2e-admin', BOOK_PAYMENT_TIMEOUT_MS: '5000', TICKET_BOOK_TIMEOUT_MS: '10000' },
  });
  const gw = () => platform.gateway;
  const customer = (id: string) => ({ 'x-customer-id': id });
  let seat = 0;
  /** A fresh seat for each booking: rows 1-10, seats A-L of inception's second screening. */
  const nextSeat = () => {
    const n = seat++;
    return `${(n % 10) + 1}${'ABCDEFGHIJKL'[Math.floor(n / 10)]}`;
  };
  const book = async (who: string) => {
    const answer = await post(`${gw()}/books`, { qty: 1, screeningId: 'inception-2', seat: nextSeat() }, customer(who));
    expect(answer.status).toBe(201);
    return answer.body as { id: string; paymentId: string };
  };
  const ticketOf = (bookingId: string) =>
    eventually(async () => (await get(`${gw()}/tickets?bookingId=${bookingId}`)).body[0], 60_000, `ticket of ${bookingId}`);
  const mypageShows = (bookingId: string, who: string, shows: (page: any) => boolean, what: string) =>
    eventually(async () => {
      const page = await get(`${gw()}/mypages/${bookingId}`, customer(who));
      return page.status === 200 && shows(page.body) ? page.body : undefined;
    }, 60_000, `my page of ${bookingId} ${what}`);
  const mypageStatus = (bookingId: string, who: string, status: number) =>
    mypageShows(bookingId, who, (page) => page.status === status, `at status ${status}`);

  beforeAll(async () => {
    await platform.resetDatabases();
    await platform.start();
  });
  afterAll(() => platform.stopAll());

  it('issues a ticket, shows the booking on my page, prints it (status 2) and then refuses to cancel', async () => {
    const booked = await book('carol');
    const ticket = await ticketOf(booked.id);
    expect(ticket.status).toBe('Waiting');
    // Book's and payment's events come on topics of their own, in either order: status 1 may show
    // a moment before the payment does.
    const page = await mypageShows(booked.id, 'carol', (shown) => shown.status === 1 && shown.payment.state === 'approved', 'booked and paid');
    expect(page).toMatchObject({ statusLabel: 'booked', payment: { state: 'approved' }, seats: [expect.any(String)] });

    const printed = await request('PATCH', `${gw()}/tickets/${ticket.id}`, { status: 'Printed' });
    expect(printed).toMatchObject({ status: 200, body: { status: 'Printed' } });
    expect((await get(`${gw()}/books/${booked.id}`, customer('carol'))).body.status).toBe(2);
    await mypageStatus(booked.id, 'carol', 2);

    const cancel = await request('DELETE', `${gw()}/books/${booked.id}`, undefined, customer('carol'));
    expect(cancel).toMatchObject({ status: 409, body: { code: 'TICKET_ALREADY_PRINTED' } });
    const notes = await eventually(async () => {
      const list = await get(`${gw()}/notifications`, customer('carol'));
      return list.body.items.some((n: any) => n.kind === 'ticket_printed') ? list.body.items : undefined;
    }, 60_000, 'ticket printed notification');
    expect(notes.map((n: any) => n.kind)).toEqual(expect.arrayContaining(['booked', 'ticket_ready', 'ticket_printed']));
  });

  it('cancels before printing: payment refunds, the ticket is voided, my page says 9', async () => {
    const booked = await book('dave');
    const ticket = await ticketOf(booked.id);
    const cancelled = await request('DELETE', `${gw()}/books/${booked.id}`, undefined, customer('dave'));
    expect(cancelled).toMatchObject({ status: 200, body: { status: 9 } });
    await eventually(async () => ((await get(`${gw()}/payments?bookingId=${booked.id}`)).body.status === 'REFUNDED' ? true : undefined));
    await eventually(async () => ((await get(`${gw()}/tickets/${ticket.id}`)).body.status === 'Voided' ? true : undefined));
    await mypageStatus(booked.id, 'dave', 9);
    const story = ['BookingConfirmed', 'BookingCancelled', 'PaymentRefunded', 'TicketVoided'];
    const page = await eventually(async () => {
      const body = (await get(`${gw()}/mypages/${booked.id}`, customer('dave'))).body;
      return story.every((type) => body.history.some((h: any) => h.type === type)) ? body : undefined;
    }, 60_000, 'the whole cancellation in my page history');
    expect(page).toMatchObject({ status: 9, payment: { state: 'refunded' }, ticket: { state: 'voided' } });
    const print = await request('PATCH', `${gw()}/tickets/${ticket.id}`, { status: 'Printed' });
    expect(print.status).toBe(409);
  });

  it('lets exactly one of print and cancel win, every time they race', async () => {
    const rounds = 15;
    const booked = await Promise.all(Array.from({ length: rounds }, () => book('erin')));
    const tickets = await Promise.all(booked.map((b) => ticketOf(b.id)));
    const results = await Promise.all(
      booked.map(async (b, i) => {
        const [print, cancel] = await Promise.all([
          request('PATCH', `${gw()}/tickets/${tickets[i].id}`, { status: 'Printed' }),
          request('DELETE', `${gw()}/books/${b.id}`, undefined, customer('erin')),
        ]);
        return { booking: b, print: print.status, cancel: cancel.status };
      }),
    );
    for (const { booking, print, cancel } of results) {
      expect({ booking: booking.id, outcomes: [print, cancel].sort() }).toEqual({ booking: booking.id, outcomes: [200, 409] });
      const printedWon = print === 200;
      expect((await get(`${gw()}/books/${booking.id}`, customer('erin'))).body.status).toBe(printedWon ? 2 : 9);
      // A printed ticket is never refunded; a cancelled booking's ticket is never printed.
      await eventually(async () => {
        const payment = (await get(`${gw()}/payments?bookingId=${booking.id}`)).body.status;
        const ticket = (await get(`${gw()}/tickets?bookingId=${booking.id}`)).body[0].status;
        const expected = printedWon ? ['APPROVED', 'Printed'] : ['REFUNDED', 'Voided'];
        return payment === expected[0] && ticket === expected[1] ? true : undefined;
      }, 60_000, `settled race for ${booking.id}`);
    }
    expect(results.some((r) => r.print === 200) || results.some((r) => r.cancel === 200)).toBe(true);
  });

  it('keeps booking while ticket, my page and notification are down; they catch up once, from Kafka', async () => {
    for (const app of ['ticket', 'mypage', 'notification'] as const) await platform.stop(app);
    const booked = [];
    for (let i = 0; i < 5; i++) booked.push(await book('frank'));
    for (const app of ['ticket', 'mypage', 'notification'] as const) await platform.start([app]);

    for (const b of booked) {
      await ticketOf(b.id);
      await mypageStatus(b.id, 'frank', 1);
      expect((await get(`${gw()}/tickets?bookingId=${b.id}`)).body).toHaveLength(1);
    }
    const page = await get(`${gw()}/mypages`, customer('frank'));
    expect(page.body.items.map((p: any) => p.bookingId).sort()).toEqual(booked.map((b) => b.id).sort());
    const notes = await eventually(async () => {
      const list = (await get(`${gw()}/notifications?limit=100`, customer('frank'))).body.items;
      return list.filter((n: any) => n.kind === 'booked').length === 5 ? list : undefined;
    }, 60_000, 'five booked notifications');
    // One notification per event: no duplicates after the restart.
    const eventIds = notes.map((n: any) => n.eventId);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    // And the broker agrees that my page caught up: its lag, as its /metrics reports it.
    await eventually(async () => {
      const exposition = await (await fetch(`${platform.url('mypage')}/metrics`)).text();
      return readSample(exposition, 'messaging_consumer_lag', { consumer: 'mypage', topic: Topics.booking }) === 0 ? true : undefined;
    }, 30_000, "my page's consumer lag on the booking topic back to 0");
  });

  it('rebuilds my page from the topics and ends identical', async () => {
    const before = (await get(`${gw()}/mypages`, customer('erin'))).body;
    const rebuilt = await request('POST', `${platform.url('mypage')}/mypages/rebuild`, undefined, { 'x-admin-token': 'e2e-admin' });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.eventsReplayed).toBeGreaterThan(0);
    const after = (await get(`${gw()}/mypages`, customer('erin'))).body;
    expect(after).toEqual(before);
  });

  it('refuses to rebuild, and keeps my page, once retention has removed events it shows', async () => {
    const before = (await get(`${gw()}/mypages`, customer('erin'))).body;
    const { KAFKA_BROKERS: brokers, MESSAGING_NAMESPACE: namespace } = platform.env();
    // What the broker's retention does to old segments: the topic's oldest records are gone.
    const admin = new Kafka({ clientId: 'e2e-retention', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topic = `${namespace}${Topics.booking}`;
      const partitions = (await admin.fetchTopicOffsets(topic)).filter(({ high, low }) => Number(high) > Number(low));
      expect(partitions.length).toBeGreaterThan(0);
      await admin.deleteTopicRecords({ topic, partitions: partitions.map(({ partition, high }) => ({ partition, offset: high })) });
    } finally {
      await admin.disconnect();
    }

    const refused = await request('POST', `${platform.url('mypage')}/mypages/rebuild`, undefined, { 'x-admin-token': 'e2e-admin' });

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'EVENT_LOG_INCOMPLETE' });
    expect((await get(`${gw()}/mypages`, customer('erin'))).body).toEqual(before);
  });
});
