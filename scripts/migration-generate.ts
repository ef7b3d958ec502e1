/**
 * `npm run migration:generate -- <app> <Name>`: writes the migration that brings the app's
 * MySQL/MariaDB schema from its last migration to its entities. It runs the existing migrations on a
 * scratch database, asks TypeORM what is missing, and writes those statements (and their undoing)
 * into apps/<app>/src/database/migrations, whose index it rewrites. Review the file before committing:
 * a rename comes out as a drop and an add.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openDataSource } from '@movie/persistence';
import { appSchemas } from '../apps/schemas';

const root = resolve(__dirname, '..', '..');
const server = (process.env.MIGRATION_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');

const literal = (sql: string) => `'${sql.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const statements = (queries: string[]) => queries.map((query) => `    await queryRunner.query(${literal(query)});`).join('\n');

function migrationSource(className: string, up: string[], down: string[]): string {
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements(down)}
  }
}
`;
}

/** The index lists every migration file in the folder; their names start with the timestamp, so sorting orders them. */
function indexSource(folder: string): string {
  const classes = readdirSync(folder)
    .filter((file) => /^\d{13}-\w+\.ts$/.test(file))
    .sort()
    .map((file) => ({ file: file.replace(/\.ts$/, ''), name: `${file.slice(14, -3)}${file.slice(0, 13)}` }));
  return `// Written by \`npm run migration:generate\`: the migrations in this folder, oldest first.
${classes.map(({ file, name }) => `import { ${name} } from './${file}';`).join('\n')}

export const migrations = [${classes.map(({ name }) => name).join(', ')}];
`;
}

async function main(): Promise<void> {
  const [app, name] = process.argv.slice(2);
  const schema = appSchemas[app];
  if (!schema || !/^[A-Z]\w*$/.test(name ?? '')) {
    throw new Error(`usage: npm run migration:generate -- <${Object.keys(appSchemas).join('|')}> <PascalCaseName>`);
  }
  const scratch = `migration_scratch_${randomUUID().slice(0, 8)}`;
  try {
    await writeMigration(app, name, `${server}/${scratch}`);
  } finally {
    // A migration that fails leaves openDataSource without a data source to drop it with.
    const connection = await createConnection(server);
    await connection.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
    await connection.end();
  }
}

async function writeMigration(app: string, name: string, url: string): Promise<void> {
  const dataSource = await openDataSource({ url, ...appSchemas[app], poolSize: 1 });
  try {
    const changes = await dataSource.driver.createSchemaBuilder().log();
    if (changes.upQueries.length === 0) {
      process.stdout.write(`${app}: the migrations already make the entities' schema; nothing written\n`);
      return;
    }
    const timestamp = Date.now();
    const folder = join(root, 'apps', app, 'src', 'database', 'migrations');
    const file = join(folder, `${timestamp}-${name}.ts`);
    const up = changes.upQueries.map((query) => query.query);
    const down = changes.downQueries.map((query) => query.query).reverse();
    writeFileSync(file, migrationSource(`${name}${timestamp}`, up, down));
    writeFileSync(join(folder, 'index.ts'), indexSource(folder));
    process.stdout.write(`${app}: wrote ${file} (${up.length} statements) and the folder's index\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
