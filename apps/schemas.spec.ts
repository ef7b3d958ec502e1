import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDataSource, schemaDrift } from '@movie/persistence';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { appSchemas } from './schemas';

const server = testMysqlServer();

// The generated migrations against the entities they were generated from: a change to an entity
// without its migration (`npm run migration:generate`) fails here, not in production.
describe.each(Object.entries(appSchemas))("%s's migrations on MariaDB", (app, schema) => {
  const database = `unit_schema_${app}_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDataSource({ url: `${server}/${database}`, ...schema, poolSize: 2 });
  });
  afterAll(async () => {
    await dataSource.query(`DROP DATABASE IF EXISTS ${database}`);
    await dataSource.destroy();
  });

  it("make exactly the entities' schema", async () => {
    expect(await schemaDrift(dataSource)).toEqual([]);
  });

  it('undo what they did, newest first, down to no table of the app', async () => {
    for (let left = schema.migrations.length; left > 0; left -= 1) await dataSource.undoLastMigration({ transaction: 'none' });

    const runner = dataSource.createQueryRunner();
    try {
      const tables = await Promise.all(dataSource.entityMetadatas.map((entity) => runner.hasTable(entity.tablePath)));
      expect(tables.every((exists) => !exists)).toBe(true);
    } finally {
      await runner.release();
    }
  });
});
