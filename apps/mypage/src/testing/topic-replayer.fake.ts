import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { StoredEvent } from './booking-story';

type AnyHandler = { handle: (event: EventEnvelope, manager: EntityManager) => Promise<unknown> };

/**
 * Stands in for the messaging library's EventReplayer: reads each topic from its beginning,
 * one topic after the other, so the events reach the projection in another order than live.
 */
export class TopicReplayerFake {
  constructor(
    private readonly log: StoredEvent[],
    private readonly transactions: TransactionRunner,
  ) {}

  async eventIdsInLog(): Promise<Set<string>> {
    return new Set(this.log.map(({ event }) => event.id));
  }

  async replay(_service: string, topics: readonly string[], handlers: object): Promise<number> {
    let count = 0;
    for (const topic of topics) {
      for (const { event } of this.log.filter((stored) => stored.topic === topic)) {
        const handler = (handlers as Record<string, AnyHandler>)[event.type];
        await this.transactions.run((manager) => handler.handle(event, manager));
        count++;
      }
    }
    return count;
  }
}
