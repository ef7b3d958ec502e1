import { AppSchema } from '@movie/persistence';
import { bookSchema } from './book/src/database/book.schema';
import { gatewaySchema } from './gateway/src/database/gateway.schema';
import { mypageSchema } from './mypage/src/database/mypage.schema';
import { notificationSchema } from './notification/src/database/notification.schema';
import { paymentSchema } from './payment/src/database/payment.schema';
import { ticketSchema } from './ticket/src/database/ticket.schema';

/** Every app that owns a database, by name: its migrations live in apps/<name>/src/database/migrations. */
export const appSchemas: Record<string, AppSchema> = {
  book: bookSchema,
  gateway: gatewaySchema,
  mypage: mypageSchema,
  notification: notificationSchema,
  payment: paymentSchema,
  ticket: ticketSchema,
};
