import { HealthIndicatorResult } from '@nestjs/terminus';

/**
 * A dependency the app needs before it can take traffic. `check` resolves with the
 * indicator's result; `critical: false` reports the state as information only
 * (book stays ready while payment's breaker is open).
 */
export interface ReadinessCheck {
  name: string;
  critical?: boolean;
  check(): Promise<Record<string, unknown>>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export type ReadinessResult = HealthIndicatorResult;
