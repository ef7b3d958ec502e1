import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDataSource, TransactionRunner } from '@movie/persistence';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { notificationEntities } from './notification.entities';
import { WebhookAttemptOrm } from './webhook-attempt.orm-entity';
import { WebhookDeliveryOrm } from './webhook-delivery.orm-entity';
import { AttemptRecord, WebhookDeliveryRepository } from './webhook-delivery.repository';

const at = (second: number) => new Date(Date.UTC(2026, 10, 30, 8, 0, second));
const attempt = (outcome: AttemptRecord['outcome'], second: number): AttemptRecord => ({
  attempt: 1, attemptedAt: at(second).toISOString(), outcome, statusCode: outcome === 'delivered' ? 204 : 503, error: null,
  nextAttemptAt: outcome === 'retry' ? at(second + 60).toISOString() : undefined,
});

describe.each([
  ['SQLite', () => 'sqlite::memory:'],
  ['MariaDB', () => `${testMysqlServer()}/unit_webhook_${randomUUID().slice(0, 8)}`],
])('WebhookDeliveryRepository on %s', (_name, newUrl) => {
  let dataSource: DataSource;
  let deliveries: WebhookDeliveryRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ url: newUrl(), entities: notificationEntities, poolSize: 2 });
    const transactions = new TransactionRunner(dataSource);
    deliveries = new WebhookDeliveryRepository(transactions);
    await transactions.run((manager) => deliveries.enqueue(manager, 'n-1', 'http://127.0.0.1:1/hook', '{}'));
  });
  afterEach(async () => {
    if (dataSource.options.type !== 'better-sqlite3') await dataSource.query(`DROP DATABASE \`${dataSource.driver.database}\``);
    await dataSource.destroy();
  });

  it('lets one claim take a due delivery, and hands it over with its lease', async () => {
    const lease = new Date(Date.now() + 60_000);
    const first = await deliveries.claimDue(new Date(), lease, 20);
    const second = await deliveries.claimDue(new Date(), lease, 20);

    expect(first.map((delivery) => delivery.nextAttemptAt)).toEqual([lease.toISOString()]);
    expect(second).toEqual([]);
  });

  it("keeps the outcome of the dispatcher that holds the lease, not of one that stalled past its own", async () => {
    const now = new Date();
    const [stalled] = await deliveries.claimDue(now, new Date(now.getTime() + 1000), 20);
    const [current] = await deliveries.claimDue(new Date(now.getTime() + 2000), new Date(now.getTime() + 60_000), 20);

    const late = await deliveries.record(stalled, attempt('retry', 3));
    const onTime = await deliveries.record(current, attempt('delivered', 4));

    expect([late, onTime]).toEqual([false, true]);
    expect(await dataSource.manager.findOneByOrFail(WebhookDeliveryOrm, { notificationId: 'n-1' })).toMatchObject({
      state: 'delivered', attempts: 1, deliveredAt: at(4).toISOString(),
    });
    expect((await dataSource.manager.find(WebhookAttemptOrm)).map((row) => row.outcome)).toEqual(['delivered']);
  });
});
