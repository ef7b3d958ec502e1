import { Controller, Delete, Headers, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BookingView, Headers as HeaderName } from '@movie/contracts';
import { CancelBookingService } from './cancel-booking.service';

@ApiTags('books')
@Controller('books')
export class CancelBookingHttpController {
  constructor(private readonly service: CancelBookingService) {}

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel before the ticket is printed; payment refunds it (status 9). Cancelling again answers the same.' })
  @ApiHeader({ name: HeaderName.customerId, required: false })
  @ApiOkResponse({ type: BookingView })
  @ApiNotFoundResponse({ description: 'No such booking for this customer (BOOKING_NOT_FOUND).' })
  @ApiConflictResponse({ description: 'Ticket already printed (TICKET_ALREADY_PRINTED) or booking not booked.' })
  cancel(@Param('id', new ParseUUIDPipe()) id: string, @Headers(HeaderName.customerId) caller?: string): Promise<BookingView> {
    return this.service.cancel(id, caller);
  }
}
