import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class FindPaymentByBookingRequest {
  @ApiProperty({ format: 'uuid', description: 'The booking whose payment to show.' })
  @IsUUID()
  bookingId: string;
}
