/** Status codes as the original system published them (1, 2, 9), plus the transient ones. */
export enum BookingStatus {
  /** Seats taken, payment in flight. Never shown as booked. */
  PENDING = 0,
  BOOKED = 1,
  TICKET_PRINTED = 2,
  /** Payment did not approve; seats were released and any charge refunded. */
  RELEASED = 8,
  CANCELLED = 9,
}

export const bookingStatusLabel: Record<BookingStatus, string> = {
  [BookingStatus.PENDING]: 'pending payment',
  [BookingStatus.BOOKED]: 'booked',
  [BookingStatus.TICKET_PRINTED]: 'ticket printed',
  [BookingStatus.RELEASED]: 'payment failed, released',
  [BookingStatus.CANCELLED]: 'cancelled',
};
