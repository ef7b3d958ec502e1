import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Ticket, TicketStatus } from '../domain/ticket';

/** Status words as the original system wrote them, so its `{"status":"Printed"}` reads back the same. */
export const ticketStatusLabel: Record<TicketStatus, TicketStatusLabel> = {
  WAITING: 'Waiting',
  PRINTED: 'Printed',
  VOIDED: 'Voided',
};
export type TicketStatusLabel = 'Waiting' | 'Printed' | 'Voided';

export class TicketView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ example: 'customer-1' }) customerId: string;
  @ApiPropertyOptional({ example: 'soul', nullable: true, description: 'Null only for a ticket voided before it was issued.' })
  movieName: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'When the screening starts.' })
  startsAt: string | null;
  @ApiProperty({ example: ['1A', '2B'] }) seats: string[];
  @ApiProperty({ enum: ['Waiting', 'Printed', 'Voided'], example: 'Waiting' }) status: TicketStatusLabel;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) issuedAt: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) printedAt: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) voidedAt: string | null;
}

export function toTicketView(ticket: Ticket): TicketView {
  const { updatedAt: _updatedAt, status, ...props } = ticket.snapshot();
  return { ...props, status: ticketStatusLabel[status] };
}
