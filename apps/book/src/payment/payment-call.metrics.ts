import { Injectable, Optional } from '@nestjs/common';
import { Metrics } from '@movie/runtime';

const states = ['closed', 'half-open', 'open', 'isolated'] as const;

/**
 * What PaymentClient reports about its calls: the breaker's state (read on each scrape)
 * and every fallback to "unavailable", by why. Without the app's Metrics (a bare test
 * module) it records nothing.
 */
@Injectable()
export class PaymentCallMetrics {
  constructor(@Optional() private readonly metrics?: Metrics) {}

  watchBreaker(breaker: () => { state: string; open: boolean }): void {
    this.metrics?.gauge({
      name: 'payment_breaker_open', help: 'The breaker to payment refuses calls (1) or lets them through (0)',
      collect() {
        this.set(breaker().open ? 1 : 0);
      },
    });
    this.metrics?.gauge({
      name: 'payment_breaker_state', help: "The breaker to payment's state: 1 for the current one", labelNames: ['state'] as const,
      collect() {
        const current = breaker().state;
        for (const state of states) this.set({ state }, state === current ? 1 : 0);
      },
    });
  }

  fellBack(why: string): void {
    this.metrics
      ?.counter({ name: 'payment_fallbacks_total', help: 'Payment calls answered by the fallback (503 to the customer), by why', labelNames: ['reason'] as const })
      .inc({ reason: why.replace(/ /g, '_') });
  }
}
