import { EntityManager } from 'typeorm';
import { EventPublisher, messagingEntities, Outbox, OutboxMessageOrm } from '@movie/messaging';
import { openDataSource, TransactionRunner } from '@movie/persistence';
import { TicketRepository } from '../database/ticket.repository';
import { ticketEntities } from '../database/ticket.entities';
import { TicketOrm } from '../database/ticket.orm-entity';
import { Ticket } from '../domain/ticket';

/** What a use-case spec needs: a database (in-memory SQLite unless told) with ticket's and messaging's tables. */
export class TicketHarness {
  readonly outbox = new Outbox();
  readonly tickets = new TicketRepository();
  readonly published: unknown[] = [];
  /** Stands in for the transport; only dead letters are published outside the relay. */
  readonly publisher = {
    publish: async (messages: unknown[]) => void this.published.push(...messages),
    ping: async () => ({}),
    close: async () => undefined,
  } as EventPublisher;

  private constructor(readonly transactions: TransactionRunner) {}

  static async open(url = 'sqlite::memory:'): Promise<TicketHarness> {
    const dataSource = await openDataSource({ url, entities: [...ticketEntities, ...messagingEntities] });
    return new TicketHarness(new TransactionRunner(dataSource));
  }

  get manager(): EntityManager {
    return this.transactions.dataSource.manager;
  }

  close(): Promise<void> {
    return this.transactions.dataSource.destroy();
  }

  async ticketOf(bookingId: string): Promise<Ticket | null> {
    return this.tickets.findByBookingId(this.manager, bookingId);
  }

  async ticketsOf(bookingId: string): Promise<number> {
    return this.manager.countBy(TicketOrm, { bookingId });
  }

  /** The outbox rows of one booking as (type, payload), oldest first. */
  async eventsOf(bookingId: string): Promise<{ type: string; topic: string; payload: Record<string, unknown> }[]> {
    const rows = await this.manager.find(OutboxMessageOrm, { where: { key: bookingId }, order: { seq: 'ASC' } });
    return rows.map((row) => ({ type: row.type, topic: row.topic, payload: (JSON.parse(row.body) as { payload: Record<string, unknown> }).payload }));
  }

  async save(ticket: Ticket): Promise<Ticket> {
    await this.tickets.insert(this.manager, ticket);
    return ticket;
  }
}
