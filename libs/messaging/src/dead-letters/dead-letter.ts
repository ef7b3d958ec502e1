import { deadLetterTopic } from '@movie/contracts';
import type { DeadLetter } from '../inbox/event-consumer';
import { EventHeaders, OutgoingMessage } from '../transport/event-publisher';

/** A dead letter read back for an operator, from a `.DLT` topic or the embedded mode's file. */
export interface StoredDeadLetter {
  /** Where it is kept: `partition:offset` in its `.DLT` topic, or the line of the file. */
  position: string;
  /** When it was dead-lettered (ISO). */
  time: string;
  /** The topic the refused message came from (logical name). */
  topic: string;
  consumer: string;
  reason: string;
  /** The refused event's key (the booking id), or the consumer's name when the message had none. */
  key: string;
  /** The refused message as text, as it goes to its topic again. */
  message: string;
}

type Content = Pick<StoredDeadLetter, 'topic' | 'consumer' | 'reason' | 'message'>;

/**
 * What EventConsumer.deadLetter wrote: a JSON DeadLetter as the value, with the reason,
 * consumer and topic as headers too. A value that is not such JSON (written by some other
 * tool) is shown as it is, with whatever the headers say.
 */
export function readDeadLetter(value: string, headers: Record<string, string>): Content {
  const fromHeaders: Content = {
    topic: headers[EventHeaders.originalTopic] ?? '',
    consumer: headers[EventHeaders.deadLetterConsumer] ?? '',
    reason: headers[EventHeaders.deadLetterReason] ?? '',
    message: value,
  };
  let letter: Partial<DeadLetter>;
  try {
    letter = JSON.parse(value) as Partial<DeadLetter>;
  } catch {
    return fromHeaders;
  }
  if (typeof letter !== 'object' || letter === null || !('original' in letter)) return fromHeaders;
  return {
    topic: typeof letter.topic === 'string' ? letter.topic : fromHeaders.topic,
    consumer: typeof letter.consumer === 'string' ? letter.consumer : fromHeaders.consumer,
    // The header is cut at 500 characters; the value has the whole reason.
    reason: typeof letter.reason === 'string' ? letter.reason : fromHeaders.reason,
    // The consumer keeps what it could parse as parsed JSON, and anything else as text.
    message: typeof letter.original === 'string' ? letter.original : JSON.stringify(letter.original),
  };
}

/** One message a replay sends, and the dead letters it answers. */
export interface Replay {
  message: OutgoingMessage;
  letters: StoredDeadLetter[];
}

/**
 * The messages that replay these dead letters: one for each refused message, however often it
 * was chosen and however many consumers refused it (each consumer group reads it again from its
 * topic), in the order first chosen.
 */
export function replaysOf(letters: readonly StoredDeadLetter[]): Replay[] {
  const replays = new Map<string, Replay>();
  for (const letter of letters) {
    const id = JSON.stringify([letter.topic, letter.key, letter.message]);
    const replay = replays.get(id) ?? { message: { topic: letter.topic, key: letter.key, value: letter.message }, letters: [] };
    if (!replay.letters.some((chosen) => chosen.position === letter.position)) replay.letters.push(letter);
    replays.set(id, replay);
  }
  for (const replay of replays.values()) {
    const from = `${deadLetterTopic(replay.message.topic)} ${replay.letters.map(({ position }) => position).join(',')}`;
    replay.message.headers = { [EventHeaders.replayedFrom]: from };
  }
  return [...replays.values()];
}

/**
 * The dead letter at `wanted`: `partition:offset`, or a bare offset when only one partition has
 * it. Throws, saying what there is, when none or several match.
 */
export function findDeadLetter(letters: readonly StoredDeadLetter[], wanted: string, where: string): StoredDeadLetter {
  const matches = letters.filter(({ position }) => position === wanted || position.split(':')[1] === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) {
    throw new Error(`no dead letter at ${wanted} in ${where} (there are ${letters.map(({ position }) => position).join(', ') || 'none'})`);
  }
  throw new Error(`offset ${wanted} is in more than one partition of ${where}: say which, as ${matches.map(({ position }) => `--offset ${position}`).join(' or ')}`);
}
