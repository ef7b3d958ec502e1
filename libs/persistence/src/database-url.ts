export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'mysql'; host: string; port: number; username: string; password: string; database: string };

/**
 * `sqlite:data/book.sqlite`, `sqlite::memory:` or `mysql://user:pass@host:3306/db`
 * (mariadb:// is accepted as a synonym).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new Error(`database url "${url}" names no file`);
    return { kind: 'sqlite', file };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`database url "${withoutPassword(url)}" is not a URL`);
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`database url "${withoutPassword(url)}" must start with sqlite: or mysql://`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`database url "${withoutPassword(url)}" needs a database name of letters, digits and _`);
  return {
    kind: 'mysql',
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    username: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** The URL as an error may show it: start-up errors go to the logs, the password must not. */
function withoutPassword(url: string): string {
  return url.replace(/^([^:/]*:\/\/[^:/@]*:).*@/, '$1***@');
}
