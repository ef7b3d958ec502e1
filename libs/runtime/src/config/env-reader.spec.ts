import { ConfigError, EnvReader } from './env-reader';

describe('EnvReader', () => {
  it('reads prefixed settings and falls back to defaults', () => {
    const env = new EnvReader({ BOOK_PORT: '9001' }, 'BOOK_');
    expect(env.int('PORT', 8081)).toBe(9001);
    expect(env.int('TIMEOUT_MS', 610)).toBe(610);
    expect(() => env.done()).not.toThrow();
  });

  it('reports every invalid setting at once', () => {
    const env = new EnvReader({ BOOK_PORT: 'abc', BOOK_DEBUG: 'maybe' }, 'BOOK_');
    env.int('PORT', 8081, { min: 1, max: 65535 });
    env.bool('DEBUG', false);
    env.str('DB_URL');
    expect(() => env.done()).toThrow(ConfigError);
    try {
      env.done();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'BOOK_PORT must be an integer from 1 to 65535, got "abc"',
        'BOOK_DEBUG must be true or false, got "maybe"',
        'BOOK_DB_URL is required',
      ]);
    }
  });

  it("reports problems of rules it cannot check itself after its own, in one error", () => {
    const env = new EnvReader({ BOOK_PORT: 'abc' }, 'BOOK_');
    env.int('PORT', 8081, { min: 1, max: 65535 });
    expect(() => env.done(['BOOK_URL must be an http origin'])).toThrow(
      expect.objectContaining({ problems: ['BOOK_PORT must be an integer from 1 to 65535, got "abc"', 'BOOK_URL must be an http origin'] }),
    );
    expect(() => new EnvReader({}).done(['only this'])).toThrow(expect.objectContaining({ problems: ['only this'] }));
    expect(() => new EnvReader({}).done()).not.toThrow();
  });
});
