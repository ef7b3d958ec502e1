import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TransactionRunner } from '@movie/persistence';
import { TicketRepository } from '../../database/ticket.repository';
import { TicketView, toTicketView } from '../ticket.view';
import { FindTicketsRequest } from './find-tickets.request';

@ApiTags('tickets')
@Controller('tickets')
export class FindTicketsHttpController {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  @Get()
  @ApiOperation({ summary: "A booking's ticket, as a list: empty until the confirmation has reached ticket" })
  @ApiOkResponse({ type: [TicketView] })
  @ApiBadRequestResponse({ description: 'bookingId is missing or not a UUID, or an unknown parameter (VALIDATION_FAILED).' })
  async find(@Query() request: FindTicketsRequest): Promise<TicketView[]> {
    const ticket = await this.transactions.runStatement((manager) => this.tickets.findByBookingId(manager, request.bookingId));
    return ticket ? [toTicketView(ticket)] : [];
  }
}
