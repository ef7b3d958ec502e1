import { setTimeout as sleep } from 'node:timers/promises';
export interface ConsumerReport {
  bookings: number;
  /** Bookings with no ticket, or missing from my page, when the deadline passed. */
  lostByTicket: string[];
  lostByMypage: string[];
  /** Bookings whose my-page history holds one event twice. */
  duplicatedInMypage: string[];
}

interface MyBookingDetail {
  ticket: { state: string };
  history: { type: string }[];
}

/**
 * Reads back, through the gateway, what the consumers made of each booking: ticket must hold one
 * ticket for it, my page the booking with its ticket, and every event once in its history.
 * Bookings not there yet are asked about again each second until the deadline.
 */
export async function checkConsumers(gateway: string, customerId: string, bookingIds: string[], deadlineMs: number): Promise<ConsumerReport> {
  const deadline = Date.now() + deadlineMs;
  const duplicated = new Set<string>();
  let pending = bookingIds;
  for (;;) {
    const round = await readBack(gateway, customerId, pending, duplicated);
    pending = [...new Set([...round.lostByTicket, ...round.lostByMypage])];
    if (pending.length === 0 || Date.now() >= deadline) {
      return { bookings: bookingIds.length, ...round, duplicatedInMypage: [...duplicated] };
    }
    await sleep(1000);
  }
}

async function readBack(gateway: string, customerId: string, bookingIds: string[], duplicated: Set<string>) {
  const headers = { 'x-customer-id': customerId };
  const lostByTicket: string[] = [];
  const lostByMypage: string[] = [];
  for (const id of bookingIds) {
    const tickets = (await (await fetch(`${gateway}/tickets?bookingId=${id}`, { headers })).json()) as unknown;
    if (!Array.isArray(tickets) || tickets.length !== 1) lostByTicket.push(id);
    const page = await fetch(`${gateway}/mypages/${id}`, { headers });
    const booking = page.ok ? ((await page.json()) as MyBookingDetail) : undefined;
    if (!booking || booking.ticket.state !== 'waiting') {
      lostByMypage.push(id);
      continue;
    }
    const types = booking.history.map((entry) => entry.type);
    if (new Set(types).size !== types.length) duplicated.add(id);
  }
  return { lostByTicket, lostByMypage };
}
