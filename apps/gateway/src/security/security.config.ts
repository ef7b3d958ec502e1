import { EnvReader } from '@movie/runtime';
import { AuthMode } from '../auth/auth.config';

export interface SecuritySettings {
  /** Largest request body, proxied or parsed, in bytes. */
  bodyLimitBytes: number;
  /** Requests per client per window; 0 turns the general limit off. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** Login attempts per client per window, counted apart from other calls. */
  loginRateLimitMax: number;
  /** Origins a browser may call the API from; empty allows the gateway's own origin only. */
  corsOrigins: string[];
  /** Proxies in front of the gateway (an ingress: 1) whose X-Forwarded-For entry is trusted to name the client. */
  trustedProxyHops: number;
}

/** Reads the GATEWAY_ hardening settings; the general rate limit is off by default in demo mode only. */
export function readSecuritySettings(gateway: EnvReader, mode: AuthMode): SecuritySettings {
  return {
    bodyLimitBytes: gateway.int('BODY_LIMIT_BYTES', 64 * 1024, { min: 1024, max: 64 * 1024 * 1024 }),
    rateLimitMax: gateway.int('RATE_LIMIT_MAX', mode === 'demo' ? 0 : 600, { min: 0 }),
    rateLimitWindowMs: gateway.int('RATE_LIMIT_WINDOW_MS', 60_000, { min: 1000 }),
    loginRateLimitMax: gateway.int('LOGIN_RATE_LIMIT_MAX', 10, { min: 1 }),
    corsOrigins: gateway.list('CORS_ORIGINS', []),
    trustedProxyHops: gateway.int('TRUSTED_PROXY_HOPS', 0, { min: 0, max: 10 }),
  };
}
