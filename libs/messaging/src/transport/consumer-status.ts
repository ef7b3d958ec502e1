import { Injectable } from '@nestjs/common';

/**
 * Whether the app's event consumer runs. The transport's server reports a consumer it is
 * starting again after a crash; readiness shows it, so an operator sees why the app's read
 * side stands still while its requests are still answered.
 */
@Injectable()
export class ConsumerStatus {
  private stoppedBy: string | undefined;

  stopped(reason: string): void {
    this.stoppedBy = reason;
  }

  running(): void {
    this.stoppedBy = undefined;
  }

  /** Throws while the consumer is stopped, with what stopped it. */
  assertRunning(): void {
    if (this.stoppedBy !== undefined) throw new Error(`the event consumer stopped (${this.stoppedBy}); it is being started again`);
  }
}
