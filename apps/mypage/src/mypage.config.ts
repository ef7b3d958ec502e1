import { MessagingConfig, withMessagingConfig } from '@movie/messaging';
import { EnvReader, LogLevel } from '@movie/runtime';

export interface MypageConfig {
  port: number;
  host: string;
  /** `sqlite:data/mypage.sqlite` or `mysql://root@127.0.0.1:3306/movie_mypage`. */
  databaseUrl: string;
  logLevel: LogLevel;
  /** Token for the admin endpoints (rebuild); without one they are off. */
  adminToken: string | undefined;
  messaging: MessagingConfig;
}

export function loadMypageConfig(env: NodeJS.ProcessEnv = process.env): MypageConfig {
  const platform = new EnvReader(env);
  const mypage = platform.scoped('MYPAGE_');
  const config: Omit<MypageConfig, 'messaging'> = {
    port: mypage.int('PORT', 8083, { min: 1, max: 65535 }),
    host: mypage.str('HOST', '127.0.0.1'),
    databaseUrl: mypage.str('DB_URL', 'sqlite:data/mypage.sqlite'),
    adminToken: mypage.optional('ADMIN_TOKEN'),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
  };
  return withMessagingConfig(env, 'mypage', platform, config);
}
