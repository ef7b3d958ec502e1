import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId, VoidPaymentResponse } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { isUniqueViolation, TransactionRunner } from '@movie/persistence';
import { PaymentRepository } from '../../database/payment.repository';
import { Payment } from '../../domain/payment';
import { RefundPaymentService } from '../refund-payment/refund-payment.service';

/**
 * Book's word that a booking did not stand. Money taken for it goes back; if none was taken yet,
 * a tombstone makes sure none will be. Saying it twice changes nothing.
 */
@Injectable()
export class VoidPaymentService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
    private readonly refunds: RefundPaymentService,
    private readonly outbox: Outbox,
  ) {}

  async void(bookingId: string, reason: string): Promise<VoidPaymentResponse> {
    try {
      return await this.voidOnce(bookingId, reason);
    } catch (error) {
      // A charge (or another void) for this booking committed between our read and our tombstone:
      // go again, now finding what it recorded.
      if (!isUniqueViolation(error)) throw error;
      return this.voidOnce(bookingId, reason);
    }
  }

  private async voidOnce(bookingId: string, reason: string): Promise<VoidPaymentResponse> {
    const answer = await this.transactions.run((manager) => this.voidIn(manager, bookingId, reason));
    if (answer.outcome === 'refunded') this.outbox.notifyCommitted();
    return answer;
  }

  private async voidIn(manager: EntityManager, bookingId: string, reason: string): Promise<VoidPaymentResponse> {
    const refund = await this.refunds.refund(bookingId, reason, manager);
    switch (refund.result) {
      case 'refunded':
      case 'already_refunded':
        return { bookingId, outcome: 'refunded', paymentId: refund.payment?.id };
      case 'nothing_to_refund':
        return { bookingId, outcome: 'voided' };
      case 'no_payment':
        await this.payments.insert(manager, Payment.voidUnpaid(newId(), bookingId, reason, new Date()));
        return { bookingId, outcome: 'voided' };
    }
  }
}
