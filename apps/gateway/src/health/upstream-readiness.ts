import { ReadinessCheck } from '@movie/runtime';
import { Upstream } from '../proxy/upstream';

/**
 * The gateway is ready as soon as it runs; an upstream that does not answer is reported
 * as information only, since each route fails on its own (502) and the rest keep working.
 */
export const upstreamReadiness = (upstream: Upstream): ReadinessCheck => ({
  name: upstream.name,
  critical: false,
  check: async () => {
    await upstream.getJson('/health/live');
    return { url: upstream.origin };
  },
});
