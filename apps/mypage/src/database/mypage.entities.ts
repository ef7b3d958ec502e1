import { BookingHistoryOrm } from './booking-history.orm-entity';
import { MyBookingOrm } from './my-booking.orm-entity';

/** The read model's tables. */
export const mypageEntities = [MyBookingOrm, BookingHistoryOrm];
