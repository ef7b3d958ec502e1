/**
 * Every integration event travels in this envelope. The key is the booking id, so that
 * one booking's events land on one partition and stay in order.
 */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  /** Unique id (UUID); consumers record it to apply each event once. */
  id: string;
  /** Past-tense fact name, e.g. BookingConfirmed. */
  type: TType;
  /** Payload schema version; bump on breaking change and keep the old reader. */
  version: number;
  /** When the fact happened, in the form isInstant accepts (2026-11-30T04:21:03.123Z). */
  occurredAt: string;
  /** Partition key: the booking id. */
  key: string;
  /** The service that recorded the fact. */
  source: string;
  payload: TPayload;
}

/** One topic per aggregate keeps per-booking order across that aggregate's events. */
export const Topics = {
  booking: 'movie.booking.v1',
  payment: 'movie.payment.v1',
  ticket: 'movie.ticket.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Events a consumer cannot parse or validate go to `<topic>.DLT` with the reason. */
export const deadLetterTopic = (topic: string): string => `${topic}.DLT`;
