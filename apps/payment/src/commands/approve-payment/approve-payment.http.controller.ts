import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPaymentRequiredResponse,
  ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApprovePaymentRequest, PaymentResponse } from '@movie/contracts';
import { toPaymentResponse } from '../../queries/payment.view';
import { ApprovePaymentService } from './approve-payment.service';
import { ServiceOnly } from '@movie/runtime';

@ApiTags('payments')
@ServiceOnly()
@Controller('payments')
export class ApprovePaymentHttpController {
  constructor(private readonly service: ApprovePaymentService) {}

  @Post()
  @ApiOperation({
    summary: 'Charge a booking',
    description: 'Idempotent by bookingId. The stand-in processor declines amounts above PAYMENT_MAX_AMOUNT.',
  })
  @ApiCreatedResponse({ type: PaymentResponse, description: 'Charged now.' })
  @ApiOkResponse({ type: PaymentResponse, description: 'The booking was already charged for this request: the same payment.' })
  @ApiBadRequestResponse({ description: 'A field is missing or wrong (VALIDATION_FAILED), or customerId is only blanks (PAYMENT_INVALID).' })
  @ApiPaymentRequiredResponse({ description: 'Declined by the processor (PAYMENT_DECLINED); nothing was charged.' })
  @ApiConflictResponse({
    description: 'The booking was voided (PAYMENT_VOIDED), its payment refunded (PAYMENT_REFUNDED), ' +
      'or it was paid with another amount or customer (PAYMENT_MISMATCH).',
  })
  @ApiServiceUnavailableResponse({ description: 'The processor is unavailable (PAYMENT_UNAVAILABLE, Retry-After); nothing was charged.' })
  async approve(
    @Body() request: ApprovePaymentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentResponse> {
    const { payment, created } = await this.service.approve(request);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return toPaymentResponse(payment);
  }
}
