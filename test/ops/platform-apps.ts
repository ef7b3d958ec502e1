import { existsSync } from 'node:fs';
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
 * read ports and hosts exactly as the app does (and fail on settings the app would refuse).
 */
export function loadAppAddress(app: DeployedApp, env: NodeJS.ProcessEnv): ListenAddress {
  const file = join(repoRoot, 'apps', app, 'src', `${app}.config.ts`);
  if (!existsSync(file)) throw new Error(`${app} has no config loader at ${file}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(file) as Record<string, (env: NodeJS.ProcessEnv) => ListenAddress>;
  const loader = module[`load${app[0].toUpperCase()}${app.slice(1)}Config`];
  if (typeof loader !== 'function') throw new Error(`${file} exports no load${app}Config`);
  const { port, host } = loader(env);
  return { port, host };
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
