import {
  ItsmHttpClient,
  ItsmHttpClientOptions,
  ItsmHttpResponse,
  ItsmRequestError,
} from '@internal/plugin-social-media-node';
import { CONFIG_KEY } from './constants';

/**
 * Options of the HTTP client; the retry knobs exist mainly so that tests run fast.
 *
 * @public
 */
export interface PagerDutyClientOptions
  extends Pick<
    ItsmHttpClientOptions,
    | 'timeoutMs'
    | 'maxRetries'
    | 'retryBaseDelayMs'
    | 'maxRetryDelayMs'
    | 'sleep'
  > {
  /** The REST API address, e.g. `https://api.pagerduty.com`, without a trailing slash. */
  baseUrl: string;
  /** A PagerDuty REST API key (general or user key), sent as `Token token=<key>`. */
  apiToken: string;
}

/** What a request needs, so that a 403 can say what the API key lacks. */
export type PagerDutyAccess = 'read' | 'create';

/** One request to the REST API. */
export interface PagerDutyRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
  headers?: Record<string, string>;
  access: PagerDutyAccess;
  signal?: AbortSignal;
  /** Statuses handed back to the caller instead of thrown, e.g. 404. */
  passStatuses?: number[];
  /** A POST that may be sent again after a failed attempt without creating anything twice. */
  repeatable?: boolean;
}

/** The media type that selects version 2 of the REST API. */
export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

/**
 * PagerDuty's own message from an error body, `{ error: { message, code, errors: [...] } }`:
 * the message, its code and the details, e.g. `Invalid Input Provided (code 2001): ...`.
 */
export function pagerDutyErrorDetail(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof error === 'string') return error || undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, code, errors } = error as {
    message?: unknown;
    code?: unknown;
    errors?: unknown;
  };
  const details = Array.isArray(errors)
    ? errors.filter((e): e is string => typeof e === 'string' && e !== '')
    : [];
  const head = typeof message === 'string' && message ? message : undefined;
  if (!head && details.length === 0) return undefined;
  return [
    head ?? 'Error',
    typeof code === 'number' ? ` (code ${code})` : '',
    details.length ? `: ${details.join('; ')}` : '',
  ].join('');
}

const ACCESS_TEXT: Record<PagerDutyAccess, string> = {
  read: 'read access to incidents and log entries',
  create: 'write access to create incidents',
};

/**
 * The PagerDuty REST API v2 through the shared ITSM HTTP client: the version 2 `Accept` header,
 * `Authorization: Token token=<key>`, and messages that say which setting or permission to check.
 *
 * @public
 */
export class PagerDutyClient {
  readonly baseUrl: string;
  readonly #http: ItsmHttpClient;

  constructor(options: PagerDutyClientOptions) {
    const authorization = `Token token=${options.apiToken}`;
    this.#http = new ItsmHttpClient({
      ...options,
      system: 'PagerDuty',
      baseUrl: options.baseUrl,
      headers: { Accept: PAGERDUTY_ACCEPT },
      secrets: [options.apiToken, authorization],
      // An API key cannot be renewed: a refused key stays refused.
      authorize: async ({ renew }) => (renew ? undefined : authorization),
      errorDetail: pagerDutyErrorDetail,
      // PagerDuty says how long to wait in seconds in `ratelimit-reset`.
      rateLimitWait: headers => {
        const reset = headers.get('ratelimit-reset')?.trim();
        return reset && /^\d+$/.test(reset) ? Number(reset) * 1000 : undefined;
      },
      explain: ({ status, what, detail, request }) => {
        const suffix = detail ? `: ${detail}` : '';
        if (status === 401) {
          return (
            `PagerDuty refused the API key for ${what} (HTTP 401${suffix}); ` +
            `check ${CONFIG_KEY}.apiToken (the key may have been deleted or mistyped)`
          );
        }
        if (status === 403) {
          const access = request.access ?? 'access';
          const hint =
            request.method === 'POST'
              ? 'a read-only API key cannot create incidents: use a general access REST API key ' +
                'without the read-only flag, or a user API key of a user allowed to create incidents on the service'
              : 'use a general access REST API key, or a user API key of a user who can see the mapped services';
          return `The PagerDuty API key lacks ${access} (HTTP 403 on ${what}${suffix}); ${hint}`;
        }
        if (status === 404) {
          return `PagerDuty has nothing at ${what} (HTTP 404${suffix}); check ${CONFIG_KEY}.baseUrl`;
        }
        if (status === 400) {
          const services = request.query?.['service_ids[]'];
          const named =
            services && services.length
              ? `; check the mapped PagerDuty service ids (${[services]
                  .flat()
                  .join(', ')})`
              : '';
          return `PagerDuty rejected ${what} (HTTP 400${suffix})${named}`;
        }
        return undefined;
      },
    });
    this.baseUrl = this.#http.baseUrl;
  }

  /** Sends a request with retries; throws {@link ItsmRequestError} on failure. */
  request(options: PagerDutyRequest): Promise<ItsmHttpResponse> {
    return this.#http.request({
      method: options.method,
      path: options.path,
      query: options.query,
      json: options.body,
      headers: options.headers,
      signal: options.signal,
      passStatuses: options.passStatuses,
      repeatable: options.repeatable,
      access: ACCESS_TEXT[options.access],
    });
  }

  /** Removes anything secret from a message. */
  redact(message: string): string {
    return this.#http.redact(message);
  }

  /** An error in PagerDuty's terms, with secrets removed. */
  error(
    message: string,
    options: ConstructorParameters<typeof ItsmRequestError>[1],
  ): ItsmRequestError {
    return this.#http.error(message, options);
  }
}
