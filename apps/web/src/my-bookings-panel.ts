import { api } from './api.js';
import { byId, dateTime, h, money, say, timeOfDay } from './dom.js';
import { explain } from './error-messages.js';
import { BookingStatus, laterStatus, statusText } from './status.js';
import { Booking, MyBooking, MyBookingDetail, MyBookingPage, NotificationView } from './types.js';

const ticketText: Record<MyBooking['ticket']['state'], string> = {
  none: 'not issued yet', waiting: 'waiting to be printed', printed: 'printed', voided: 'voided',
};
const paymentText: Record<MyBooking['payment']['state'], string> = { none: 'none yet', approved: 'paid', refunded: 'refunded' };

/** Customer: my bookings with their status and history, cancel, and what the live stream says. */
export class MyBookingsPanel {
  private readonly list = byId<HTMLOListElement>('bookings-list');
  private readonly messages = byId<HTMLDivElement>('bookings-messages');
  private readonly feed = byId<HTMLOListElement>('live-feed');
  private bookings: MyBooking[] = [];
  /** The latest status each booking is known to have, from any source. */
  private readonly statuses = new Map<string, number>();
  private readonly openHistories = new Set<string>();
  private reloadTimer?: number;

  constructor() {
    byId<HTMLButtonElement>('bookings-refresh').addEventListener('click', () => void this.reload());
  }

  /** A new customer: forget what the previous one saw. */
  reset(): void {
    this.bookings = [];
    this.statuses.clear();
    this.openHistories.clear();
    this.feed.replaceChildren();
    this.render();
  }

  async reload(): Promise<void> {
    try {
      const page = await api<MyBookingPage>('GET', '/mypages?limit=50');
      const shown = new Set(page.items.map((item) => item.bookingId));
      // A booking made a moment ago may not have reached my page yet: keep showing it.
      const pending = this.bookings.filter((booking) => !shown.has(booking.bookingId) && this.statuses.has(booking.bookingId));
      this.bookings = [...pending, ...page.items];
      this.render();
    } catch (error) {
      say(this.messages, `My bookings could not be loaded. ${explain(error)}`, 'error');
    }
  }

  /** Shows a booking just made, before the my-page projection has it. */
  added(booking: Booking): void {
    this.statuses.set(booking.id, laterStatus(this.statuses.get(booking.id), booking.status));
    if (!this.bookings.some((b) => b.bookingId === booking.id)) {
      this.bookings.unshift({
        bookingId: booking.id, movieName: booking.movieName, screeningId: booking.screeningId, startsAt: booking.startsAt,
        seats: booking.seats, qty: booking.qty, totalPrice: booking.totalPrice, status: booking.status, statusLabel: booking.statusLabel,
        payment: { state: 'approved', paidAmount: booking.totalPrice, refundedAmount: null }, ticket: { state: 'none', ticketId: null },
        updatedAt: null,
      });
    }
    this.render();
    this.reloadSoon();
  }

  notified(view: NotificationView): void {
    this.feed.prepend(h('li', {}, h('time', { datetime: view.occurredAt }, timeOfDay(view.occurredAt)), ' ', view.message));
    while (this.feed.children.length > 5) this.feed.lastElementChild?.remove();
    if (view.status !== null) this.statuses.set(view.bookingId, laterStatus(this.statuses.get(view.bookingId), view.status));
    this.render();
    this.reloadSoon();
  }

  /** My page follows the same events a moment later; read it again for the ticket, payment and history. */
  private reloadSoon(): void {
    window.clearTimeout(this.reloadTimer);
    this.reloadTimer = window.setTimeout(() => void this.reload(), 400);
  }

  private statusOf(booking: MyBooking): number {
    const status = laterStatus(this.statuses.get(booking.bookingId), booking.status);
    this.statuses.set(booking.bookingId, status);
    return status;
  }

