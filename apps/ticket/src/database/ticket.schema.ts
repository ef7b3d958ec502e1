import { messagingEntities } from '@movie/messaging';
import { AppSchema } from '@movie/persistence';
import { ticketEntities } from './ticket.entities';
import { migrations } from './migrations';

/** Ticket's tables with the outbox and inbox, and the migrations that make them. */
export const ticketSchema: AppSchema = { entities: [...ticketEntities, ...messagingEntities], migrations };
