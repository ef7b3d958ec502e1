import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiPaymentRequiredResponse,
  ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { BookingView, BookSeatsRequest, Headers as HeaderName } from '@movie/contracts';
import { BookSeatsService } from './book-seats.service';

export const ANONYMOUS_CUSTOMER = 'anonymous';

@ApiTags('books')
@Controller('books')
export class BookSeatsHttpController {
  constructor(private readonly service: BookSeatsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Book seats and pay in one request; the booking stands only if payment approved it' })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway.' })
  @ApiCreatedResponse({ type: BookingView, description: 'Booked and paid: status 1.' })
  @ApiBadRequestResponse({ description: 'Malformed request, unknown movie, seats not in the hall or not matching qty, wrong totalPrice.' })
  @ApiPaymentRequiredResponse({ description: 'Payment declined (PAYMENT_DECLINED); nothing booked.' })
  @ApiConflictResponse({ description: 'A seat is taken (SEAT_ALREADY_TAKEN), named in the message.' })
  @ApiServiceUnavailableResponse({ description: 'Payment slow, down or its breaker open (PAYMENT_UNAVAILABLE); Retry-After says when to retry.' })
  book(@Body() request: BookSeatsRequest, @Headers(HeaderName.customerId) caller?: string): Promise<BookingView> {
    return this.service.book(request, caller || request.customerId || ANONYMOUS_CUSTOMER);
  }
}
