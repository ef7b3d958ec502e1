import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');

export const deployedApps = ['gateway', 'book', 'payment', 'mypage', 'ticket', 'notification'] as const;
export type DeployedApp = (typeof deployedApps)[number];

/** What an app listens on, as its own config loader reads it from an environment. */
export interface ListenAddress {
  port: number;
  host: string;
}

/**
 * Loads `apps/<app>/src/<app>.config.ts` and runs its `load<App>Config(env)`, so the ops tests
 * read settings exactly as the app does (and fail on settings the app would refuse).
 */
export function loadAppConfig<Config = Record<string, unknown>>(app: DeployedApp, env: NodeJS.ProcessEnv): Config {
  const file = join(repoRoot, 'apps', app, 'src', `${app}.config.ts`);
  if (!existsSync(file)) throw new Error(`${app} has no config loader at ${file}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(file) as Record<string, (env: NodeJS.ProcessEnv) => Config>;
  const loader = module[`load${app[0].toUpperCase()}${app.slice(1)}Config`];
  if (typeof loader !== 'function') throw new Error(`${file} exports no load${app}Config`);
  return loader(env);
}

export function loadAppAddress(app: DeployedApp, env: NodeJS.ProcessEnv): ListenAddress {
  const { port, host } = loadAppConfig<ListenAddress>(app, env);
  return { port, host };
}

/**
 * The apps whose code guards an internal endpoint (`@ServiceOnly()`) or calls another app's
 * (`serviceCredentialHeaders()`): each needs SERVICE_TOKEN once it runs on more than one host.
 */
export function appsUsingServiceCredential(): DeployedApp[] {
  const usesCredential = (file: string) => /\b(ServiceOnly|serviceCredentialHeaders)\(/.test(readFileSync(file, 'utf8'));
  return deployedApps.filter((app) => {
    const src = join(repoRoot, 'apps', app, 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));
    return files.some((name) => usesCredential(join(src, name)));
  });
}

/** The paths every app serves, read from the one health controller in @movie/runtime. */
export function healthPaths(): { live: string; ready: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { HealthController } = require(join(repoRoot, 'libs/runtime/src/health/health.controller')) as {
    HealthController: { prototype: Record<string, object> };
  };
  const base = Reflect.getMetadata('path', HealthController) as string;
  const route = (method: string) => `/${base}/${Reflect.getMetadata('path', HealthController.prototype[method]) as string}`;
  return { live: route('live'), ready: route('ready') };
}

/** The path of the Prometheus endpoint every app serves (createHttpApp adds it), read from its controller. */
export function metricsPath(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MetricsController } = require(join(repoRoot, 'libs/runtime/src/metrics/metrics.controller')) as { MetricsController: object };
  return `/${Reflect.getMetadata('path', MetricsController) as string}`;
}
