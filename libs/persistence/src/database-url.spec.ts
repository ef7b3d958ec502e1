import { parseDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it('reads a SQLite file path', () => {
    expect(parseDatabaseUrl('sqlite:data/book.sqlite')).toEqual({ kind: 'sqlite', file: 'data/book.sqlite' });
  });

  it('reads a MariaDB URL with defaults for port and user', () => {
    expect(parseDatabaseUrl('mysql://127.0.0.1/movie_book')).toEqual({
      kind: 'mysql', host: '127.0.0.1', port: 3306, username: 'root', password: '', database: 'movie_book',
    });
  });

  it('refuses an unknown scheme', () => {
    expect(() => parseDatabaseUrl('postgres://localhost/x')).toThrow('must start with sqlite: or mysql://');
  });

  it('refuses a database name that could inject SQL', () => {
    expect(() => parseDatabaseUrl('mysql://localhost/x;drop')).toThrow('letters, digits and _');
  });
});
