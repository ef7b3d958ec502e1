import { ApiError, NetworkError } from './api.js';

/**
 * What an error means to the person at the page, in their words. The server's own message
 * is kept where it is the most precise thing to say (which seat, which field).
 */
export function explain(error: unknown): string {
  if (error instanceof NetworkError) return 'The platform cannot be reached. Check your connection and try again.';
  if (!(error instanceof ApiError)) return `Something went wrong in this page: ${error instanceof Error ? error.message : String(error)}`;
  const text = byCode(error) ?? byStatus(error);
  return error.body.requestId && error.status >= 500 ? `${text} (reference ${error.body.requestId})` : text;
}

function byCode(error: ApiError): string | undefined {
  switch (error.code) {
    case 'SEAT_ALREADY_TAKEN': {
      const seats = error.message.match(/\b\d{1,3}[A-Z]\b/g) ?? [];
      const which = seats.length ? `Seat ${seats.join(', ')}` : 'A seat you picked';
      return `${which} ${seats.length > 1 ? 'were' : 'was'} just taken by someone else. The seat map is updated: pick another seat.`;
    }
    case 'PAYMENT_UNAVAILABLE':
      return `Payment is busy right now, so nothing was booked or charged. ${waitHint(error.retryAfterSeconds)}`;
    case 'PAYMENT_DECLINED':
      return 'The payment was declined, so nothing was booked. Try another card or contact your bank.';
    case 'PRICE_MISMATCH':
      return 'The price has changed since the page showed it. The price is updated: check it and book again.';
    case 'TICKET_ALREADY_PRINTED':
      return 'This ticket has already been printed, so the booking can no longer be cancelled.';
    case 'BOOKING_CANCELLED':
      return 'This booking was cancelled, so its ticket cannot be printed.';
    case 'TICKET_VOIDED':
      return 'This ticket was voided (its booking was cancelled), so it cannot be printed.';
    case 'BOOKING_STATE_CONFLICT':
      return `This booking cannot do that in its current state: ${error.message}`;
    case 'BOOK_UNAVAILABLE':
      return `The booking service did not answer in time, so nothing was printed. ${waitHint(error.retryAfterSeconds)}`;
    case 'BOOKING_NOT_FOUND':
      return 'No such booking for this customer. Check the booking id and the customer id.';
    case 'TICKET_NOT_FOUND':
      return 'No ticket with this id.';
    case 'SCREENING_NOT_FOUND':
      return 'This screening no longer exists. Pick another one.';
    case 'NOT_YOUR_BOOKINGS':
      return "These are another customer's bookings.";
    case 'CUSTOMER_REQUIRED':
      return 'Enter a customer id first.';
    case 'AUTHENTICATION_REQUIRED':
      return 'Please sign in first.';
    case 'INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'TOKEN_EXPIRED':
    case 'INVALID_TOKEN':
      return 'Your session has ended. Please sign in again.';
    case 'STAFF_ONLY':
      return 'Only cinema staff may do this: sign in as staff.';
    case 'CUSTOMERS_ONLY':
      return 'Only a customer may do this: sign in as a customer.';
    case 'RATE_LIMITED':
      return `Too many requests from this device. ${waitHint(error.retryAfterSeconds)}`;
    case 'VALIDATION_FAILED':
      return `Please check the input: ${error.message}`;
    default:
      return undefined;
  }
}

function byStatus(error: ApiError): string {
  const detail = error.message;
  if (error.status === 502) return `A service of the platform is not answering (${detail}). Try again shortly.`;
  if (error.status === 504) return `A service of the platform is too slow right now (${detail}). Try again shortly.`;
  if (error.status === 503) return `The platform is busy (${detail}). ${waitHint(error.retryAfterSeconds)}`;
  if (error.status === 429) return `Too many requests. ${waitHint(error.retryAfterSeconds)}`;
  if (error.status >= 500) return `The platform failed to do this (${detail}). Try again shortly.`;
  if (error.status === 404) return `Not found: ${detail}`;
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

function waitHint(seconds: number | undefined): string {
  if (!seconds) return 'Try again in a moment.';
  return `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
