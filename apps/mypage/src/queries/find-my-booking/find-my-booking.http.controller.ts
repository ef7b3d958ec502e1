import { Controller, Get, Headers, Param, ParseUUIDPipe } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags,
} from '@nestjs/swagger';
import { Headers as HeaderName } from '@movie/contracts';
import { MyBookingDetailView } from '../my-booking.view';
import { FindMyBookingService } from './find-my-booking.service';

@ApiTags('mypage')
@Controller('mypages')
export class FindMyBookingHttpController {
  constructor(private readonly service: FindMyBookingService) {}

  @Get(':bookingId')
  @ApiOperation({ summary: 'One booking with its history of events, oldest first' })
  @ApiParam({ name: 'bookingId', format: 'uuid' })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway.' })
  @ApiOkResponse({ type: MyBookingDetailView })
  @ApiBadRequestResponse({ description: 'bookingId is not a UUID.' })
  @ApiNotFoundResponse({ description: "No such booking on the caller's page (BOOKING_NOT_FOUND)." })
  find(
    @Param('bookingId', new ParseUUIDPipe()) bookingId: string,
    @Headers(HeaderName.customerId) caller?: string,
  ): Promise<MyBookingDetailView> {
    return this.service.find(bookingId, caller);
  }
}
