import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadLetterFile } from '@movie/messaging';
import { eventually } from '@movie/messaging/testing/test-database';
import { JsonLogger } from '@movie/runtime';
import { EmbeddedPlatform, PlatformApp } from './embedded-platform';
import { startAppThreads } from './threaded-app';

const quiet = new JsonLogger('embedded', 'error', () => undefined);
const entry = join(__dirname, 'testing', 'fake-app-thread.js');
const env = { PAYMENT_PORT: '9001', BOOK_PORT: '9002', CRASHING_PORT: '9003', GATEWAY_PORT: '9004', REFUSING_PORT: '9005' };

// The launcher only needs the names: the thread creates the apps itself.
const named = (...names: string[]): PlatformApp[] =>
  names.map((name) => ({ name, create: () => Promise.reject(new Error(`${name} is created in its thread`)) }));

describe('apps in worker threads', () => {
  it('starts and stops the apps in their threads, each thread with the environment it was given', async () => {
    const crashes: string[] = [];
    const threads = startAppThreads(named('payment', 'book', 'gateway'), [['gateway', 'book'], ['payment']], (reason) => crashes.push(reason), {
      env, entry,
    });
    const platform = new EmbeddedPlatform(threads.apps, quiet);

    const address = await platform.start({});
    await platform.stop();
    await threads.end();

    expect(address).toEqual({ host: '127.0.0.1', port: 9004 });
    expect(crashes).toEqual([]);
  });

  it('gives each thread the young generation it is told to', async () => {
    const threads = startAppThreads(named('limits'), [['limits']], () => undefined, { env, entry, youngGenerationMb: 96 });
    const platform = new EmbeddedPlatform(threads.apps, quiet);

    const address = await platform.start({});
    await platform.stop();
    await threads.end();

    expect(address.port).toBe(96);
  });

  it('fails the start with the reason an app in a thread could not be created, and ends its thread', async () => {
    const threads = startAppThreads(named('payment', 'broken'), [['payment'], ['broken']], () => undefined, { env, entry });
    const platform = new EmbeddedPlatform(threads.apps, quiet);

    await expect(platform.start({})).rejects.toThrow('broken: cannot open its database');
    await platform.stop();
    await threads.end();
  });

  it('tells of a thread that ended while its apps ran, once, and no longer waits on it', async () => {
    const crashes: string[] = [];
    const threads = startAppThreads(named('payment', 'crashing', 'gateway'), [['payment', 'crashing'], ['gateway']], (reason) => crashes.push(reason), {
      env, entry,
    });
    const [payment, crashing] = await Promise.all(threads.apps.slice(0, 2).map((app) => app.create({})));

    await expect(crashing.app.listen(9003, '127.0.0.1')).rejects.toThrow('the thread of payment, crashing ended (exit code 1)');
    await expect(payment.app.close()).rejects.toThrow('out of memory, say');

    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatch(/^the thread of payment, crashing ended \(exit code 1\): Error: out of memory, say[\s\S]* while the platform ran$/);
    await threads.end();
  });

  it('keeps in the dead-letter file what an app thread dead-letters, though no app thread is given a .DLT topic', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dead-letters-'));
    const file = new DeadLetterFile(join(folder, 'dead-letters.jsonl'));
    // It reads what a consumer of bookings reads, as platform-apps.ts says: its thread is not given the .DLT topic.
    const refusing = named('refusing').map((app) => ({ ...app, reads: ['movie.booking.v1'] }));
    const threads = startAppThreads(refusing, [['refusing']], () => undefined, {
      env, entry, deadLetters: { topics: ['movie.booking.v1.DLT'], file },
    });
    const platform = new EmbeddedPlatform(threads.apps, quiet);
    try {
      await platform.start({});

      await eventually(() => expect(file.read()).toEqual([{
        position: '1', time: expect.any(String), topic: 'movie.booking.v1', consumer: 'ticket', reason: 'message is not JSON',
        key: 'booking-1', message: '{"id": "not-even-json"',
      }]));
    } finally {
      await platform.stop();
      await threads.end();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 20_000);

  it('refuses groups that leave an app without a thread', () => {
    expect(() => startAppThreads(named('payment', 'book'), [['payment']], () => undefined, { env, entry })).toThrow('no thread runs book');
  });
});
