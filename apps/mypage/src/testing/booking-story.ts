import { randomUUID } from 'node:crypto';
import { EventEnvelope, Topics } from '@movie/contracts';

/** An event as it sits on its topic. */
export interface StoredEvent {
  topic: string;
  event: EventEnvelope;
}

const minutes = (start: string, count: number): string => new Date(Date.parse(start) + count * 60_000).toISOString();

/**
 * The events one booking produces across the three topics, in the order they happened:
 * a booking that is paid, ticketed and printed, or one that is cancelled, refunded and voided.
 */
export function bookingStory(ending: 'printed' | 'cancelled', bookingId: string, start = '2026-05-01T10:00:00.000Z'): StoredEvent[] {
  const customerId = 'customer-1';
  const paymentId = `pay-${bookingId.slice(0, 8)}`;
  const ticketId = `ticket-${bookingId.slice(0, 8)}`;
  let step = 0;
  const at = () => minutes(start, step++);
  const event = (topic: string, type: string, payload: (time: string) => object): StoredEvent => {
    const occurredAt = at();
    const source = { [Topics.booking]: 'book', [Topics.payment]: 'payment', [Topics.ticket]: 'ticket' }[topic] ?? topic;
    return { topic, event: { id: randomUUID(), type, version: 1, occurredAt, key: bookingId, source, payload: payload(occurredAt) } };
  };
  const seats = ['E7', 'E8'];
  const story = [
    event(Topics.payment, 'PaymentApproved', (approvedAt) => ({ paymentId, bookingId, customerId, amount: 26000, approvedAt })),
    event(Topics.booking, 'BookingConfirmed', (bookedAt) => ({
      bookingId, customerId, movieId: 'movie-7', movieName: 'Dune', screeningId: 'screening-3', startsAt: '2026-05-02T19:30:00.000Z',
      seats, qty: 2, totalPrice: 26000, paymentId, bookedAt,
    })),
    event(Topics.ticket, 'TicketIssued', (issuedAt) => ({ ticketId, bookingId, customerId, movieName: 'Dune', seats, issuedAt })),
  ];
  if (ending === 'printed') {
    return [...story, event(Topics.ticket, 'TicketPrinted', (printedAt) => ({ ticketId, bookingId, customerId, printedAt }))];
  }
  return [
    ...story,
    event(Topics.booking, 'BookingCancelled', (cancelledAt) => ({
      bookingId, customerId, screeningId: 'screening-3', seats, totalPrice: 26000, paymentId, cancelledAt,
    })),
    event(Topics.payment, 'PaymentRefunded', (refundedAt) => ({
      paymentId, bookingId, customerId, amount: 26000, reason: 'booking cancelled', refundedAt,
    })),
    event(Topics.ticket, 'TicketVoided', (voidedAt) => ({ ticketId, bookingId, customerId, voidedAt })),
  ];
}

/** Every ordering of the items (n! of them). */
export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

/** A reproducible shuffle, so a failing order can be replayed. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
