import { SignJWT } from 'jose';
import { RefreshTokenLedger, TokenIssuer } from './token-issuer';
import { UserDirectory } from './user-store';

const secret = 'a-test-secret-of-at-least-32-characters';
const alice = { username: 'alice', role: 'customer' as const };
const users: UserDirectory = { find: (username) => (username === alice.username ? alice : undefined) };

/** Stands in for the gateway's database: the token ids marked, with their expiry. */
class LedgerInMemory implements RefreshTokenLedger {
  readonly marked = new Map<string, Date>();

  async markUsed(tokenId: string, expiresAt: Date): Promise<boolean> {
    if (this.marked.has(tokenId)) return false;
    this.marked.set(tokenId, expiresAt);
    return true;
  }
}

function issuerAt(clock: { now: number }, jwtSecret = secret, ledger: RefreshTokenLedger = new LedgerInMemory()): TokenIssuer {
  return new TokenIssuer({ jwtSecret, accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 3600 }, ledger, () => clock.now);
}

describe('TokenIssuer', () => {
  const clock = { now: Date.UTC(2025, 0, 1) };
  const tokens = issuerAt(clock);
  afterEach(() => (clock.now = Date.UTC(2025, 0, 1)));

  it('accepts its own access token and names the user and role', async () => {
    const pair = await tokens.issue(alice);
    await expect(tokens.verifyAccess(pair.accessToken)).resolves.toEqual(alice);
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, role: 'customer' });
  });

  it('refuses an access token once it has expired', async () => {
    const pair = await tokens.issue(alice);
    clock.now += 901_000;
    await expect(tokens.verifyAccess(pair.accessToken)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token whose payload was changed, even by one character', async () => {
    const [header, payload, signature] = (await tokens.issue(alice)).accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'bob' })).toString('base64url');
    await expect(tokens.verifyAccess([header, forged, signature].join('.'))).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses a token signed with another key', async () => {
    const pair = await issuerAt(clock, 'another-secret-of-at-least-32-characters').issue(alice);
    await expect(tokens.verifyAccess(pair.accessToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses an unsigned token (alg none) claiming to be staff', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(clock.now / 1000);
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'mallory', role: 'staff', iss: 'movie-booking-gateway', aud: 'movie-booking-api', iat: now, exp: now + 60, jti: 'x' })}.`;
    await expect(tokens.verifyAccess(unsigned)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses a correctly signed token with a role it does not know', async () => {
    const now = Math.floor(clock.now / 1000);
    const token = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory')
      .setIssuer('movie-booking-gateway').setAudience('movie-booking-api').setIssuedAt(now).setExpirationTime(now + 60).setJti('j')
      .sign(new TextEncoder().encode(secret));
    await expect(tokens.verifyAccess(token)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('does not take a refresh token as an access token, nor the other way round', async () => {
    const pair = await tokens.issue(alice);
    await expect(tokens.verifyAccess(pair.refreshToken)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    await expect(tokens.refresh(pair.accessToken, users)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('exchanges a refresh token for a new pair once only', async () => {
    const pair = await tokens.issue(alice);
    const renewed = await tokens.refresh(pair.refreshToken, users);
    await expect(tokens.verifyAccess(renewed.accessToken)).resolves.toEqual(alice);
    await expect(tokens.refresh(pair.refreshToken, users)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it("marks a refresh token used in the ledger with the token's own expiry, so every gateway sharing the ledger refuses it after", async () => {
    const ledger = new LedgerInMemory();
    const [here, there] = [issuerAt(clock, secret, ledger), issuerAt(clock, secret, ledger)];
    const pair = await here.issue(alice);

    await here.refresh(pair.refreshToken, users);

    await expect(there.refresh(pair.refreshToken, users)).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    expect([...ledger.marked.values()]).toEqual([new Date(clock.now + 3600_000)]);
  });

  it('refuses an expired refresh token', async () => {
    const pair = await tokens.issue(alice);
    clock.now += 3601_000;
    await expect(tokens.refresh(pair.refreshToken, users)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses the refresh token of a user who can no longer log in', async () => {
    const pair = await tokens.issue(alice);
    await expect(tokens.refresh(pair.refreshToken, { find: () => undefined })).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('renews a session with the role the user has now, not the one the token names', async () => {
    const pair = await tokens.issue({ username: 'clerk', role: 'staff' });
    const renewed = await tokens.refresh(pair.refreshToken, { find: (username) => ({ username, role: 'customer' }) });
    await expect(tokens.verifyAccess(renewed.accessToken)).resolves.toEqual({ username: 'clerk', role: 'customer' });
  });
});
