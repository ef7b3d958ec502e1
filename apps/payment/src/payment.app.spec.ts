import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { Topics } from '@movie/contracts';
import { InMemoryEventBus, newEnvelope, OutboxMessageOrm } from '@movie/messaging';
import { eventually, startPaymentApp } from './testing/start-payment-app';

describe('payment over HTTP', () => {
  let app: NestFastifyApplication;
  const bus = InMemoryEventBus.instance();

  beforeAll(async () => {
    app = await startPaymentApp({ PAYMENT_MAX_AMOUNT: '100000', MESSAGING_TRANSPORT: 'memory' });
    await app.startAllMicroservices();
  });
  afterAll(() => app.close());

  const inject = (method: string, url: string, payload?: object) =>
    app.getHttpAdapter().getInstance().inject({ method: method as 'GET', url, payload });
  const charge = (bookingId: string, amount = 26000, customerId = 'customer-1') =>
    inject('POST', '/payments', { bookingId, customerId, amount });
  const voidBooking = (bookingId: string, reason = 'payment answered too late') =>
    inject('POST', '/payments/voids', { bookingId, reason });
  const outboxOf = (bookingId: string) =>
    app.get(DataSource).manager.find(OutboxMessageOrm, { where: { key: bookingId }, order: { seq: 'ASC' } });

  describe('charging', () => {
    it('approves a charge with 201 and the payment', async () => {
      const bookingId = randomUUID();
      const response = await charge(bookingId);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({
        paymentId: expect.any(String), bookingId, customerId: 'customer-1', amount: 26000, status: 'APPROVED',
        approvedAt: expect.any(String),
      });
    });

    it('records PaymentApproved in the outbox, keyed by booking', async () => {
      const bookingId = randomUUID();
      const { paymentId } = (await charge(bookingId)).json();
      const rows = await outboxOf(bookingId);
      expect(rows.map((row) => [row.topic, row.type])).toEqual([[Topics.payment, 'PaymentApproved']]);
      expect(JSON.parse(rows[0].body)).toMatchObject({
        type: 'PaymentApproved', version: 1, key: bookingId, source: 'payment',
        payload: { paymentId, bookingId, customerId: 'customer-1', amount: 26000 },
      });
    });

    it('answers a repeated charge for the same booking with 200 and the same payment', async () => {
      const bookingId = randomUUID();
      const first = await charge(bookingId);
      const again = await charge(bookingId);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      expect(await outboxOf(bookingId)).toHaveLength(1);
    });

    it('creates one payment for simultaneous charges of one booking', async () => {
      const bookingId = randomUUID();
      const responses = await Promise.all(Array.from({ length: 10 }, () => charge(bookingId)));
      expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array(9).fill(200), 201]);
      expect(new Set(responses.map((response) => response.json().paymentId)).size).toBe(1);
    });

    it('answers 409 PAYMENT_MISMATCH for another amount for a paid booking', async () => {
      const bookingId = randomUUID();
      await charge(bookingId, 26000);
      const response = await charge(bookingId, 13000);
      expect([response.statusCode, response.json().code]).toEqual([409, 'PAYMENT_MISMATCH']);
    });

    it('declines a charge above the limit with 402 PAYMENT_DECLINED and charges nothing', async () => {
      const bookingId = randomUUID();
      const response = await charge(bookingId, 100001);
      expect([response.statusCode, response.json().code]).toEqual([402, 'PAYMENT_DECLINED']);
      expect(response.json().message).toMatch(/above the limit of 100000/);
      expect((await inject('GET', `/payments?bookingId=${bookingId}`)).statusCode).toBe(404);
      expect(await outboxOf(bookingId)).toHaveLength(0);
    });

    it.each([
      [{ customerId: 'c', amount: 1 }, 'bookingId must be a UUID'],
      [{ bookingId: 'not-a-uuid', customerId: 'c', amount: 1 }, 'bookingId must be a UUID'],
      [{ bookingId: randomUUID(), amount: 1 }, 'customerId should not be empty'],
      [{ bookingId: randomUUID(), customerId: 'c'.repeat(65), amount: 1 }, 'customerId must be shorter than or equal to 64 characters'],
      [{ bookingId: randomUUID(), customerId: 'c', amount: -1 }, 'amount must not be less than 0'],
      [{ bookingId: randomUUID(), customerId: 'c', amount: 1.5 }, 'amount must be an integer number'],
      [{ bookingId: randomUUID(), customerId: 'c', amount: '100' }, 'amount must be an integer number'],
      [{ bookingId: randomUUID(), customerId: 'c', amount: 1, extra: true }, 'property extra should not exist'],
    ])('answers 400 for the charge %j saying what is wrong', async (body, message) => {
      const response = await inject('POST', '/payments', body);
      expect([response.statusCode, response.json().code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(response.json().details).toContain(message);
    });
  });

  describe('finding', () => {
    it('finds a payment by id and by booking', async () => {
      const bookingId = randomUUID();
      const payment = (await charge(bookingId)).json();
      expect((await inject('GET', `/payments/${payment.paymentId}`)).json()).toEqual(payment);
      expect((await inject('GET', `/payments?bookingId=${bookingId}`)).json()).toEqual(payment);
    });

    it('answers 404 PAYMENT_NOT_FOUND for an unknown payment or booking', async () => {
      const byId = await inject('GET', `/payments/${randomUUID()}`);
      const byBooking = await inject('GET', `/payments?bookingId=${randomUUID()}`);
      expect([byId.statusCode, byId.json().code, byBooking.statusCode]).toEqual([404, 'PAYMENT_NOT_FOUND', 404]);
    });

    it('answers 400 for a lookup without a proper booking or payment id', async () => {
      const statuses = await Promise.all(['/payments', '/payments?bookingId=x', '/payments/x'].map((url) => inject('GET', url)));
      expect(statuses.map((response) => response.statusCode)).toEqual([400, 400, 400]);
    });
  });

  describe('voiding', () => {
    it('refunds a paid booking and records PaymentRefunded', async () => {
      const bookingId = randomUUID();
      const { paymentId } = (await charge(bookingId)).json();
      const response = await voidBooking(bookingId, 'book gave up waiting');
      expect([response.statusCode, response.json()]).toEqual([200, { bookingId, outcome: 'refunded', paymentId }]);
      expect((await inject('GET', `/payments/${paymentId}`)).json()).toMatchObject({
        status: 'REFUNDED', refundedAt: expect.any(String), refundReason: 'book gave up waiting',
      });
      const rows = await outboxOf(bookingId);
      expect(rows.map((row) => row.type)).toEqual(['PaymentApproved', 'PaymentRefunded']);
      expect(JSON.parse(rows[1].body).payload).toMatchObject({ paymentId, bookingId, amount: 26000, reason: 'book gave up waiting' });
    });

    it('refunds once however often the void is repeated', async () => {
      const bookingId = randomUUID();
      const { paymentId } = (await charge(bookingId)).json();
      const answers = await Promise.all([voidBooking(bookingId), voidBooking(bookingId), voidBooking(bookingId)]);
      expect(answers.map((response) => response.json())).toEqual(Array(3).fill({ bookingId, outcome: 'refunded', paymentId }));
      expect((await outboxOf(bookingId)).map((row) => row.type)).toEqual(['PaymentApproved', 'PaymentRefunded']);
    });

    it('voids an unpaid booking, recording no event', async () => {
      const bookingId = randomUUID();
      const response = await voidBooking(bookingId);
      expect([response.statusCode, response.json()]).toEqual([200, { bookingId, outcome: 'voided' }]);
      expect(await outboxOf(bookingId)).toHaveLength(0);
    });

    it('answers a repeated void of an unpaid booking the same way', async () => {
      const bookingId = randomUUID();
      await voidBooking(bookingId);
      expect((await voidBooking(bookingId)).json()).toEqual({ bookingId, outcome: 'voided' });
    });

    it('refuses a late charge for a voided booking with 409 PAYMENT_VOIDED', async () => {
      const bookingId = randomUUID();
      await voidBooking(bookingId);
      const response = await charge(bookingId);
      expect([response.statusCode, response.json().code]).toEqual([409, 'PAYMENT_VOIDED']);
      expect((await inject('GET', `/payments?bookingId=${bookingId}`)).statusCode).toBe(404);
    });

    it('refuses a charge for a booking whose payment was refunded with 409 PAYMENT_REFUNDED', async () => {
      const bookingId = randomUUID();
      await charge(bookingId);
      await voidBooking(bookingId);
      const response = await charge(bookingId);
      expect([response.statusCode, response.json().code]).toEqual([409, 'PAYMENT_REFUNDED']);
    });

    it('answers 400 for a void without a reason', async () => {
      const response = await inject('POST', '/payments/voids', { bookingId: randomUUID() });
      expect(response.statusCode).toBe(400);
      expect(response.json().details).toContain('reason should not be empty');
    });
  });

  describe('events', () => {
    const published = (bookingId: string) =>
      bus.read(Topics.payment).filter((message) => message.key === bookingId).map((message) => JSON.parse(message.value).type);

    it('publishes PaymentApproved and PaymentRefunded from the outbox to the payment topic', async () => {
      const bookingId = randomUUID();
      await charge(bookingId);
      await voidBooking(bookingId);
      await eventually(() => published(bookingId).length === 2);
      expect(published(bookingId)).toEqual(['PaymentApproved', 'PaymentRefunded']);
    });

    it('refunds a booking cancelled on the booking topic, once however often the event arrives', async () => {
      const bookingId = randomUUID();
      const { paymentId } = (await charge(bookingId)).json();
      const cancelled = newEnvelope({
        source: 'book', type: 'BookingCancelled', version: 1, key: bookingId,
        payload: {
          bookingId, customerId: 'customer-1', screeningId: 'screening-1', seats: ['E7'], totalPrice: 26000, paymentId,
          cancelledAt: new Date().toISOString(),
        },
      });
      const message = { topic: Topics.booking, key: bookingId, value: JSON.stringify(cancelled) };
      bus.publish([message, message]);

      await eventually(() => bus.position('payment', Topics.booking) === bus.read(Topics.booking).length);
      expect((await inject('GET', `/payments/${paymentId}`)).json()).toMatchObject({ status: 'REFUNDED', refundReason: 'booking cancelled' });
      expect((await outboxOf(bookingId)).map((row) => row.type)).toEqual(['PaymentApproved', 'PaymentRefunded']);
    });
  });

  it('is ready when its database answers', async () => {
    const response = await inject('GET', '/health/ready');
    expect([response.statusCode, response.json().info.database.status, response.json().info.messaging.transport])
      .toEqual([200, 'up', 'memory']);
  });

  it('documents its endpoints', async () => {
    const paths = Object.keys((await inject('GET', '/docs-json')).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/payments', '/payments/voids', '/payments/{paymentId}']));
  });
});
