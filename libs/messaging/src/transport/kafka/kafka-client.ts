import { Logger } from '@nestjs/common';
import { Kafka, logCreator, logLevel } from 'kafkajs';
import { MessagingConfig } from '../../messaging.config';

/**
 * The relay retries a failed batch itself, with backoff and no limit, and consumers
 * dedupe by event id; kafkajs' warning that bounded retries weaken exactly-once is
 * therefore expected and only noise here.
 */
const expectedWarnings = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

/**
 * Error answers a broker gives while it, or a topic another app has just created, is still being
 * set up. kafkajs logs every error answer at ERROR and then retries these, so a healthy start on a
 * new broker wrote a dozen errors; they are debug lines here. Retries that run out still fail the
 * call, and the caller reports that.
 */
const settingUpAnswers = new Set([
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'This server does not host this topic-partition',
  'Topic creation errors',
]);

/** kafkajs' log lines in the app's log (context 'kafkajs'), for every kafkajs client of the platform. */
export const toNestLogger: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    if (expectedWarnings.includes(message)) return;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (message.startsWith('Response ') && settingUpAnswers.has(String(extra.error))) logger.debug(line);
    else if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
  };
};

export function kafkaClient(config: MessagingConfig, clientId = config.clientId): Kafka {
  return new Kafka({ clientId, brokers: config.brokers, logLevel: logLevel.WARN, logCreator: toNestLogger, retry: { retries: 5 } });
}
