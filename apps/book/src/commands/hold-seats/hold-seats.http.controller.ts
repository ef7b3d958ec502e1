import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Headers as HeaderName, HoldSeatsRequest, HoldView } from '@movie/contracts';
import { ANONYMOUS_CUSTOMER } from '../book-seats/book-seats.http.controller';
import { HoldSeatsService } from './hold-seats.service';

@ApiTags('holds')
@Controller('holds')
export class HoldSeatsHttpController {
  constructor(private readonly service: HoldSeatsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Hold seats while deciding; book them with POST /books {"holdId"} before the hold expires' })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway.' })
  @ApiCreatedResponse({ type: HoldView, description: 'Held until expiresAt; the seats show as taken to others.' })
  @ApiBadRequestResponse({ description: 'Malformed request, unknown movie, seats not in the hall or not matching qty, wrong totalPrice.' })
  @ApiConflictResponse({ description: 'A seat is sold or held by someone else (SEAT_ALREADY_TAKEN), named in the message.' })
  hold(@Body() request: HoldSeatsRequest, @Headers(HeaderName.customerId) caller?: string): Promise<HoldView> {
    return this.service.hold(request, caller || request.customerId || ANONYMOUS_CUSTOMER);
  }
}
