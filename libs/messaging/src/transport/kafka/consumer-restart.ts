import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Consumer, ConsumerCrashEvent } from 'kafkajs';
import { ConsumerStatus } from '../consumer-status';

export interface RestartDelays {
  firstMs: number;
  maxMs: number;
}

const DEFAULT_DELAYS: RestartDelays = { firstMs: 1_000, maxMs: 30_000 };

/**
 * Starts a Kafka consumer again after kafkajs gave up on it.
 *
 * kafkajs restarts a crashed consumer itself only when the error is retriable. After a
 * non-retriable one it stops for good while the app goes on serving requests. The common
 * case is "Failed to find group coordinator" when a broker that was away answers before its
 * coordinator is ready (kafkajs issues 1445 and 1630). The app's read model would then fall
 * behind until someone restarted the process. Here such a crash leads to connecting and
 * starting again, with doubling delays, until the consumer runs or `stop` is called.
 */
export class ConsumerRestart {
  private readonly logger = new Logger(ConsumerRestart.name);
  private readonly unwatch: () => void;
  private crashes = 0;
  private restarting = false;
  private stopped = false;

  constructor(
    private readonly consumer: Consumer,
    /** Subscribes and runs the connected consumer, as at start-up. */
    private readonly start: () => Promise<void>,
    private readonly status?: ConsumerStatus,
    private readonly delays: RestartDelays = DEFAULT_DELAYS,
  ) {
    this.unwatch = consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => this.crashed(event.payload));
  }

  /** No more restarts; one in progress disconnects the consumer again. */
  stop(): void {
    this.stopped = true;
    this.unwatch();
  }

  private crashed({ error, restart }: ConsumerCrashEvent['payload']): void {
    if (restart || this.stopped) return;
    this.crashes++;
    this.status?.stopped(error.message);
    if (this.restarting) return;
    this.logger.warn(`the consumer stopped after a non-retriable error, starting it again: ${error.message}`);
    void this.restart();
  }

  private async restart(): Promise<void> {
    this.restarting = true;
    try {
      for (let attempt = 1; !this.stopped; attempt++) {
        await sleep(Math.min(this.delays.firstMs * 2 ** (attempt - 1), this.delays.maxMs), undefined, { ref: false });
        if (this.stopped) return;
        // kafkajs reports a crash while joining through the CRASH event, not by rejecting run().
        const crashesBefore = this.crashes;
        try {
          await this.consumer.connect();
          await this.start();
        } catch (error) {
          this.logger.warn(`starting the consumer again failed (attempt ${attempt}): ${(error as Error).message}`);
          await this.consumer.disconnect().catch(() => undefined);
          continue;
        }
        if (this.stopped) return void (await this.consumer.disconnect().catch(() => undefined));
        if (this.crashes === crashesBefore) {
          this.status?.running();
          this.logger.log(`the consumer runs again (attempt ${attempt})`);
          return;
        }
      }
    } finally {
      this.restarting = false;
    }
  }
}
