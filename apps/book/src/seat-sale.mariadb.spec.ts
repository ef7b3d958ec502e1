import { BookHarness } from './testing/book-harness';

describe('two book instances on one MariaDB database', () => {
  let instances: BookHarness[];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ instances, drop } = await BookHarness.replicas('seats'));
  });
  afterAll(() => drop());

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

  it('answers only 201 or 409 when buyers name shared seats in either order, though InnoDB deadlocks such inserts', async () => {
    // Two inserts of the same seats in opposite orders wait on each other's rows; so do two inserts
    // that waited on a third which rolled back. InnoDB rolls one of them back with a deadlock.
    const answers = [];
    for (const row of [7, 8, 9, 10]) {
      const choices = [[`${row}A`, `${row}B`], [`${row}B`, `${row}A`], [`${row}B`, `${row}C`], [`${row}C`, `${row}B`], [`${row}A`]];
      answers.push(...(await Promise.all(
        Array.from({ length: 60 }, (_, i) => {
          const seats = choices[i % choices.length];
          return instances[i % 2].call('POST', '/books', { qty: seats.length, movieName: 'soul', seat: seats.join(',') }, { 'x-customer-id': `r${row}c${i}` });
        }),
      )));
    }

    expect(answers.filter((answer) => ![201, 409].includes(answer.status)).map((answer) => [answer.status, answer.body.message])).toEqual([]);
    const sold: string[] = answers.filter((answer) => answer.status === 201).flatMap((answer) => answer.body.seats);
    expect(new Set(sold).size).toBe(sold.length);
  });

  it("refuses with 400 a customer id in the body that class-validator counts as 64 characters but MariaDB's column does not, and books nothing", async () => {
    // class-validator counts a character and its variation selector as one; utf8mb4's varchar(64) counts two.
    const customerId = '\u2764\uFE0F'.repeat(64);
    const request = { qty: 1, movieName: 'soul', seat: '5L', customerId };

    const answers = [await instances[0].call('POST', '/books', request), await instances[0].call('POST', '/holds', request)];

    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([[400, 'INVALID_CUSTOMER_ID'], [400, 'INVALID_CUSTOMER_ID']]);
    expect(answers[0].body.message).toBe('customerId must be at most 64 characters');
    expect((await instances[0].call('GET', '/screenings/soul-1/seats')).body.taken).not.toContain('5L');
  });
});
