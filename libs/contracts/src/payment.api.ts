import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { CUSTOMER_ID_MAX_LENGTH } from './http-headers';

/** The payment service's HTTP API as book calls it (POST /payments, POST /payments/voids, GET /payments). */

export type PaymentStatus = 'APPROVED' | 'REFUNDED';

/** Codes in the error bodies of the payment API, so callers can tell refusals apart. */
export const PaymentErrorCodes = {
  /** 402: the card processor refused the charge; retrying will not help. */
  declined: 'PAYMENT_DECLINED',
  /** 409: the booking was voided before it was paid; it can no longer be paid. */
  voided: 'PAYMENT_VOIDED',
  /** 409: the booking's payment was refunded; it can no longer be paid. */
  refunded: 'PAYMENT_REFUNDED',
  /** 409: the booking was already paid with a different amount or customer. */
  mismatch: 'PAYMENT_MISMATCH',
  /** 404 */
  notFound: 'PAYMENT_NOT_FOUND',
  /** 503 with Retry-After: nothing was charged, try again. */
  unavailable: 'PAYMENT_UNAVAILABLE',
} as const;

export class ApprovePaymentRequest {
  @ApiProperty({ format: 'uuid', description: 'The booking being paid; one payment per booking (the idempotency key).' })
  @IsUUID()
  bookingId: string;

  @ApiProperty({ example: 'customer-1', maxLength: CUSTOMER_ID_MAX_LENGTH })
  @IsString() @IsNotEmpty() @MaxLength(CUSTOMER_ID_MAX_LENGTH)
  customerId: string;

  @ApiProperty({ minimum: 0, example: 26000, description: 'Amount to charge in the smallest currency unit.' })
  @IsInt() @Min(0)
  amount: number;
}

export class PaymentResponse {
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ example: 'customer-1' }) customerId: string;
  @ApiProperty({ example: 26000 }) amount: number;
  @ApiProperty({ enum: ['APPROVED', 'REFUNDED'] }) status: PaymentStatus;
  @ApiProperty({ format: 'date-time' }) approvedAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Only once refunded.' }) refundedAt?: string;
  @ApiPropertyOptional({ description: 'Only once refunded.' }) refundReason?: string;
}

export class VoidPaymentRequest {
  @ApiProperty({ format: 'uuid', description: 'The booking that did not stand.' })
  @IsUUID()
  bookingId: string;

  @ApiProperty({ example: 'payment answered too late', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  reason: string;
}

export type VoidOutcome = 'refunded' | 'voided';

export class VoidPaymentResponse {
  @ApiProperty({ format: 'uuid' }) bookingId: string;

  @ApiProperty({
    enum: ['refunded', 'voided'],
    description: 'refunded: the booking had been paid and the money went back; voided: it had not, and now it cannot be.',
  })
  outcome: VoidOutcome;

  @ApiPropertyOptional({ format: 'uuid', description: 'The refunded payment (outcome refunded only).' })
  paymentId?: string;
}
