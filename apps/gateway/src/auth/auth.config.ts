import { randomBytes } from 'node:crypto';
import { EnvReader } from '@movie/runtime';
import { Role, roles } from './caller';

/**
 * `required`: every call but the catalogue needs a token (the production default).
 * `demo`: a call without a token goes through as before authentication existed, for the
 * customer it names in x-customer-id or the demo customer; a call with a token is checked.
 */
export type AuthMode = 'demo' | 'required';

export interface UserSeed {
  username: string;
  role: Role;
  /** Exactly one of the two; a user with neither cannot log in. */
  password?: string;
  passwordHash?: string;
}

export interface AuthSettings {
  mode: AuthMode;
  /** HMAC key of the tokens (HS256); at least 32 bytes. */
  jwtSecret: string;
  /** True when GATEWAY_JWT_SECRET was not set and the key is random. */
  jwtSecretGenerated: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  users: UserSeed[];
}

const MIN_SECRET_LENGTH = 32;
const defaultUsers = 'alice:customer,bob:customer,clerk:staff';

/** The password a seeded user has in demo mode when the environment gives none. */
export const demoPassword = (username: string): string => `${username}-demo`;

/**
 * Reads the GATEWAY_ auth settings. The reader collects malformed values; the rules across
 * settings come back as problems of their own, so the caller reports both at once.
 */
export function readAuthSettings(gateway: EnvReader): { auth: AuthSettings; problems: string[] } {
  const mode = gateway.oneOf('AUTH_MODE', ['demo', 'required'] as const, 'required');
  const secret = gateway.optional('JWT_SECRET');
  const problems: string[] = [];
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) problems.push(`GATEWAY_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  const users = gateway.list('USERS', defaultUsers.split(',')).map((entry) => readUser(gateway, entry, mode, problems));
  const auth: AuthSettings = {
    mode,
    // Without a secret the gateway signs with a random key of its own: tokens end with the process
    // and another replica refuses them (the gateway warns at start-up).
    jwtSecret: secret ?? randomBytes(32).toString('base64url'),
    jwtSecretGenerated: secret === undefined,
    accessTokenTtlSeconds: gateway.int('ACCESS_TOKEN_TTL_SECONDS', 15 * 60, { min: 10, max: 24 * 3600 }),
    refreshTokenTtlSeconds: gateway.int('REFRESH_TOKEN_TTL_SECONDS', 8 * 3600, { min: 60, max: 30 * 24 * 3600 }),
    users,
  };
  return { auth, problems };
}

function readUser(gateway: EnvReader, entry: string, mode: AuthMode, problems: string[]): UserSeed {
  const [username, role] = entry.split(':');
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(username ?? '') || !roles.includes(role as Role)) {
    problems.push(`GATEWAY_USERS entries are name:role with role ${roles.join(' or ')}, got "${entry}"`);
    return { username: username ?? '', role: 'customer' };
  }
  const key = `USER_${username.toUpperCase().replace(/-/g, '_')}`;
  const passwordHash = gateway.optional(`${key}_PASSWORD_HASH`);
  const password = gateway.optional(`${key}_PASSWORD`) ?? (passwordHash || mode !== 'demo' ? undefined : demoPassword(username));
  return { username, role: role as Role, password, passwordHash };
}
