import { randomUUID } from 'node:crypto';

/**
 * A new id for a row or an event: a UUID of version 7, whose first 48 bits are the time in
 * milliseconds and the rest random. Ids made close in time sort close together, so a row's
 * insert lands on the last pages of each index that holds its id instead of on a random one:
 * fewer pages written a transaction, and fewer checkpoints (docs/performance-journal.md, 29 November,
 * late morning). The time is visible in the id; the 74 random bits keep it unguessable.
 */
export function newId(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID is `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx`: keep its random bits and RFC variant after the version digit.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
