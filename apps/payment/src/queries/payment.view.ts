import { PaymentResponse } from '@movie/contracts';
import { Payment } from '../domain/payment';

/** A payment as the API shows it; a tombstone is not a payment and is never shown. */
export function toPaymentResponse(payment: Payment): PaymentResponse {
  const { id, bookingId, customerId, amount, approvedAt, refundedAt, refundReason } = payment.charged();
  const response: PaymentResponse = {
    paymentId: id, bookingId, customerId, amount,
    status: payment.status === 'REFUNDED' ? 'REFUNDED' : 'APPROVED',
    approvedAt: approvedAt.toISOString(),
  };
  if (refundedAt) Object.assign(response, { refundedAt: refundedAt.toISOString(), refundReason: refundReason ?? '' });
  return response;
}
