import { mayResend } from './resend';

const keyed = { 'idempotency-key': 'k-1', 'content-length': '13' };
const unkeyed = { 'content-length': '13' };

describe('mayResend', () => {
  it.each([
    ['POST', '/books'],
    ['POST', '/books?hold=true'],
    ['POST', '/holds'],
    ['DELETE', '/books/0b5c1c2e-6a4f-4d0e-9a51-3c1f1f0d7a10'],
  ])('sends a keyed %s %s again: book answers a repeat from the key', (method, url) => {
    expect(mayResend('book', method, url, keyed)).toBe(true);
  });

  it.each([
    ['POST', '/books/1/ticket-printed'],
    ['DELETE', '/holds/1'],
    ['PATCH', '/books/1'],
  ])('does not send a keyed %s %s again: nothing there honours the key', (method, url) => {
    expect(mayResend('book', method, url, keyed)).toBe(false);
  });

  it('does not send a keyed write to another service again', () => {
    expect(mayResend('payment', 'POST', '/books', keyed)).toBe(false);
  });

  it.each([
    ['no key', unkeyed],
    ['an empty key', { ...unkeyed, 'idempotency-key': '' }],
  ])('does not send a booking with %s again', (_case, headers) => {
    expect(mayResend('book', 'POST', '/books', headers)).toBe(false);
  });

  it('sends a read without a body again, but not one with a body', () => {
    expect(mayResend('mypage', 'GET', '/mypages/1', {})).toBe(true);
    expect(mayResend('book', 'GET', '/books', unkeyed)).toBe(false);
  });
});
