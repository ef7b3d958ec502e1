import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Ticket, TicketStatus } from '../domain/ticket';
import { TicketMapper } from './ticket.mapper';
import { TicketOrm } from './ticket.orm-entity';

/** Tickets, always in the caller's transaction (or its plain manager for reads). */
@Injectable()
export class TicketRepository {
  async insert(manager: EntityManager, ticket: Ticket): Promise<void> {
    await manager.insert(TicketOrm, TicketMapper.toOrm(ticket));
  }

  async findById(manager: EntityManager, id: string): Promise<Ticket | null> {
    const row = await manager.findOneBy(TicketOrm, { id });
    return row ? TicketMapper.toDomain(row) : null;
  }

  async findByBookingId(manager: EntityManager, bookingId: string): Promise<Ticket | null> {
    const row = await manager.findOneBy(TicketOrm, { bookingId });
    return row ? TicketMapper.toDomain(row) : null;
  }

  /**
   * Saves a transition only if the row is still in the state it was read in, so two writers
   * that both read WAITING (a print and a void, or two prints) cannot both move it. False to the loser.
   */
  async saveIf(manager: EntityManager, ticket: Ticket, expected: TicketStatus): Promise<boolean> {
    const { id, ...changes } = TicketMapper.toOrm(ticket);
    const result = await manager.update(TicketOrm, { id, status: expected }, changes);
    return (result.affected ?? 0) === 1;
  }
}
