import { Inject, Injectable, Logger } from '@nestjs/common';
import { Headers } from '@movie/contracts';
import { currentRequestId, serviceCredentialHeaders } from '@movie/runtime';

export const BOOK_CALL_SETTINGS = Symbol('BOOK_CALL_SETTINGS');

export interface BookCallSettings {
  url: string;
  timeoutMs: number;
  retryAfterSeconds: number;
}

/** What book said to "the ticket of this booking is being printed". */
export type PrintVerdict =
  | { kind: 'accepted' }
  /** Cancel won the race: the booking is cancelled and its ticket must not be printed. */
  | { kind: 'cancelled' }
  /** Any other refusal (unknown booking, a booking not in a printable state): book's code and words. */
  | { kind: 'refused'; code: string; reason: string }
  /** No answer worth trusting: unreachable, too slow, or failing. Nothing is known to have changed. */
  | { kind: 'unavailable'; why: string; retryAfterSeconds: number };

/**
 * ticket's only way to book. Book's conditional update of the booking decides a race
 * between printing and cancelling; this client only carries the question and the answer.
 * No retry here: the staff's PATCH answers 503 and is repeated, and book answers a
 * repeated print the same (it is idempotent).
 */
@Injectable()
export class BookClient {
  private readonly logger = new Logger(BookClient.name);
  private readonly credential = serviceCredentialHeaders();

  constructor(@Inject(BOOK_CALL_SETTINGS) private readonly settings: BookCallSettings) {}

  async acceptPrint(bookingId: string): Promise<PrintVerdict> {
    const url = `${this.settings.url.replace(/\/+$/, '')}/internal/books/${encodeURIComponent(bookingId)}/ticket-printed`;
    let status: number;
    let body: { code?: unknown; message?: unknown } | undefined;
    try {
      const response = await fetch(url, { method: 'POST', headers: this.headers(), signal: AbortSignal.timeout(this.settings.timeoutMs) });
      status = response.status;
      body = parseJson(await response.text());
    } catch (error) {
      const why = isTimeout(error) ? `no answer in ${this.settings.timeoutMs} ms` : `unreachable: ${describe(error)}`;
      this.logger.warn(`book print check for booking ${bookingId}: ${why}`);
      return this.unavailable(why);
    }
    return this.verdictOf(bookingId, status, body);
  }

  private verdictOf(bookingId: string, status: number, body: { code?: unknown; message?: unknown } | undefined): PrintVerdict {
    const code = typeof body?.code === 'string' ? body.code : undefined;
    const reason = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
    if (status === 200) return { kind: 'accepted' };
    if (status === 409 && code === 'BOOKING_CANCELLED') return { kind: 'cancelled' };
    if (status === 409) return { kind: 'refused', code: code ?? 'BOOKING_NOT_PRINTABLE', reason };
    if (status === 404) return { kind: 'refused', code: 'BOOKING_NOT_FOUND', reason: `book does not know booking ${bookingId}` };
    this.logger.warn(`book print check for booking ${bookingId} answered ${status}: ${reason}`);
    return this.unavailable(`book answered ${status}`);
  }

  private unavailable(why: string): PrintVerdict {
    return { kind: 'unavailable', why, retryAfterSeconds: this.settings.retryAfterSeconds };
  }

  private headers(): Record<string, string> {
    const requestId = currentRequestId();
    return { accept: 'application/json', ...this.credential, ...(requestId ? { [Headers.requestId]: requestId } : {}) };
  }
}

function parseJson(text: string): { code?: unknown; message?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

// DOMException, which is not an Error in every realm (jest's among them): go by its name.
const isTimeout = (error: unknown) => ['TimeoutError', 'AbortError'].includes((error as { name?: string } | null)?.name ?? '');
const describe = (error: unknown) => {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};
