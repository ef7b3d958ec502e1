import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CUSTOMER_ID_MAX_LENGTH } from './http-headers';

/** Seat labels are row number then seat letter: "1A", "12C". */
export const SEAT_LIST_PATTERN = /^\s*\d{1,3}[A-Za-z]\s*(,\s*\d{1,3}[A-Za-z]\s*)*$/;
export const SEAT_LIST_MESSAGE = 'seat must list seats as row number and letter, comma-separated, e.g. "1A,2B"';

/**
 * What a booking and a hold both name besides their seats: the screening (by movie or id), the
 * price the client expects, and the customer when no gateway sets the header.
 */
export class ScreeningSeatsRequest {
  @ApiPropertyOptional({ example: 'soul', description: 'The movie; without screeningId its next screening is used.' })
  @IsOptional() @IsString() @Length(1, 100)
  movieName?: string;

  @ApiPropertyOptional({ example: 'soul-1', description: 'A screening from GET /movies; wins over movieName.' })
  @IsOptional() @IsString() @Length(1, 64)
  screeningId?: string;

  @ApiPropertyOptional({ example: 10000, description: 'What the client expects to pay; must equal the server price.' })
  @IsOptional() @IsInt() @Min(0)
  totalPrice?: number;

  @ApiPropertyOptional({ description: 'Used only when the gateway sets no x-customer-id header.' })
  @IsOptional() @IsString() @Length(1, CUSTOMER_ID_MAX_LENGTH)
  customerId?: string;
}

/**
 * `POST /books`. The original system's request works unchanged:
 * `{"qty":2,"movieName":"soul","seat":"1A,2B","totalPrice":10000}`.
 */
export class BookSeatsRequest extends ScreeningSeatsRequest {
  @ApiProperty({ example: 2, minimum: 1, maximum: 10, description: 'Optional with holdId (then it must match the hold).' })
  @ValidateIf((request: BookSeatsRequest) => request.holdId === undefined || request.qty !== undefined)
  @IsInt() @Min(1) @Max(10)
  qty: number;

  @ApiProperty({ example: '1A,2B', description: 'Comma-separated seats, row number then seat letter. Optional with holdId (then it must match the hold).' })
  @ValidateIf((request: BookSeatsRequest) => request.holdId === undefined || request.seat !== undefined)
  @IsString()
  @Matches(SEAT_LIST_PATTERN, { message: SEAT_LIST_MESSAGE })
  seat: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Book the seats of this hold (POST /holds); the seats and screening come from it.' })
  @IsOptional() @IsUUID()
  holdId?: string;
}

export class BookingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() customerId: string;
  @ApiProperty() movieId: string;
  @ApiProperty({ example: 'soul' }) movieName: string;
  @ApiProperty() screeningId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ example: ['1A', '2B'] }) seats: string[];
  @ApiProperty({ example: '1A,2B', description: 'The seats as the original API wrote them.' }) seat: string;
  @ApiProperty() qty: number;
  @ApiProperty() totalPrice: number;
  @ApiProperty({ description: '0 pending, 1 booked, 2 ticket printed, 8 released (payment failed), 9 cancelled' }) status: number;
  @ApiProperty({ example: 'booked' }) statusLabel: string;
  @ApiPropertyOptional({ nullable: true }) paymentId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class BookingIdParam {
  @IsUUID() id: string;
}
