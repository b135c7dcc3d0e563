import {
  ItsmHttpClient,
  ItsmHttpClientOptions,
  ItsmHttpResponse,
  ItsmRequestError,
} from '@internal/plugin-social-media-node';

/**
 * How the connector signs in: Jira Cloud basic auth with an account's email and API token, or a
 * Data Center personal access token sent as a bearer token.
 *
 * @public
 */
export type JiraAuth =
  | { type: 'basic'; email: string; apiToken: string }
  | { type: 'bearer'; token: string };

/**
 * Which Jira the connector talks to. Jira Cloud (REST API v3, enhanced JQL search with page
 * tokens, descriptions in Atlassian Document Format) goes with an API token; Data Center (REST
 * API v2, search with `startAt`, plain-text descriptions) with a personal access token.
 *
 * @public
 */
export type JiraDeployment = 'cloud' | 'dataCenter';

/**
 * Options of {@link JiraClient}; the retry knobs exist mainly so that tests run fast.
 *
 * @public
 */
export interface JiraClientOptions
  extends Pick<
    ItsmHttpClientOptions,
    | 'timeoutMs'
    | 'maxRetries'
    | 'retryBaseDelayMs'
    | 'maxRetryDelayMs'
    | 'sleep'
  > {
  /** e.g. `https://your-site.atlassian.net`, without a trailing slash. */
  baseUrl: string;
  auth: JiraAuth;
}

const CONFIG_KEY = 'socialMedia.itsm.jiraServiceManagement';

/** Jira's own error message: `{ errorMessages: [...], errors: { field: message } }`. */
export function jiraErrorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { errorMessages, errors, message } = body as {
    errorMessages?: unknown;
    errors?: unknown;
    message?: unknown;
  };
  const parts: string[] = [];
  if (Array.isArray(errorMessages)) {
    parts.push(
      ...errorMessages.filter((m): m is string => typeof m === 'string' && !!m),
    );
  }
  if (typeof errors === 'object' && errors !== null) {
    for (const [field, text] of Object.entries(errors)) {
      if (typeof text === 'string' && text) parts.push(`${field}: ${text}`);
    }
  }
  if (!parts.length && typeof message === 'string' && message) {
    parts.push(message);
  }
  return parts.length ? parts.join('; ') : undefined;
}

interface RequestOptions {
  method: 'GET' | 'POST';
  /** Below the REST API prefix, e.g. `/issue/10001`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The Jira permission the request needs, for the message of a 403. */
  access: string;
  signal?: AbortSignal;
  passStatuses?: number[];
  /** A POST that only reads (a search), so it may be sent again after a failure. */
  repeatable?: boolean;
}

/**
 * The Jira REST API through the shared ITSM HTTP client: the deployment's API version, basic or
 * bearer auth, and messages that say which setting or permission to check.
 *
 * @public
 */
export class JiraClient {
  readonly baseUrl: string;
  readonly deployment: JiraDeployment;
  /** `/rest/api/3` on Jira Cloud, `/rest/api/2` on Data Center. */
  readonly apiPrefix: string;
  readonly #http: ItsmHttpClient;

  constructor(options: JiraClientOptions) {
    const { auth } = options;
    this.deployment = auth.type === 'basic' ? 'cloud' : 'dataCenter';
    this.apiPrefix =
      this.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    const authorization =
      auth.type === 'basic'
        ? `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`).toString(
            'base64',
          )}`
        : `Bearer ${auth.token}`;
    const secrets =
      auth.type === 'basic'
        ? [auth.apiToken, authorization.slice('Basic '.length)]
        : [auth.token];
    this.#http = new ItsmHttpClient({
      ...options,
      system: 'Jira Service Management',
      baseUrl: options.baseUrl,
      secrets,
      // A refused API token or access token would be refused again: no renewal.
      authorize: async ({ renew }) => (renew ? undefined : authorization),
      errorDetail: jiraErrorDetail,
      // Jira Cloud may send only X-RateLimit-Reset: the time (ISO 8601) the limit lifts.
      rateLimitWait: headers => {
        const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
        return Number.isNaN(reset)
          ? undefined
          : Math.max(0, reset - Date.now());
      },
      explain: ({ status, what, detail, request }) => {
        const suffix = detail ? `: ${detail}` : '';
        if (status === 401) {
          return auth.type === 'basic'
            ? `Jira Service Management refused the account email and API token for ${what} (HTTP 401); ` +
                `check ${CONFIG_KEY}.auth.email and ${CONFIG_KEY}.auth.apiToken (API tokens expire and can be revoked)`
            : `Jira Service Management refused the personal access token for ${what} (HTTP 401); ` +
                `check ${CONFIG_KEY}.auth.token (personal access tokens expire and can be revoked)`;
        }
        if (status === 403 && request.access) {
          return (
            `The Jira account lacks ${request.access} (HTTP 403 on ${what}${suffix}); ` +
            'grant it through the project permission scheme'
          );
        }
        if (status === 404) {
          const expected =
            this.deployment === 'cloud'
              ? 'the Jira Cloud site, e.g. https://your-site.atlassian.net'
              : 'the Data Center base URL, including any context path';
          return `Jira Service Management has nothing at ${what} (HTTP 404${suffix}); check ${CONFIG_KEY}.baseUrl (${expected})`;
        }
        return undefined;
      },
    });
    this.baseUrl = this.#http.baseUrl;
  }

  /** Sends a request to the REST API with retries; throws {@link ItsmRequestError} on failure. */
  request(options: RequestOptions): Promise<ItsmHttpResponse> {
    return this.#http.request({
      method: options.method,
      path: `${this.apiPrefix}${options.path}`,
      query: options.query,
      json: options.body,
      signal: options.signal,
      passStatuses: options.passStatuses,
      access: options.access,
      repeatable: options.repeatable,
    });
  }

  /** Removes anything secret from a message. */
  redact(message: string): string {
    return this.#http.redact(message);
  }

  /** An error in Jira's terms, with secrets removed. */
  error(
    message: string,
    options: ConstructorParameters<typeof ItsmRequestError>[1],
  ): ItsmRequestError {
    return this.#http.error(message, options);
  }
}
