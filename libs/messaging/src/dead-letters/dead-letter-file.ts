import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import { OutgoingMessage } from '../transport/event-publisher';
import { BusSubscription, InMemoryEventBus } from '../transport/memory/in-memory-event-bus';
import { readDeadLetter, StoredDeadLetter } from './dead-letter';

/** Where the embedded mode keeps its dead letters unless EMBEDDED_DEAD_LETTER_FILE says otherwise. */
export const DEFAULT_DEAD_LETTER_FILE = 'data/dead-letters.jsonl';

/** The consumer group that reads the dead-letter topics into the file. */
const KEEPER_GROUP = 'dead-letter-file';

/**
 * The embedded mode's dead letters, one JSON line each. Its bus lives and dies with the process,
 * so a `.DLT` topic there would be lost on every stop; the file outlives it and
 * `npm run dead-letters -- list` reads it. Each time a message is refused makes a line: a
 * message still refused after a restart (the outboxes send their history again) makes another.
 */
export class DeadLetterFile {
  private readonly logger = new Logger(DeadLetterFile.name);

  constructor(readonly path: string) {}

  /**
   * Writes every message of the topics (the `.DLT` topics of the bus) to the file, in the bus's
   * order; a write that fails is tried again with the bus's backoff.
   */
  keep(bus: InMemoryEventBus, topics: readonly string[]): { stop(): Promise<void> } {
    const subscriptions: BusSubscription[] = topics.map((topic) =>
      bus.subscribe(KEEPER_GROUP, topic, (message) => this.append(message), {
        onError: (error, message, attempt) =>
          this.logger.warn(`a dead letter of ${message.topic} not written to ${this.path} (attempt ${attempt}), retrying: ${String(error)}`),
      }),
    );
    return {
      stop: async () => {
        await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()));
      },
    };
  }

  /** One dead letter as one line: what `read` gives back, but its position. */
  async append({ key, value, headers = {} }: OutgoingMessage, time = new Date()): Promise<void> {
    const line: Omit<StoredDeadLetter, 'position'> = { time: time.toISOString(), key, ...readDeadLetter(value, headers) };
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(line)}\n`);
  }

  /** Every dead letter in the file, oldest first; the position is the line number. None if there is no file. */
  read(): StoredDeadLetter[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .map((line, index) => ({ line, position: String(index + 1) }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, position }) => lineToDeadLetter(line, position));
  }
}

function lineToDeadLetter(line: string, position: string): StoredDeadLetter {
  try {
    return { ...(JSON.parse(line) as Omit<StoredDeadLetter, 'position'>), position };
  } catch {
    // A line cut short by a crash in the middle of a write: shown, not hidden.
    return { position, time: '', topic: '', consumer: '', reason: 'this line of the file is not JSON', key: '', message: line };
  }
}
