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
      // Payment never redirects (a charge must not be replayed elsewhere); with no redirects to follow,
      // axios uses node:http directly instead of the follow-redirects wrapper (less CPU per call).
      imports: [HttpModule.register({ baseURL: settings.baseUrl, headers: serviceCredentialHeaders(), maxRedirects: 0 })],
      providers: [{ provide: PAYMENT_SETTINGS, useValue: settings }, PaymentCallMetrics, PaymentClient],
      exports: [PaymentClient],
    };
  }
}
