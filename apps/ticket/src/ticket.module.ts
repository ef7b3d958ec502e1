import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { TicketConfig } from './ticket.config';

/** Tickets waiting at the cinema: issued for confirmed bookings, then printed or voided. */
@Module({})
export class TicketModule {
  static register(config: TicketConfig): DynamicModule {
    return {
      module: TicketModule,
      imports: [
        PersistenceModule.forRoot({ url: config.databaseUrl, entities: [] }),
        HealthModule.register({
          inject: [DataSource],
          checks: (dataSource: DataSource) => [readinessOfDatabase(dataSource)],
        }),
      ],
    };
  }
}
