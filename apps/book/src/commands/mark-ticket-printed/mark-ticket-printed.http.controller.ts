import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BookingView } from '@movie/contracts';
import { MarkTicketPrintedService } from './mark-ticket-printed.service';
import { ServiceOnly } from '@movie/runtime';

/** Internal: called by ticket only. The gateway does not route /internal. */
@ApiTags('internal')
@ServiceOnly()
@Controller('internal/books')
export class MarkTicketPrintedHttpController {
  constructor(private readonly service: MarkTicketPrintedService) {}

  @Post(':id/ticket-printed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Records that the ticket is printed (status 2) unless the booking was cancelled' })
  @ApiOkResponse({ type: BookingView })
  @ApiBadRequestResponse({ description: 'id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such booking (BOOKING_NOT_FOUND).' })
  @ApiConflictResponse({ description: 'The booking was cancelled (BOOKING_CANCELLED) or is not booked (BOOKING_STATE_CONFLICT).' })
  mark(@Param('id', new ParseUUIDPipe()) id: string): Promise<BookingView> {
    return this.service.mark(id);
  }
}
