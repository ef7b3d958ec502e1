import { randomInt } from 'node:crypto';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AxiosError, AxiosInstance, AxiosResponse } from 'axios';
import {
  BrokenCircuitError, CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, ExponentialBackoff, IPolicy, TaskCancelledError,
  TimeoutStrategy, circuitBreaker, handleType, handleWhen, retry, timeout, wrap,
} from 'cockatiel';
import { Headers } from '@movie/contracts';
import { PaymentCallMetrics } from './payment-call.metrics';
import { currentRequestIdHeader } from './request-headers';
import { PaymentCallSettings } from '../book.config';

export const PAYMENT_SETTINGS = Symbol('PAYMENT_SETTINGS');

export interface ApprovedPayment {
  paymentId: string;
  bookingId: string;
  amount: number;
  status: string;
}

export type PaymentOutcome =
  | { kind: 'approved'; payment: ApprovedPayment }
  | { kind: 'declined'; reason: string }
  /** Nothing is known to be charged: timed out, down, overloaded, or the breaker is open. */
  | { kind: 'unavailable'; why: 'timeout' | 'down' | 'busy' | 'breaker open'; retryAfterSeconds: number; attempted: boolean };

/** A failure worth retrying and counting against the breaker. */
class PaymentCallFailed extends Error {
  constructor(
    message: string,
    readonly why: 'down' | 'busy',
  ) {
    super(message);
  }
}

/**
 * Payment refused the request itself (a 4xx that is not a decline): a mistake of book's, which a
 * retry repeats and which says nothing of payment's health, so neither retried nor held against it.
 */
class PaymentRequestRefused extends Error {}

const TRANSIENT_STATUS = new Set([502, 503, 504]);
const refusal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * book's only way to payment. Each call runs through cockatiel policies, outermost first:
 * breaker (fails fast while open), retry (a failed connection or an answer of 5xx, 408 or 429;
 * never a timeout, a decline or another 4xx; payment is idempotent by booking id, so a retry
 * never charges twice), timeout per attempt. The fallback turns every failure into an
 * "unavailable" outcome the caller answers with 503.
 */
@Injectable()
export class PaymentClient {
  private readonly logger = new Logger(PaymentClient.name);
  readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;
  private fallbacks = 0;
  private openedAt = 0;

