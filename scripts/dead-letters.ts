/**
 * `npm run dead-letters -- list [<topic>]` prints the dead letters (messages a consumer could not
 * parse or validate) with the consumer and the reason; `npm run dead-letters -- replay <topic>
 * (--offset <partition:offset> | --all)` sends them to their topic again once the cause is fixed.
 *
 * With MESSAGING_TRANSPORT=kafka it works on the broker's `.DLT` topics (KAFKA_BROKERS,
 * MESSAGING_NAMESPACE); otherwise on the embedded mode's file (EMBEDDED_DEAD_LETTER_FILE,
 * data/dead-letters.jsonl), which it can list but not replay. See docs/operations.md, "Dead letters".
 */
import { deadLetterTopic } from '@movie/contracts';
import {
  DEFAULT_DEAD_LETTER_FILE, DeadLetterFile, findDeadLetter, KafkaDeadLetters, loadMessagingConfig, MessagingConfig, StoredDeadLetter,
} from '@movie/messaging';
import { EnvReader } from '@movie/runtime';

interface DeadLettersConfig {
  messaging: MessagingConfig;
  file: string;
}

type Command = { name: 'list'; topic?: string } | { name: 'replay'; topic: string; offset?: string; all: boolean };

const USAGE = 'usage: npm run dead-letters -- list [<topic>]\n       npm run dead-letters -- replay <topic> (--offset <partition:offset> | --all)';
const SHOWN_CHARACTERS = 160;

const say = (line = '') => process.stdout.write(`${line}\n`);
const shortened = (text: string) => (text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}… (${text.length} characters)` : text);

/** `movie.booking.v1` or `movie.booking.v1.DLT` → the dead-letter topic. */
const dltOf = (topic: string) => (topic.endsWith(deadLetterTopic('')) ? topic : deadLetterTopic(topic));

function loadConfig(env: NodeJS.ProcessEnv): DeadLettersConfig {
  const messaging = loadMessagingConfig(env, 'dead-letters');
  const reader = new EnvReader(env);
  const file = reader.str('EMBEDDED_DEAD_LETTER_FILE', DEFAULT_DEAD_LETTER_FILE);
  reader.done();
  return { messaging, file };
}

function parseCommand(args: string[]): Command {
  const [name, topic, ...options] = args;
  if (name === 'list' && options.length === 0) return { name, topic };
  if (name === 'replay' && topic && !topic.startsWith('--')) {
    const all = options.length === 1 && options[0] === '--all';
    const offset = options.length === 2 && options[0] === '--offset' ? options[1] : undefined;
    if (all || offset) return { name, topic, offset, all };
  }
  throw new Error(USAGE);
}

function printLetters(where: string, letters: readonly StoredDeadLetter[]): void {
  say(`${where}: ${letters.length} dead letter${letters.length === 1 ? '' : 's'}`);
  for (const letter of letters) {
    say(`  ${letter.position}  ${letter.time}  ${letter.topic}  consumer ${letter.consumer}  key ${letter.key}`);
    say(`      reason:  ${letter.reason}`);
    say(`      message: ${shortened(letter.message)}`);
  }
}

async function listOnKafka(deadLetters: KafkaDeadLetters, config: MessagingConfig, topic?: string): Promise<void> {
  const topics = topic ? [dltOf(topic)] : await deadLetters.topics();
  if (topics.length === 0) say(`no .DLT topic on ${config.brokers.join(',')}${config.namespace ? ` in namespace ${config.namespace}` : ''}`);
  for (const dlt of topics) printLetters(`${dlt} on ${config.brokers.join(',')} (partition:offset)`, await deadLetters.read(dlt));
}

async function replayOnKafka(deadLetters: KafkaDeadLetters, command: Extract<Command, { name: 'replay' }>): Promise<void> {
  const dlt = dltOf(command.topic);
  const letters = await deadLetters.read(dlt);
  const chosen = command.all ? letters : [findDeadLetter(letters, command.offset!, dlt)];
  const replays = await deadLetters.replay(chosen);
  for (const { message, letters: answered } of replays) {
    say(`sent to ${message.topic} with key ${message.key}: ${shortened(message.value)}`);
    say(`  for the dead letter${answered.length === 1 ? '' : 's'} ${answered.map(({ position, consumer }) => `${position} (${consumer})`).join(', ')}`);
  }
  say(`${replays.length} message${replays.length === 1 ? '' : 's'} sent for ${chosen.length} dead letter${chosen.length === 1 ? '' : 's'} of ${dlt}.`);
  say(`Consumers apply what they had refused and skip what they had applied (by event id); one still refused lands in ${dlt} again.`);
}

function listFile(file: DeadLetterFile, topic?: string): void {
  const letters = file.read().filter((letter) => !topic || dltOf(letter.topic) === dltOf(topic));
  printLetters(`${file.path} (embedded mode, by line; MESSAGING_TRANSPORT=kafka reads the broker)`, letters);
}

/** The embedded mode's events live inside its process, which this command cannot reach. */
function refuseReplayInFile(file: DeadLetterFile): never {
  throw new Error(
    `replay works on Kafka only (MESSAGING_TRANSPORT=kafka). ${file.path} is the embedded mode's record of what was refused; ` +
      'its events live in the running process, out of this command\'s reach. After fixing the cause, restart the platform (npm start): ' +
      'every app sends its outbox\'s whole history again at start, and each consumer applies the events it had refused and skips those it applied. ' +
      `An event still refused is written to ${file.path} again.`,
  );
}

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2));
  const config = loadConfig(process.env);
  if (config.messaging.transport !== 'kafka') {
    const file = new DeadLetterFile(config.file);
    return command.name === 'list' ? listFile(file, command.topic) : refuseReplayInFile(file);
  }
  const deadLetters = new KafkaDeadLetters(config.messaging);
  if (command.name === 'list') await listOnKafka(deadLetters, config.messaging, command.topic);
  else await replayOnKafka(deadLetters, command);
}

// `list | head` closes the pipe early: that ends the listing, not in an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
