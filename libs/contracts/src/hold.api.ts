import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ScreeningSeatsRequest, SEAT_LIST_MESSAGE, SEAT_LIST_PATTERN } from './book.api';

/** `POST /holds`: keep seats while deciding, then book them with `POST /books {"holdId": ...}`. */
export class HoldSeatsRequest extends ScreeningSeatsRequest {
  @ApiProperty({ example: 2, minimum: 1, maximum: 10 })
  @IsInt() @Min(1) @Max(10)
  qty: number;

  @ApiProperty({ example: '1A,2B', description: 'Comma-separated seats, row number then seat letter.' })
  @IsString()
  @Matches(SEAT_LIST_PATTERN, { message: SEAT_LIST_MESSAGE })
  seat: string;
}

/** held: seats kept until expiresAt; booking: a booking is paying for them; booked; released; expired. */
export type HoldStatus = 'held' | 'booking' | 'booked' | 'released' | 'expired';

export class HoldView {
  @ApiProperty({ format: 'uuid' }) holdId: string;
  @ApiProperty() customerId: string;
  @ApiProperty({ example: 'soul' }) movieName: string;
  @ApiProperty({ example: 'soul-1' }) screeningId: string;
  @ApiProperty({ example: ['1A', '2B'] }) seats: string[];
  @ApiProperty({ example: 10000 }) totalPrice: number;
  @ApiProperty({ format: 'date-time', description: 'The seats are free again after this unless booked.' }) expiresAt: string;
  @ApiProperty({ enum: ['held', 'booking', 'booked', 'released', 'expired'] }) status: HoldStatus;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The booking paying for or made from this hold.' })
  bookingId: string | null;
}
