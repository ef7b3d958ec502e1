import { HoldView } from '@movie/contracts';
import { SeatHold } from '../domain/seat-hold';

export function toHoldView(hold: SeatHold, now = new Date()): HoldView {
  const { id, customerId, movieName, screeningId, seats, totalPrice, expiresAt, bookingId } = hold.snapshot();
  return { holdId: id, customerId, movieName, screeningId, seats, totalPrice, expiresAt, status: hold.status(now), bookingId };
}
