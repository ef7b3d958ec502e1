import { resolve } from 'node:path';
import { EnvReader, LogLevel } from '@movie/runtime';
import { AuthSettings, readAuthSettings } from './auth/auth.config';
import { UpstreamName, upstreamNames } from './routing/route-table';
import { readSecuritySettings, SecuritySettings } from './security/security.config';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Origin of each upstream service, e.g. `http://127.0.0.1:8081` for book. */
  upstreams: Record<UpstreamName, string>;
  /** In demo mode, the customer a call without a token is made for when the client names none. */
  demoCustomerId: string;
  /** Where exchanged refresh tokens are kept: `sqlite:data/gateway.sqlite` or a MySQL URL. */
  databaseUrl: string;
  auth: AuthSettings;
  security: SecuritySettings;
  /** How long an upstream may take to start answering, and to pause between body chunks. */
  upstreamTimeoutMs: number;
  logLevel: LogLevel;
  /** The built web front-end served at `/`; none when unset. */
  webDir?: string;
}

/** dist/web, beside dist/apps/gateway/src where this file runs from. */
const defaultWebDir = resolve(__dirname, '../../../web');

const defaultPorts: Record<UpstreamName, number> = { book: 8081, payment: 8082, mypage: 8083, ticket: 8084, notification: 8085 };

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const platform = new EnvReader(env);
  const gateway = platform.scoped('GATEWAY_');
  const upstreams = Object.fromEntries(
    upstreamNames.map((name) => [name, gateway.str(`${name.toUpperCase()}_URL`, `http://127.0.0.1:${defaultPorts[name]}`)]),
  ) as Record<UpstreamName, string>;
  const { auth, problems: authProblems } = readAuthSettings(gateway);
  const config: GatewayConfig = {
    port: gateway.int('PORT', 8088, { min: 1, max: 65535 }),
    host: gateway.str('HOST', '127.0.0.1'),
    upstreams,
    demoCustomerId: gateway.str('DEMO_CUSTOMER', 'demo-customer'),
    upstreamTimeoutMs: gateway.int('UPSTREAM_TIMEOUT_MS', 10_000, { min: 1, max: 600_000 }),
    databaseUrl: gateway.str('DB_URL', 'sqlite:data/gateway.sqlite'),
    auth,
    security: readSecuritySettings(gateway, auth.mode),
    webDir: gateway.str('WEB_DIR', defaultWebDir),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
  };
  const badSettings = [...authProblems, ...upstreamNames
    .filter((name) => !isOrigin(upstreams[name]))
    .map((name) => `GATEWAY_${name.toUpperCase()}_URL must be an http origin like http://127.0.0.1:8081, got "${upstreams[name]}"`)];
  // One report with every wrong setting, the reader's and the cross-checked ones.
  platform.done(badSettings);
  return config;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search;
  } catch {
    return false;
  }
}
