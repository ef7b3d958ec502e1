import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class StreamNotificationsRequest {
  @ApiPropertyOptional({ description: 'Whose notifications; the x-customer-id header the gateway sets wins over it.' })
  @IsOptional() @IsString() @Length(1, 120)
  customerId?: string;
}
