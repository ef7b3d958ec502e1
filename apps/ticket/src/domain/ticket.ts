import { TicketAlreadyPrinted, TicketVoided } from './ticket.errors';

/** WAITING at the cinema until it is PRINTED, or VOIDED because the booking was cancelled. Both ends are final. */
export type TicketStatus = 'WAITING' | 'PRINTED' | 'VOIDED';

export interface TicketProps {
  id: string;
  /** One ticket per booking. */
  bookingId: string;
  customerId: string;
  /** Unknown for a ticket voided before its booking's confirmation arrived. */
  movieName: string | null;
  startsAt: string | null;
  seats: string[];
  status: TicketStatus;
  /** Null for a ticket that was voided before it was ever issued. */
  issuedAt: string | null;
  printedAt: string | null;
  voidedAt: string | null;
  updatedAt: string;
}

export interface IssueTicket {
  id: string;
  bookingId: string;
  customerId: string;
  movieName: string;
  startsAt: string;
  seats: string[];
}

/**
 * The ticket of one booking. Printing and voiding are final and exclude each other; which
 * of them may happen is decided by book (it owns the booking), this class keeps a ticket
 * from moving against what already happened to it.
 */
export class Ticket {
  private constructor(private props: TicketProps) {}

  static issue(input: IssueTicket, now = new Date()): Ticket {
    const at = now.toISOString();
    return new Ticket({
      ...input, seats: [...input.seats], status: 'WAITING', issuedAt: at, printedAt: null, voidedAt: null, updatedAt: at,
    });
  }

  /**
   * A booking cancelled before ticket heard of its confirmation: the voided ticket stands in
   * for it, so a confirmation arriving late finds the booking's ticket and issues none.
   */
  static voidedBeforeIssue(input: { id: string; bookingId: string; customerId: string; seats: string[] }, now = new Date()): Ticket {
    const at = now.toISOString();
    return new Ticket({
      ...input, seats: [...input.seats], movieName: null, startsAt: null, status: 'VOIDED',
      issuedAt: null, printedAt: null, voidedAt: at, updatedAt: at,
    });
  }

  static restore(props: TicketProps): Ticket {
    return new Ticket({ ...props, seats: [...props.seats] });
  }

  get id(): string {
    return this.props.id;
  }
  get bookingId(): string {
    return this.props.bookingId;
  }
  get status(): TicketStatus {
    return this.props.status;
  }

  snapshot(): TicketProps {
    return { ...this.props, seats: [...this.props.seats] };
  }

  /** Refuses a voided ticket before anyone asks book; true when the ticket is printed already. */
  checkPrintable(): { alreadyPrinted: boolean } {
    if (this.props.status === 'VOIDED') throw new TicketVoided(this.id);
    return { alreadyPrinted: this.props.status === 'PRINTED' };
  }

  /** Returns false when the ticket was printed already (printing again changes nothing). */
  print(now = new Date()): boolean {
    if (this.checkPrintable().alreadyPrinted) return false;
    this.change({ status: 'PRINTED', printedAt: now.toISOString() }, now);
    return true;
  }

  /** Returns false when the ticket was voided already. A printed ticket is never voided. */
  void(now = new Date()): boolean {
    if (this.props.status === 'PRINTED') throw new TicketAlreadyPrinted(this.id);
    if (this.props.status === 'VOIDED') return false;
    this.change({ status: 'VOIDED', voidedAt: now.toISOString() }, now);
    return true;
  }

  private change(changes: Partial<TicketProps>, now: Date): void {
    this.props = { ...this.props, ...changes, updatedAt: now.toISOString() };
  }
}
