import { MessagingConfig, withMessagingConfig } from '@movie/messaging';
import { EnvReader, LogLevel } from '@movie/runtime';
import { FaultSettings, MAX_FAULT_DELAY_MS, parseDelaySetting } from './faults/fault-settings';

export interface PaymentConfig {
  port: number;
  host: string;
  /** `sqlite:data/payment.sqlite` or `mysql://root@127.0.0.1:3306/movie_payment`. */
  databaseUrl: string;
  logLevel: LogLevel;
  /** The stand-in card processor declines charges above this amount. */
  maxAmount: number;
  /** Faults injected into POST /payments at start; off by default. */
  faults: FaultSettings;
  /** Mounts GET/PUT /internal/faults to change the faults at run time. */
  faultControl: boolean;
  messaging: MessagingConfig;
}

const MAX_INT_COLUMN = 2_147_483_647;

export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  const platform = new EnvReader(env);
  const payment = platform.scoped('PAYMENT_');
  const problems: string[] = [];
  const config: Omit<PaymentConfig, 'messaging'> = {
    port: payment.int('PORT', 8082, { min: 1, max: 65535 }),
    host: payment.str('HOST', '127.0.0.1'),
    databaseUrl: payment.str('DB_URL', 'sqlite:data/payment.sqlite'),
    maxAmount: payment.int('MAX_AMOUNT', 1_000_000, { min: 0, max: MAX_INT_COLUMN }),
    faults: {
      delay: readDelay(payment.optional('FAULT_DELAY_MS'), problems),
      failureRate: payment.number('FAULT_FAILURE_RATE', 0, { min: 0, max: 1 }),
    },
    faultControl: payment.bool('FAULT_CONTROL', false),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
  };
  return withMessagingConfig(env, 'payment', platform, config, problems);
}

function readDelay(text: string | undefined, problems: string[]): FaultSettings['delay'] {
  if (text === undefined) return null;
  const delay = parseDelaySetting(text);
  if (delay === undefined) {
    problems.push(`PAYMENT_FAULT_DELAY_MS must be milliseconds ("500") or a range ("400-620") from 0 to ${MAX_FAULT_DELAY_MS}, got "${text}"`);
    return null;
  }
  return delay;
}
