import { MessagingConfig, withMessagingConfig } from '@movie/messaging';
import { EnvReader, LogLevel } from '@movie/runtime';
import { WebhookRetryPolicy } from './domain/webhook-retry';

export const notificationChannels = ['log', 'webhook', 'sse'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** The channels that are on: a ReadonlySet<NotificationChannel>. */
export const ACTIVE_CHANNELS = Symbol('ACTIVE_CHANNELS');

export interface WebhookSettings extends WebhookRetryPolicy {
  /** Where notifications are POSTed; without one the webhook channel is off. */
  url: string | undefined;
  /** Per attempt. */
  timeoutMs: number;
  /** How often pending deliveries are looked for when no commit wakes the dispatcher. */
  pollMs: number;
}

export interface NotificationConfig {
  port: number;
  host: string;
  /** `sqlite:data/notification.sqlite` or `mysql://root@127.0.0.1:3306/movie_notification`. */
  databaseUrl: string;
  logLevel: LogLevel;
  channels: NotificationChannel[];
  webhook: WebhookSettings;
  /** Interval of the comment that keeps idle SSE streams (and the proxies on their way) open. */
  sseHeartbeatMs: number;
  messaging: MessagingConfig;
}

export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env): NotificationConfig {
  const platform = new EnvReader(env);
  const notification = platform.scoped('NOTIFICATION_');
  const channels = notification.list('CHANNELS', ['log', 'sse']);
  const webhookUrl = notification.optional('WEBHOOK_URL');
  const config: Omit<NotificationConfig, 'messaging'> = {
    port: notification.int('PORT', 8085, { min: 1, max: 65535 }),
    host: notification.str('HOST', '127.0.0.1'),
    databaseUrl: notification.str('DB_URL', 'sqlite:data/notification.sqlite'),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    channels: channels.filter(isChannel),
    webhook: {
      url: webhookUrl,
      maxAttempts: notification.int('WEBHOOK_MAX_ATTEMPTS', 8, { min: 1, max: 100 }),
      firstBackoffMs: notification.int('WEBHOOK_BACKOFF_MS', 1000, { min: 1, max: 3_600_000 }),
      maxBackoffMs: notification.int('WEBHOOK_MAX_BACKOFF_MS', 300_000, { min: 1, max: 86_400_000 }),
      timeoutMs: notification.int('WEBHOOK_TIMEOUT_MS', 5000, { min: 10, max: 120_000 }),
      pollMs: notification.int('WEBHOOK_POLL_MS', 1000, { min: 10, max: 600_000 }),
    },
    sseHeartbeatMs: notification.int('SSE_HEARTBEAT_MS', 15_000, { min: 10, max: 600_000 }),
  };
  return withMessagingConfig(env, 'notification', platform, config, [...unknownChannels(channels), ...invalidUrl(webhookUrl)]);
}

const isChannel = (name: string): name is NotificationChannel => (notificationChannels as readonly string[]).includes(name);

const unknownChannels = (channels: string[]): string[] =>
  channels.filter((name) => !isChannel(name))
    .map((name) => `NOTIFICATION_CHANNELS may list ${notificationChannels.join(', ')}, got "${name}"`);

function invalidUrl(url: string | undefined): string[] {
  if (url === undefined) return [];
  try {
    const { protocol } = new URL(url);
    if (protocol === 'http:' || protocol === 'https:') return [];
  } catch {
    // reported below
  }
  return [`NOTIFICATION_WEBHOOK_URL must be an http or https URL, got "${url}"`];
}
