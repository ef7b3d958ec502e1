import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Consumer } from 'kafkajs';
import { eventually } from '../../testing/test-database';
import { ConsumerStatus } from '../consumer-status';
import { ConsumerRestart } from './consumer-restart';

/** The part of a kafkajs consumer ConsumerRestart uses: CRASH events, connect and disconnect. */
class FakeConsumer {
  readonly events = { CRASH: 'consumer.crash' };
  readonly connect = jest.fn(async () => undefined);
  readonly disconnect = jest.fn(async () => undefined);
  private readonly emitter = new EventEmitter();

  on(name: string, listener: (event: unknown) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  crash(restart: boolean): void {
    const error = new Error('Failed to find group coordinator');
    this.emitter.emit(this.events.CRASH, { type: this.events.CRASH, payload: { error, groupId: 'mypage', restart } });
  }
}

describe('ConsumerRestart', () => {
  let consumer: FakeConsumer;
  let start: jest.Mock<Promise<void>, []>;
  let restart: ConsumerRestart;
  let status: ConsumerStatus;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    consumer = new FakeConsumer();
    start = jest.fn(async () => undefined);
    status = new ConsumerStatus();
    restart = new ConsumerRestart(consumer as unknown as Consumer, start, status, { firstMs: 1, maxMs: 4 });
  });
  afterEach(() => {
    restart.stop();
    jest.restoreAllMocks();
  });

  const settle = () => sleep(50);

  it('connects and starts the consumer again after a crash kafkajs does not restart from', async () => {
    consumer.crash(false);

    await eventually(() => expect(start).toHaveBeenCalledTimes(1));
    expect(consumer.connect).toHaveBeenCalledTimes(1);
    await settle();
    expect(start).toHaveBeenCalledTimes(1);
    expect(consumer.disconnect).not.toHaveBeenCalled();
  });

  it('leaves a crash that kafkajs restarts from to kafkajs', async () => {
    consumer.crash(true);
    await settle();

    expect(consumer.connect).not.toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
  });

  it('reports the consumer stopped, with the error, until it runs again', async () => {
    let release = () => {};
    start.mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));

    consumer.crash(false);

    expect(() => status.assertRunning()).toThrow('the event consumer stopped (Failed to find group coordinator); it is being started again');
    await eventually(() => expect(start).toHaveBeenCalledTimes(1));
    expect(() => status.assertRunning()).toThrow();
    release();
    await eventually(() => expect(() => status.assertRunning()).not.toThrow());
  });

  it('keeps trying while the broker cannot be reached, disconnecting after each failed try', async () => {
    consumer.connect.mockRejectedValueOnce(new Error('Connection refused')).mockRejectedValueOnce(new Error('Connection refused'));

    consumer.crash(false);

    await eventually(() => expect(start).toHaveBeenCalledTimes(1));
    expect(consumer.connect).toHaveBeenCalledTimes(3);
    expect(consumer.disconnect).toHaveBeenCalledTimes(2);
  });

  it('tries again when the consumer crashes once more while it starts', async () => {
    // kafkajs reports a failed join as a CRASH event while run() resolves.
    start.mockImplementationOnce(async () => consumer.crash(false));

    consumer.crash(false);

    await eventually(() => expect(start).toHaveBeenCalledTimes(2));
    await settle();
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('runs one restart at a time however many crashes come in', async () => {
    consumer.crash(false);
    consumer.crash(false);
    consumer.crash(false);

    await eventually(() => expect(start).toHaveBeenCalled());
    await settle();
    expect(consumer.connect).toHaveBeenCalledTimes(1);
  });

  it('does not start the consumer once stopped', async () => {
    consumer.crash(false);
    restart.stop();
    await settle();

    expect(consumer.connect).not.toHaveBeenCalled();
    consumer.crash(false);
    await settle();
    expect(consumer.connect).not.toHaveBeenCalled();
  });

  it('disconnects a consumer it started after being stopped meanwhile', async () => {
    start.mockImplementationOnce(async () => restart.stop());

    consumer.crash(false);

    await eventually(() => expect(consumer.disconnect).toHaveBeenCalledTimes(1));
  });
});
