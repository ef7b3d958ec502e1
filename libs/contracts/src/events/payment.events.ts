import { IsInt, IsString, IsUUID, Min } from 'class-validator';
import { IsInstant } from './instant';

/** movie.payment.v1 — PaymentApproved, version 1. */
export class PaymentApprovedV1 {
  @IsString() paymentId: string;
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsInt() @Min(0) amount: number;
  @IsInstant() approvedAt: string;
}

/** movie.payment.v1 — PaymentRefunded, version 1: money went back to the customer. */
export class PaymentRefundedV1 {
  @IsString() paymentId: string;
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsInt() @Min(0) amount: number;
  @IsString() reason: string;
  @IsInstant() refundedAt: string;
}

/**
 * The reason of the refund payment makes because its booking was cancelled. Every other refund
 * voids the charge of a booking that never stood; readers tell the two apart by this reason.
 */
export const CANCELLATION_REFUND_REASON = 'booking cancelled';

export const PaymentEventTypes = {
  PaymentApproved: { type: 'PaymentApproved', version: 1, payload: PaymentApprovedV1 },
  PaymentRefunded: { type: 'PaymentRefunded', version: 1, payload: PaymentRefundedV1 },
} as const;
