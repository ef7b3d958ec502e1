import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingHealth, MessagingModule, messagingReadiness } from '@movie/messaging';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { ApprovePaymentHttpController } from './commands/approve-payment/approve-payment.http.controller';
import { ApprovePaymentService } from './commands/approve-payment/approve-payment.service';
import { RefundPaymentMessageController } from './commands/refund-payment/refund-payment.message-controller';
import { RefundPaymentService } from './commands/refund-payment/refund-payment.service';
import { VoidPaymentHttpController } from './commands/void-payment/void-payment.http.controller';
import { VoidPaymentService } from './commands/void-payment/void-payment.service';
import { paymentSchema } from './database/payment.schema';
import { PaymentRepository } from './database/payment.repository';
import { ChargeLimit } from './domain/charge-limit';
import { FaultControlHttpController } from './faults/fault-control.http.controller';
import { FaultInjector } from './faults/fault-injector';
import { PaymentConfig } from './payment.config';
import { FindPaymentHttpController } from './queries/find-payment/find-payment.http.controller';
import { FindPaymentService } from './queries/find-payment/find-payment.service';

const commands = {
  controllers: [ApprovePaymentHttpController, VoidPaymentHttpController, RefundPaymentMessageController],
  providers: [ApprovePaymentService, RefundPaymentService, VoidPaymentService],
};
const queries = { controllers: [FindPaymentHttpController], providers: [FindPaymentService] };

/** Charges bookings once each, refunds them, and refuses to charge a booking that was voided. */
@Module({})
export class PaymentModule {
  static register(config: PaymentConfig): DynamicModule {
    return {
      module: PaymentModule,
      imports: [
        PersistenceModule.forRoot({ url: config.databaseUrl, ...paymentSchema }),
        MessagingModule.register({ service: 'payment', config: config.messaging }),
        HealthModule.register({
          inject: [DataSource, MessagingHealth],
          checks: (dataSource: DataSource, messaging: MessagingHealth) => [readinessOfDatabase(dataSource), messagingReadiness(messaging)],
        }),
      ],
      // Routes registered in this order: /payments/voids before /payments/:paymentId.
      controllers: [
        ...commands.controllers,
        ...queries.controllers,
        ...(config.faultControl ? [FaultControlHttpController] : []),
      ],
      providers: [
        PaymentRepository,
        { provide: ChargeLimit, useValue: new ChargeLimit(config.maxAmount) },
        { provide: FaultInjector, useValue: new FaultInjector(config.faults) },
        ...commands.providers,
        ...queries.providers,
      ],
    };
  }
}
