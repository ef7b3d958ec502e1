import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { isUniqueViolation, TransactionRunner } from '@movie/persistence';
import { PaymentRepository } from '../../database/payment.repository';
import { ChargeLimit } from '../../domain/charge-limit';
import { Charge, Payment } from '../../domain/payment';
import { FaultInjector } from '../../faults/fault-injector';
import { paymentApproved } from '../payment-events';

export interface ApprovalResult {
  payment: Payment;
  /** False when the booking was already paid and this is the same payment answered again. */
  created: boolean;
}

/** Charges a booking once: a repeat for the same booking gets the payment it already has. */
@Injectable()
export class ApprovePaymentService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
    private readonly limit: ChargeLimit,
    private readonly outbox: Outbox,
    private readonly faults: FaultInjector,
  ) {}

  async approve(charge: Charge): Promise<ApprovalResult> {
    await this.faults.beforeCharge();
    try {
      const result = await this.transactions.run(async (manager) => {
        const existing = await this.payments.findByBooking(manager, charge.bookingId);
        if (existing) return this.repeated(existing, charge);
        this.limit.approveOrDecline(charge.amount);
        const payment = Payment.approve(randomUUID(), charge, new Date());
        await this.payments.insert(manager, payment);
        await this.outbox.append(manager, Topics.payment, paymentApproved(payment));
        return { payment, created: true };
      });
      if (result.created) this.outbox.notifyCommitted();
      return result;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent request for the same booking committed first: answer with what it recorded.
      const winner = await this.transactions.run((manager) => this.payments.findByBooking(manager, charge.bookingId));
      if (!winner) throw error;
      return this.repeated(winner, charge);
    }
  }

  private repeated(existing: Payment, charge: Charge): ApprovalResult {
    existing.acceptRepeat(charge);
    return { payment: existing, created: false };
  }
}
