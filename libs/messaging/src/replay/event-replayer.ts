import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { isDeadlock, TransactionRunner } from '@movie/persistence';
import { EventHandler, EventHandlers } from '../inbox/event-handlers';
import { readEvent } from '../inbox/read-event';
import { parseMessage } from '../inbox/received-envelope';
import { EventLog } from './event-log';

export interface ReplayOptions {
  /** Events applied per transaction. One commit per event made a 100,000-event rebuild take many minutes. */
  eventsPerTransaction?: number;
  /** Transactions running at once, each on its own share of the event keys. */
  lanes?: number;
}

const DEFAULTS: Required<ReplayOptions> = { eventsPerTransaction: 500, lanes: 4 };

/** A deadlock victim is run again this many times before the replay gives up. */
const DEADLOCK_ATTEMPTS = 5;

interface ReadyEvent {
  event: Parameters<EventHandler['handle']>[0];
  handler: EventHandler;
}

/**
 * Rebuilds a read model: reads the topics from their beginning and applies every event
 * through the same validation and handlers as the live consumer, a batch of events per
 * transaction. A batch is applied whole or not at all, so a replay that stops half-way
 * leaves whole events behind, as when each event had its own transaction.
 *
 * Each run of messages the log hands over is split into lanes by event key, applied at the
 * same time. One key's events (one booking's) stay in one lane, in the log's order, and two
 * lanes never lock the same row; the next run starts once every lane is done.
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
  async replay(group: string, topics: readonly string[], handlers: EventHandlers, options: ReplayOptions = {}): Promise<number> {
    const { eventsPerTransaction, lanes } = { ...DEFAULTS, ...options };
    const runId = `${group}-replay-${Date.now()}-${randomUUID().slice(0, 8)}`;
    // Also holds the ids of the run being applied: a run that fails stops the replay, so the count never includes it.
    const applied = new Set<string>();
    let skipped = 0;
    await this.log.readFromBeginning(topics, async (topic, messages) => {
      const ready: ReadyEvent[] = [];
      for (const message of messages) {
        const read = readEvent(message, handlers);
        if (read.kind === 'unreadable') {
          skipped++;
          this.logger.warn(`${group} replay skips an unreadable ${topic} message: ${read.reason}`);
        } else if (read.kind === 'event' && !applied.has(read.event.id)) {
          applied.add(read.event.id);
          ready.push(read);
        }
      }
      await this.applyInLanes(ready, lanes, eventsPerTransaction);
    }, runId);
    this.logger.log(`${runId} applied ${applied.size} events from ${topics.join(', ')}${skipped ? `, skipped ${skipped} unreadable` : ''}`);
    return applied.size;
  }

  /**
   * The ids of every event the topics hold, read from their beginning as a replay would read
   * them, unreadable messages included (they carry an id as often as not). A caller compares
   * them with what it has applied before it empties anything: a log that retention has cut, or
   * an embedded bus that started empty, no longer holds the whole history.
   */
  async eventIdsInLog(group: string, topics: readonly string[]): Promise<Set<string>> {
    const ids = new Set<string>();
    await this.log.readFromBeginning(topics, async (_topic, messages) => {
      for (const message of messages) {
        const parsed = parseMessage(message);
        const id = parsed.ok ? (parsed.value as { id?: unknown }).id : undefined;
        if (typeof id === 'string') ids.add(id);
      }
    }, `${group}-check-${Date.now()}-${randomUUID().slice(0, 8)}`);
    return ids;
  }

  private async applyInLanes(ready: ReadyEvent[], laneCount: number, eventsPerTransaction: number): Promise<void> {
    const lanes = Array.from({ length: laneCount }, (): ReadyEvent[] => []);
    for (const one of ready) lanes[laneOf(one.event.key, laneCount)].push(one);
    // Settled, not all: a failing lane must not leave the others writing after the replay has stopped.
    const outcomes = await Promise.allSettled(lanes.map(async (lane) => {
      for (let first = 0; first < lane.length; first += eventsPerTransaction) {
        await this.applyInOneTransaction(lane.slice(first, first + eventsPerTransaction));
      }
    }));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Lanes touch different rows, but MariaDB's gap locks can still make two of them a deadlock. */
  private async applyInOneTransaction(batch: ReadyEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(async (manager) => {
          for (const { event, handler } of batch) await handler.handle(event, manager);
        });
      } catch (error) {
        if (!isDeadlock(error) || attempt === DEADLOCK_ATTEMPTS) throw error;
        this.logger.warn(`replay batch of ${batch.length} events was a deadlock victim, attempt ${attempt + 1} of ${DEADLOCK_ATTEMPTS}`);
      }
    }
  }
}

/** A stable lane for a key (FNV-1a), so one key's events always share a lane. */
function laneOf(key: string, laneCount: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % laneCount;
}
