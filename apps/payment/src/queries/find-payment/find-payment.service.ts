import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PaymentResponse } from '@movie/contracts';
import { PaymentRepository } from '../../database/payment.repository';
import { Payment } from '../../domain/payment';
import { PaymentNotFound } from '../../domain/payment.errors';
import { toPaymentResponse } from '../payment.view';

@Injectable()
export class FindPaymentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
  ) {}

  async byId(paymentId: string): Promise<PaymentResponse> {
    const payment = await this.payments.findById(this.dataSource.manager, paymentId);
    return this.shown(payment, `no payment ${paymentId}`);
  }

  async byBooking(bookingId: string): Promise<PaymentResponse> {
    const payment = await this.payments.findByBooking(this.dataSource.manager, bookingId);
    return this.shown(payment, `no payment for booking ${bookingId}`);
  }

  private shown(payment: Payment | undefined, notFound: string): PaymentResponse {
    if (!payment?.wasCharged) throw new PaymentNotFound(notFound);
    return toPaymentResponse(payment);
  }
}