  private render(): void {
    const focused = document.activeElement as HTMLElement | null;
    const focusKey = this.list.contains(focused) ? focused?.dataset.focusKey : undefined;
    if (this.bookings.length === 0) {
      this.list.replaceChildren(h('li', { class: 'muted' }, 'No bookings yet.'));
      return;
    }
    this.list.replaceChildren(...this.bookings.map((booking) => this.card(booking)));
    if (focusKey) this.list.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]`)?.focus();
  }

  private card(booking: MyBooking): HTMLLIElement {
    const status = this.statusOf(booking);
    const id = booking.bookingId;
    const ticket = status === BookingStatus.printed ? 'printed' : status === BookingStatus.cancelled && booking.ticket.state === 'waiting' ? 'voided' : booking.ticket.state;
    const cancellable = status === BookingStatus.booked && ticket !== 'printed';
    const historyOpen = this.openHistories.has(id);
    const history = h('div', { id: `history-${id}`, class: 'history', hidden: !historyOpen });
    if (historyOpen) void this.loadHistory(id, history);
    const title = booking.movieName ? booking.movieName.charAt(0).toUpperCase() + booking.movieName.slice(1) : 'Booking';
    return h('li', { class: 'booking-card', 'data-booking-id': id, 'data-status': status },
      h('div', { class: 'card-head' },
        h('h3', {}, title, h('span', { class: 'muted' }, ` ${dateTime(booking.startsAt)}`)),
        h('span', { class: `badge status-${status}`, 'aria-label': `Status: ${statusText(status)}` }, statusText(status)),
      ),
      h('dl', {},
        h('dt', {}, 'Seats'), h('dd', {}, booking.seats.join(', ')),
        h('dt', {}, 'Total'), h('dd', {}, booking.totalPrice === null ? '' : money(booking.totalPrice)),
        h('dt', {}, 'Payment'), h('dd', {}, status === BookingStatus.cancelled && booking.payment.state === 'approved' ? 'refund on its way' : paymentText[booking.payment.state]),
        h('dt', {}, 'Ticket'), h('dd', { class: 'ticket-state' }, ticketText[ticket]),
        h('dt', {}, 'Booking id'), h('dd', {}, h('code', { class: 'booking-id' }, id)),
      ),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'secondary', 'aria-expanded': String(historyOpen), 'aria-controls': history.id, 'data-focus-key': `history-${id}`,
          onclick: () => this.toggleHistory(id),
        }, historyOpen ? 'Hide history' : 'Show history'),
        cancellable && h('button', { type: 'button', class: 'danger', 'data-focus-key': `cancel-${id}`, onclick: () => void this.cancel(id) }, 'Cancel booking'),
        status === BookingStatus.booked && h('a', { href: `#staff/${id}`, class: 'staff-link' }, 'Open at the staff desk'),
      ),
      history,
    );
  }

  private toggleHistory(id: string): void {
    if (this.openHistories.has(id)) this.openHistories.delete(id);
    else this.openHistories.add(id);
    this.render();
  }

  private async loadHistory(id: string, region: HTMLElement): Promise<void> {
    try {
      const detail = await api<MyBookingDetail>('GET', `/mypages/${encodeURIComponent(id)}`);
      region.replaceChildren(h('h4', {}, 'History'), h('ol', {}, ...detail.history.map((entry) =>
        h('li', {}, h('time', { datetime: entry.occurredAt }, dateTime(entry.occurredAt)), ' ', entry.description))));
    } catch (error) {
      say(region, `The history could not be loaded. ${explain(error)}`, 'error');
    }
  }

  private async cancel(id: string): Promise<void> {
    say(this.messages, 'Cancelling…');
    try {
      const booking = await api<Booking>('DELETE', `/books/${encodeURIComponent(id)}`);
      this.statuses.set(id, laterStatus(this.statuses.get(id), booking.status));
      say(this.messages, `Booking for seats ${booking.seats.join(', ')} cancelled. The payment is refunded.`, 'success');
      this.render();
      this.reloadSoon();
    } catch (error) {
      say(this.messages, explain(error), 'error');
      void this.reload();
    }
  }
}
