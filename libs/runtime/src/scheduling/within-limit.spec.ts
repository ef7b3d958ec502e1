import { withinLimit } from './within-limit';

describe('withinLimit', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves as soon as the work settles, rejected or not, and leaves no timer behind', async () => {
    await withinLimit(Promise.resolve('done'), 2000);
    await withinLimit(Promise.reject(new Error('failed')), 2000);

    expect(jest.getTimerCount()).toBe(0);
  });

  it('resolves after the limit when the work does not settle', async () => {
    let settled = false;
    const waiting = withinLimit(new Promise(() => undefined), 2000).then(() => (settled = true));

    await jest.advanceTimersByTimeAsync(1999);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(settled).toBe(true);
  });
});
