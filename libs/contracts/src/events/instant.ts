import { isISO8601, registerDecorator, ValidationOptions } from 'class-validator';

/**
 * A point in time as every event carries it: an RFC 3339 date-time with at most milliseconds,
 * `Date#toISOString()`'s form (`2026-11-30T04:21:03.123Z`), or with an offset instead of `Z`.
 * ISO 8601 alone also allows week dates (`2026-W01`), ordinal dates and the basic form, which
 * JavaScript's Date cannot read: a consumer would fail on such an event at every delivery.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

export const INSTANT_MESSAGE = 'must be a date-time such as 2026-11-30T04:21:03.123Z';

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && isISO8601(value, { strict: true });
}

/** `isInstant` as a class-validator rule for the events' payloads. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property ${INSTANT_MESSAGE}`, ...options },
      validator: { validate: isInstant },
    });
}
