import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Platform } from '../support/platform';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/**
 * The README's curl walk-through, scripts/demo.sh, against `npm start`'s shape on empty
 * databases. The script checks every answer's status itself and exits non-zero at the
 * first one that differs, so this keeps the README's commands true.
 */
describe('scripts/demo.sh, the booking story with curl', () => {
  const platform = new Platform({ suite: 'demo-script', mode: 'embedded', basePort: 18400, database: 'sqlite', messaging: 'memory' });

  beforeAll(async () => {
    await platform.resetDatabases();
    await platform.start();
  });
  afterAll(() => platform.stopAll());

  it('books, shows, prints and cancels through the gateway, every step answering as the script expects', async () => {
    const { stdout } = await run('bash', [resolve(root, 'scripts/demo.sh')], {
      env: { ...process.env, GATEWAY_URL: platform.gateway },
      timeout: 90_000,
    });

    const steps = stdout.split('\n').filter((line) => line.startsWith('HTTP '));
    expect(steps).toEqual([
      'HTTP 200', 'HTTP 200', 'HTTP 201', 'HTTP 200', 'HTTP 409', 'HTTP 400',
      'HTTP 200', 'HTTP 200', 'HTTP 200', 'HTTP 409', 'HTTP 201', 'HTTP 200',
    ]);
    expect(stdout).toContain('The booking story ran as expected.');
  });
});
