import { EnvReader, LogLevel } from '@movie/runtime';

export interface NotificationConfig {
  port: number;
  host: string;
  /** `sqlite:data/notification.sqlite` or `mysql://root@127.0.0.1:3306/movie_notification`. */
  databaseUrl: string;
  logLevel: LogLevel;
}

export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env): NotificationConfig {
  const platform = new EnvReader(env);
  const notification = platform.scoped('NOTIFICATION_');
  const config: NotificationConfig = {
    port: notification.int('PORT', 8085, { min: 1, max: 65535 }),
    host: notification.str('HOST', '127.0.0.1'),
    databaseUrl: notification.str('DB_URL', 'sqlite:data/notification.sqlite'),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
  };
  platform.done();
  return config;
}
