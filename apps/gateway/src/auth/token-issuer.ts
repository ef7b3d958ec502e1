import { randomUUID } from 'node:crypto';
import { errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { Role, roles } from './caller';
import { User, UserDirectory } from './user-store';

const ISSUER = 'movie-booking-gateway';
/** Different audiences keep a refresh token from being used as an access token, and back. */
const ACCESS_AUDIENCE = 'movie-booking-api';
const REFRESH_AUDIENCE = 'movie-booking-gateway/refresh';
const ALGORITHM = 'HS256';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token is valid for. */
  expiresIn: number;
  role: Role;
}

export interface TokenSettings {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/** Where exchanged refresh tokens are remembered, for every gateway process alike. */
export interface RefreshTokenLedger {
  /** True the first time a token id is marked; false when it was marked before. */
  markUsed(tokenId: string, expiresAt: Date): Promise<boolean>;
}

/** Why a token was refused; the gateway answers 401 with this code. */
export class TokenRefused extends Error {
  constructor(
    readonly code: 'TOKEN_EXPIRED' | 'INVALID_TOKEN',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Signs and checks the platform's tokens: short-lived access tokens (JWT, HS256) and
 * longer-lived refresh tokens, each refresh token good for one refresh. The ledger remembers
 * the refresh tokens used, so that holds however many gateway processes there are.
 */
export class TokenIssuer {
  private readonly key: Uint8Array;

  constructor(
    private readonly settings: TokenSettings,
    private readonly usedRefreshTokens: RefreshTokenLedger,
    private readonly now: () => number = Date.now,
  ) {
    this.key = new TextEncoder().encode(settings.jwtSecret);
  }

  async issue(user: User): Promise<TokenPair> {
    const [accessToken, refreshToken] = await Promise.all([
      this.sign(user, ACCESS_AUDIENCE, this.settings.accessTokenTtlSeconds),
      this.sign(user, REFRESH_AUDIENCE, this.settings.refreshTokenTtlSeconds),
    ]);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.settings.accessTokenTtlSeconds, role: user.role };
  }

  /** The user an access token was issued to; throws TokenRefused if it is not one of ours, altered or expired. */
  async verifyAccess(token: string): Promise<User> {
    return userOf(await this.verify(token, ACCESS_AUDIENCE));
  }

  /**
   * A new pair for a valid refresh token that was not used before, for a user the directory still
   * has and with the role they have now: each pair renews the session, so one issued before a user
   * was removed or their role changed would otherwise keep it going for good.
   */
  async refresh(token: string, users: UserDirectory): Promise<TokenPair> {
    const payload = await this.verify(token, REFRESH_AUDIENCE);
    const user = users.find(userOf(payload).username);
    if (!user) throw new TokenRefused('INVALID_TOKEN', 'the user of this refresh token can no longer log in');
    if (!(await this.usedRefreshTokens.markUsed(payload.jti!, new Date(payload.exp! * 1000)))) {
      throw new TokenRefused('INVALID_TOKEN', 'the refresh token was already used');
    }
    return this.issue(user);
  }

  private sign(user: User, audience: string, ttlSeconds: number): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(user.username)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
  }

  private async verify(token: string, audience: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        currentDate: new Date(this.now()),
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenRefused('TOKEN_EXPIRED', 'the token has expired; refresh it or log in again');
      throw new TokenRefused('INVALID_TOKEN', 'the token is not valid');
    }
  }
}

function userOf(payload: JWTPayload): User {
  const role = payload.role;
  if (typeof payload.sub !== 'string' || !roles.includes(role as Role)) throw new TokenRefused('INVALID_TOKEN', 'the token is not valid');
  return { username: payload.sub, role: role as Role };
}
