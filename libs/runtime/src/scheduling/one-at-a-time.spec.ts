import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('starts a job only when the one before it has settled, in the order given', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    let finishFirst!: () => void;
    const first = queue.run(async () => {
      log.push('first started');
      await new Promise<void>((resolve) => (finishFirst = resolve));
      log.push('first done');
      return 1;
    });
    const second = queue.run(async () => {
      log.push('second started');
      return 2;
    });

    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['first started']);
    finishFirst();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first started', 'first done', 'second started']);
  });

  it('gives a failure to its own caller and goes on with the next job', async () => {
    const queue = new OneAtATime();
    const failed = queue.run(async () => {
      throw new Error('the job failed');
    });
    const next = queue.run(async () => 'ran');

    await expect(failed).rejects.toThrow('the job failed');
    await expect(next).resolves.toBe('ran');
  });

  it('never runs two jobs at once', async () => {
    const queue = new OneAtATime();
    let running = 0;
    let most = 0;
    const job = async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    };
    await Promise.all(Array.from({ length: 5 }, () => queue.run(job)));
    expect(most).toBe(1);
  });
});
