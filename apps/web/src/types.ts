/** The shapes the page reads, as the services' views define them (see /docs). */

export interface Screening {
  id: string;
  startsAt: string;
  hall: string;
  price: number;
}

export interface Movie {
  id: string;
  name: string;
  title: string;
  runningMinutes: number;
  screenings: Screening[];
}

export interface SeatMap {
  screeningId: string;
  movieName: string;
  startsAt: string;
  hall: string;
  price: number;
  free: number;
  taken: string[];
  rows: { row: number; seats: { seat: string; free: boolean }[] }[];
}

export interface Booking {
  id: string;
  movieName: string;
  screeningId: string;
  startsAt: string;
  seats: string[];
  qty: number;
  totalPrice: number;
  status: number;
  statusLabel: string;
}

export interface MyBooking {
  bookingId: string;
  movieName: string | null;
  screeningId: string | null;
  startsAt: string | null;
  seats: string[];
  qty: number | null;
  totalPrice: number | null;
  status: number;
  statusLabel: string;
  payment: { state: 'none' | 'approved' | 'refunded'; paidAmount: number | null; refundedAmount: number | null };
  ticket: { state: 'none' | 'waiting' | 'printed' | 'voided'; ticketId: string | null };
  updatedAt: string | null;
}

export interface MyBookingDetail extends MyBooking {
  history: { eventId: string; type: string; occurredAt: string; description: string }[];
}

export interface MyBookingPage {
  items: MyBooking[];
  total: number;
  limit: number;
  offset: number;
}

export interface Ticket {
  id: string;
  bookingId: string;
  customerId: string;
  movieName: string | null;
  startsAt: string | null;
  seats: string[];
  status: 'Waiting' | 'Printed' | 'Voided';
  printedAt: string | null;
}

/** One line of the live stream. */
export interface NotificationView {
  id: string;
  bookingId: string;
  kind: string;
  status: number | null;
  statusLabel: string | null;
  message: string;
  occurredAt: string;
}
