import { TicketOrm } from './ticket.orm-entity';

export const ticketEntities = [TicketOrm];
