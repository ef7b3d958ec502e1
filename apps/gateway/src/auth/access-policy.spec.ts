import { accessFor } from './access-policy';

describe('access policy', () => {
  it.each([
    ['GET', '/movies', 'public'],
    ['GET', '/screenings/soul-1/seats', 'public'],
    ['POST', '/books', 'customer'],
    ['POST', '/books?x=1', 'customer'],
    ['DELETE', '/books/0b6f', 'customer'],
    ['POST', '/holds', 'customer'],
    ['GET', '/books/0b6f', 'signed-in'],
    ['GET', '/mypages?customerId=bob', 'signed-in'],
    ['GET', '/notifications/stream', 'signed-in'],
    ['GET', '/payments/0b6f', 'signed-in'],
    ['PATCH', '/tickets/0b6f', 'staff'],
    ['POST', '/payments', 'hidden'],
    ['POST', '/payments/voids', 'hidden'],
    ['POST', '/payments%2Fvoids', 'hidden'],
    ['POST', '/mypages/rebuild', 'hidden'],
    ['PUT', '/internal/faults', 'hidden'],
    ['GET', '/books/../internal/books/1', 'hidden'],
    ['GET', '/books/%2e%2e/internal', 'hidden'],
    ['GET', '/books/%E0%A4%A', 'hidden'],
    ['PUT', '/books/1', 'signed-in'],
  ])('%s %s is %s', (method, url, access) => {
    expect(accessFor(method, url)).toBe(access);
  });
});
