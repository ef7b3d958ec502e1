import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PaymentResponse } from '@movie/contracts';
import { FindPaymentByBookingRequest } from './find-payment.request';
import { FindPaymentService } from './find-payment.service';

@ApiTags('payments')
@Controller('payments')
export class FindPaymentHttpController {
  constructor(private readonly service: FindPaymentService) {}

  @Get()
  @ApiOperation({ summary: "A booking's payment" })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiBadRequestResponse({ description: 'bookingId is missing or not a UUID (VALIDATION_FAILED).' })
  @ApiNotFoundResponse({ description: 'The booking has no payment (PAYMENT_NOT_FOUND).' })
  byBooking(@Query() query: FindPaymentByBookingRequest): Promise<PaymentResponse> {
    return this.service.byBooking(query.bookingId);
  }

  @Get(':paymentId')
  @ApiOperation({ summary: 'One payment' })
  @ApiParam({ name: 'paymentId', format: 'uuid' })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiBadRequestResponse({ description: 'paymentId is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such payment (PAYMENT_NOT_FOUND).' })
  byId(@Param('paymentId', new ParseUUIDPipe()) paymentId: string): Promise<PaymentResponse> {
    return this.service.byId(paymentId);
  }
}
