import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { MypageEventHandlers } from '../projection/mypage-event-handlers';
import { StoredEvent } from './booking-story';

type AnyHandler = { handle: (event: EventEnvelope, manager: EntityManager) => Promise<unknown> };

/** Applies each event in its own transaction, in the order given, as the live consumer would. */
export async function applyEvents(transactions: TransactionRunner, handlers: MypageEventHandlers, events: StoredEvent[]): Promise<void> {
  for (const { event } of events) {
    const handler = (handlers.all as Record<string, AnyHandler>)[event.type];
    await transactions.run((manager) => handler.handle(event, manager));
  }
}