  constructor(
    private readonly http: HttpService,
    @Inject(PAYMENT_SETTINGS) private readonly settings: PaymentCallSettings,
    @Optional() private readonly metrics?: PaymentCallMetrics,
  ) {
    this.breaker = circuitBreaker(handleType(PaymentCallFailed).orType(TaskCancelledError), {
      halfOpenAfter: settings.breakerOpenMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    });
    this.breaker.onStateChange((state) => this.logger.warn(`payment breaker is now ${stateName(state)}`));
    this.breaker.onBreak(() => (this.openedAt = Date.now()));
    const retryTransient = retry(handleWhen((error) => error instanceof PaymentCallFailed), {
      maxAttempts: settings.retries,
      backoff: new ExponentialBackoff({ initialDelay: 25, maxDelay: 200 }),
    });
    // abortOnReturn: false, because a call that returned has nothing left to cancel, and aborting
    // would build a DOMException with a stack trace for every payment.
    const timeLimit = timeout(settings.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
    this.policy = wrap(this.breaker, retryTransient, timeLimit);
    this.metrics?.watchBreaker(() => ({ state: stateName(this.breaker.state), open: this.isOpen }));
  }

  /**
   * Open means calls are refused at once; callers skip all work and answer 503. Once the
   * open period is over this says closed, so the next call can be the breaker's trial call
   * (cockatiel moves to half-open only when a call is attempted).
   */
  get isOpen(): boolean {
    if (this.breaker.state === CircuitState.Isolated) return true;
    return this.breaker.state === CircuitState.Open && Date.now() - this.openedAt < this.settings.breakerOpenMs;
  }

  get state(): { breaker: string; fallbacks: number } {
    return { breaker: stateName(this.breaker.state), fallbacks: this.fallbacks };
  }

  /**
   * Retry-After while the breaker is open: the seconds left until its trial call, plus up to as
   * many again at random, so the clients it turned away come back spread out, not together in a
   * crowd that fails the trial call and opens the breaker again.
   */
  get openRetryAfterSeconds(): number {
    const openFor = Math.ceil(this.settings.breakerOpenMs / 1000);
    const left = this.openedAt ? Math.ceil((this.openedAt + this.settings.breakerOpenMs - Date.now()) / 1000) : openFor;
    return spread(Math.max(1, left), openFor);
  }

  /** Retry-After for a client whose booking payment did not take: the breaker's while it is open, else the usual pause. */
  get retryAfterSeconds(): number {
    return this.isOpen ? this.openRetryAfterSeconds : spread(this.settings.retryAfterSeconds, this.settings.retryAfterSeconds);
  }

  async pay(request: { bookingId: string; customerId: string; amount: number }): Promise<PaymentOutcome> {
    let attempted = false;
    try {
      // A signal of its own per call: cockatiel's default is one shared signal that every call in flight adds a listener to.
      return await this.policy.execute(async ({ signal }) => {
        attempted = true;
        // The booking id is the charge's idempotency key: payment charges a booking once, so retries are safe.
        const options = this.options(signal);
        const charge = { ...options, headers: { ...options.headers, [Headers.idempotencyKey]: request.bookingId } };
        const response = await this.send((http) => http.post('/payments', request, charge));
        if (response.status === 200 || response.status === 201) return { kind: 'approved', payment: response.data as ApprovedPayment };
        // A 409 is a decline (the booking's payment was voided) unless payment holds a charge of
        // this booking for another amount: that one is charged, so it must not read as nothing.
        if (response.status === 402 || (response.status === 409 && codeOf(response) !== 'PAYMENT_MISMATCH')) {
          return { kind: 'declined', reason: messageOf(response) };
        }
        if (refusal(response.status)) throw new PaymentRequestRefused(`payment refused the charge with ${response.status}: ${messageOf(response)}`);
        throw new PaymentCallFailed(`payment answered ${response.status}: ${messageOf(response)}`, TRANSIENT_STATUS.has(response.status) ? 'busy' : 'down');
      }, new AbortController().signal);
    } catch (error) {
      return this.fallback(error, attempted);
    }
  }

  /** Undoes whatever payment recorded for a booking that did not stand: refund, or a tombstone. */
  async void(bookingId: string, reason: string): Promise<'refunded' | 'voided'> {
    const response = await this.send((http) =>
      http.post('/payments/voids', { bookingId, reason }, this.options(AbortSignal.timeout(Math.max(2000, this.settings.timeoutMs * 3)))),
    );
    if (response.status !== 200 && response.status !== 201) throw new Error(`payment void answered ${response.status}: ${messageOf(response)}`);
    return (response.data as { outcome: 'refunded' | 'voided' }).outcome;
  }

  /** The payment recorded for a booking, or null if payment has none. */
  async find(bookingId: string): Promise<ApprovedPayment | null> {
    const response = await this.send((http) =>
      http.get('/payments', { ...this.options(AbortSignal.timeout(Math.max(2000, this.settings.timeoutMs * 3))), params: { bookingId } }),
    );
    if (response.status === 404) return null;
    if (response.status !== 200) throw new Error(`payment lookup answered ${response.status}: ${messageOf(response)}`);
    return response.data as ApprovedPayment;
  }

  private options(signal: AbortSignal) {
    return { signal, validateStatus: () => true, headers: currentRequestIdHeader() };
  }

  /**
   * Calls go to HttpService's axios instance itself: its Observable wrapper cancels the call's
   * token when unsubscribed, even after the answer came, which builds an AxiosError with a
   * stack trace for every call. The abort signal is what cancels a call here.
   */
  private async send(call: (http: AxiosInstance) => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await call(this.http.axiosRef);
    } catch (error) {
      if (error instanceof AxiosError && error.code === 'ERR_CANCELED') throw new TaskCancelledError();
      throw new PaymentCallFailed(`payment unreachable: ${(error as Error).message}`, 'down');
    }
  }

  private fallback(error: unknown, attempted: boolean): PaymentOutcome {
    const outcome = this.fallbackOutcome(error, attempted);
    this.metrics?.fellBack(outcome.why);
    return outcome;
  }

  private fallbackOutcome(error: unknown, attempted: boolean): PaymentOutcome & { kind: 'unavailable' } {
    this.fallbacks++;
    if (error instanceof BrokenCircuitError) {
      return { kind: 'unavailable', why: 'breaker open', retryAfterSeconds: this.openRetryAfterSeconds, attempted };
    }
    const retryAfterSeconds = this.retryAfterSeconds;
    if (error instanceof TaskCancelledError) return { kind: 'unavailable', why: 'timeout', retryAfterSeconds, attempted };
    if (error instanceof PaymentCallFailed) return { kind: 'unavailable', why: error.why, retryAfterSeconds, attempted };
    this.logger.error(`unexpected payment call failure: ${(error as Error)?.stack ?? String(error)}`);
    return { kind: 'unavailable', why: 'down', retryAfterSeconds, attempted };
  }
}

/** At least `seconds`, and up to `jitter` more, at random. */
const spread = (seconds: number, jitter: number): number => seconds + randomInt(jitter + 1);

const stateName = (state: CircuitState): string => CircuitState[state].replace(/(?<=.)([A-Z])/g, '-$1').toLowerCase();

function codeOf(response: AxiosResponse): unknown {
  return (response.data as { code?: unknown } | undefined)?.code;
}

function messageOf(response: AxiosResponse): string {
  const data = response.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : `HTTP ${response.status}`;
}

