import { once } from 'node:events';
import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { PersistenceModule, TransactionRunner } from '@movie/persistence';
import { notificationEntities } from '../../database/notification.entities';
import { NotificationDatabaseModule } from '../../database/notification-database.module';
import { WebhookAttemptOrm } from '../../database/webhook-attempt.orm-entity';
import { WebhookDeliveryOrm } from '../../database/webhook-delivery.orm-entity';
import { WebhookDeliveryRepository } from '../../database/webhook-delivery.repository';
import { WebhookSettings } from '../../notification.config';
import { WebhookReceiver } from '../../testing/webhook-receiver';
import { WEBHOOK_SETTINGS, WebhookDispatcher } from './webhook.dispatcher';
import { WebhookSender } from './webhook.sender';

const settings: Omit<WebhookSettings, 'url'> = { maxAttempts: 2, firstBackoffMs: 1, maxBackoffMs: 1, timeoutMs: 2000, pollMs: 1000 };

/** A URL on 127.0.0.1 where nothing listens: connections are refused. */
async function refusingUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}/hook`;
}

describe('webhook dispatcher', () => {
  let moduleRef: TestingModule;
  let dispatcher: WebhookDispatcher;
  let dataSource: DataSource;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ url: 'sqlite::memory:', entities: notificationEntities }), NotificationDatabaseModule],
      providers: [WebhookSender, WebhookDispatcher, { provide: WEBHOOK_SETTINGS, useValue: settings }],
    }).compile();
    dispatcher = moduleRef.get(WebhookDispatcher);
    dataSource = moduleRef.get(DataSource);
  });
  afterAll(async () => {
    await moduleRef?.close();
    await receiver?.stop();
  });

  const enqueue = async (notificationId: string, url: string) => {
    await moduleRef.get(TransactionRunner).run((manager) =>
      moduleRef.get(WebhookDeliveryRepository).enqueue(manager, notificationId, url, JSON.stringify({ id: notificationId })));
    return () => dataSource.manager.findOneByOrFail(WebhookDeliveryOrm, { notificationId });
  };
  const attemptsOf = (delivery: WebhookDeliveryOrm) =>
    dataSource.manager.find(WebhookAttemptOrm, { where: { deliveryId: delivery.id }, order: { attempt: 'ASC' } })
      .then((rows) => rows.map(({ outcome, statusCode, error }) => ({ outcome, statusCode, refused: error !== null })));
  /** Runs rounds until the delivery leaves "pending"; backoff is 1 ms here, and the test's timeout bounds it. */
  const settle = async (read: () => Promise<WebhookDeliveryOrm>) => {
    while ((await read()).state === 'pending') {
      await dispatcher.drain();
      await sleep(2);
    }
    return read();
  };

  it('keeps a delivery the receiver could not take pending, with the attempt recorded', async () => {
    const read = await enqueue('11111111-1111-4111-8111-111111111111', await refusingUrl());
    await dispatcher.drain();
    const delivery = await read();
    expect([delivery.state, delivery.attempts, delivery.lastError]).toEqual(['pending', 1, expect.stringContaining('ECONNREFUSED')]);
    expect(await attemptsOf(delivery)).toEqual([{ outcome: 'retry', statusCode: null, refused: true }]);
  });

  it('gives a delivery up as failed after the last attempt', async () => {
    const read = await enqueue('22222222-2222-4222-8222-222222222222', await refusingUrl());
    const delivery = await settle(read);
    expect([delivery.state, delivery.attempts]).toEqual(['failed', 2]);
    expect((await attemptsOf(delivery)).map(({ outcome }) => outcome)).toEqual(['retry', 'failed']);
  });

  it('gives a delivery up at once when the receiver refuses it with 410', async () => {
    receiver.failNext(410, (body) => (body as { id: string }).id === '33333333-3333-4333-8333-333333333333');
    const read = await enqueue('33333333-3333-4333-8333-333333333333', receiver.url);
    const delivery = await settle(read);
    expect([delivery.state, delivery.attempts, await attemptsOf(delivery)])
      .toEqual(['failed', 1, [{ outcome: 'failed', statusCode: 410, refused: true }]]);
  });

  it.each([
    [302, '55555555-5555-4555-8555-555555555555'],
    [308, '66666666-6666-4666-8666-666666666666'],
  ])('gives a delivery up at once as redirected when the receiver answers %i, and does not follow it', async (statusCode, id) => {
    const elsewhere = `${receiver.url}/moved`;
    receiver.redirectNext(statusCode, elsewhere, (body) => (body as { id: string }).id === id);
    const before = receiver.received.length;
    const read = await enqueue(id, receiver.url);
    const delivery = await settle(read);
    expect([delivery.state, delivery.attempts, receiver.received.length - before]).toEqual(['failed', 1, 1]);
    expect(delivery.lastError).toBe(`HTTP ${statusCode} redirect to ${elsewhere}, not followed: the webhook URL must be the address that takes the POST`);
  });

  it('delivers each due delivery once per round, whoever else is draining', async () => {
    const read = await enqueue('44444444-4444-4444-8444-444444444444', receiver.url);
    const before = receiver.received.length;
    const rounds = await Promise.all([dispatcher.drain(), dispatcher.drain()]);
    expect([rounds.reduce((sum, count) => sum + count, 0), receiver.received.length - before, (await read()).state])
      .toEqual([1, 1, 'delivered']);
  });
});
