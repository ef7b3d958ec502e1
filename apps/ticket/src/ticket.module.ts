import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingHealth, MessagingModule, messagingReadiness } from '@movie/messaging';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { BOOK_CALL_SETTINGS, BookClient } from './book/book.client';
import { BookingEventsMessageController } from './commands/booking-events.message-controller';
import { IssueTicketService } from './commands/issue-ticket/issue-ticket.service';
import { PrintTicketHttpController } from './commands/print-ticket/print-ticket.http.controller';
import { PrintTicketService } from './commands/print-ticket/print-ticket.service';
import { VoidTicketService } from './commands/void-ticket/void-ticket.service';
import { ticketSchema } from './database/ticket.schema';
import { TicketRepository } from './database/ticket.repository';
import { FindTicketHttpController } from './queries/find-ticket/find-ticket.http.controller';
import { FindTicketsHttpController } from './queries/find-tickets/find-tickets.http.controller';
import { TicketConfig } from './ticket.config';

/** Tickets waiting at the cinema: issued for confirmed bookings, then printed or voided. */
@Module({})
export class TicketModule {
  static register(config: TicketConfig): DynamicModule {
    return {
      module: TicketModule,
      imports: [
        PersistenceModule.forRoot({ url: config.databaseUrl, ...ticketSchema }),
        MessagingModule.register({ service: 'ticket', config: config.messaging }),
        HealthModule.register({
          inject: [DataSource, MessagingHealth],
          checks: (dataSource: DataSource, messaging: MessagingHealth) => [readinessOfDatabase(dataSource), messagingReadiness(messaging)],
        }),
      ],
      controllers: [BookingEventsMessageController, PrintTicketHttpController, FindTicketsHttpController, FindTicketHttpController],
      providers: [
        { provide: BOOK_CALL_SETTINGS, useValue: { url: config.bookUrl, timeoutMs: config.bookTimeoutMs, retryAfterSeconds: config.bookRetryAfterSeconds } },
        BookClient,
        TicketRepository,
        IssueTicketService,
        VoidTicketService,
        PrintTicketService,
      ],
    };
  }
}
