import { Payment, PaymentStatus } from '../domain/payment';
import { PaymentOrm } from './payment.orm-entity';

const toDate = (value: string | null): Date | null => (value === null ? null : new Date(value));
const toIso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

export const PaymentMapper = {
  toDomain(row: PaymentOrm): Payment {
    return Payment.from({
      id: row.id,
      bookingId: row.bookingId,
      status: row.status as PaymentStatus,
      customerId: row.customerId,
      amount: row.amount,
      approvedAt: toDate(row.approvedAt),
      refundedAt: toDate(row.refundedAt),
      refundReason: row.refundReason,
      voidedAt: toDate(row.voidedAt),
      voidReason: row.voidReason,
    });
  },

  toOrm(payment: Payment): PaymentOrm {
    const facts = payment.toFacts();
    return Object.assign(new PaymentOrm(), {
      ...facts,
      approvedAt: toIso(facts.approvedAt),
      refundedAt: toIso(facts.refundedAt),
      voidedAt: toIso(facts.voidedAt),
    });
  },
};
