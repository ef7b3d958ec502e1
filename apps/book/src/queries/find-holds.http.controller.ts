import { Controller, Get, Headers, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Headers as HeaderName, HoldView } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { HoldRepository } from '../database/hold.repository';
import { HoldNotFound } from '../domain/book.errors';
import { toHoldView } from './hold.view';

@ApiTags('holds')
@Controller('holds')
export class FindHoldsHttpController {
  constructor(
    private readonly holds: HoldRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'A hold: its seats, expiry and status (held, booking, booked, released, expired)' })
  @ApiHeader({ name: HeaderName.customerId, required: false })
  @ApiOkResponse({ type: HoldView })
  @ApiBadRequestResponse({ description: 'id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such hold for this customer (HOLD_NOT_FOUND).' })
  async find(@Param('id', new ParseUUIDPipe()) id: string, @Headers(HeaderName.customerId) caller?: string): Promise<HoldView> {
    const hold = await this.transactions.runStatement((manager) => this.holds.find(manager, id));
    if (!hold || (caller && hold.customerId !== caller)) throw new HoldNotFound(id);
    return toHoldView(hold);
  }
}
