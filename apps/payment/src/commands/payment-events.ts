import { EventEnvelope, PaymentEventTypes } from '@movie/contracts';
import { newEnvelope } from '@movie/messaging';
import { Payment } from '../domain/payment';

const source = 'payment';

/** PaymentApproved v1, keyed by booking so it stays in order with the booking's other events. */
export function paymentApproved(payment: Payment): EventEnvelope {
  const { type, version } = PaymentEventTypes.PaymentApproved;
  const payload = payment.approvedFact();
  return newEnvelope({ source, type, version, key: payment.bookingId, payload, occurredAt: new Date(payload.approvedAt) });
}

export function paymentRefunded(payment: Payment): EventEnvelope {
  const { type, version } = PaymentEventTypes.PaymentRefunded;
  const payload = payment.refundedFact();
  return newEnvelope({ source, type, version, key: payment.bookingId, payload, occurredAt: new Date(payload.refundedAt) });
}
