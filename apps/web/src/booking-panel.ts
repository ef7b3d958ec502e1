import { api, ApiError } from './api.js';
import { byId, clear, dateTime, h, money, say } from './dom.js';
import { explain } from './error-messages.js';
import { SeatMapView } from './seat-map.js';
import { Booking, Movie, SeatMap } from './types.js';

/** The platform takes at most this many seats in one booking. */
const MAX_SEATS = 10;

/** Customer: pick a screening, pick seats on the map, see the price, book. */
export class BookingPanel {
  private readonly screenings = byId<HTMLDivElement>('screenings');
  private readonly seatsHeading = byId<HTMLHeadingElement>('seats-heading');
  private readonly summary = byId<HTMLParagraphElement>('booking-summary');
  private readonly bookButton = byId<HTMLButtonElement>('book-button');
  private readonly messages = byId<HTMLDivElement>('booking-messages');
  private readonly seatMap = new SeatMapView((seat) => this.toggle(seat));
  private map?: SeatMap;
  private readonly titles = new Map<string, string>();
  private readonly selected = new Set<string>();
  private retryTimer?: number;

  constructor(private readonly booked: (booking: Booking) => void) {
    byId('seat-map-slot').replaceChildren(this.seatMap.element);
    byId<HTMLFormElement>('booking-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.book();
    });
  }

  async start(): Promise<void> {
    try {
      const movies = await api<Movie[]>('GET', '/movies');
      for (const movie of movies) this.titles.set(movie.name, movie.title);
      this.screenings.replaceChildren(...movies.map((movie) => this.movieChoices(movie)));
      const first = this.screenings.querySelector<HTMLInputElement>('input[type=radio]');
      if (first) {
        first.checked = true;
        await this.showScreening(first.value);
      }
    } catch (error) {
      say(this.screenings, `Movies could not be loaded. ${explain(error)}`, 'error');
    }
  }

  /** Seats change when a booking of this customer is made or cancelled elsewhere. */
  async refreshSeats(): Promise<void> {
    if (this.map) await this.showScreening(this.map.screeningId, false);
  }

  private movieChoices(movie: Movie): HTMLFieldSetElement {
    return h('fieldset', { class: 'movie' },
      h('legend', {}, h('span', { class: 'movie-title' }, movie.title), h('span', { class: 'muted' }, ` ${movie.runningMinutes} min`)),
      ...movie.screenings.map((screening) =>
        h('label', { class: 'screening' },
          h('input', {
            type: 'radio', name: 'screening', value: screening.id,
            onchange: (event) => void this.showScreening((event.target as HTMLInputElement).value),
          }),
          h('span', {}, dateTime(screening.startsAt)), h('span', { class: 'muted' }, ` ${screening.hall}, ${money(screening.price)} a seat`),
        ),
      ),
    );
  }

  private async showScreening(screeningId: string, fresh = true): Promise<void> {
    if (fresh) {
      this.selected.clear();
      this.stopRetry();
      clear(this.messages);
    }
    try {
      this.map = await api<SeatMap>('GET', `/screenings/${encodeURIComponent(screeningId)}/seats`);
      for (const seat of this.map.taken) this.selected.delete(seat);
      this.seatsHeading.textContent = `Seats: ${this.titles.get(this.map.movieName) ?? this.map.movieName}, ${dateTime(this.map.startsAt)}, ${this.map.hall} (${this.map.free} free)`;
      this.render();
    } catch (error) {
      say(this.messages, `The seat map could not be loaded. ${explain(error)}`, 'error');
    }
  }

  private toggle(seat: string): void {
    if (this.selected.has(seat)) this.selected.delete(seat);
    else if (this.selected.size >= MAX_SEATS) {
      say(this.messages, `At most ${MAX_SEATS} seats in one booking.`, 'error');
      return;
    } else this.selected.add(seat);
    this.render();
  }

  private render(): void {
    if (!this.map) return;
    this.seatMap.show(this.map, this.selected);
    const seats = this.seats();
    if (seats.length === 0) {
      this.summary.textContent = `Pick seats on the map: ${money(this.map.price)} a seat.`;
      this.bookButton.textContent = 'Book';
    } else {
      const total = this.map.price * seats.length;
      this.summary.textContent = `Seats ${seats.join(', ')}: ${seats.length} × ${money(this.map.price)} = ${money(total)} to pay.`;
      this.bookButton.textContent = `Book ${seats.length} seat${seats.length > 1 ? 's' : ''} for ${money(total)}`;
    }
    this.bookButton.disabled = seats.length === 0 || this.retryTimer !== undefined;
  }

  private seats(): string[] {
    const order = this.map?.rows.flatMap((row) => row.seats.map((s) => s.seat)) ?? [];
    return order.filter((seat) => this.selected.has(seat));
  }

  private async book(): Promise<void> {
    const map = this.map;
    const seats = this.seats();
    if (!map || seats.length === 0) return;
    this.bookButton.disabled = true;
    this.bookButton.setAttribute('aria-busy', 'true');
    say(this.messages, 'Booking and paying…');
    try {
      const booking = await api<Booking>('POST', '/books', {
        qty: seats.length, screeningId: map.screeningId, seat: seats.join(','), totalPrice: map.price * seats.length,
      });
      say(this.messages, `Booked seats ${booking.seats.join(', ')} for ${this.titles.get(booking.movieName) ?? booking.movieName}, ${money(booking.totalPrice)} paid.`, 'success',
        h('a', { href: '#bookings' }, ' See my bookings'));
      this.booked(booking);
      await this.showScreening(map.screeningId, false);
      this.selected.clear();
    } catch (error) {
      this.failed(error, map.screeningId);
    } finally {
      this.bookButton.removeAttribute('aria-busy');
      this.render();
    }
  }

  private failed(error: unknown, screeningId: string): void {
    say(this.messages, explain(error), 'error');
    if (!(error instanceof ApiError)) return;
    if (error.code === 'SEAT_ALREADY_TAKEN' || error.code === 'PRICE_MISMATCH') {
      void this.showScreening(screeningId, false);
    } else if (error.status === 503 && error.retryAfterSeconds) {
      this.waitToRetry(error.retryAfterSeconds);
    }
  }

  /** Payment asked for a pause: keep the seats picked and offer the retry when the pause is over. */
  private waitToRetry(seconds: number): void {
    this.stopRetry();
    const countdown = h('span', { class: 'countdown' });
    this.messages.querySelector('p')?.append(' ', countdown);
    let left = seconds;
    const tick = () => {
      if (left <= 0) {
        this.stopRetry();
        countdown.replaceChildren(h('button', { type: 'button', class: 'secondary', onclick: () => void this.book() }, 'Try again now'));
        this.render();
        return;
      }
      countdown.textContent = `(${left} s)`;
      left -= 1;
    };
    this.retryTimer = window.setInterval(tick, 1000);
    tick();
  }

  private stopRetry(): void {
    if (this.retryTimer !== undefined) window.clearInterval(this.retryTimer);
    this.retryTimer = undefined;
  }
}
