export * from './events/envelope';
export * from './events/booking-status';
export * from './events/booking.events';
export * from './events/payment.events';
export * from './events/ticket.events';
export * from './http-headers';
export * from './payment.api';
export * from './book.api';
