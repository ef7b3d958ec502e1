import { Ticket, TicketStatus } from '../domain/ticket';
import { TicketOrm } from './ticket.orm-entity';

export const TicketMapper = {
  toDomain(row: TicketOrm): Ticket {
    return Ticket.restore({ ...row, status: row.status as TicketStatus, seats: row.seats ?? [] });
  },

  toOrm(ticket: Ticket): TicketOrm {
    return Object.assign(new TicketOrm(), ticket.snapshot());
  },
};
