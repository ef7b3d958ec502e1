import { MyBooking } from '../domain/my-booking';
import { MyBookingOrm } from './my-booking.orm-entity';

export const MyBookingMapper = {
  toDomain(row: MyBookingOrm): MyBooking {
    const { status: _status, statusLabel: _label, paymentState: _payment, ticketState: _ticket, ...facts } = row;
    return MyBooking.from(facts);
  },

  /** Derived states are stored too, so queries can read and filter them without the domain. */
  toOrm(booking: MyBooking): MyBookingOrm {
    return Object.assign(new MyBookingOrm(), {
      ...booking.toFacts(),
      status: booking.status,
      statusLabel: booking.statusLabel,
      paymentState: booking.paymentState,
      ticketState: booking.ticketState,
    });
  },
};
