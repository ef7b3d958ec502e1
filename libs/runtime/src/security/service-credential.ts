import { ConfigError, EnvReader } from '../config/env-reader';

/** The header a service puts its credential in when it calls another service's internal endpoint. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

const MIN_TOKEN_LENGTH = 16;

/** The credential services share (SERVICE_TOKEN); without one, internal endpoints answer loopback callers only. */
export interface ServiceCredential {
  token?: string;
}

export function loadServiceCredential(env: NodeJS.ProcessEnv = process.env): ServiceCredential {
  const reader = new EnvReader(env);
  const token = reader.optional('SERVICE_TOKEN');
  reader.done();
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) throw new ConfigError([`SERVICE_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`]);
  return { token };
}

/** Headers for a call to another service's internal endpoint: the credential, when there is one. */
export function serviceCredentialHeaders(credential: ServiceCredential = loadServiceCredential()): Record<string, string> {
  return credential.token ? { [SERVICE_TOKEN_HEADER]: credential.token } : {};
}
