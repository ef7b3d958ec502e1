import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { deployedApps, loadAppAddress, repoRoot } from './platform-apps';

// No Docker engine runs here: the Dockerfile is checked by dockerfile-utils (the linter behind the
// VS Code Docker extension) and by reading its instructions against what the repository holds.
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined, grouped by build stage. */
function stages(): { name: string; from: string; instructions: Instruction[] }[] {
  const joined = dockerfile.replace(/\\\n/g, ' ');
  const result: { name: string; from: string; instructions: Instruction[] }[] = [];
  for (const line of joined.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const [, keyword, args] = /^(\w+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      result.push({ name: name ?? String(result.length), from, instructions: [] });
      continue;
    }
    result.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return result;
}

const healthcheckCommand = (): string[] => JSON.parse(find('HEALTHCHECK')[0].args.replace(/^.*?CMD\s+/, '')) as string[];

/** Runs the HEALTHCHECK command as the engine would, against 127.0.0.1 only; resolves its exit code. */
function runHealthcheck(env: NodeJS.ProcessEnv): Promise<number> {
  const [, ...args] = healthcheckCommand();
  return new Promise((done) => {
    execFile(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, timeout: 10_000 }, (error) =>
      done(error ? Number((error as { code?: number }).code ?? 1) : 0),
    );
  });
}

const runtime = () => stages().at(-1)!;
const find = (keyword: string) => runtime().instructions.filter((instruction) => instruction.keyword === keyword);

describe('Dockerfile', () => {
  it('passes dockerfile-utils lint with every optional rule raised to an error', () => {
    const strict = ValidationSeverity.ERROR;
    const diagnostics = validate(dockerfile, {
      deprecatedMaintainer: strict,
      directiveCasing: strict,
      emptyContinuationLine: strict,
      instructionCasing: strict,
      instructionCmdMultiple: strict,
      instructionEntrypointMultiple: strict,
      instructionHealthcheckMultiple: strict,
      instructionJSONInSingleQuotes: strict,
      instructionWorkdirRelative: strict,
    });
    expect(diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds in one stage and runs from a slim Node LTS base in another', () => {
    const all = stages();
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(20|22)(-[a-z]+)?-slim$/m);
    expect(all.every((stage) => stage.from === '${NODE_IMAGE}' || all.some((other) => other.name === stage.from))).toBe(true);
    const build = all.find((stage) => stage.name === 'build')!;
    expect(build.instructions.map((i) => i.args)).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm run build']));
  });

  it('ships production dependencies and the compiled dist only', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const copies = find('COPY').map((copy) => copy.args);
    expect(copies.every((args) => args.startsWith('--from='))).toBe(true);
    expect(copies.some((args) => /\/src\/dist \.\/dist$/.test(args))).toBe(true);
    expect(copies.some((args) => /--from=production-dependencies .* \.\/node_modules$/.test(args))).toBe(true);
  });

  it('runs as the non-root node user', () => {
    expect(find('USER').map((user) => user.args)).toEqual(['node']);
  });

  it('selects the app with ARG APP and starts dist/apps/$APP/src/main.js with node as PID 1', () => {
    expect(find('ARG').map((arg) => arg.args)).toContain('APP=gateway');
    expect(find('ENV').map((env) => env.args).join(' ')).toMatch(/APP=\$\{APP\}/);
    expect(find('CMD').map((cmd) => JSON.parse(cmd.args))).toEqual([['sh', '-c', 'exec node dist/apps/${APP}/src/main.js']]);
  });

  it('starts a file that the build produces for every app', () => {
    const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: './dist', rootDir: '.' });
    for (const app of deployedApps) {
      expect(existsSync(join(repoRoot, 'apps', app, 'src', 'main.ts'))).toBe(true);
      if (existsSync(join(repoRoot, 'dist'))) expect(existsSync(join(repoRoot, 'dist', 'apps', app, 'src', 'main.js'))).toBe(true);
    }
  });

  it('listens on every interface in the container, for every app', () => {
    const env = find('ENV').map((e) => e.args).join(' ');
    for (const app of deployedApps) expect(env).toContain(`${app.toUpperCase()}_HOST=0.0.0.0`);
  });

  it('health-checks /health/live on the port each app really defaults to', () => {
    const [healthcheck] = find('HEALTHCHECK');
    expect(healthcheck.args).toMatch(/\/health\/live/);
    const script = healthcheckCommand();
    const defaults = JSON.parse(/const d=(\{[^}]+\})/.exec(script[2])![1].replace(/(\w+):/g, '"$1":')) as Record<string, number>;
    for (const app of deployedApps) expect(defaults[app]).toBe(loadAppAddress(app, {}).port);
  });

  it('health check succeeds while /health/live answers 200 and fails once it does not', async () => {
    let status = 200;
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/health/live' ? status : 404;
      response.end();
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await runHealthcheck({ APP: 'payment', PAYMENT_PORT: String(port) })).toBe(0);
      status = 503;
      expect(await runHealthcheck({ APP: 'payment', PAYMENT_PORT: String(port) })).toBe(1);
    } finally {
      server.close();
    }
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    const build = stages().find((stage) => stage.name === 'build')!;
    const sources = build.instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(repoRoot, source))).toBe(true);
      expect(dockerignore).not.toContain(source);
    }
    expect(dockerignore).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', 'data']));
  });
});
