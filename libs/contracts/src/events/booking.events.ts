import {
  ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Min,
} from 'class-validator';
import { IsInstant } from './instant';

/** movie.booking.v1 — BookingConfirmed, version 1: the booking is paid and stands. */
export class BookingConfirmedV1 {
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsString() movieId: string;
  @IsString() movieName: string;
  @IsString() screeningId: string;
  @IsInstant() startsAt: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) seats: string[];
  @IsInt() @Min(1) qty: number;
  @IsInt() @Min(0) totalPrice: number;
  @IsString() paymentId: string;
  @IsInstant() bookedAt: string;
}

/** movie.booking.v1 — BookingCancelled, version 1: the customer cancelled before printing. */
export class BookingCancelledV1 {
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsString() screeningId: string;
  @IsArray() @IsString({ each: true }) seats: string[];
  @IsInt() @Min(0) totalPrice: number;
  @IsOptional() @IsString() paymentId?: string;
  @IsInstant() cancelledAt: string;
}

/**
 * movie.booking.v1 — BookingTicketPrinted, version 1: book accepted the print of the booking's
 * ticket, which makes it TICKET_PRINTED (2) and no longer cancellable. Ticket completes a print
 * it did not finish from it; my page and notification take the print from TicketPrinted.
 */
export class BookingTicketPrintedV1 {
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsInstant() printedAt: string;
}

export const BookingEventTypes = {
  BookingConfirmed: { type: 'BookingConfirmed', version: 1, payload: BookingConfirmedV1 },
  BookingCancelled: { type: 'BookingCancelled', version: 1, payload: BookingCancelledV1 },
  BookingTicketPrinted: { type: 'BookingTicketPrinted', version: 1, payload: BookingTicketPrintedV1 },
} as const;
