import { Controller, Delete, Headers, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Headers as HeaderName, HoldView } from '@movie/contracts';
import { ReleaseHoldService } from './release-hold.service';

@ApiTags('holds')
@Controller('holds')
export class ReleaseHoldHttpController {
  constructor(private readonly service: ReleaseHoldService) {}

  @Delete(':id')
  @ApiOperation({ summary: 'Release held seats now; releasing again, or an expired hold, answers the same' })
  @ApiHeader({ name: HeaderName.customerId, required: false })
  @ApiOkResponse({ type: HoldView, description: 'status released (or expired); the seats are free.' })
  @ApiBadRequestResponse({ description: 'id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such hold for this customer (HOLD_NOT_FOUND).' })
  @ApiConflictResponse({ description: 'A booking is paying for the seats or has booked them (HOLD_IN_USE).' })
  release(@Param('id', new ParseUUIDPipe()) id: string, @Headers(HeaderName.customerId) caller?: string): Promise<HoldView> {
    return this.service.release(id, caller);
  }
}
