import { setTimeout as sleep } from 'node:timers/promises';
import { BookHarness } from '../testing/book-harness';

describe('Idempotency-Key, two book instances on one MariaDB database', () => {
  let instances: BookHarness[];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ instances, drop } = await BookHarness.replicas('keys'));
    instances[0].payment.mode = 'decline';
  });
  afterAll(() => drop());

  it('answers a declined booking and a retry of its key that came while it was settling the same, and keeps that answer', async () => {
    const answers: string[][] = [];
    for (let round = 0; round < 5; round++) {
      answers.push(...(await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          // Each pair has a seat of its own; a declined booking frees it for the next round.
          const request = { qty: 1, movieName: 'soul', seat: `${1 + Math.floor(i / 12)}${'ABCDEFGHIJKL'[i % 12]}` };
          const headers = { 'x-customer-id': 'alice', 'idempotency-key': `declined-${round}-${i}` };
          const first = instances[i % 2].call('POST', '/books', request, headers);
          // The retry lands somewhere in the first request's few milliseconds, on the other instance.
          await sleep(Math.random() * 15);
          const retry = instances[(i + 1) % 2].call('POST', '/books', request, headers);
          const later = await Promise.all([first, retry]).then(() => instances[i % 2].call('POST', '/books', request, headers));
          return [await first, await retry, later].map((answer) => `${answer.status} ${answer.body.code}`);
        }),
      )));
    }

    expect(answers.filter((three) => new Set(three).size !== 1)).toEqual([]);
  }, 60_000);
});
