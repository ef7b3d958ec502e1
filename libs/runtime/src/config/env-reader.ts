export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads settings once at start-up. Problems are collected, not thrown one by one,
 * so an operator sees every wrong setting in a single start attempt.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly prefix = '',
  ) {}

  /** A reader for another prefix that reports into the same problem list. */
  scoped(prefix: string): EnvReader {
    const reader = new EnvReader(this.env, prefix);
    (reader as unknown as { problems: string[] }).problems = this.problems;
    return reader;
  }

  str(name: string, fallback?: string): string {
    const value = this.raw(name);
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${this.key(name)} is required`);
    return '';
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    const { min = -Infinity, max = Infinity } = range;
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${this.key(name)} must be an integer from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  number(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    const { min = -Infinity, max = Infinity } = range;
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${this.key(name)} must be a number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${this.key(name)} must be true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${this.key(name)} must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  list(name: string, fallback: string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    return value.split(',').map((item) => item.trim()).filter(Boolean);
  }

  /**
   * Throws one ConfigError naming every problem found so far, followed by `alsoWrong`: the
   * problems of rules this reader cannot check itself (cross-checks, custom formats).
   */
  done(alsoWrong: readonly string[] = []): void {
    const problems = [...this.problems, ...alsoWrong];
    if (problems.length > 0) throw new ConfigError(problems);
  }

  private key(name: string): string {
    return `${this.prefix}${name}`;
  }

  private raw(name: string): string | undefined {
    const value = this.env[this.key(name)];
    return value === undefined || value === '' ? undefined : value;
  }
}
