import { hasBody, toClientHeaders, toUpstreamHeaders, wantsEventStream } from './proxy-headers';

const caller = { requestId: 'req-1', customerId: 'alice', address: '10.0.0.7' };

describe('headers sent upstream', () => {
  it('keeps end-to-end headers and drops hop-by-hop ones', () => {
    const headers = toUpstreamHeaders(
      {
        'content-type': 'application/json',
        'content-length': '42',
        accept: 'application/json',
        'idempotency-key': 'k-1',
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        upgrade: 'h2c',
        te: 'trailers',
        'proxy-authorization': 'Basic xyz',
        expect: '100-continue',
      },
      caller,
    );
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'content-length': '42', accept: 'application/json', 'idempotency-key': 'k-1' });
    for (const name of ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'proxy-authorization', 'expect']) {
      expect(headers).not.toHaveProperty(name);
    }
  });

  it('drops the headers the Connection header names', () => {
    const headers = toUpstreamHeaders({ connection: 'close, X-Trace', 'x-trace': 'on', 'x-other': 'kept' }, caller);
    expect(headers).not.toHaveProperty('x-trace');
    expect(headers['x-other']).toBe('kept');
  });

  it("sets the request id and customer from the caller, replacing the client's values", () => {
    const headers = toUpstreamHeaders({ 'x-request-id': 'forged', 'x-customer-id': 'forged' }, caller);
    expect(headers['x-request-id']).toBe('req-1');
    expect(headers['x-customer-id']).toBe('alice');
  });

  it('replaces the host with forwarding headers and appends the client address', () => {
    const headers = toUpstreamHeaders({ host: 'cinema.example:8088', 'x-forwarded-for': '192.0.2.1' }, caller);
    expect(headers).not.toHaveProperty('host');
    expect(headers['x-forwarded-host']).toBe('cinema.example:8088');
    expect(headers['x-forwarded-for']).toBe('192.0.2.1, 10.0.0.7');
    expect(headers['x-forwarded-proto']).toBe('http');
  });
});

describe('headers sent to the client', () => {
  it('passes status-related and custom headers through and drops hop-by-hop ones', () => {
    const headers = toClientHeaders({
      'content-type': 'application/json',
      'retry-after': '5',
      'set-cookie': ['a=1', 'b=2'],
      'x-request-id': 'req-1',
      connection: 'keep-alive',
      'keep-alive': 'timeout=72',
      'transfer-encoding': 'chunked',
    });
    expect(headers).toEqual({ 'content-type': 'application/json', 'retry-after': '5', 'set-cookie': ['a=1', 'b=2'], 'x-request-id': 'req-1' });
  });
});

describe('identity and credentials', () => {
  it("never forwards the client's token, service token or admin token", () => {
    const headers = toUpstreamHeaders({ authorization: 'Bearer abc', 'x-service-token': 'guess', 'x-admin-token': 'guess' }, caller);
    for (const name of ['authorization', 'x-service-token', 'x-admin-token']) expect(headers).not.toHaveProperty(name);
  });

  it('sends no customer for a caller who acts for none, even when the client named one', () => {
    const headers = toUpstreamHeaders({ 'x-customer-id': 'alice' }, { requestId: 'req-2' });
    expect(headers).not.toHaveProperty('x-customer-id');
  });
});

describe('request shape', () => {
  it('sees a body when there is a length or a chunked encoding', () => {
    expect(hasBody({ 'content-length': '12' })).toBe(true);
    expect(hasBody({ 'transfer-encoding': 'chunked' })).toBe(true);
    expect(hasBody({ 'content-length': '0' })).toBe(false);
    expect(hasBody({})).toBe(false);
  });

  it('recognises a request for a server-sent event stream', () => {
    expect(wantsEventStream({ accept: 'text/event-stream' }, '/books')).toBe(true);
    expect(wantsEventStream({ accept: 'application/json' }, '/books')).toBe(false);
    expect(wantsEventStream({}, '/notifications')).toBe(false);
    expect(wantsEventStream({}, '/notifications/stream')).toBe(true);
    expect(wantsEventStream({ accept: '*/*' }, '/notifications/stream?since=1')).toBe(true);
  });
});
