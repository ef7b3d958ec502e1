import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@movie/persistence';
import { EventHandlers } from '../inbox/event-handlers';
import { readEvent } from '../inbox/read-event';
import { EventLog } from './event-log';

/**
 * Rebuilds a read model: reads the topics from their beginning and applies every event
 * through the same validation and handlers as the live consumer, each in its own
 * transaction.
 *
 * The inbox is bypassed on purpose. The caller has just emptied its read model, so the
 * live inbox would skip every event; and a separate inbox key per run would only grow
 * processed_event by the whole history on each rebuild. Instead the run remembers the
 * event ids it applied, so a duplicate the transport carried (at-least-once publishing)
 * is applied once. Events the live consumer applies meanwhile may reach the handler
 * twice, which is why replayed handlers must be idempotent by event id (the my page
 * projection is). Messages that cannot be read were dead-lettered when they were
 * consumed live; here they are skipped.
 */
@Injectable()
export class EventReplayer {
  private readonly logger = new Logger(EventReplayer.name);

  constructor(
    private readonly log: EventLog,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Returns how many events were applied. A handler that throws stops the replay with its error. */
  async replay(group: string, topics: readonly string[], handlers: EventHandlers): Promise<number> {
    const runId = `${group}-replay-${Date.now()}-${randomUUID().slice(0, 8)}`;
    const applied = new Set<string>();
    let skipped = 0;
    await this.log.readFromBeginning(topics, async (topic, message) => {
      const read = await readEvent(message, handlers);
      if (read.kind === 'unreadable') {
        skipped++;
        this.logger.warn(`${group} replay skips an unreadable ${topic} message: ${read.reason}`);
        return;
      }
      if (read.kind === 'ignored' || applied.has(read.event.id)) return;
      await this.transactions.run((manager) => read.handler.handle(read.event, manager));
      applied.add(read.event.id);
    }, runId);
    this.logger.log(`${runId} applied ${applied.size} events from ${topics.join(', ')}${skipped ? `, skipped ${skipped} unreadable` : ''}`);
    return applied.size;
  }
}
