import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OutboxMessageOrm } from '@movie/messaging';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { createBookApp } from '../book.app';
import { loadBookConfig } from '../book.config';
import { FakePayment } from './fake-payment';

export const silentLogger = { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} };

/** book on a real port with a fake payment behind it, for app-level specs. */
export class BookHarness {
  app!: NestFastifyApplication;
  payment = new FakePayment();
  base = '';

  async start(env: NodeJS.ProcessEnv = {}): Promise<this> {
    await this.payment.start();
    const config = loadBookConfig({
      BOOK_DB_URL: 'sqlite::memory:',
      BOOK_PAYMENT_URL: this.payment.url,
      // Long enough that a busy machine's normal answers arrive in time; slow-mode tests wait past it.
      BOOK_PAYMENT_TIMEOUT_MS: '1000',
      BOOK_BREAKER_THRESHOLD: '3',
      BOOK_BREAKER_OPEN_MS: '60000',
      BOOK_RECONCILE_INTERVAL_MS: '3600000',
      ...env,
    });
    this.app = await createBookApp(config, silentLogger);
    await this.app.listen(0, '127.0.0.1');
    this.base = await this.app.getUrl();
    return this;
  }

  /**
   * Two book instances on one new MariaDB database, as two replicas run, both calling the first
   * one's payment, so that its request log holds what either asked. `drop` stops both and drops
   * the database.
   */
  static async replicas(name: string, env: NodeJS.ProcessEnv = {}): Promise<{ instances: [BookHarness, BookHarness]; drop(): Promise<void> }> {
    const database = `unit_book_${name}_${randomUUID().slice(0, 8)}`;
    const shared = { ...env, BOOK_DB_URL: `${testMysqlServer()}/${database}` };
    const first = await new BookHarness().start(shared);
    const second = await new BookHarness().start({ ...shared, BOOK_PAYMENT_URL: first.payment.url });
    return {
      instances: [first, second],
      drop: async () => {
        await first.dataSource.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await Promise.all([first.stop(), second.stop()]);
      },
    };
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.payment.stop();
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  async outbox(): Promise<{ type: string; key: string; body: any }[]> {
    const rows = await this.dataSource.manager.find(OutboxMessageOrm, { order: { seq: 'ASC' } });
    return rows.map((row) => ({ type: row.type, key: row.key, body: JSON.parse(row.body) }));
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
}
