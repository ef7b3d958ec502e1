/** The driver's error code, on the error itself (mysql2, better-sqlite3) or under TypeORM's QueryFailedError. */
function hasDriverCode(error: unknown, codes: readonly string[]): boolean {
  const candidates = [error, (error as { driverError?: unknown })?.driverError];
  return candidates.some((candidate) => codes.includes((candidate as { code?: unknown })?.code as string));
}

/** True when a write failed on a unique or primary key, on SQLite or MariaDB. */
export function isUniqueViolation(error: unknown): boolean {
  return hasDriverCode(error, ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'ER_DUP_ENTRY']);
}

/**
 * True when MariaDB rolled the transaction back to break a deadlock (InnoDB picks one of the
 * transactions waiting on each other); running it again is safe. SQLite, whose transactions take
 * turns on one connection, never answers this.
 */
export function isDeadlock(error: unknown): boolean {
  return hasDriverCode(error, ['ER_LOCK_DEADLOCK']);
}
