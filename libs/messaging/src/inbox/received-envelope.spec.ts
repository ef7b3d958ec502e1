import { randomUUID } from 'node:crypto';
import { parseMessage, validateEnvelope } from './received-envelope';

describe('validateEnvelope', () => {
  const envelope = () => ({
    id: randomUUID(), type: 'BookingConfirmed', version: 1, occurredAt: '2026-11-27T04:00:00.000Z',
    key: randomUUID(), source: 'book', payload: { bookingId: 'b' },
  });

  it('accepts a well-formed envelope as it is', () => {
    const raw = envelope();

    expect(validateEnvelope(raw)).toEqual({ ok: true, value: raw });
  });

  it.each([
    [{ id: 'not-a-uuid' }, 'id must be a UUID'],
    [{ type: '' }, 'type should not be empty'],
    [{ key: 42 }, 'key must be a string'],
    [{ source: undefined }, 'source must be a string'],
    [{ version: 0 }, 'version must be an integer of at least 1'],
    [{ version: 1.5 }, 'version must be an integer of at least 1'],
    [{ version: '1' }, 'version must be an integer of at least 1'],
    [{ occurredAt: 'yesterday' }, 'occurredAt must be a valid ISO 8601 date string'],
    [{ payload: [1] }, 'payload must be an object'],
    [{ payload: null }, 'payload must be an object'],
  ])('refuses %j: %s', (change, problem) => {
    const result = validateEnvelope({ ...envelope(), ...change });

    expect(result).toEqual({ ok: false, reason: `invalid envelope: ${problem}` });
  });

  it('names every problem at once', () => {
    const result = validateEnvelope({ payload: {} });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason.split('; ')).toHaveLength(6);
  });
});

describe('parseMessage', () => {
  it.each([
    ['{"a":1}', { ok: true, value: { a: 1 } }],
    [Buffer.from('{"a":1}'), { ok: true, value: { a: 1 } }],
    ['{', { ok: false, reason: 'message is not JSON' }],
    ['[1]', { ok: false, reason: 'message is not a JSON object' }],
    [null, { ok: false, reason: 'message is not a JSON object' }],
  ])('reads %j', (message, expected) => {
    expect(parseMessage(message)).toEqual(expected);
  });
});
