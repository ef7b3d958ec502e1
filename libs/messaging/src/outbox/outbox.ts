import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, newId } from '@movie/contracts';
import { rows } from '@movie/persistence';
import { annotateBooking, traceHeaders } from '@movie/runtime';
import { OutboxMessageOrm } from './outbox-message.orm-entity';

export interface NewEvent<TPayload> {
  source: string;
  type: string;
  version: number;
  key: string;
  payload: TPayload;
  occurredAt?: Date;
}

export function newEnvelope<TPayload>(event: NewEvent<TPayload>): EventEnvelope<string, TPayload> {
  return {
    id: newId(),
    type: event.type,
    version: event.version,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    key: event.key,
    source: event.source,
    payload: event.payload,
  };
}

/**
 * Records events in the caller's transaction. Nothing is published here: the relay
 * sends committed rows, so an event exists if and only if its state change does.
 */
@Injectable()
export class Outbox {
  private readonly listeners = new Set<() => void>();

  async append(manager: EntityManager, topic: string, ...events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    // The envelope's key is the booking id (see EventEnvelope).
    annotateBooking(events[0].key);
    const traceParent = traceHeaders().traceparent ?? null;
    const createdAt = new Date().toISOString();
    await rows.insert(manager, OutboxMessageOrm, events.map((event) => ({
      eventId: event.id,
      topic,
      key: event.key,
      type: event.type,
      body: JSON.stringify(event),
      createdAt,
      sentAt: null,
      attempts: 0,
      traceParent,
    })));
  }

  /** Wakes the relay after a commit so delivery does not wait for the next poll. */
  notifyCommitted(): void {
    for (const listener of this.listeners) listener();
  }

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
