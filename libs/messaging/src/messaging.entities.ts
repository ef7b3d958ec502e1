import { ProcessedEventOrm } from './inbox/processed-event.orm-entity';
import { OutboxMessageOrm } from './outbox/outbox-message.orm-entity';

/** The tables the messaging library needs in every app's database. */
export const messagingEntities = [OutboxMessageOrm, ProcessedEventOrm];
