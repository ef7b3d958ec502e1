/** Booking status codes, as the platform numbers them. */
export const BookingStatus = { pending: 0, booked: 1, printed: 2, released: 8, cancelled: 9 } as const;

const labels: Record<number, string> = { 0: 'Pending', 1: 'Booked', 2: 'Ticket printed', 8: 'Released', 9: 'Cancelled' };

export const statusText = (status: number): string => labels[status] ?? `Status ${status}`;

/** How far along a booking is; 2, 8 and 9 are final. */
const progress: Record<number, number> = { 0: 0, 1: 1, 2: 2, 8: 2, 9: 2 };

/**
 * The later of two statuses. The live stream and the my-page projection are fed by the same
 * events but separately, so a read may briefly lag an event already shown: never go back.
 */
export function laterStatus(known: number | undefined, incoming: number): number {
  if (known === undefined) return incoming;
  return (progress[incoming] ?? 0) > (progress[known] ?? 0) ? incoming : known;
}
