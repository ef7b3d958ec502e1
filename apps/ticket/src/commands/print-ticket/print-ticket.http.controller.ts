import { Body, Controller, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam,
  ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { TicketView, toTicketView } from '../../queries/ticket.view';
import { PrintTicketRequest } from './print-ticket.request';
import { PrintTicketService } from './print-ticket.service';

@ApiTags('tickets')
@Controller('tickets')
export class PrintTicketHttpController {
  constructor(private readonly service: PrintTicketService) {}

  @Patch(':id')
  @ApiOperation({
    summary: 'Print the ticket ({"status":"Printed"}); book must accept first, so a cancelled booking is never printed',
    description: 'Printing a printed ticket again answers 200 with the same ticket.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketView, description: 'The ticket, now Printed (booking status 2).' })
  @ApiBadRequestResponse({ description: 'id is not a UUID, or status is not "Printed" (VALIDATION_FAILED).' })
  @ApiNotFoundResponse({ description: 'No such ticket (TICKET_NOT_FOUND).' })
  @ApiConflictResponse({
    description: 'The ticket was voided (TICKET_VOIDED), the booking was cancelled first (BOOKING_CANCELLED), or book refused for ' +
      'another reason, passed on: the booking is not booked (BOOKING_STATE_CONFLICT) or book does not know it (BOOKING_NOT_FOUND).',
  })
  @ApiServiceUnavailableResponse({ description: 'Book did not answer in time (BOOK_UNAVAILABLE), with Retry-After; nothing was printed.' })
  async print(@Param('id', new ParseUUIDPipe()) id: string, @Body() _request: PrintTicketRequest): Promise<TicketView> {
    return toTicketView(await this.service.print(id));
  }
}
