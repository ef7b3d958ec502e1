import { ConfigError } from '@movie/runtime';
import { loadNotificationConfig } from './notification.config';

describe('notification configuration', () => {
  it('defaults to port 8085, its own SQLite file, log and sse channels and a 15 s heartbeat', () => {
    expect(loadNotificationConfig({})).toMatchObject({
      port: 8085, host: '127.0.0.1', databaseUrl: 'sqlite:data/notification.sqlite', channels: ['log', 'sse'],
      webhook: { url: undefined }, sseHeartbeatMs: 15_000, messaging: { transport: 'memory', clientId: 'notification' },
    });
  });

  it('reads the channels and the webhook', () => {
    const config = loadNotificationConfig({
      NOTIFICATION_CHANNELS: 'log, webhook', NOTIFICATION_WEBHOOK_URL: 'http://127.0.0.1:9000/hook', NOTIFICATION_WEBHOOK_MAX_ATTEMPTS: '3',
    });
    expect(config).toMatchObject({ channels: ['log', 'webhook'], webhook: { url: 'http://127.0.0.1:9000/hook', maxAttempts: 3 } });
  });

  it('names every wrong setting at once', () => {
    const load = () => loadNotificationConfig({
      NOTIFICATION_CHANNELS: 'log,email', NOTIFICATION_WEBHOOK_URL: 'ftp://example', NOTIFICATION_PORT: 'x',
    });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/NOTIFICATION_PORT[\s\S]*"email"[\s\S]*ftp:\/\/example/);
  });
});
