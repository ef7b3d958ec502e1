import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { deployedApps, repoRoot } from './platform-apps';

// GitHub Actions cannot run here: the workflow is checked by action-validator (the schemastore
// workflow schema, compiled to WebAssembly) and read against the repository it runs.
const source = readFileSync(join(repoRoot, '.github/workflows/ci.yml'), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean>;
}
interface Job {
  steps: Step[];
  needs?: string | string[];
  services?: Record<string, { image: string; ports?: string[]; env?: Record<string, string> }>;
  env?: Record<string, string>;
  strategy?: { matrix: Record<string, string[]> };
}
const workflow = parse(source) as { env: Record<string, string>; jobs: Record<string, Job> };
const jobs = Object.values(workflow.jobs);
const steps = jobs.flatMap((job) => job.steps);
const runs = steps.map((step) => step.run ?? '').join('\n');
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jestProjects = (require(join(repoRoot, 'jest.config.js')) as { projects: { displayName: string }[] }).projects.map((p) => p.displayName);

describe('.github/workflows/ci.yml', () => {
  it('is a valid GitHub Actions workflow', () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it('installs, lints and type-checks with scripts that package.json defines', () => {
    expect(runs).toMatch(/npm ci\b/);
    const scripts = [...runs.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
    expect(scripts).toEqual(expect.arrayContaining(['lint', 'typecheck', 'build']));
    expect(scripts.filter((script) => !packageJson.scripts[script])).toEqual([]);
  });

  it('runs the unit, ops and end-to-end jest projects, and only projects jest.config.js defines', () => {
    const selected = [...runs.matchAll(/--selectProjects ([\w ]+)/g)].flatMap((match) => match[1].trim().split(/\s+/));
    expect(selected.sort()).toEqual([...jestProjects].sort());
  });

  it('runs the zero-downtime check that .ci/run runs, from the build it made', () => {
    const local = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    const check = 'node dist/scripts/zero-downtime.js';
    expect(local).toContain(check);
    expect(runs).toContain(check);
    expect(runs.indexOf('npm run build')).toBeLessThan(runs.indexOf(check));
  });

  it('gives the tests Kafka 3.9 and MariaDB or MySQL as service containers, at the addresses the tests read', () => {
    const testJob = jobs.find((job) => job.services)!;
    const images = Object.values(testJob.services!).map((service) => service.image);
    expect(images).toEqual(expect.arrayContaining([expect.stringMatching(/^apache\/kafka:3\.9\.\d+$/), expect.stringMatching(/^(mariadb|mysql):/)]));
    const published = Object.values(testJob.services!).flatMap((service) => service.ports ?? []).map((mapping) => mapping.split(':')[0]);
    const kafkaPort = testJob.env!.KAFKA_BROKERS.split(':')[1];
    const databasePort = new URL(testJob.env!.TEST_MYSQL_URL).port;
    expect(published).toEqual(expect.arrayContaining([kafkaPort, databasePort]));
  });

  it('builds one image per app from the Dockerfile, after the checks pass', () => {
    const imageJob = jobs.find((job) => job.strategy?.matrix.app)!;
    expect([...imageJob.strategy!.matrix.app].sort()).toEqual([...deployedApps].sort());
    expect(imageJob.needs).toBeDefined();
    const build = imageJob.steps.find((step) => step.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.with).toMatchObject({ context: '.', 'build-args': 'APP=${{ matrix.app }}', push: false });
  });

  it('runs on a Node version that package.json accepts', () => {
    const [major, minor] = workflow.env.NODE_VERSION.split('.').map(Number);
    const [, wantMajor, wantMinor] = /^>=(\d+)\.(\d+)/.exec(packageJson.engines.node)!.map(Number);
    expect(major > wantMajor || (major === wantMajor && minor >= wantMinor)).toBe(true);
  });

  it('pins every action to a major version', () => {
    const actions = steps.map((step) => step.uses).filter((uses): uses is string => Boolean(uses));
    expect(actions.filter((uses) => !/^[\w-]+\/[\w-]+@v\d+$/.test(uses))).toEqual([]);
  });
});
