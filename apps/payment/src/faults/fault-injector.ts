import { setTimeout as sleep } from 'node:timers/promises';
import { PaymentUnavailable } from '../domain/payment.errors';
import { FaultSettings } from './fault-settings';

/**
 * Makes charges slow or failing on purpose, as configured; with the defaults it does nothing.
 * The wait comes before the charge is recorded, as a slow processor's would: a caller that gives
 * up meanwhile and voids the booking finds nothing charged yet.
 */
export class FaultInjector {
  constructor(
    private settings: FaultSettings,
    private readonly random: () => number = Math.random,
  ) {}

  get current(): FaultSettings {
    return { ...this.settings };
  }

  change(changes: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...changes };
    return this.current;
  }

  async beforeCharge(): Promise<void> {
    const { delay, failureRate } = this.settings;
    if (delay) await sleep(delay.min + Math.floor(this.random() * (delay.max - delay.min + 1)));
    if (failureRate > 0 && this.random() < failureRate) throw new PaymentUnavailable();
  }
}
