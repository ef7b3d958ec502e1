import { BookingStatus } from '@movie/contracts';
import { BookHarness } from '../../testing/book-harness';

describe('cancelling and printing, two book instances on one MariaDB database', () => {
  let instances: BookHarness[];
  let drop: () => Promise<void>;
  let nextSeat = 0;

  beforeAll(async () => {
    ({ instances, drop } = await BookHarness.replicas('cancel'));
  });
  afterAll(() => drop());

  const alice = { 'x-customer-id': 'alice' };
  const bookSome = (count: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const n = nextSeat++;
        const booked = await instances[i % 2].call('POST', '/books', { qty: 1, movieName: 'soul', seat: `${1 + Math.floor(n / 12)}${'ABCDEFGHIJKL'[n % 12]}` }, alice);
        expect(booked.status).toBe(201);
        return booked.body.id as string;
      }),
    );
  const cancel = (id: string, on: number) => instances[on % 2].call('DELETE', `/books/${id}`, undefined, alice);
  const print = (id: string, on: number) => instances[on % 2].call('POST', `/internal/books/${id}/ticket-printed`);
  const eventsOf = async (id: string) => (await instances[0].outbox()).filter((event) => event.key === id).map((event) => event.type);

  it('answers both of two cancels sent at once with the cancelled booking, and cancels it once', async () => {
    const ids = await bookSome(30);

    const answers = await Promise.all(ids.map((id, i) => Promise.all([cancel(id, i), cancel(id, i + 1)])));

    expect(answers.flat().filter((answer) => answer.status !== 200).map((answer) => answer.body)).toEqual([]);
    expect(answers.flat().every((answer) => answer.body.status === BookingStatus.CANCELLED)).toBe(true);
    for (const id of ids) expect(await eventsOf(id)).toEqual(['BookingConfirmed', 'BookingCancelled']);
  });

  it('answers both of two prints sent at once that the ticket is printed, and prints it once', async () => {
    const ids = await bookSome(30);

    const answers = await Promise.all(ids.map((id, i) => Promise.all([print(id, i), print(id, i + 1)])));

    expect(answers.flat().filter((answer) => answer.status !== 200).map((answer) => answer.body)).toEqual([]);
    expect(answers.flat().every((answer) => answer.body.status === BookingStatus.TICKET_PRINTED)).toBe(true);
    for (const id of ids) expect(await eventsOf(id)).toEqual(['BookingConfirmed', 'BookingTicketPrinted']);
  });

  it('lets exactly one of a cancel and a print sent at once win, and the other say which won', async () => {
    const ids = await bookSome(50);

    const answers = await Promise.all(ids.map((id, i) => Promise.all([cancel(id, i), print(id, i + 1)])));

    for (const [i, [cancelled, printed]] of answers.entries()) {
      const won = cancelled.status === 200 ? 'cancel' : 'print';
      expect(won === 'cancel' ? printed.body.code : cancelled.body.code).toBe(won === 'cancel' ? 'BOOKING_CANCELLED' : 'TICKET_ALREADY_PRINTED');
      expect(await eventsOf(ids[i])).toEqual(['BookingConfirmed', won === 'cancel' ? 'BookingCancelled' : 'BookingTicketPrinted']);
    }
  });
});
