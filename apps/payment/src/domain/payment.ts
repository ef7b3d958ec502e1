import { PaymentApprovedV1, PaymentRefundedV1 } from '@movie/contracts';
import { BookingVoided, InvalidPayment, PaymentAlreadyRefunded, PaymentMismatch } from './payment.errors';

/**
 * APPROVED: money was taken. REFUNDED: it went back. VOIDED: a tombstone saying the booking did not
 * stand before it was paid, so a late charge for it is refused. The tombstone lives where a payment
 * would, one per booking, so a void and a charge racing for the same booking cannot both win.
 */
export type PaymentStatus = 'APPROVED' | 'REFUNDED' | 'VOIDED';

export interface Charge {
  bookingId: string;
  customerId: string;
  amount: number;
}

export interface PaymentFacts {
  id: string;
  bookingId: string;
  status: PaymentStatus;
  /** Set for APPROVED and REFUNDED; null on a VOIDED tombstone. */
  customerId: string | null;
  amount: number | null;
  approvedAt: Date | null;
  refundedAt: Date | null;
  refundReason: string | null;
  voidedAt: Date | null;
  voidReason: string | null;
}

export type RefundResult = 'refunded' | 'already_refunded' | 'nothing_to_refund';

export class Payment {
  private constructor(private facts: PaymentFacts) {}

  static approve(id: string, charge: Charge, at: Date): Payment {
    if (!Number.isInteger(charge.amount) || charge.amount < 0) {
      throw new InvalidPayment(`amount must be a whole number of at least 0, got ${charge.amount}`);
    }
    if (charge.customerId.trim() === '') throw new InvalidPayment('a payment needs a customer');
    return new Payment({
      id, bookingId: charge.bookingId, status: 'APPROVED', customerId: charge.customerId, amount: charge.amount,
      approvedAt: at, refundedAt: null, refundReason: null, voidedAt: null, voidReason: null,
    });
  }

  /** The tombstone of a booking voided before anything was charged. */
  static voidUnpaid(id: string, bookingId: string, reason: string, at: Date): Payment {
    return new Payment({
      id, bookingId, status: 'VOIDED', customerId: null, amount: null,
      approvedAt: null, refundedAt: null, refundReason: null, voidedAt: at, voidReason: reason,
    });
  }

  static from(facts: PaymentFacts): Payment {
    return new Payment({ ...facts });
  }

  toFacts(): PaymentFacts {
    return { ...this.facts };
  }

  get id(): string {
    return this.facts.id;
  }

  get bookingId(): string {
    return this.facts.bookingId;
  }

  get status(): PaymentStatus {
    return this.facts.status;
  }

  /** True once money was taken, whether or not it went back since. */
  get wasCharged(): boolean {
    return this.facts.status !== 'VOIDED';
  }

  /**
   * Accepts a repeated charge for this payment's booking as the same request answered again;
   * anything else about the booking refuses it.
   */
  acceptRepeat(charge: Charge): void {
    if (this.facts.status === 'VOIDED') throw new BookingVoided(this.bookingId);
    if (this.facts.status === 'REFUNDED') throw new PaymentAlreadyRefunded(this.bookingId);
    if (charge.amount !== this.facts.amount || charge.customerId !== this.facts.customerId) {
      throw new PaymentMismatch(
        `booking ${this.bookingId} was already paid: ${this.facts.amount} by ${this.facts.customerId}, ` +
          `not ${charge.amount} by ${charge.customerId}`,
      );
    }
  }

  /** APPROVED becomes REFUNDED; a refunded payment stays as it is, and a tombstone has nothing to give back. */
  refund(reason: string, at: Date): RefundResult {
    if (this.facts.status === 'VOIDED') return 'nothing_to_refund';
    if (this.facts.status === 'REFUNDED') return 'already_refunded';
    this.facts = { ...this.facts, status: 'REFUNDED', refundedAt: at, refundReason: reason };
    return 'refunded';
  }

  approvedFact(): PaymentApprovedV1 {
    const { id, bookingId, customerId, amount, approvedAt } = this.charged();
    return { paymentId: id, bookingId, customerId, amount, approvedAt: approvedAt.toISOString() };
  }

  refundedFact(): PaymentRefundedV1 {
    const { id, bookingId, customerId, amount, refundedAt, refundReason } = this.charged();
    if (!refundedAt || refundReason === null) throw new Error(`payment ${id} was not refunded`);
    return { paymentId: id, bookingId, customerId, amount, reason: refundReason, refundedAt: refundedAt.toISOString() };
  }

  /** The facts of a payment that took money; a tombstone has none. */
  charged(): PaymentFacts & { customerId: string; amount: number; approvedAt: Date } {
    const { customerId, amount, approvedAt } = this.facts;
    if (customerId === null || amount === null || approvedAt === null) {
      throw new Error(`booking ${this.bookingId} was voided, not charged`);
    }
    return { ...this.facts, customerId, amount, approvedAt };
  }
}
