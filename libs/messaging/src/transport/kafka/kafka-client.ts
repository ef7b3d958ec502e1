import { Logger } from '@nestjs/common';
import { Kafka, logCreator, logLevel } from 'kafkajs';
import { MessagingConfig } from '../../messaging.config';

/**
 * The relay retries a failed batch itself, with backoff and no limit, and consumers
 * dedupe by event id; kafkajs' warning that bounded retries weaken exactly-once is
 * therefore expected and only noise here.
 */
const expectedWarnings = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

const toNestLogger: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    if (expectedWarnings.includes(message)) return;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
  };
};

export function kafkaClient(config: MessagingConfig, clientId = config.clientId): Kafka {
  return new Kafka({ clientId, brokers: config.brokers, logLevel: logLevel.WARN, logCreator: toNestLogger, retry: { retries: 5 } });
}
