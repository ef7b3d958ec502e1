import { HoldStatus } from '@movie/contracts';
import { HoldExpired, HoldInUse } from './book.errors';

export interface SeatHoldProps {
  id: string;
  customerId: string;
  movieName: string;
  screeningId: string;
  seats: string[];
  totalPrice: number;
  expiresAt: string;
  /** A hold is extended once, when payment for it starts. */
  extended: boolean;
  /** The booking paying for the seats now, or made from them. */
  bookingId: string | null;
  state: 'HELD' | 'BOOKED' | 'RELEASED';
  createdAt: string;
}

/**
 * Seats a customer keeps while deciding. The hold expires by itself at expiresAt (the seats
 * are free from then); starting to pay extends it once, so a slow payment does not lose the seats.
 * The seats themselves are rows of seat_reservation, whose primary key refuses a seat held twice.
 */
export class SeatHold {
  private constructor(private props: SeatHoldProps) {}

  static start(input: Omit<SeatHoldProps, 'expiresAt' | 'extended' | 'bookingId' | 'state' | 'createdAt'>, ttlMs: number, now = new Date()): SeatHold {
    return new SeatHold({
      ...input,
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      extended: false,
      bookingId: null,
      state: 'HELD',
      createdAt: now.toISOString(),
    });
  }

  static restore(props: SeatHoldProps): SeatHold {
    return new SeatHold({ ...props, seats: [...props.seats] });
  }

  get id(): string {
    return this.props.id;
  }
  get customerId(): string {
    return this.props.customerId;
  }
  get seats(): readonly string[] {
    return this.props.seats;
  }
  get expiresAt(): string {
    return this.props.expiresAt;
  }

  snapshot(): SeatHoldProps {
    return { ...this.props, seats: [...this.props.seats] };
  }

  status(now = new Date()): HoldStatus {
    if (this.props.state === 'BOOKED') return 'booked';
    if (this.props.state === 'RELEASED') return 'released';
    if (this.props.bookingId) return 'booking';
    return this.props.expiresAt <= now.toISOString() ? 'expired' : 'held';
  }

  /** A booking starts paying for the seats: the hold is extended the first time only. */
  startBooking(bookingId: string, ttlMs: number, now = new Date()): void {
    const status = this.status(now);
    if (status === 'expired' || status === 'released') throw new HoldExpired(this.id, status);
    if (status !== 'held') throw new HoldInUse(this.id, status);
    const expiresAt = this.props.extended ? this.props.expiresAt : new Date(now.getTime() + ttlMs).toISOString();
    this.props = { ...this.props, bookingId, expiresAt, extended: true };
  }

  /** The customer lets the seats go. Releasing again changes nothing. */
  release(): void {
    const status = this.status();
    if (status === 'released' || status === 'expired') return;
    if (status !== 'held') throw new HoldInUse(this.id, status);
    this.props = { ...this.props, state: 'RELEASED' };
  }
}
