import { LoggerService } from '@nestjs/common';

/**
 * Work an app does on a timer of its own, so no outside cron is needed. One pass runs at a
 * time: asking while one runs gets that pass. A pass that fails is logged and counts 0; the
 * next one retries. stop() waits for the pass in progress, so the database is not closed under it.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    /** What a pass does, for the log, e.g. "sweeping expired holds". */
    private readonly doing: string,
    /** One pass; resolves with how many things it handled. */
    private readonly pass: (now: Date) => Promise<number>,
    private readonly logger: LoggerService,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  run(now = new Date()): Promise<number> {
    this.running ??= this.pass(now)
      .catch((error: Error) => {
        this.logger.warn(`${this.doing} failed, next pass retries: ${error.message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
