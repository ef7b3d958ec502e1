import { HttpModule } from '@nestjs/axios';
import { DynamicModule, Module } from '@nestjs/common';
import { serviceCredentialHeaders } from '@movie/runtime';
import { PaymentCallSettings } from '../book.config';
import { PaymentCallMetrics } from './payment-call.metrics';
import { PAYMENT_SETTINGS, PaymentClient } from './payment.client';

/** The HTTP client to payment, shared by the booking use cases and readiness. */
@Module({})
export class PaymentClientModule {
  static register(settings: PaymentCallSettings): DynamicModule {
    return {
      module: PaymentClientModule,
      imports: [HttpModule.register({ baseURL: settings.baseUrl, headers: serviceCredentialHeaders() })],
      providers: [{ provide: PAYMENT_SETTINGS, useValue: settings }, PaymentCallMetrics, PaymentClient],
      exports: [PaymentClient],
    };
  }
}
