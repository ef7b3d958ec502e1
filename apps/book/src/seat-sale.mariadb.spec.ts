import { randomUUID } from 'node:crypto';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { BookHarness } from './testing/book-harness';

describe('two book instances on one MariaDB database', () => {
  const database = `unit_book_seats_${randomUUID().slice(0, 8)}`;
  let instances: BookHarness[];

  beforeAll(async () => {
    const first = await new BookHarness().start({ BOOK_DB_URL: `${testMysqlServer()}/${database}` });
    // One payment for both, so its log holds every charge either instance made.
    const second = await new BookHarness().start({ BOOK_DB_URL: `${testMysqlServer()}/${database}`, BOOK_PAYMENT_URL: first.payment.url });
    instances = [first, second];
  });
  afterAll(async () => {
    await instances[0].dataSource.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await Promise.all(instances.map((instance) => instance.stop()));
  });

  it('sell each seat once to buyers of overlapping seats spread over both, and charge only what they booked', async () => {
    const choices = [['6A'], ['6A', '6B'], ['6B', '6C'], ['6C', '6D'], ['6D']];
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, i) => {
        const seats = choices[i % choices.length];
        return instances[i % 2].call('POST', '/books', { qty: seats.length, movieName: 'soul', seat: seats.join(',') }, { 'x-customer-id': `c${i}` });
      }),
    );

    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201, 409]));
    const sold: string[] = answers.filter((answer) => answer.status === 201).flatMap((answer) => answer.body.seats);
    expect(sold.length).toBeGreaterThan(0);
    expect(new Set(sold).size).toBe(sold.length);
    for (const instance of instances) {
      expect((await instance.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual([...sold].sort());
    }
    const charges = instances[0].payment.requests.filter((request) => request.method === 'POST' && request.url === '/payments');
    expect(charges).toHaveLength(answers.filter((answer) => answer.status === 201).length);
  });
});
