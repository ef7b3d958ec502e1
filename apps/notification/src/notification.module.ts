import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { NotificationConfig } from './notification.config';

/** Tells customers about every status change of their bookings. */
@Module({})
export class NotificationModule {
  static register(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationModule,
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
