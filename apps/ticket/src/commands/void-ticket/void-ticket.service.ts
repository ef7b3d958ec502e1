import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingCancelledV1, EventEnvelope, newId, Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TicketRepository } from '../../database/ticket.repository';
import { Ticket } from '../../domain/ticket';
import { ticketVoided } from '../../domain/ticket.events';

export type VoidOutcome = 'voided' | 'already voided' | 'kept printed' | 'voided before issue';

/** Whenever a booking is cancelled, its waiting ticket is voided and can no longer be printed. */
@Injectable()
export class VoidTicketService {
  private readonly logger = new Logger(VoidTicketService.name);

  constructor(
    private readonly tickets: TicketRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Runs in the consumer's transaction, so the change, its event and the inbox row commit together. */
  async handle(event: EventEnvelope<string, BookingCancelledV1>, manager: EntityManager): Promise<VoidOutcome> {
    const { bookingId, customerId, seats } = event.payload;
    const ticket = await this.tickets.findByBookingId(manager, bookingId);
    if (!ticket) {
      // One booking's events arrive in order, so this takes a lost or skipped confirmation.
      // The voided ticket makes sure that confirmation, should it still come, issues nothing.
      await this.tickets.insert(manager, Ticket.voidedBeforeIssue({ id: newId(), bookingId, customerId, seats }));
      this.logger.warn(`booking ${bookingId} was cancelled before its ticket was issued; recorded it voided`);
      return 'voided before issue';
    }
    if (ticket.status === 'PRINTED') {
      // Book refuses to cancel a booking whose ticket it accepted for printing, so this means
      // the two services disagree; the printed ticket stands and an operator should look.
      this.logger.error(`booking ${bookingId} was cancelled but its ticket ${ticket.id} is printed; left printed`);
      return 'kept printed';
    }
    if (!ticket.void()) return 'already voided';
    // Read and written in one transaction; the condition still guards a print committing in between.
    if (!(await this.tickets.saveIf(manager, ticket, 'WAITING'))) {
      throw new Error(`ticket ${ticket.id} changed while being voided; the event will be applied again`);
    }
    await this.outbox.append(manager, Topics.ticket, ticketVoided(ticket));
    return 'voided';
  }
}
