import { randomUUID } from 'node:crypto';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { BookClient } from '../../book/book.client';
import { Ticket } from '../../domain/ticket';
import { TicketHarness } from '../../testing/ticket.harness';
import { PrintTicketService } from './print-ticket.service';

describe('printing a ticket on MariaDB', () => {
  const database = `unit_ticket_print_${randomUUID().slice(0, 8)}`;
  let harness: TicketHarness;
  let service: PrintTicketService;

  beforeAll(async () => {
    harness = await TicketHarness.open(`${testMysqlServer()}/${database}`);
    // One class under test: book's verdict is not what this is about.
    const acceptingBook = { acceptPrint: async () => ({ kind: 'accepted' }) } as unknown as BookClient;
    service = new PrintTicketService(harness.tickets, harness.transactions, harness.outbox, acceptingBook);
  });
  afterAll(async () => {
    await harness.manager.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await harness.close();
  });

  it("answers the printed ticket when book's BookingTicketPrinted printed it first, between the request's read and its write", async () => {
    const ticket = await harness.save(Ticket.issue({
      id: randomUUID(), bookingId: randomUUID(), customerId: 'customer-1', movieName: 'soul', startsAt: '2026-05-02T19:30:00.000Z', seats: ['1A'],
    }));
    const saveIf = harness.tickets.saveIf.bind(harness.tickets);
    let raced = false;
    jest.spyOn(harness.tickets, 'saveIf').mockImplementation(async (manager, changed, expected) => {
      if (!raced) {
        raced = true;
        // The consumer of book's event commits its print on another connection first.
        await harness.transactions.run((other) => service.completeFor(ticket.bookingId, other));
      }
      return saveIf(manager, changed, expected);
    });

    const answer = await service.print(ticket.id);

    expect(answer.snapshot().status).toBe('PRINTED');
    expect((await harness.eventsOf(ticket.bookingId)).map((event) => event.type)).toEqual(['TicketPrinted']);
  });
});
