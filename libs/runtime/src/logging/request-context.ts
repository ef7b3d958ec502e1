import { trace } from '@opentelemetry/api';
import { AsyncValue } from './async-value';

export interface RequestContext {
  requestId: string;
  customerId?: string;
  /** The booking the work is about, once known: from the path or query, or from the events it records or applies. */
  bookingId?: string;
  /**
   * The app doing the work. In the embedded mode all apps share one process and Nest's
   * static Logger, so the log line takes the app from here rather than from the logger.
   */
  service?: string;
}

/** Carries the request id through async code so every log line and outgoing call has it. */
export const requestContext = new AsyncValue<RequestContext>('movie.request');

export const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;

export const currentBookingId = (): string | undefined => requestContext.getStore()?.bookingId;

export const currentService = (): string | undefined => requestContext.getStore()?.service;

/**
 * Says which booking the current request or event is about, for the log lines that
 * follow (`bookingId`) and the active span (`booking.id`), so one grep or one trace
 * search finds every step of a booking. The first booking named wins.
 */
export function annotateBooking(bookingId: string | undefined): void {
  if (!bookingId) return;
  const store = requestContext.getStore();
  if (store && !store.bookingId) store.bookingId = bookingId;
  trace.getActiveSpan()?.setAttribute('booking.id', bookingId);
}

/**
 * The booking an HTTP request names, if any: a `bookingId` path parameter or query
 * parameter, or the `:id` of a `/books/:id` route (book's own and its internal ones).
 */
export function bookingIdOfRequest(route: string | undefined, params: unknown, query: unknown): string | undefined {
  const fromParams = (params as Record<string, unknown> | undefined) ?? {};
  const fromQuery = (query as Record<string, unknown> | undefined) ?? {};
  const named = fromParams.bookingId ?? fromQuery.bookingId;
  if (typeof named === 'string' && named) return named;
  if (route && /(^|\/)books\/:id(\/|$)/.test(route) && typeof fromParams.id === 'string') return fromParams.id;
  return undefined;
}
