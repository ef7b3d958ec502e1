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

  it('names a refused URL without its password', () => {
    for (const url of ['mysql://movie:s3cret@db:3306/movie-book', 'mysqlx://movie:s3cret@db/movie_book', 'mysql://movie:s3cret@db:port/movie_book']) {
      expect(() => parseDatabaseUrl(url)).toThrow(/"mysql[x]?:\/\/movie:\*\*\*@db/);
      expect(() => parseDatabaseUrl(url)).not.toThrow(/s3cret/);
    }
  });
});
