import { PaymentOrm } from './payment.orm-entity';

/** Payment's own tables; the app adds messagingEntities (outbox and inbox) beside them. */
export const paymentEntities = [PaymentOrm];
