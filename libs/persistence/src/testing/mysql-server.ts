/** The MariaDB server that tests and scripts use, as a URL without a database: TEST_MYSQL_URL, or the local one. */
export function testMysqlServer(): string {
  return (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
}
