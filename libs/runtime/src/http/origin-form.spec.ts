import { originForm } from './origin-form';

describe('originForm', () => {
  it.each([
    ['/books/1?full=1', '/books/1?full=1'],
    ['/tickets/1#/x', '/tickets/1'],
    ['/payments#', '/payments'],
    ['/mypages#?customerId=bob', '/mypages'],
    ['/books?x=1#y', '/books?x=1'],
    ['http://x/payments/voids', '/payments/voids'],
    ['https://gateway.example:8088/books/1?a=b#c', '/books/1?a=b'],
    ['HTTP://X/books', 'HTTP://X/books'],
    ['http://x', 'http://x'],
    ['*', '*'],
    ['/', '/'],
  ])('reads %s as %s', (target, expected) => {
    expect(originForm(target)).toBe(expected);
  });
});
