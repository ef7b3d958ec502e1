import { ArrayMinSize, IsArray, IsString, IsUUID } from 'class-validator';
import { IsInstant } from './instant';

/** movie.ticket.v1 — TicketIssued, version 1: a ticket waits for printing at the cinema. */
export class TicketIssuedV1 {
  @IsString() ticketId: string;
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsString() movieName: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) seats: string[];
  @IsInstant() issuedAt: string;
}

/** movie.ticket.v1 — TicketPrinted, version 1: the booking is now TICKET_PRINTED (2). */
export class TicketPrintedV1 {
  @IsString() ticketId: string;
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsInstant() printedAt: string;
}

/** movie.ticket.v1 — TicketVoided, version 1: the booking was cancelled before printing. */
export class TicketVoidedV1 {
  @IsString() ticketId: string;
  @IsUUID() bookingId: string;
  @IsString() customerId: string;
  @IsInstant() voidedAt: string;
}

export const TicketEventTypes = {
  TicketIssued: { type: 'TicketIssued', version: 1, payload: TicketIssuedV1 },
  TicketPrinted: { type: 'TicketPrinted', version: 1, payload: TicketPrintedV1 },
  TicketVoided: { type: 'TicketVoided', version: 1, payload: TicketVoidedV1 },
} as const;
