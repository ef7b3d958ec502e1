import { isUUID } from 'class-validator';
import { newId } from './ids';

describe('newId', () => {
  it('is a UUID of version 7 with the RFC variant', () => {
    const id = newId();

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUUID(id)).toBe(true);
  });

  it('begins with the time in milliseconds', () => {
    const at = Date.parse('2026-11-29T10:00:00.000Z');

    expect(parseInt(newId(at).replace('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts ids of later milliseconds after earlier ones, as strings', () => {
    const at = Date.parse('2026-11-29T10:00:00.000Z');
    const ids = [at + 1000, at, at + 1, at + 256].map((time) => newId(time));

    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[3], ids[0]]);
  });

  it('differs between ids of the same millisecond', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => newId(at)));

    expect(ids.size).toBe(1000);
  });
});
