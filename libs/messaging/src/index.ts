export * from './outbox/outbox-message.orm-entity';
export * from './outbox/outbox';
