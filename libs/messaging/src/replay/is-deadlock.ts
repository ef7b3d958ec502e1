/** True when MariaDB rolled the transaction back to break a deadlock; running it again is safe. */
export function isDeadlock(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown })?.driverError];
  return candidates.some((candidate) => (candidate as { code?: unknown })?.code === 'ER_LOCK_DEADLOCK');
}
