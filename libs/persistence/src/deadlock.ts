/**
 * True when MariaDB rolled the transaction back to break a deadlock (InnoDB picks one of the
 * transactions waiting on each other). Run again, the transaction usually goes through; SQLite,
 * whose transactions take turns on one connection, never answers this.
 */
export function isDeadlock(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown })?.driverError];
  return candidates.some((candidate) => (candidate as { code?: unknown })?.code === 'ER_LOCK_DEADLOCK');
}
