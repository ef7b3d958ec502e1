import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@movie/contracts';

/** How a consumer applies one event type: the payload class to validate, and the change to make. */
export interface EventHandler<TPayload extends object = object> {
  payload: new () => TPayload;
  /**
   * Set when the handler applies each event at most once by itself, through a unique key on
   * the rows it writes (my page's history line, notification's event id, ticket's booking id): `handle` then
   * resolves false for an event applied before, and the consumer writes no inbox row, one
   * statement fewer in each event's transaction.
   */
  dedupes?: true;
  handle(event: EventEnvelope<string, TPayload>, manager: EntityManager): Promise<unknown>;
}

/** Handlers by event type. Types a consumer does not list are ignored. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventHandlers = Record<string, EventHandler<any>>;
