import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingHealth, MessagingModule, messagingReadiness } from '@movie/messaging';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { BookingHistoryRepository } from './database/booking-history.repository';
import { MyBookingRepository } from './database/my-booking.repository';
import { mypageSchema } from './database/mypage.schema';
import { MypageConfig } from './mypage.config';
import { MyBookingProjection } from './projection/my-booking.projection';
import { MypageEventHandlers } from './projection/mypage-event-handlers';
import { MypageEventsMessageController } from './projection/mypage-events.message-controller';
import { ADMIN_TOKEN, AdminTokenGuard } from './commands/rebuild-mypage/admin-token.guard';
import { RebuildMypageHttpController } from './commands/rebuild-mypage/rebuild-mypage.http.controller';
import { RebuildMypageService } from './commands/rebuild-mypage/rebuild-mypage.service';
import { FindMyBookingHttpController } from './queries/find-my-booking/find-my-booking.http.controller';
import { FindMyBookingService } from './queries/find-my-booking/find-my-booking.service';
import { FindMyBookingsHttpController } from './queries/find-my-bookings/find-my-bookings.http.controller';
import { FindMyBookingsService } from './queries/find-my-bookings/find-my-bookings.service';

const projection = [MyBookingRepository, BookingHistoryRepository, MyBookingProjection, MypageEventHandlers];
const queries = {
  controllers: [FindMyBookingsHttpController, FindMyBookingHttpController],
  providers: [FindMyBookingsService, FindMyBookingService],
};

/** The customer's "my page": a read model fed only by booking, payment and ticket events. */
@Module({})
export class MypageModule {
  static register(config: MypageConfig): DynamicModule {
    return {
      module: MypageModule,
      imports: [
        PersistenceModule.forRoot({ url: config.databaseUrl, ...mypageSchema }),
        MessagingModule.register({ service: 'mypage', config: config.messaging }),
        HealthModule.register({
          inject: [DataSource, MessagingHealth],
          checks: (dataSource: DataSource, messaging: MessagingHealth) => [readinessOfDatabase(dataSource), messagingReadiness(messaging)],
        }),
      ],
      controllers: [MypageEventsMessageController, ...queries.controllers, RebuildMypageHttpController],
      providers: [...projection, ...queries.providers, RebuildMypageService, AdminTokenGuard, { provide: ADMIN_TOKEN, useValue: config.adminToken }],
    };
  }
}
