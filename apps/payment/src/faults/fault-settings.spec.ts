import { isDelaySpec, parseDelaySetting, toDelayRange, toDelaySpec } from './fault-settings';

describe('fault settings', () => {
  it.each([
    ['500', { min: 500, max: 500 }],
    ['400-620', { min: 400, max: 620 }],
    [' 400 - 620 ', { min: 400, max: 620 }],
    ['0', null],
  ])('reads the delay setting %p', (text, expected) => {
    expect(parseDelaySetting(text)).toEqual(expected);
  });

  it.each(['fast', '-5', '620-400', '1.5', '999999', '400-'])('refuses the delay setting %p', (text) => {
    expect(parseDelaySetting(text)).toBeUndefined();
  });

  it.each([[0], [250], [[100, 200]], [[300, 300]]])('accepts the delay %p over HTTP', (spec) => {
    expect(isDelaySpec(spec)).toBe(true);
  });

  it.each([[-1], [1.5], ['500'], [[200, 100]], [[1, 2, 3]], [null]])('refuses the delay %p over HTTP', (spec) => {
    expect(isDelaySpec(spec)).toBe(false);
  });

  it('writes a range back the way it was given', () => {
    expect([toDelaySpec(toDelayRange([400, 620])), toDelaySpec(toDelayRange(500)), toDelaySpec(toDelayRange(0))])
      .toEqual([[400, 620], 500, 0]);
  });
});
