import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TransactionRunner } from '@movie/persistence';
import { PaymentRepository } from '../../database/payment.repository';
import { Payment, RefundResult } from '../../domain/payment';
import { paymentRefunded } from '../payment-events';

export interface RefundOutcome {
  result: RefundResult | 'no_payment';
  payment?: Payment;
}

/**
 * Gives a booking's money back: APPROVED becomes REFUNDED and PaymentRefunded goes into the outbox
 * in the same transaction. Idempotent: a refunded payment is reported as such and announced once.
 * Callers with a transaction of their own (the void endpoint; a BookingCancelled consumer, which
 * must record the event it consumed in the same transaction) pass its manager, and wake the relay
 * with `outbox.notifyCommitted()` once that transaction has committed.
 */
@Injectable()
export class RefundPaymentService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
    private readonly outbox: Outbox,
  ) {}

  async refund(bookingId: string, reason: string, manager?: EntityManager): Promise<RefundOutcome> {
    if (manager) return this.refundIn(manager, bookingId, reason);
    const outcome = await this.transactions.run((own) => this.refundIn(own, bookingId, reason));
    if (outcome.result === 'refunded') this.outbox.notifyCommitted();
    return outcome;
  }

  private async refundIn(manager: EntityManager, bookingId: string, reason: string): Promise<RefundOutcome> {
    const payment = await this.payments.findByBooking(manager, bookingId);
    if (!payment) return { result: 'no_payment' };
    const readIn = payment.status;
    const result = payment.refund(reason, new Date());
    if (result !== 'refunded') return { result, payment };
    if (!(await this.payments.saveChange(manager, payment, readIn))) {
      // Refunded by a concurrent request since it was read; that one announced it.
      const current = await this.payments.findByBooking(manager, bookingId);
      return { result: 'already_refunded', payment: current };
    }
    await this.outbox.append(manager, Topics.payment, paymentRefunded(payment));
    return { result, payment };
  }
}
