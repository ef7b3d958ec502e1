import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { VoidPaymentRequest, VoidPaymentResponse } from '@movie/contracts';
import { VoidPaymentService } from './void-payment.service';
import { ServiceOnly } from '@movie/runtime';

@ApiTags('payments')
@ServiceOnly()
@Controller('payments')
export class VoidPaymentHttpController {
  constructor(private readonly service: VoidPaymentService) {}

  @Post('voids')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Void the payment of a booking that did not stand',
    description: 'A charged booking is refunded (PaymentRefunded); an uncharged one can no longer be charged. Idempotent.',
  })
  @ApiOkResponse({ type: VoidPaymentResponse })
  @ApiBadRequestResponse({ description: 'A field is missing or wrong (VALIDATION_FAILED).' })
  void(@Body() request: VoidPaymentRequest): Promise<VoidPaymentResponse> {
    return this.service.void(request.bookingId, request.reason);
  }
}
