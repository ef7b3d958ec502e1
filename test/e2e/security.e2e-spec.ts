import fc from 'fast-check';
import { SignJWT } from 'jose';
import { JsonLogger } from '@movie/runtime';
import { EmbeddedPlatform } from '../../apps/embedded/src/embedded-platform';
import { platformApps } from '../../apps/embedded/src/platform-apps';
import { eventually, JsonResponse, request } from '../support/http';
import { Platform } from '../support/platform';

const secret = 'security-suite-secret-of-32-chars-or-more';
const serviceToken = 'security-suite-service-token';
type Role = 'anonymous' | 'alice' | 'bob' | 'clerk';

/**
 * Who may do what, against the real apps in production settings (tokens required, a service
 * credential between the services): every app runs in this process on its own port, over real HTTP.
 */
describe('access through the gateway, production settings', () => {
  const ports = new Platform({ suite: 'security', mode: 'embedded', basePort: 18800, database: 'sqlite' });
  const platform = new EmbeddedPlatform(platformApps, new JsonLogger('embedded', 'error', () => undefined));
  const gateway = ports.gateway;
  const tokens: Partial<Record<Role, string>> = {};
  const savedServiceToken = process.env.SERVICE_TOKEN;
  let booking: string;
  let ticket: string;

  const as = (who: Role, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> =>
    request(method, `${gateway}${path}`, body, { ...headers, ...(who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` }) });

  beforeAll(async () => {
    await ports.resetDatabases();
    // The services read their shared credential from the process environment, as in production.
    process.env.SERVICE_TOKEN = serviceToken;
    await platform.start({
      ...process.env,
      ...ports.env(),
      LOG_LEVEL: 'error',
      PAYMENT_FAULT_CONTROL: 'true',
      GATEWAY_AUTH_MODE: 'required',
      GATEWAY_JWT_SECRET: secret,
      GATEWAY_USER_ALICE_PASSWORD: 'alice-pw',
      GATEWAY_USER_BOB_PASSWORD: 'bob-pw',
      GATEWAY_USER_CLERK_PASSWORD: 'clerk-pw',
      GATEWAY_LOGIN_RATE_LIMIT_MAX: '1000',
      GATEWAY_RATE_LIMIT_MAX: '100000',
    });
    for (const [who, password] of [['alice', 'alice-pw'], ['bob', 'bob-pw'], ['clerk', 'clerk-pw']] as const) {
      tokens[who] = (await request('POST', `${gateway}/auth/login`, { username: who, password })).body.accessToken;
    }
    const booked = await as('alice', 'POST', '/books', { qty: 1, movieName: 'soul', seat: '1A', totalPrice: 5000 });
    expect(booked.status).toBe(201);
    booking = booked.body.id;
    ticket = await eventually(async () => (await as('clerk', 'GET', `/tickets?bookingId=${booking}`)).body[0]?.id, 30_000, 'ticket issued');
    await eventually(async () => ((await as('alice', 'GET', `/mypages/${booking}`)).status === 200 ? true : undefined), 30_000, 'my page entry');
  });

  afterAll(async () => {
    await platform.stop();
    if (savedServiceToken === undefined) delete process.env.SERVICE_TOKEN;
    else process.env.SERVICE_TOKEN = savedServiceToken;
  });

  /** Rows in the order the roles call, since some calls change state (bob cancels, clerk prints last). */
  const matrix: [string, string | (() => string), unknown, [Role, number][]][] = [
    ['GET', '/movies', undefined, [['anonymous', 200], ['alice', 200], ['bob', 200], ['clerk', 200]]],
    ['GET', '/screenings/soul-1/seats', undefined, [['anonymous', 200], ['alice', 200], ['bob', 200], ['clerk', 200]]],
    ['GET', () => `/books/${booking}`, undefined, [['anonymous', 401], ['alice', 200], ['bob', 404], ['clerk', 200]]],
    ['GET', '/books', undefined, [['anonymous', 401], ['alice', 200], ['bob', 200], ['clerk', 400]]],
    ['GET', () => `/mypages/${booking}`, undefined, [['anonymous', 401], ['alice', 200], ['bob', 404], ['clerk', 200]]],
    ['GET', '/mypages?customerId=alice', undefined, [['anonymous', 401], ['alice', 200], ['bob', 403], ['clerk', 200]]],
    ['GET', '/notifications', undefined, [['anonymous', 401], ['alice', 200], ['bob', 200], ['clerk', 400]]],
    ['GET', () => `/tickets/${ticket}`, undefined, [['anonymous', 401], ['alice', 200], ['bob', 404], ['clerk', 200]]],
    ['GET', () => `/payments?bookingId=${booking}`, undefined, [['anonymous', 401], ['alice', 200], ['bob', 404], ['clerk', 200]]],
    ['POST', '/books', { qty: 1, movieName: 'soul', seat: '2A', totalPrice: 5000 }, [['anonymous', 401], ['clerk', 403], ['bob', 201]]],
    ['DELETE', () => `/books/${booking}`, undefined, [['anonymous', 401], ['bob', 404], ['clerk', 403]]],
    ['PATCH', () => `/tickets/${ticket}`, { status: 'Printed' }, [['anonymous', 401], ['alice', 403], ['bob', 403], ['clerk', 200]]],
    ['POST', '/payments', { bookingId: '00000000-0000-4000-8000-000000000000', customerId: 'alice', amount: 1 }, [['anonymous', 404], ['alice', 404], ['clerk', 404]]],
    ['POST', '/payments/voids', { bookingId: '00000000-0000-4000-8000-000000000000', reason: 'x' }, [['anonymous', 404], ['alice', 404], ['clerk', 404]]],
    ['POST', '/mypages/rebuild', {}, [['anonymous', 404], ['alice', 404], ['clerk', 404]]],
    ['PUT', '/internal/faults', { failureRate: 1 }, [['anonymous', 404], ['alice', 404], ['clerk', 404]]],
    ['POST', () => `/internal/books/${booking}/ticket-printed`, undefined, [['anonymous', 404], ['alice', 404], ['clerk', 404]]],
  ];

  it.each(matrix.map(([method, path, body, expected]) => [method, typeof path === 'string' ? path : path.toString().replace(/^.*`(.*)`.*$/, '$1'), path, body, expected] as const))(
    '%s %s answers each role as expected',
    async (method, _label, path, body, expected) => {
      const actual: [Role, number][] = [];
      for (const [who] of expected) actual.push([who, (await as(who, method, typeof path === 'string' ? path : path(), body)).status]);
      expect(actual).toEqual(expected);
    },
  );

  it('refuses an expired token and a token with a changed role, naming why', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice')
      .setIssuer('movie-booking-gateway').setAudience('movie-booking-api').setIssuedAt(now - 1000).setExpirationTime(now - 100).setJti('e')
      .sign(new TextEncoder().encode(secret));
    const late = await request('GET', `${gateway}/books`, undefined, { authorization: `Bearer ${expired}` });
    expect([late.status, late.body.code]).toEqual([401, 'TOKEN_EXPIRED']);
    const [header, payload, signature] = tokens.alice!.split('.');
    const asStaff = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'staff' })).toString('base64url');
    const forged = await request('PATCH', `${gateway}/tickets/${ticket}`, { status: 'Printed' }, { authorization: `Bearer ${header}.${asStaff}.${signature}` });
    expect([forged.status, forged.body.code]).toEqual([401, 'INVALID_TOKEN']);
  });

  it('keeps internal endpoints to callers with the service credential, even on the same host', async () => {
    const direct = (path: string, headers: Record<string, string> = {}) => request('POST', `${ports.url('payment')}${path}`, {}, headers);
    expect((await direct('/payments')).status).toBe(403);
    expect((await direct('/payments/voids')).status).toBe(403);
    expect((await direct('/payments', { 'x-service-token': serviceToken })).status).toBe(400);
    expect((await request('POST', `${ports.url('book')}/internal/books/${booking}/ticket-printed`)).status).toBe(403);
  });

  describe('malformed input never makes a 500', () => {
    const clientError = (response: JsonResponse) =>
      response.status >= 400 && response.status < 500 && typeof response.body?.message === 'string' && response.body.message.length > 0 &&
      typeof response.body.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(response.body.code);
    const runs = { numRuns: 40 };
    const token = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{0,300}$/);
    const segment = fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent);
    // An unknown field is always refused, so no generated booking or hold can be valid.
    const bookingBody = fc.record({
      qty: fc.anything(), seat: fc.anything(), movieName: fc.anything(), screeningId: fc.anything(), totalPrice: fc.anything(), holdId: fc.anything(),
      [`x${Date.now()}`]: fc.anything(),
    }, { requiredKeys: [] });
    const rawBody = fc.oneof(fc.string({ maxLength: 200 }), fc.json(), bookingBody.map((body) => JSON.stringify(body)));
    // What a client may put in a header: printable ASCII, empty or far too long.
    const headerValue = fc.stringMatching(/^([\x21-\x7e]([\x20-\x7e]{0,300}[\x21-\x7e])?)?$/);
    const headers = fc.record({
      'idempotency-key': headerValue,
      'content-type': fc.oneof(
        fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml'),
        headerValue,
      ),
      'x-request-id': headerValue,
      'x-customer-id': headerValue,
      accept: headerValue,
    }, { requiredKeys: [] });

    /** Everything a malformed request could have written, as the API shows it: bookings, my page, notifications, every hall's seats. */
    const visibleState = async () => {
      const movies = (await as('alice', 'GET', '/movies')).body as { screenings: { id: string }[] }[];
      const reads: [Role, string][] = [
        ...(['alice', 'bob'] as const).flatMap((who): [Role, string][] => [[who, '/books'], [who, `/mypages?customerId=${who}`], [who, '/notifications']]),
        ...movies.flatMap((movie) => movie.screenings.map((screening): [Role, string] => ['alice', `/screenings/${screening.id}/seats`])),
      ];
      return Promise.all(reads.map(async ([who, path]) => ({ path, body: (await as(who, 'GET', path)).body as unknown })));
    };
    let before: Awaited<ReturnType<typeof visibleState>>;

    beforeAll(async () => {
      // The calls above (a cancel, a print) still send their events to my page and notification: wait until nothing moves.
      let last = JSON.stringify(await visibleState());
      before = await eventually(async () => {
        await new Promise((settle) => setTimeout(settle, 300));
        const now = await visibleState();
        const previous = last;
        last = JSON.stringify(now);
        return last === previous ? now : undefined;
      }, 30_000, 'the state to settle');
    });

    it('answers any bearer token but a real one with 401', async () => {
      await fc.assert(fc.asyncProperty(token, async (guess) => {
        const response = await request('GET', `${gateway}/books`, undefined, { authorization: `Bearer ${guess}` });
        return response.status === 401 && clientError(response);
      }), runs);
    });

    it("answers a customer's malformed booking with a 4xx and a message", async () => {
      await fc.assert(fc.asyncProperty(rawBody, async (body) => clientError(await as('alice', 'POST', '/books', body))), runs);
    });

    it("answers a customer's reads of malformed ids and queries with a 4xx and a message", async () => {
      const paths = fc.oneof(
        segment.map((id) => `/books/${id}`), segment.map((id) => `/mypages/${id}`), segment.map((id) => `/tickets/${id}`),
        segment.map((id) => `/payments/${id}`), segment.map((id) => `/notifications?customerId=${id}`),
        segment.map((id) => `/screenings/${id}/seats`),
        segment.map((id) => `/payments?bookingId=${id}`), segment.map((id) => `/tickets?bookingId=${id}`), segment.map((id) => `/mypages?customerId=${id}`),
      );
      await fc.assert(fc.asyncProperty(paths, fc.constantFrom<Role>('alice', 'clerk'), async (path, who) => {
        const response = await as(who, 'GET', path);
        return response.status === 200 ? !path.startsWith('/books/') : clientError(response);
      }), runs);
    });

    it("answers a customer's list reads with odd page sizes and offsets with a 200 or a 4xx and a message", async () => {
      // Numbers as a client may write them: huge, fractional, signed, exponent or hex forms, or not numbers at all.
      const number = fc.oneof(
        fc.integer().map(String), fc.bigInt().map(String), fc.double().map(String),
        fc.constantFrom('1e21', '1e308', '9007199254740993', '-0', 'NaN', 'Infinity', '0x10', ''),
        fc.string({ maxLength: 20 }).map(encodeURIComponent),
      );
      const paths = fc.oneof(
        fc.tuple(number, number).map(([limit, offset]) => `/mypages?customerId=alice&limit=${limit}&offset=${offset}`),
        number.map((offset) => `/mypages?customerId=alice&offset=${offset}`),
        number.map((limit) => `/notifications?limit=${limit}`),
      );
      await fc.assert(fc.asyncProperty(paths, async (path) => {
        const response = await as('alice', 'GET', path);
        return response.status === 200 || clientError(response);
      }), runs);
    });

    it("answers staff's malformed prints and customers' malformed cancels with a 4xx and a message", async () => {
      await fc.assert(fc.asyncProperty(segment, rawBody, async (id, body) =>
        clientError(await as('clerk', 'PATCH', `/tickets/${id}`, body)) && clientError(await as('bob', 'DELETE', `/books/${id}`))), runs);
    });

    it('answers malformed logins with a 4xx and a message', async () => {
      await fc.assert(fc.asyncProperty(fc.oneof(rawBody, fc.record({ username: fc.anything(), password: fc.anything() }).map((body) => JSON.stringify(body))),
        async (body) => clientError(await request('POST', `${gateway}/auth/login`, body))), runs);
    });

    it('answers malformed refreshes with a 4xx and a message', async () => {
      await fc.assert(fc.asyncProperty(fc.oneof(rawBody, fc.record({ refreshToken: fc.anything() }).map((body) => JSON.stringify(body))),
        async (body) => clientError(await request('POST', `${gateway}/auth/refresh`, body))), runs);
    });

    it("answers a customer's malformed holds, hold reads and releases with a 4xx and a message", async () => {
      await fc.assert(fc.asyncProperty(rawBody, segment, async (body, id) =>
        clientError(await as('alice', 'POST', '/holds', body)) && clientError(await as('alice', 'GET', `/holds/${id}`)) &&
        clientError(await as('alice', 'DELETE', `/holds/${id}`))), runs);
    });

    it("answers a customer's malformed booking with malformed headers with a 4xx and a message", async () => {
      await fc.assert(fc.asyncProperty(rawBody, headers, async (body, sent) => clientError(await as('alice', 'POST', '/books', body, sent))), runs);
    });

    it('wrote nothing: every booking, my page entry, notification and seat is as it was before the malformed calls', async () => {
      expect(await visibleState()).toEqual(before);
    });
  });
});
