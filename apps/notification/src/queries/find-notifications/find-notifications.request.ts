import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const MAX_NOTIFICATIONS = 100;

export class FindNotificationsRequest {
  @ApiPropertyOptional({ description: 'Whose notifications; the x-customer-id header the gateway sets wins over it.' })
  @IsOptional() @IsString() @Length(1, 120)
  customerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_NOTIFICATIONS, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_NOTIFICATIONS)
  limit: number = 20;
}
