import { MovieOrm, ScreeningOrm } from '../catalog/catalog.orm-entities';
import { BookingOrm } from './booking.orm-entity';
import { SeatReservationOrm } from './seat-reservation.orm-entity';
import { IdempotencyKeyOrm } from '../idempotency/idempotency-key.orm-entity';
import { SeatHoldOrm } from './seat-hold.orm-entity';

export const bookEntities = [MovieOrm, ScreeningOrm, BookingOrm, SeatReservationOrm, SeatHoldOrm, IdempotencyKeyOrm];
