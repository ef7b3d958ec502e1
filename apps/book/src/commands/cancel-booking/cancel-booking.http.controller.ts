import { Controller, Delete, Headers, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BookingView, Headers as HeaderName } from '@movie/contracts';
import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { sendAnswer } from '../../idempotency/send-answer';
import { ANONYMOUS_CUSTOMER } from '../customer-of';
import { CancelBookingService } from './cancel-booking.service';

@ApiTags('books')
@Controller('books')
export class CancelBookingHttpController {
  constructor(
    private readonly service: CancelBookingService,
    private readonly idempotent: IdempotentRequests,
  ) {}

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel before the ticket is printed; payment refunds it (status 9). Cancelling again answers the same.' })
  @ApiHeader({ name: HeaderName.customerId, required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key gets the first answer.' })
  @ApiOkResponse({ type: BookingView })
  @ApiBadRequestResponse({ description: 'id is not a UUID, or the Idempotency-Key is not 1 to 200 visible ASCII characters (IDEMPOTENCY_KEY_INVALID).' })
  @ApiNotFoundResponse({ description: 'No such booking for this customer (BOOKING_NOT_FOUND).' })
  @ApiConflictResponse({
    description: 'Ticket already printed (TICKET_ALREADY_PRINTED), the booking is not booked or its ticket was printed meanwhile ' +
      '(BOOKING_STATE_CONFLICT), or a request with the key is still running (IDEMPOTENCY_IN_PROGRESS, Retry-After).',
  })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED).' })
  async cancel(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers(HeaderName.customerId) caller?: string,
    @Headers(HeaderName.idempotencyKey) key?: string,
  ): Promise<BookingView> {
    const answer = await this.idempotent.run(
      { key, customerId: caller || ANONYMOUS_CUSTOMER, operation: `DELETE /books/${id}`, body: {} },
      200,
      () => this.service.cancel(id, caller),
    );
    return sendAnswer(reply, answer) as BookingView;
  }
}
