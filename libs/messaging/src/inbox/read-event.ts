import { EventEnvelope } from '@movie/contracts';
import { EventHandler, EventHandlers } from './event-handlers';
import { Parsed, parseMessage, validateEnvelope, validatePayload } from './received-envelope';

export type ReadEvent =
  | { kind: 'event'; event: EventEnvelope<string, object>; handler: EventHandler }
  | { kind: 'ignored'; type: string }
  | { kind: 'unreadable'; reason: string; original: unknown };

interface Checks {
  envelope: Parsed<EventEnvelope>;
  payloads: Map<EventHandler['payload'], Parsed<EventEnvelope<string, object>>>;
}

/**
 * The checks already made of a decoded message. The in-memory transport hands every consumer
 * of a thread the same decoded object, so an event is checked once per thread rather than once
 * per consumer (docs/performance-journal.md); those consumers share the event, which is read-only.
 */
const checked = new WeakMap<object, Checks>();

/**
 * Turns a transport message into a validated event and the handler for its type. The
 * live consumer and the replayer both read through here, so they accept the same events.
 */
export function readEvent(message: unknown, handlers: EventHandlers): ReadEvent {
  const parsed = parseMessage(message);
  if (!parsed.ok) return { kind: 'unreadable', reason: parsed.reason, original: message };
  const checks = checksOf(parsed.value);
  const envelope = checks.envelope;
  if (!envelope.ok) return { kind: 'unreadable', reason: envelope.reason, original: parsed.value };
  const handler = handlers[envelope.value.type] as EventHandler | undefined;
  if (!handler) return { kind: 'ignored', type: envelope.value.type };
  let event = checks.payloads.get(handler.payload);
  if (!event) checks.payloads.set(handler.payload, (event = validatePayload(envelope.value, handler.payload)));
  if (!event.ok) return { kind: 'unreadable', reason: event.reason, original: parsed.value };
  return { kind: 'event', event: event.value, handler };
}

function checksOf(value: object): Checks {
  let checks = checked.get(value);
  if (!checks) checked.set(value, (checks = { envelope: validateEnvelope(value), payloads: new Map() }));
  return checks;
}
