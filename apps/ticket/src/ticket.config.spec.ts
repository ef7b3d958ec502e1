import { loadTicketConfig } from './ticket.config';

describe('loadTicketConfig', () => {
  it('defaults to port 8084, a SQLite file, book on 127.0.0.1:8081 and in-memory messaging', () => {
    expect(loadTicketConfig({})).toMatchObject({
      port: 8084, host: '127.0.0.1', databaseUrl: 'sqlite:data/ticket.sqlite', logLevel: 'log',
      bookUrl: 'http://127.0.0.1:8081', bookTimeoutMs: 2000, bookRetryAfterSeconds: 2,
      messaging: { transport: 'memory', clientId: 'ticket' },
    });
  });

  it('reads the TICKET_ settings and the platform-wide messaging ones', () => {
    const config = loadTicketConfig({
      TICKET_PORT: '9084', TICKET_DB_URL: 'mysql://root@127.0.0.1:3306/movie_ticket', TICKET_BOOK_URL: 'http://127.0.0.1:9081',
      TICKET_BOOK_TIMEOUT_MS: '500', MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:19092',
    });
    expect(config).toMatchObject({
      port: 9084, databaseUrl: 'mysql://root@127.0.0.1:3306/movie_ticket', bookUrl: 'http://127.0.0.1:9081', bookTimeoutMs: 500,
      messaging: { transport: 'kafka', brokers: ['127.0.0.1:19092'] },
    });
  });

  it('names every wrong setting at once', () => {
    expect(() => loadTicketConfig({ TICKET_PORT: 'eighty', TICKET_BOOK_TIMEOUT_MS: '0' })).toThrow(/TICKET_PORT[\s\S]*TICKET_BOOK_TIMEOUT_MS/);
  });
});
