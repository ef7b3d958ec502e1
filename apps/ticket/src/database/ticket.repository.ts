import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows } from '@movie/persistence';
import { Ticket, TicketStatus } from '../domain/ticket';
import { TicketMapper } from './ticket.mapper';
import { TicketOrm } from './ticket.orm-entity';

/** Tickets, always in the caller's transaction (or its plain manager for reads). */
@Injectable()
export class TicketRepository {
  async insert(manager: EntityManager, ticket: Ticket): Promise<void> {
    await rows.insert(manager, TicketOrm, TicketMapper.toOrm(ticket));
  }

  /** Inserts the ticket unless its booking has one (the unique key decides); false then, and the transaction goes on. */
  insertOnce(manager: EntityManager, ticket: Ticket): Promise<boolean> {
    return rows.insertOnce(manager, TicketOrm, TicketMapper.toOrm(ticket));
  }

  async findById(manager: EntityManager, id: string): Promise<Ticket | null> {
    const row = await rows.findOne(manager, TicketOrm, { id });
    return row ? TicketMapper.toDomain(row) : null;
  }

  async findByBookingId(manager: EntityManager, bookingId: string): Promise<Ticket | null> {
    const row = await rows.findOne(manager, TicketOrm, { bookingId });
    return row ? TicketMapper.toDomain(row) : null;
  }

  /**
   * Saves a transition only if the row is still in the state it was read in, so two writers
   * that both read WAITING (a print and a void, or two prints) cannot both move it. False to the loser.
   */
  async saveIf(manager: EntityManager, ticket: Ticket, expected: TicketStatus): Promise<boolean> {
    const { id, ...changes } = TicketMapper.toOrm(ticket);
    return (await rows.update(manager, TicketOrm, { id, status: expected }, changes)) === 1;
  }
}
