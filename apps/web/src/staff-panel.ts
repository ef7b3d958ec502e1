import { api } from './api.js';
import { byId, clear, dateTime, h, say } from './dom.js';
import { explain } from './error-messages.js';
import { Ticket } from './types.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Staff: find the ticket of a booking and print it. */
export class StaffPanel {
  private readonly input = byId<HTMLInputElement>('ticket-booking-id');
  private readonly result = byId<HTMLDivElement>('ticket-result');
  private readonly messages = byId<HTMLDivElement>('ticket-messages');

  constructor() {
    byId<HTMLFormElement>('ticket-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.find();
    });
  }

  /** Opened from a booking's "staff desk" link. */
  lookUp(bookingId: string): void {
    this.input.value = bookingId;
    void this.find();
  }

  private async find(): Promise<void> {
    const bookingId = this.input.value.trim();
    clear(this.result);
    if (!uuid.test(bookingId)) {
      say(this.messages, 'A booking id looks like 3f2b8c1e-5d4a-4e7b-9c2d-1a2b3c4d5e6f: check it and try again.', 'error');
      this.input.setAttribute('aria-invalid', 'true');
      this.input.focus();
      return;
    }
    this.input.removeAttribute('aria-invalid');
    say(this.messages, 'Looking for the ticket…');
    try {
      const [ticket] = await api<Ticket[]>('GET', `/tickets?bookingId=${encodeURIComponent(bookingId)}`);
      if (!ticket) {
        say(this.messages, 'No ticket for this booking yet. A ticket is issued a moment after the booking is confirmed; try again shortly.', 'error');
        return;
      }
      clear(this.messages);
      this.show(ticket);
    } catch (error) {
      say(this.messages, explain(error), 'error');
    }
  }

  private show(ticket: Ticket): void {
    const movie = ticket.movieName ? ticket.movieName.charAt(0).toUpperCase() + ticket.movieName.slice(1) : 'Unknown movie';
    this.result.replaceChildren(h('article', { class: 'ticket-card', 'data-ticket-status': ticket.status },
      h('h3', {}, `Ticket: ${movie}`),
      h('dl', {},
        h('dt', {}, 'Screening'), h('dd', {}, dateTime(ticket.startsAt)),
        h('dt', {}, 'Seats'), h('dd', {}, ticket.seats.join(', ')),
        h('dt', {}, 'Customer'), h('dd', {}, ticket.customerId),
        h('dt', {}, 'Ticket status'), h('dd', { class: 'ticket-status' }, ticket.status),
        ticket.printedAt && h('dt', {}, 'Printed at'), ticket.printedAt && h('dd', {}, dateTime(ticket.printedAt)),
      ),
      ticket.status === 'Waiting' && h('button', { type: 'button', class: 'primary', onclick: () => void this.print(ticket.id) }, 'Print ticket'),
    ));
  }

  private async print(ticketId: string): Promise<void> {
    say(this.messages, 'Printing…');
    try {
      const ticket = await api<Ticket>('PATCH', `/tickets/${encodeURIComponent(ticketId)}`, { status: 'Printed' });
      this.show(ticket);
      say(this.messages, `Ticket printed for seats ${ticket.seats.join(', ')}.`, 'success');
    } catch (error) {
      say(this.messages, explain(error), 'error');
    }
  }
}
