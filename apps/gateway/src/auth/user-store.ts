import { hash, verify } from '@node-rs/argon2';
import { Role } from './caller';
import { UserSeed } from './auth.config';

export interface User {
  username: string;
  role: Role;
}

/** The users who may log in now, with the role each has now. */
export interface UserDirectory {
  find(username: string): User | undefined;
}

interface StoredUser extends User {
  passwordHash: string;
}

/**
 * The people who may log in, with argon2id hashes of their passwords (plain passwords from
 * the environment are hashed once at start-up and not kept). An unknown name costs one
 * verification too, so the answer time does not tell which names exist.
 */
export class UserStore implements UserDirectory {
  private constructor(
    private readonly users: ReadonlyMap<string, StoredUser>,
    private readonly decoyHash: string,
  ) {}

  static async seed(seeds: UserSeed[]): Promise<UserStore> {
    const users = new Map<string, StoredUser>();
    for (const seed of seeds) {
      const passwordHash = seed.passwordHash ?? (seed.password !== undefined ? await hash(seed.password) : undefined);
      if (passwordHash) users.set(seed.username, { username: seed.username, role: seed.role, passwordHash });
    }
    return new UserStore(users, await hash('decoy password that matches no login'));
  }

  /** Usernames that can log in (those given a password). */
  get usernames(): string[] {
    return [...this.users.keys()];
  }

  /** The user by name, with their role, if they can log in. */
  find(username: string): User | undefined {
    const user = this.users.get(username);
    return user && { username: user.username, role: user.role };
  }

  /** The user if the password is theirs, else undefined. */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = this.users.get(username);
    const matches = await verify(user?.passwordHash ?? this.decoyHash, password).catch(() => false);
    return user && matches ? { username: user.username, role: user.role } : undefined;
  }
}
