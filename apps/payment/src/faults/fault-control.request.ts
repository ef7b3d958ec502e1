import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy, ValidateIf } from 'class-validator';
import { DelaySpec, delaySpecRule, isDelaySpec, isFailureRate, MAX_FAULT_DELAY_MS } from './fault-settings';

const delayDoc = {
  oneOf: [
    { type: 'integer', minimum: 0, maximum: MAX_FAULT_DELAY_MS },
    { type: 'array', items: { type: 'integer', minimum: 0, maximum: MAX_FAULT_DELAY_MS }, minItems: 2, maxItems: 2 },
  ],
  example: [400, 620],
};

/** Optional, but not null: IsOptional would let a null through to the settings as if it were a value. */
const IfGiven = () => ValidateIf((_request: object, value: unknown) => value !== undefined);

export class ChangeFaultsRequest {
  @ApiPropertyOptional({ ...delayDoc, description: 'Wait before each charge: ms, or [min, max] for a random wait; 0 for none.' })
  @IfGiven()
  @ValidateBy({ name: 'isDelaySpec', validator: { validate: isDelaySpec, defaultMessage: () => `delayMs must be ${delaySpecRule}` } })
  delayMs?: DelaySpec;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.2, description: 'Share of charges answered 503 without charging.' })
  @IfGiven()
  @ValidateBy({ name: 'isFailureRate', validator: { validate: isFailureRate, defaultMessage: () => 'failureRate must be a number from 0 to 1' } })
  failureRate?: number;
}

export class FaultsView {
  @ApiProperty({ ...delayDoc, description: '0 when charges do not wait.' }) delayMs: DelaySpec;
  @ApiProperty({ minimum: 0, maximum: 1 }) failureRate: number;
}
