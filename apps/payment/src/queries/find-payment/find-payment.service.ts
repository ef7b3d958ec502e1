import { Injectable } from '@nestjs/common';
import { PaymentResponse } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { PaymentRepository } from '../../database/payment.repository';
import { Payment } from '../../domain/payment';
import { PaymentNotFound } from '../../domain/payment.errors';
import { toPaymentResponse } from '../payment.view';

/**
 * Reads go through the TransactionRunner: on SQLite a bare read shares the one connection with
 * whatever transaction is open and could show a charge that is about to be rolled back, and book
 * confirms bookings on what this answers.
 */
@Injectable()
export class FindPaymentService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
  ) {}

  async byId(paymentId: string): Promise<PaymentResponse> {
    const payment = await this.transactions.runStatement((manager) => this.payments.findById(manager, paymentId));
    return this.shown(payment, `no payment ${paymentId}`);
  }

  async byBooking(bookingId: string): Promise<PaymentResponse> {
    const payment = await this.transactions.runStatement((manager) => this.payments.findByBooking(manager, bookingId));
    return this.shown(payment, `no payment for booking ${bookingId}`);
  }

  private shown(payment: Payment | undefined, notFound: string): PaymentResponse {
    if (!payment?.wasCharged) throw new PaymentNotFound(notFound);
    return toPaymentResponse(payment);
  }
}
