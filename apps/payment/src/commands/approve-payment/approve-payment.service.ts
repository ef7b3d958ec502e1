import { Injectable } from '@nestjs/common';
import { newId, Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { isUniqueViolation, TransactionRunner } from '@movie/persistence';
import { PaymentRepository } from '../../database/payment.repository';
import { ChargeLimit } from '../../domain/charge-limit';
import { Charge, Payment } from '../../domain/payment';
import { PaymentDeclined } from '../../domain/payment.errors';
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
      this.limit.approveOrDecline(charge.amount);
      const payment = Payment.approve(newId(), charge, new Date());
      // Insert first: a booking is almost always charged once, and the unique key on its id
      // catches the rest without a read on every charge.
      await this.transactions.run(async (manager) => {
        await this.payments.insert(manager, payment);
        await this.outbox.append(manager, Topics.payment, paymentApproved(payment));
      });
      this.outbox.notifyCommitted();
      return { payment, created: true };
    } catch (error) {
      if (!isUniqueViolation(error) && !(error instanceof PaymentDeclined)) throw error;
      // The booking may have a payment already (a repeat, a concurrent request that committed
      // first, or a void's tombstone): a repeat is answered with it, even one the limit declines.
      const existing = await this.transactions.runStatement((manager) => this.payments.findByBooking(manager, charge.bookingId));
      if (!existing) throw error;
      return this.repeated(existing, charge);
    }
  }

  private repeated(existing: Payment, charge: Charge): ApprovalResult {
    existing.acceptRepeat(charge);
    return { payment: existing, created: false };
  }
}
