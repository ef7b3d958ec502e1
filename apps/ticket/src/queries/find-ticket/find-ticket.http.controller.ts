import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { TransactionRunner } from '@movie/persistence';
import { TicketRepository } from '../../database/ticket.repository';
import { TicketNotFound } from '../../domain/ticket.errors';
import { TicketView, toTicketView } from '../ticket.view';

@ApiTags('tickets')
@Controller('tickets')
export class FindTicketHttpController {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One ticket with its status: Waiting, Printed or Voided' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketView })
  @ApiBadRequestResponse({ description: 'id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such ticket (TICKET_NOT_FOUND).' })
  async find(@Param('id', new ParseUUIDPipe()) id: string): Promise<TicketView> {
    const ticket = await this.transactions.runStatement((manager) => this.tickets.findById(manager, id));
    if (!ticket) throw new TicketNotFound(id);
    return toTicketView(ticket);
  }
}
