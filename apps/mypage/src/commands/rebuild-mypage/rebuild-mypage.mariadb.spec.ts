import { randomUUID } from 'node:crypto';
import { EventReplayer } from '@movie/messaging';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { ReadModelHarness } from '../../testing/read-model.harness';
import { RebuildMypageService } from './rebuild-mypage.service';

describe('RebuildMypageService, two replicas on one MariaDB database', () => {
  const database = `unit_mypage_rebuild_${randomUUID().slice(0, 8)}`;
  let replicas: ReadModelHarness[];

  beforeAll(async () => {
    replicas = [await ReadModelHarness.open(`${testMysqlServer()}/${database}`), await ReadModelHarness.open(`${testMysqlServer()}/${database}`)];
  });
  afterAll(async () => {
    await replicas[0].dataSource.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await Promise.all(replicas.map((replica) => replica.close()));
  });

  const rebuildOn = (replica: ReadModelHarness, replay: () => Promise<number>) =>
    new RebuildMypageService({ replay, eventIdsInLog: async () => new Set<string>() } as unknown as EventReplayer, replica.handlers, replica.transactions, replica.bookings, replica.history);

  it('refuses a rebuild on one replica while another replica rebuilds, and allows it after', async () => {
    let finish: (count: number) => void = () => undefined;
    let replaying: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (replaying = resolve));
    const first = rebuildOn(replicas[0], () => {
      replaying();
      return new Promise<number>((resolve) => (finish = resolve));
    }).rebuild();
    await started;
    const second = rebuildOn(replicas[1], async () => 0);

    await expect(second.rebuild()).rejects.toMatchObject({ code: 'REBUILD_IN_PROGRESS' });
    finish(0);
    await first;
    await expect(second.rebuild()).resolves.toMatchObject({ eventsReplayed: 0 });
  });
});
