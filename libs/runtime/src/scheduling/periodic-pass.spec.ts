import { setTimeout as sleep } from 'node:timers/promises';
import { PeriodicPass } from './periodic-pass';

describe('PeriodicPass', () => {
  const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
  beforeEach(() => jest.clearAllMocks());

  it('gives a caller who asks while a pass runs that same pass, not a second one', async () => {
    let passes = 0;
    const periodic = new PeriodicPass('counting', async () => {
      passes++;
      await sleep(20);
      return passes;
    }, logger);

    const answers = await Promise.all([periodic.run(), periodic.run(), periodic.run()]);
    const next = await periodic.run();

    expect(answers).toEqual([1, 1, 1]);
    expect(next).toBe(2);
  });

  it('logs a failed pass, counts it 0, and runs the next one', async () => {
    const outcomes = [Promise.reject(new Error('database is locked')), Promise.resolve(3)];
    const periodic = new PeriodicPass('sweeping old rows', () => outcomes.shift()!, logger);

    expect(await periodic.run()).toBe(0);
    expect(await periodic.run()).toBe(3);
    expect(logger.warn).toHaveBeenCalledWith('sweeping old rows failed, next pass retries: database is locked');
  });

  it('runs on its interval and, when stopped, waits for the pass in progress', async () => {
    let finished = 0;
    const periodic = new PeriodicPass('waiting', async () => {
      await sleep(50);
      return ++finished;
    }, logger);

    periodic.start(10);
    await sleep(25);
    await periodic.stop();
    const afterStop = finished;
    await sleep(80);

    expect(afterStop).toBe(1);
    expect(finished).toBe(1);
  });

  it('hands the pass the time it was asked for', async () => {
    const seen: Date[] = [];
    const periodic = new PeriodicPass('remembering', async (now) => seen.push(now), logger);
    const then = new Date('2026-01-01T00:00:00Z');

    await periodic.run(then);

    expect(seen).toEqual([then]);
  });
});
