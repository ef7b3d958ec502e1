import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

const CHECK_TIMEOUT_MS = 2000;

const withTimeout = <T>(work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Liveness: the process answers. Dependencies are not checked, so k8s never restarts for them. */
  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process is alive.' })
  live() {
    return this.health.check([async () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  /** Readiness: every critical dependency answers; non-critical ones are reported as information. */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Ready to take traffic.' })
  @ApiServiceUnavailableResponse({ description: 'A critical dependency is not reachable.' })
  ready() {
    return this.health.check(
      this.checks.map((readiness) => async () => {
        const indicator = this.indicators.check(readiness.name);
        try {
          return indicator.up(await withTimeout(readiness.check()));
        } catch (error) {
          const detail = { message: error instanceof Error ? error.message : String(error) };
          return readiness.critical === false ? indicator.up({ ...detail, degraded: true }) : indicator.down(detail);
        }
      }),
    );
  }
}
