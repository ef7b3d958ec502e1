import { proxyRoutes, upstreamOfPath } from './route-table';

describe('route table', () => {
  it.each([
    ['/books', 'book'],
    ['/books/42', 'book'],
    ['/movies?title=soul', 'book'],
    ['/screenings/7/seats', 'book'],
    ['/holds/42', 'book'],
    ['/payments/123', 'payment'],
    ['/mypages', 'mypage'],
    ['/tickets/1', 'ticket'],
    ['/notifications/stream', 'notification'],
  ])('routes %s to %s', (path, upstream) => {
    expect(upstreamOfPath(path)).toBe(upstream);
  });

  it.each(['/internal/bookings/1/print', '/health/live', '/', '/bookshelf', '/Books', '/__proto__', 'books'])(
    'does not route %s',
    (path) => {
      expect(upstreamOfPath(path)).toBeUndefined();
    },
  );

  it('registers each prefix and everything under it, and nothing else', () => {
    const routes = proxyRoutes({ books: 'book', tickets: 'ticket' });
    expect(routes).toEqual([
      { url: '/books', upstream: 'book' },
      { url: '/books/*', upstream: 'book' },
      { url: '/tickets', upstream: 'ticket' },
      { url: '/tickets/*', upstream: 'ticket' },
    ]);
  });
});
