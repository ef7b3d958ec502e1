import { Controller, Get, Headers, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { Headers as HeaderName } from '@movie/contracts';
import { customerToShow } from '../customer-to-show';
import { MyBookingPageView } from '../my-booking.view';
import { FindMyBookingsRequest } from './find-my-bookings.request';
import { FindMyBookingsService } from './find-my-bookings.service';

@ApiTags('mypage')
@Controller('mypages')
export class FindMyBookingsHttpController {
  constructor(private readonly service: FindMyBookingsService) {}

  @Get()
  @ApiOperation({ summary: "A customer's bookings with status, payment and ticket, newest first" })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway.' })
  @ApiOkResponse({ type: MyBookingPageView })
  @ApiBadRequestResponse({ description: 'limit or offset out of range or an unknown parameter (VALIDATION_FAILED), or no customer named (CUSTOMER_REQUIRED).' })
  @ApiForbiddenResponse({ description: "customerId names another customer than the caller's header (NOT_YOUR_BOOKINGS)." })
  find(
    @Query() request: FindMyBookingsRequest,
    @Headers(HeaderName.customerId) caller?: string,
  ): Promise<MyBookingPageView> {
    const customerId = customerToShow(caller, request.customerId);
    return this.service.find({ customerId, limit: request.limit, offset: request.offset });
  }
}
