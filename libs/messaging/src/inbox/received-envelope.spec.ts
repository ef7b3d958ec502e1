import { randomUUID } from 'node:crypto';
import { TicketPrintedV1 } from '@movie/contracts';
import { parseMessage, validateEnvelope, validatePayload } from './received-envelope';

describe('validateEnvelope', () => {
  const envelope = () => ({
    id: randomUUID(), type: 'BookingConfirmed', version: 1, occurredAt: '2026-11-27T04:00:00.000Z',
    key: randomUUID(), source: 'book', payload: { bookingId: 'b' },
  });

  it.each(['2026-11-27T04:00:00.000Z', '2026-11-27T04:00:00Z', '2026-11-27T13:00:00.5+09:00'])('accepts a well-formed envelope as it is, at %s', (occurredAt) => {
    const raw = { ...envelope(), occurredAt };

    expect(validateEnvelope(raw)).toEqual({ ok: true, value: raw });
  });

  it.each<[object, string]>([
    [{ id: 'not-a-uuid' }, 'id must be a UUID'],
    [{ type: '' }, 'type should not be empty'],
    [{ key: 42 }, 'key must be a string'],
    [{ source: undefined }, 'source must be a string'],
    [{ version: 0 }, 'version must be an integer of at least 1'],
    [{ version: 1.5 }, 'version must be an integer of at least 1'],
    [{ version: '1' }, 'version must be an integer of at least 1'],
    ...['yesterday', '2026-W01', '2026-123', '20260501T101010Z', '2026-02-30T00:00:00Z', '2026-11-27T04:00:00.123456789+09:00', '2026-11-27']
      .map((occurredAt): [object, string] => [{ occurredAt }, 'occurredAt must be a date-time such as 2026-11-30T04:21:03.123Z']),
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

describe('validatePayload', () => {
  const printed = (printedAt: string) => ({
    id: randomUUID(), type: 'TicketPrinted', version: 1, occurredAt: '2026-11-27T04:00:00.000Z', key: 'b', source: 'ticket',
    payload: { ticketId: 't', bookingId: randomUUID(), customerId: 'c', printedAt },
  });

  it('accepts a time as Date#toISOString writes it', () => {
    expect(validatePayload(printed('2026-11-27T04:00:00.000Z'), TicketPrintedV1).ok).toBe(true);
  });

  it.each(['2026-W01', '20260501T101010Z', '2026-13-01T00:00:00Z'])('refuses a time JavaScript cannot read back, %s', (printedAt) => {
    expect(validatePayload(printed(printedAt), TicketPrintedV1)).toEqual({
      ok: false, reason: 'invalid TicketPrinted v1 payload: printedAt must be a date-time such as 2026-11-30T04:21:03.123Z',
    });
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
