import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class FindTicketsRequest {
  @ApiProperty({ format: 'uuid', description: 'The booking whose ticket to show.' })
  @IsUUID(undefined, { message: 'bookingId must be the UUID of a booking' })
  bookingId: string;
}
