import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

export class FindMyBookingsRequest {
  @ApiPropertyOptional({ description: 'Whose bookings; defaults to the x-customer-id header the gateway sets.' })
  @IsOptional() @IsString() @Length(1, 120)
  customerId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  // A whole number beyond the safe range reaches the SQL as 1e+21, which neither database takes.
  @ApiPropertyOptional({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;
}
