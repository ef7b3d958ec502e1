import { OutboxMessageOrm } from '@movie/messaging';
import { PaymentOrm } from './payment.orm-entity';

/** Payment's tables, and the outbox its events leave through. */
export const paymentEntities = [PaymentOrm, OutboxMessageOrm];
