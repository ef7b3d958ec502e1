import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const PRINTABLE_STATUSES = ['Printed'] as const;

/** `PATCH /tickets/:id` with `{"status":"Printed"}`, the original system's own call. */
export class PrintTicketRequest {
  @ApiProperty({ enum: PRINTABLE_STATUSES, example: 'Printed' })
  @IsIn(PRINTABLE_STATUSES, { message: `status must be one of: ${PRINTABLE_STATUSES.join(', ')}` })
  status: (typeof PRINTABLE_STATUSES)[number];
}
