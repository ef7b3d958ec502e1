import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiPaymentRequiredResponse,
  ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BookingView, BookSeatsRequest, Headers as HeaderName } from '@movie/contracts';
import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { sendAnswer } from '../../idempotency/send-answer';
import { customerOf } from '../customer-of';
import { BookSeatsService } from './book-seats.service';

@ApiTags('books')
@Controller('books')
export class BookSeatsHttpController {
  constructor(
    private readonly service: BookSeatsService,
    private readonly idempotent: IdempotentRequests,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Book seats and pay in one request; the booking stands only if payment approved it' })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer; never charged twice.' })
  @ApiCreatedResponse({ type: BookingView, description: 'Booked and paid: status 1.' })
  @ApiBadRequestResponse({
    description: 'Malformed request (VALIDATION_FAILED), unknown movie (UNKNOWN_MOVIE), seats not in the hall or not matching qty ' +
      '(INVALID_SEATS), wrong totalPrice (PRICE_MISMATCH), a request that does not match its hold (HOLD_MISMATCH), a customer id ' +
      'over 64 characters (INVALID_CUSTOMER_ID) or an Idempotency-Key that is not 1 to 200 visible ASCII characters (IDEMPOTENCY_KEY_INVALID).',
  })
  @ApiNotFoundResponse({ description: "No such hold for this customer (HOLD_NOT_FOUND): the holdId is unknown or another customer's." })
  @ApiPaymentRequiredResponse({ description: 'Payment declined (PAYMENT_DECLINED); nothing booked.' })
  @ApiConflictResponse({
    description: 'A seat is taken (SEAT_ALREADY_TAKEN), the hold expired (HOLD_EXPIRED) or is being paid for or booked (HOLD_IN_USE), ' +
      'or a request with the key is still running (IDEMPOTENCY_IN_PROGRESS, Retry-After).',
  })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED).' })
  @ApiServiceUnavailableResponse({
    description: 'Payment slow, down or its breaker open (PAYMENT_UNAVAILABLE); with an Idempotency-Key, a payment that timed out is ' +
      'PAYMENT_OUTCOME_UNKNOWN: the seats stay held and a retry with the key gets the outcome. Retry-After says when.',
  })
  async book(
    @Body() request: BookSeatsRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers(HeaderName.customerId) caller?: string,
    @Headers(HeaderName.idempotencyKey) key?: string,
  ): Promise<BookingView> {
    const customerId = customerOf(caller, request.customerId);
    const answer = await this.idempotent.run(
      { key, customerId, operation: 'POST /books', body: request, answerForBooking: (id) => this.service.answerFor(id) },
      201,
      (claim) => this.service.book(request, customerId, claim),
    );
    return sendAnswer(reply, answer) as BookingView;
  }
}
