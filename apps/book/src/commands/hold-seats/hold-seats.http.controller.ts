import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Headers as HeaderName, HoldSeatsRequest, HoldView } from '@movie/contracts';
import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { sendAnswer } from '../../idempotency/send-answer';
import { customerOf } from '../customer-of';
import { HoldSeatsService } from './hold-seats.service';

@ApiTags('holds')
@Controller('holds')
export class HoldSeatsHttpController {
  constructor(
    private readonly service: HoldSeatsService,
    private readonly idempotent: IdempotentRequests,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Hold seats while deciding; book them with POST /books {"holdId"} before the hold expires' })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the same hold.' })
  @ApiCreatedResponse({ type: HoldView, description: 'Held until expiresAt; the seats show as taken to others.' })
  @ApiBadRequestResponse({
    description: 'Malformed request (VALIDATION_FAILED), unknown movie (UNKNOWN_MOVIE), seats not in the hall or not matching qty ' +
      '(INVALID_SEATS), wrong totalPrice (PRICE_MISMATCH), a customer id over 64 characters (INVALID_CUSTOMER_ID) or an ' +
      'Idempotency-Key that is not 1 to 200 visible ASCII characters (IDEMPOTENCY_KEY_INVALID).',
  })
  @ApiConflictResponse({
    description: 'A seat is sold or held by someone else (SEAT_ALREADY_TAKEN), named in the message, or a request with the key ' +
      'is still running (IDEMPOTENCY_IN_PROGRESS, Retry-After).',
  })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED).' })
  async hold(
    @Body() request: HoldSeatsRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers(HeaderName.customerId) caller?: string,
    @Headers(HeaderName.idempotencyKey) key?: string,
  ): Promise<HoldView> {
    const customerId = customerOf(caller, request.customerId);
    const answer = await this.idempotent.run({ key, customerId, operation: 'POST /holds', body: request }, 201, () =>
      this.service.hold(request, customerId),
    );
    return sendAnswer(reply, answer) as HoldView;
  }
}
