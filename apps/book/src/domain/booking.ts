import { BookingStatus } from '@movie/contracts';
import { BookingStateConflict } from './book.errors';

export interface BookingProps {
  id: string;
  customerId: string;
  movieId: string;
  movieName: string;
  screeningId: string;
  startsAt: string;
  seats: string[];
  totalPrice: number;
  status: BookingStatus;
  paymentId: string | null;
  /** A payment that may exist for a booking that did not stand still has to be voided. */
  voidPending: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * The booking aggregate. Its state machine:
 * PENDING -> BOOKED (payment approved) | RELEASED (payment failed);
 * BOOKED -> TICKET_PRINTED | CANCELLED. Printed and cancelled are final.
 * Transitions that race (print against cancel) are also guarded in the database by
 * conditional updates on the expected status; this class says which moves are legal.
 */
export class Booking {
  private constructor(private props: BookingProps) {}

  static start(input: Omit<BookingProps, 'status' | 'paymentId' | 'voidPending' | 'createdAt' | 'updatedAt'>, now = new Date()): Booking {
    const at = now.toISOString();
    return new Booking({ ...input, status: BookingStatus.PENDING, paymentId: null, voidPending: false, createdAt: at, updatedAt: at });
  }

  static restore(props: BookingProps): Booking {
    return new Booking({ ...props, seats: [...props.seats] });
  }

  get id(): string {
    return this.props.id;
  }
  get status(): BookingStatus {
    return this.props.status;
  }
  get customerId(): string {
    return this.props.customerId;
  }
  get seats(): readonly string[] {
    return this.props.seats;
  }
  get totalPrice(): number {
    return this.props.totalPrice;
  }

  snapshot(): BookingProps {
    return { ...this.props, seats: [...this.props.seats] };
  }

  confirm(paymentId: string, now = new Date()): void {
    this.require([BookingStatus.PENDING], 'confirm');
    this.change({ status: BookingStatus.BOOKED, paymentId }, now);
  }

  release(voidPending: boolean, now = new Date()): void {
    this.require([BookingStatus.PENDING], 'release');
    this.change({ status: BookingStatus.RELEASED, voidPending }, now);
  }

  cancel(now = new Date()): void {
    if (this.props.status === BookingStatus.TICKET_PRINTED) {
      throw new BookingStateConflict('TICKET_ALREADY_PRINTED', `booking ${this.id} cannot be cancelled: its ticket is already printed`);
    }
    this.require([BookingStatus.BOOKED], 'cancel');
    this.change({ status: BookingStatus.CANCELLED }, now);
  }

  markTicketPrinted(now = new Date()): void {
    if (this.props.status === BookingStatus.CANCELLED) {
      throw new BookingStateConflict('BOOKING_CANCELLED', `booking ${this.id} was cancelled; its ticket cannot be printed`);
    }
    this.require([BookingStatus.BOOKED], 'print the ticket of');
    this.change({ status: BookingStatus.TICKET_PRINTED }, now);
  }

  voided(now = new Date()): void {
    this.change({ voidPending: false }, now);
  }

  private require(allowed: BookingStatus[], action: string): void {
    if (!allowed.includes(this.props.status)) {
      throw new BookingStateConflict(
        'BOOKING_STATE_CONFLICT',
        `cannot ${action} booking ${this.id}: it is ${BookingStatus[this.props.status].toLowerCase().replace('_', ' ')}`,
      );
    }
  }

  private change(changes: Partial<BookingProps>, now: Date): void {
    this.props = { ...this.props, ...changes, updatedAt: now.toISOString() };
  }
}
