import { Controller, Get, Headers, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BookingView, Headers as HeaderName } from '@movie/contracts';
import { InvalidBookingRequest, BookingNotFound } from '../domain/book.errors';
import { BookingRepository } from '../database/booking.repository';
import { TransactionRunner } from '@movie/persistence';
import { toBookingView } from './booking.view';

@ApiTags('books')
@Controller('books')
export class FindBookingsHttpController {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One booking with its current status' })
  @ApiHeader({ name: HeaderName.customerId, required: false })
  @ApiOkResponse({ type: BookingView })
  @ApiBadRequestResponse({ description: 'id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such booking for this customer (BOOKING_NOT_FOUND).' })
  async find(@Param('id', new ParseUUIDPipe()) id: string, @Headers(HeaderName.customerId) caller?: string): Promise<BookingView> {
    const booking = await this.transactions.runStatement((manager) => this.bookings.find(manager, id));
    if (!booking || (caller && booking.customerId !== caller)) throw new BookingNotFound(id);
    return toBookingView(booking);
  }

  @Get()
  @ApiOperation({ summary: "A customer's bookings, newest first (the caller's own when the gateway names one)" })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiHeader({ name: HeaderName.customerId, required: false })
  @ApiOkResponse({ type: [BookingView], description: 'At most 200, newest first.' })
  @ApiBadRequestResponse({ description: 'No customer named, or a customer id over 64 characters (CUSTOMER_REQUIRED).' })
  async list(@Query('customerId') customerId?: string, @Headers(HeaderName.customerId) caller?: string): Promise<BookingView[]> {
    const whose = caller || customerId;
    if (typeof whose !== 'string' || whose.length === 0 || whose.length > 64) {
      throw new InvalidBookingRequest('CUSTOMER_REQUIRED', 'say whose bookings to list: the x-customer-id header or ?customerId=');
    }
    const bookings = await this.transactions.runStatement((manager) => this.bookings.findByCustomer(manager, whose, 200));
    return bookings.map(toBookingView);
  }
}
