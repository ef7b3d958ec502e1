import { plainToInstance } from 'class-transformer';
import { isObject, isUUID, validateSync, ValidationError } from 'class-validator';
import { EventEnvelope, INSTANT_MESSAGE, isInstant } from '@movie/contracts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Accepts what a transport hands over: an object (Nest parsed the JSON), a string or a Buffer. */
export function parseMessage(message: unknown): Parsed<object> {
  let value = message;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'message is not JSON' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'message is not a JSON object' };
  }
  return { ok: true, value };
}

/**
 * The envelope's rules, checked by hand rather than by a class-validator class: every
 * consumer reads every event through here, and the decorator walk cost 4 % of the embedded
 * platform's CPU under load for these seven fields (docs/performance-journal.md).
 */
export function validateEnvelope(raw: object): Parsed<EventEnvelope> {
  const fields = raw as Record<keyof EventEnvelope, unknown>;
  const problems = [
    isUUID(fields.id) ? undefined : 'id must be a UUID',
    ...(['type', 'key', 'source'] as const).map((name) => nonEmptyString(fields[name], name)),
    Number.isInteger(fields.version) && (fields.version as number) >= 1 ? undefined : 'version must be an integer of at least 1',
    isInstant(fields.occurredAt) ? undefined : `occurredAt ${INSTANT_MESSAGE}`,
    isObject(fields.payload) ? undefined : 'payload must be an object',
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) return { ok: false, reason: `invalid envelope: ${problems.join('; ')}` };
  return { ok: true, value: raw as EventEnvelope };
}

function nonEmptyString(value: unknown, name: string): string | undefined {
  if (typeof value !== 'string') return `${name} must be a string`;
  return value.length > 0 ? undefined : `${name} should not be empty`;
}

/**
 * Builds the payload class from the plain payload and validates it; extra fields are tolerated.
 * Synchronous: the contracts' rules are all synchronous, and `validate` would make promises
 * for every event every consumer reads.
 */
export function validatePayload<T extends object>(envelope: EventEnvelope, payloadClass: new () => T): Parsed<EventEnvelope<string, T>> {
  const payload = plainToInstance(payloadClass, envelope.payload as object);
  const errors = validateSync(payload, { forbidUnknownValues: true });
  if (errors.length > 0) {
    return { ok: false, reason: `invalid ${envelope.type} v${envelope.version} payload: ${describeErrors(errors)}` };
  }
  return { ok: true, value: { ...envelope, payload } };
}

function describeErrors(errors: ValidationError[], path = ''): string {
  return errors
    .flatMap((error) => {
      const at = `${path}${error.property}`;
      const own = Object.values(error.constraints ?? {}).map((text) => (text.startsWith(error.property) ? `${path}${text}` : `${at}: ${text}`));
      const nested = error.children?.length ? [describeErrors(error.children, `${at}.`)] : [];
      return [...own, ...nested];
    })
    .join('; ');
}
