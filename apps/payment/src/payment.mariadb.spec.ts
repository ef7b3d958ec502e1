import { randomBytes, randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OutboxMessageOrm } from '@movie/messaging';
import { PaymentOrm } from './database/payment.orm-entity';
import { startPaymentApp } from './testing/start-payment-app';

const server = process.env.TEST_MYSQL_URL?.replace(/\/$/, '');
const describeOnMariaDb = server ? describe : describe.skip;

describeOnMariaDb('payment on MariaDB (TEST_MYSQL_URL)', () => {
  const database = `test_payment_${randomBytes(4).toString('hex')}`;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startPaymentApp({ PAYMENT_DB_URL: `${server}/${database}` });
  });
  afterAll(async () => {
    await app.get(DataSource).query(`DROP DATABASE IF EXISTS \`${database}\``);
    await app.close();
  });

  const inject = (url: string, payload: object) =>
    app.getHttpAdapter().getInstance().inject({ method: 'POST', url, payload });
  const charge = (bookingId: string) => inject('/payments', { bookingId, customerId: 'customer-1', amount: 26000 });
  const voidBooking = (bookingId: string) => inject('/payments/voids', { bookingId, reason: 'booking did not stand' });
  const rowsOf = async (bookingId: string) => ({
    payments: await app.get(DataSource).manager.findBy(PaymentOrm, { bookingId }),
    events: (await app.get(DataSource).manager.find(OutboxMessageOrm, { where: { key: bookingId }, order: { seq: 'ASC' } }))
      .map((row) => row.type),
  });

  it('creates exactly one payment for 50 simultaneous charges of one booking', async () => {
    const bookingId = randomUUID();
    const responses = await Promise.all(Array.from({ length: 50 }, () => charge(bookingId)));

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(49);
    expect(new Set(responses.map((response) => response.json().paymentId)).size).toBe(1);
    expect(await rowsOf(bookingId)).toMatchObject({ payments: [{ status: 'APPROVED' }], events: ['PaymentApproved'] });
  });

  it('refunds once when 20 voids of a paid booking race', async () => {
    const bookingId = randomUUID();
    const { paymentId } = (await charge(bookingId)).json();
    const answers = await Promise.all(Array.from({ length: 20 }, () => voidBooking(bookingId)));

    expect(new Set(answers.map((answer) => JSON.stringify([answer.statusCode, answer.json()])))).toEqual(
      new Set([JSON.stringify([200, { bookingId, outcome: 'refunded', paymentId }])]),
    );
    expect(await rowsOf(bookingId)).toMatchObject({ payments: [{ status: 'REFUNDED' }], events: ['PaymentApproved', 'PaymentRefunded'] });
  });

  it('ends consistent when charges and voids of one booking race', async () => {
    const bookingId = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? charge(bookingId) : voidBooking(bookingId))),
    );

    const { payments, events } = await rowsOf(bookingId);
    expect(payments).toHaveLength(1);
    expect(responses.every((response) => response.statusCode < 500)).toBe(true);
    if (payments[0].status === 'VOIDED') {
      expect(events).toEqual([]);
    } else {
      expect([payments[0].status, events]).toEqual(['REFUNDED', ['PaymentApproved', 'PaymentRefunded']]);
    }
  });
});
