import { randomUUID } from 'node:crypto';
import { BookingStatus, Topics } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { FindMyBookingService } from '../queries/find-my-booking/find-my-booking.service';
import { bookingStory, permutations, StoredEvent } from '../testing/booking-story';
import { ReadModelHarness } from '../testing/read-model.harness';

describe('MyBookingProjection', () => {
  let readModel: ReadModelHarness;

  beforeAll(async () => {
    readModel = await ReadModelHarness.open();
  });
  afterAll(() => readModel.close());
  beforeEach(() => readModel.clear());

  const eventOf = (story: StoredEvent[], type: string) => story.find(({ event }) => event.type === type)!;

  describe('effect of each event', () => {
    const bookingId = randomUUID();
    const printed = bookingStory('printed', bookingId);
    const cancelled = bookingStory('cancelled', bookingId);

    it('BookingConfirmed records what was booked and marks it booked', async () => {
      await readModel.apply([eventOf(printed, 'BookingConfirmed')]);
      expect(await readModel.booking(bookingId)).toMatchObject({
        customerId: 'customer-1', movieName: 'Dune', screeningId: 'screening-3', startsAt: '2026-05-02T19:30:00.000Z',
        seats: ['E7', 'E8'], qty: 2, totalPrice: 26000, status: BookingStatus.BOOKED, statusLabel: 'booked',
        paymentState: 'none', ticketState: 'none',
      });
    });

    it('BookingCancelled marks the booking cancelled', async () => {
      await readModel.apply([eventOf(cancelled, 'BookingCancelled')]);
      expect(await readModel.booking(bookingId)).toMatchObject({ status: BookingStatus.CANCELLED, statusLabel: 'cancelled' });
    });

    it('PaymentApproved records the payment and the amount paid', async () => {
      await readModel.apply([eventOf(printed, 'PaymentApproved')]);
      expect(await readModel.booking(bookingId)).toMatchObject({
        paymentState: 'approved', paymentId: `pay-${bookingId.slice(0, 8)}`, paidAmount: 26000, refundedAmount: null,
      });
    });

    it('PaymentRefunded records the refund, its amount and reason', async () => {
      await readModel.apply([eventOf(cancelled, 'PaymentApproved'), eventOf(cancelled, 'PaymentRefunded')]);
      expect(await readModel.booking(bookingId)).toMatchObject({
        paymentState: 'refunded', paidAmount: 26000, refundedAmount: 26000, refundReason: 'booking cancelled',
      });
    });

    it('TicketIssued shows a ticket waiting to be printed', async () => {
      await readModel.apply([eventOf(printed, 'TicketIssued')]);
      expect(await readModel.booking(bookingId)).toMatchObject({
        ticketState: 'waiting', ticketId: `ticket-${bookingId.slice(0, 8)}`, status: BookingStatus.BOOKED,
      });
    });

    it('TicketPrinted marks the ticket printed and the booking TICKET_PRINTED', async () => {
      await readModel.apply([eventOf(printed, 'TicketIssued'), eventOf(printed, 'TicketPrinted')]);
      expect(await readModel.booking(bookingId)).toMatchObject({
        ticketState: 'printed', status: BookingStatus.TICKET_PRINTED, statusLabel: 'ticket printed',
      });
    });

    it('TicketVoided marks the ticket voided', async () => {
      await readModel.apply([eventOf(cancelled, 'TicketIssued'), eventOf(cancelled, 'TicketVoided')]);
      expect(await readModel.booking(bookingId)).toMatchObject({ ticketState: 'voided', status: BookingStatus.CANCELLED });
    });
  });

  describe.each(['printed', 'cancelled'] as const)('a %s booking', (ending) => {
    const story = bookingStory(ending, randomUUID());
    const orders = permutations(story);

    it(`converges to the same row and history in all ${orders.length} arrival orders`, async () => {
      await readModel.apply(story);
      const expected = await readModel.snapshot();
      for (const order of orders) {
        await readModel.clear();
        await readModel.apply(order);
        expect({ order: order.map(({ event }) => event.type), ...(await readModel.snapshot()) })
          .toEqual({ order: order.map(({ event }) => event.type), ...expected });
      }
    });
  });

  it('ends a cancelled booking as cancelled, refunded and voided', async () => {
    const bookingId = randomUUID();
    await readModel.apply(bookingStory('cancelled', bookingId).reverse());
    expect(await readModel.booking(bookingId)).toMatchObject({
      status: BookingStatus.CANCELLED, paymentState: 'refunded', ticketState: 'voided',
      createdAt: '2026-05-01T10:00:00.000Z', updatedAt: '2026-05-01T10:05:00.000Z',
    });
  });

  it('never shows a cancelled booking as released while its payment events overtake its booking events', async () => {
    const bookingId = randomUUID();
    const story = bookingStory('cancelled', bookingId);
    const fromTopic = (topic: string) => story.filter((stored) => stored.topic === topic);
    const overtaking = [...fromTopic(Topics.payment), ...fromTopic(Topics.booking), ...fromTopic(Topics.ticket)];

    const seen: number[] = [];
    for (const stored of overtaking) {
      await readModel.apply([stored]);
      seen.push((await readModel.booking(bookingId))!.status);
    }

    expect(seen).not.toContain(BookingStatus.RELEASED);
    expect(seen.at(-1)).toBe(BookingStatus.CANCELLED);
  });

  it('shows a cancelled booking as released at no moment in any of its arrival orders', async () => {
    const bookingId = randomUUID();
    const released: string[][] = [];
    for (const order of permutations(bookingStory('cancelled', bookingId))) {
      await readModel.clear();
      for (const [index, stored] of order.entries()) {
        await readModel.apply([stored]);
        const { status } = (await readModel.booking(bookingId))!;
        if (status === BookingStatus.RELEASED) released.push(order.slice(0, index + 1).map(({ event }) => event.type));
      }
    }
    expect(released).toEqual([]);
  });

  it('keeps the history ordered by time, then by event id, whatever the arrival order', async () => {
    const bookingId = randomUUID();
    const [approved, confirmed, issued, printed] = bookingStory('printed', bookingId);
    const sameTime = { ...issued, event: { ...issued.event, id: 'ffffffff-0000-4000-8000-000000000000', occurredAt: confirmed.event.occurredAt } };
    await readModel.apply([printed, sameTime, confirmed, approved]);
    const { history } = await new FindMyBookingService(new TransactionRunner(readModel.dataSource)).find(bookingId);
    expect(history.map((entry) => entry.type)).toEqual(['PaymentApproved', 'BookingConfirmed', 'TicketIssued', 'TicketPrinted']);
    expect(history[1].description).toBe('Booked 2 seats (E7, E8) for Dune, total 26000');
  });

  it('applies an event delivered twice only once', async () => {
    const bookingId = randomUUID();
    const [approved] = bookingStory('printed', bookingId);
    await readModel.apply([approved, approved]);
    expect(await readModel.history.count(readModel.dataSource.manager)).toBe(1);
    expect(await readModel.booking(bookingId)).toMatchObject({ paymentState: 'approved', createdAt: approved.event.occurredAt });
  });
});
