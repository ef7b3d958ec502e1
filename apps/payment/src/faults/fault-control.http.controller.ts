import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FaultInjector } from './fault-injector';
import { ChangeFaultsRequest, FaultsView } from './fault-control.request';
import { FaultSettings, toDelayRange, toDelaySpec } from './fault-settings';
import { ServiceOnly } from '@movie/runtime';

const toView = (settings: FaultSettings): FaultsView => ({
  delayMs: toDelaySpec(settings.delay),
  failureRate: settings.failureRate,
});

/** Mounted only with PAYMENT_FAULT_CONTROL=true, for tests and resilience experiments. */
@ApiTags('payment faults (experiments only)')
@ServiceOnly()
@Controller('internal/faults')
export class FaultControlHttpController {
  constructor(private readonly faults: FaultInjector) {}

  @Get()
  @ApiOperation({ summary: 'The faults POST /payments is injecting now' })
  @ApiOkResponse({ type: FaultsView })
  show(): FaultsView {
    return toView(this.faults.current);
  }

  @Put()
  @ApiOperation({ summary: 'Change the injected faults; fields left out stay as they are' })
  @ApiOkResponse({ type: FaultsView, description: 'The faults now in force.' })
  @ApiBadRequestResponse({ description: 'A value out of range (VALIDATION_FAILED).' })
  change(@Body() request: ChangeFaultsRequest): FaultsView {
    const changes: Partial<FaultSettings> = {};
    if (request.delayMs !== undefined) changes.delay = toDelayRange(request.delayMs);
    if (request.failureRate !== undefined) changes.failureRate = request.failureRate;
    return toView(this.faults.change(changes));
  }
}
