import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TransactionRunner } from '@movie/persistence';
import { BookClient, PrintVerdict } from '../../book/book.client';
import { TicketRepository } from '../../database/ticket.repository';
import { Ticket } from '../../domain/ticket';
import { BookingCancelled, BookingNotPrintable, BookUnavailable, TicketNotFound } from '../../domain/ticket.errors';
import { ticketPrinted } from '../../domain/ticket.events';

/**
 * Prints a waiting ticket. Book is asked first: its conditional update of the booking
 * decides a race between this print and a cancellation, so exactly one of them wins. Only
 * once book accepted does the ticket become printed, with its event, in one transaction.
 * Should that transaction fail or the process stop after book accepted, book's
 * BookingTicketPrinted event completes the print (`completeFor`).
 */
@Injectable()
export class PrintTicketService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly transactions: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly book: BookClient,
  ) {}

  async print(ticketId: string): Promise<Ticket> {
    const ticket = await this.transactions.runStatement((manager) => this.load(ticketId, manager));
    if (ticket.checkPrintable().alreadyPrinted) return ticket;
    this.ensureAccepted(await this.book.acceptPrint(ticket.bookingId));
    const printed = await this.transactions.run(async (manager) => this.complete(await this.load(ticketId, manager), manager));
    if (printed.changed) {
      this.outbox.notifyCommitted();
      return printed.ticket;
    }
    // Another print moved it first: a second request, or book's BookingTicketPrinted event. Read
    // afresh, outside that transaction, whose repeatable read on MariaDB still shows it waiting.
    return this.transactions.runStatement((manager) => this.load(ticketId, manager));
  }

  /**
   * Book accepted the print of this booking's ticket (its BookingTicketPrinted event): the ticket
   * is printed now if it still waits. Runs in the consumer's transaction; true when it printed.
   */
  async completeFor(bookingId: string, manager: EntityManager): Promise<boolean> {
    const ticket = await this.tickets.findByBookingId(manager, bookingId);
    // None yet: the confirmation that issues it comes first on the booking's topic, so this
    // is a ticket already voided or never issued, and book refuses to print such a booking.
    if (!ticket || ticket.status === 'VOIDED') return false;
    return (await this.complete(ticket, manager)).changed;
  }

  /** The accepted print, with its event, in the caller's transaction; unchanged if another print came first. */
  private async complete(ticket: Ticket, manager: EntityManager): Promise<{ ticket: Ticket; changed: boolean }> {
    if (!ticket.print()) return { ticket, changed: false };
    // Only another print can have moved it (book refused the cancel).
    if (!(await this.tickets.saveIf(manager, ticket, 'WAITING'))) return { ticket, changed: false };
    await this.outbox.append(manager, Topics.ticket, ticketPrinted(ticket));
    return { ticket, changed: true };
  }

  private async load(ticketId: string, manager: EntityManager): Promise<Ticket> {
    const ticket = await this.tickets.findById(manager, ticketId);
    if (!ticket) throw new TicketNotFound(ticketId);
    return ticket;
  }

  private ensureAccepted(verdict: PrintVerdict): void {
    switch (verdict.kind) {
      case 'accepted':
        return;
      case 'cancelled':
        // The ticket stays as it is: the BookingCancelled event on its way voids it.
        throw new BookingCancelled();
      case 'refused':
        throw new BookingNotPrintable(verdict.code, verdict.reason);
      case 'unavailable':
        throw new BookUnavailable(verdict.retryAfterSeconds, verdict.why);
    }
  }
}
