import { EventEnvelope } from '@movie/contracts';
import { EventHandler, EventHandlers } from './event-handlers';
import { parseMessage, validateEnvelope, validatePayload } from './received-envelope';

export type ReadEvent =
  | { kind: 'event'; event: EventEnvelope<string, object>; handler: EventHandler }
  | { kind: 'ignored'; type: string }
  | { kind: 'unreadable'; reason: string; original: unknown };

/**
 * Turns a transport message into a validated event and the handler for its type. The
 * live consumer and the replayer both read through here, so they accept the same events.
 */
export async function readEvent(message: unknown, handlers: EventHandlers): Promise<ReadEvent> {
  const parsed = parseMessage(message);
  if (!parsed.ok) return { kind: 'unreadable', reason: parsed.reason, original: message };
  const envelope = validateEnvelope(parsed.value);
  if (!envelope.ok) return { kind: 'unreadable', reason: envelope.reason, original: parsed.value };
  const handler = handlers[envelope.value.type] as EventHandler | undefined;
  if (!handler) return { kind: 'ignored', type: envelope.value.type };
  const event = await validatePayload(envelope.value, handler.payload);
  if (!event.ok) return { kind: 'unreadable', reason: event.reason, original: parsed.value };
  return { kind: 'event', event: event.value, handler };
}
