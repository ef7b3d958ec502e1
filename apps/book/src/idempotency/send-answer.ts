import type { FastifyReply } from 'fastify';
import { StoredAnswer } from './stored-answer';

/** Puts a fresh or replayed answer on the reply; the controller returns the body. */
export function sendAnswer(reply: FastifyReply, answer: StoredAnswer): unknown {
  void reply.status(answer.statusCode);
  if (answer.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(answer.retryAfterSeconds));
  return answer.body;
}
