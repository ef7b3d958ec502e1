import { STATUS_CODES } from 'node:http';
import axios, { AxiosAdapter, AxiosError, AxiosResponse, CanceledError, InternalAxiosRequestConfig } from 'axios';
import { Dispatcher } from 'undici';

/**
 * An axios adapter that sends through an undici dispatcher instead of node:http. A call from
 * book to payment cost about 245 µs of CPU through axios' own adapter and 145 µs through this
 * one (docs/performance-journal.md), on the thread that runs out of CPU first. undici's diagnostics channels
 * trace these requests like every other undici request (`traceUndiciRequests`).
 *
 * It sends what a JSON API client sends: a body axios made a string or a buffer of, an answer
 * read as text for axios to parse. Anything else (streams, form data, other response types,
 * proxies, basic auth, cancel tokens) is refused with ERR_NOT_SUPPORT rather than half done.
 * Environment proxies are not used: this is for calls between the platform's own services.
 */
export function undiciAdapter(dispatcher: Dispatcher): AxiosAdapter {
  return async (config) => {
    refuseUnsupported(config);
    const url = new URL(axios.getUri(config));
    const request = { method: (config.method ?? 'get').toUpperCase(), url: url.href };
    const { signal, timedOut } = callSignal(config);
    try {
      const answer = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method as Dispatcher.HttpMethod,
        headers: config.headers.toJSON(true) as Record<string, string>,
        body: (config.data ?? null) as string | Buffer | null,
        signal,
      });
      const response: AxiosResponse = {
        data: await answer.body.text(),
        status: answer.statusCode,
        statusText: STATUS_CODES[answer.statusCode] ?? '',
        headers: answer.headers,
        config,
        request,
      };
      return settle(response);
    } catch (error) {
      if (error instanceof AxiosError) throw error;
      if (config.signal?.aborted) throw new CanceledError(undefined, config, request);
      if (timedOut()) {
        throw new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config, request);
      }
      throw AxiosError.from(error, (error as { code?: string }).code, config, request);
    }
  };
}

function refuseUnsupported(config: InternalAxiosRequestConfig): void {
  const data = config.data as unknown;
  const problem =
    data !== undefined && data !== null && typeof data !== 'string' && !Buffer.isBuffer(data) ? 'a body that is not a string or a buffer'
    : config.responseType && config.responseType !== 'json' && config.responseType !== 'text' ? `responseType ${config.responseType}`
    : config.proxy ? 'a proxy'
    : config.auth ? 'basic auth'
    : config.cancelToken ? 'a cancel token (use an abort signal)'
    : undefined;
  if (problem) throw new AxiosError(`the undici adapter does not send ${problem}`, AxiosError.ERR_NOT_SUPPORT, config);
}

/** The caller's abort signal, joined by one for `config.timeout` when there is one. */
function callSignal(config: InternalAxiosRequestConfig): { signal?: AbortSignal; timedOut: () => boolean } {
  const caller = config.signal as AbortSignal | undefined;
  if (!config.timeout) return { signal: caller, timedOut: () => false };
  const limit = AbortSignal.timeout(config.timeout);
  return { signal: caller ? AbortSignal.any([caller, limit]) : limit, timedOut: () => limit.aborted };
}

/** What axios' own adapters do with an answer: resolve it, or reject it when validateStatus says no. */
function settle(response: AxiosResponse): AxiosResponse {
  const validate = response.config.validateStatus;
  if (!validate || validate(response.status)) return response;
  const code = response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
  throw new AxiosError(`Request failed with status code ${response.status}`, code, response.config, response.request, response);
}
