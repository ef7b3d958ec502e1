import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../testing/test-database';
import { InMemoryEventBus } from '../transport/memory/in-memory-event-bus';
import { DeadLetterFile } from './dead-letter-file';

const refused = (id: string) => ({
  topic: 'movie.booking.v1.DLT',
  key: `booking-${id}`,
  value: JSON.stringify({ reason: 'payload.qty must not be less than 1', topic: 'movie.booking.v1', consumer: 'ticket', original: { id } }),
});

describe('DeadLetterFile', () => {
  let folder: string;
  let file: DeadLetterFile;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'dead-letters-'));
    file = new DeadLetterFile(join(folder, 'data', 'dead-letters.jsonl'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps every dead letter published on the bus as a line, in order, making the folder if need be', async () => {
    const bus = new InMemoryEventBus();
    const kept = file.keep(bus, ['movie.booking.v1.DLT']);

    bus.publish([refused('e-1'), { topic: 'movie.booking.v1', key: 'booking-e-3', value: '{}' }, refused('e-2')]);

    await eventually(() => expect(file.read().map(({ position, key, message }) => [position, key, message])).toEqual([
      ['1', 'booking-e-1', '{"id":"e-1"}'],
      ['2', 'booking-e-2', '{"id":"e-2"}'],
    ]));
    expect(file.read()[0]).toMatchObject({ topic: 'movie.booking.v1', consumer: 'ticket', reason: 'payload.qty must not be less than 1' });
    await kept.stop();
  });

  it('reads no dead letters when there is no file yet', () => {
    expect(file.read()).toEqual([]);
  });

  it('shows a line cut short by a crash rather than hiding it', async () => {
    await file.append(refused('e-1'));
    appendFileSync(file.path, '{"time":"2026-');

    expect(file.read().map(({ position, reason }) => [position, reason])).toEqual([
      ['1', 'payload.qty must not be less than 1'],
      ['2', 'this line of the file is not JSON'],
    ]);
  });
});
