import type { FastifyRequest } from 'fastify';

/**
 * The client's address for per-client limits. Behind `trustedHops` proxies (an ingress is one),
 * the client is the entry those proxies appended to X-Forwarded-For; entries further left are
 * the client's own word and are not trusted.
 */
export function clientAddress(request: Pick<FastifyRequest, 'headers' | 'socket'>, trustedHops: number): string {
  const socket = request.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return socket;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return forwarded[forwarded.length - trustedHops] ?? socket;
}
