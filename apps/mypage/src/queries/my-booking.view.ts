import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BookingStatus } from '@movie/contracts';
import { BookingHistoryOrm } from '../database/booking-history.orm-entity';
import { MyBookingOrm } from '../database/my-booking.orm-entity';
import { PaymentState, TicketState } from '../domain/my-booking';

export class PaymentView {
  @ApiProperty({ enum: ['none', 'approved', 'refunded'] }) state: PaymentState;
  @ApiPropertyOptional({ type: String, nullable: true }) paymentId: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Amount charged.' }) paidAmount: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) refundedAmount: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) refundReason: string | null;
}

export class TicketView {
  @ApiProperty({ enum: ['none', 'waiting', 'printed', 'voided'], description: 'waiting: issued, not printed yet.' })
  state: TicketState;
  @ApiPropertyOptional({ type: String, nullable: true }) ticketId: string | null;
}

export class MyBookingView {
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) customerId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Dune' }) movieName: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) screeningId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) startsAt: string | null;
  @ApiProperty({ type: [String], example: ['E7', 'E8'] }) seats: string[];
  @ApiPropertyOptional({ type: Number, nullable: true }) qty: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) totalPrice: number | null;
  @ApiProperty({ enum: BookingStatus, description: '1 booked, 2 ticket printed, 9 cancelled (0 and 8 are transient).' })
  status: BookingStatus;
  @ApiProperty({ example: 'booked' }) statusLabel: string;
  @ApiProperty({ type: PaymentView }) payment: PaymentView;
  @ApiProperty({ type: TicketView }) ticket: TicketView;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'Time of its first event.' })
  createdAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time', description: 'Time of its latest event.' })
  updatedAt: string | null;
}

export class HistoryEntryView {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'BookingConfirmed' }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: 'Booked 2 seats (E7, E8) for Dune, total 26000' }) description: string;
}

export class MyBookingDetailView extends MyBookingView {
  @ApiProperty({ type: [HistoryEntryView], description: 'Every event, oldest first.' }) history: HistoryEntryView[];
}

export class MyBookingPageView {
  @ApiProperty({ type: [MyBookingView], description: 'Newest first.' }) items: MyBookingView[];
  @ApiProperty({ description: "All of the customer's bookings." }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export const toMyBookingView = (row: MyBookingOrm): MyBookingView => ({
  bookingId: row.bookingId,
  customerId: row.customerId,
  movieName: row.movieName,
  screeningId: row.screeningId,
  startsAt: row.startsAt,
  seats: row.seats,
  qty: row.qty,
  totalPrice: row.totalPrice,
  status: row.status,
  statusLabel: row.statusLabel,
  payment: {
    state: row.paymentState as PaymentState,
    paymentId: row.paymentId,
    paidAmount: row.paidAmount,
    refundedAmount: row.refundedAmount,
    refundReason: row.refundReason,
  },
  ticket: { state: row.ticketState as TicketState, ticketId: row.ticketId },
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toHistoryEntryView = ({ eventId, type, occurredAt, description }: BookingHistoryOrm): HistoryEntryView => ({
  eventId, type, occurredAt, description,
});
