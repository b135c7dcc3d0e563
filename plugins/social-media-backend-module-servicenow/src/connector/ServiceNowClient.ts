import {
  ItsmHttpClient,
  ItsmHttpClientOptions,
  ItsmHttpResponse,
  ItsmRequestError,
} from '@internal/plugin-social-media-node';

/**
 * How the connector signs in to ServiceNow: basic auth with an integration user, or OAuth client
 * credentials.
 *
 * @public
 */
export type ServiceNowAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'oauth'; clientId: string; clientSecret: string };

/**
 * Options of the HTTP client; the retry knobs exist mainly so that tests run fast.
 *
 * @public
 */
export interface ServiceNowClientOptions
  extends Pick<
    ItsmHttpClientOptions,
    | 'timeoutMs'
    | 'maxRetries'
    | 'retryBaseDelayMs'
    | 'maxRetryDelayMs'
    | 'sleep'
  > {
  /** e.g. `https://example.service-now.com`, without a trailing slash. */
  instanceUrl: string;
  auth: ServiceNowAuth;
}

/** What the request is for, so that a 403 can say which access is missing. */
export type ServiceNowAccess = 'read' | 'create' | 'write';

interface RequestOptions {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  access: ServiceNowAccess;
  table: string;
  signal?: AbortSignal;
  /** Statuses handed back to the caller instead of thrown, e.g. 404. */
  passStatuses?: number[];
}

/** ServiceNow's own error message from an error body (`{ error: { message } }`), if any. */
function errorDetail(body: unknown): string | undefined {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error
    ?.message;
  return typeof message === 'string' && message ? message : undefined;
}

/**
 * The ServiceNow REST API through the shared ITSM HTTP client: basic auth, or an OAuth client
 * credentials token that is cached and renewed once on 401, and messages that say which
 * ServiceNow setting or role to check.
 *
 * @public
 */
export class ServiceNowClient {
  readonly instanceUrl: string;
  readonly #auth: ServiceNowAuth;
  readonly #http: ItsmHttpClient;
  #token?: { value: string; expiresAt: number };
  #tokenRequest?: Promise<string>;

  constructor(options: ServiceNowClientOptions) {
    this.#auth = options.auth;
    const secrets =
      options.auth.type === 'basic'
        ? [
            options.auth.password,
            Buffer.from(
              `${options.auth.username}:${options.auth.password}`,
            ).toString('base64'),
          ]
        : [options.auth.clientSecret];
    this.#http = new ItsmHttpClient({
      ...options,
      system: 'ServiceNow',
      baseUrl: options.instanceUrl,
      secrets,
      authorize: ({ renew, signal }) => this.#authorization(renew, signal),
      errorDetail,
      explain: ({ status, what, detail, request }) => {
        if (status === 401) {
          return this.#auth.type === 'oauth'
            ? `ServiceNow refused the OAuth access token for ${what} even after renewing it (HTTP 401); ` +
                'check the OAuth application and the integration user behind it'
            : `ServiceNow refused the credentials of the integration user for ${what} (HTTP 401); ` +
                'check socialMedia.itsm.servicenow.auth';
        }
        if (status === 403 && request.access) {
          return (
            `The ServiceNow integration user lacks ${request.access} (HTTP 403 on ${what}); ` +
            `grant it a role with ${request.access}`
          );
        }
        if (status === 404) {
          return `ServiceNow has nothing at ${what} (HTTP 404${
            detail ? `: ${detail}` : ''
          }); check socialMedia.itsm.servicenow.instanceUrl`;
        }
        return undefined;
      },
    });
    this.instanceUrl = this.#http.baseUrl;
  }

  /** Sends a request with retries; throws {@link ItsmRequestError} on failure. */
  request(options: RequestOptions): Promise<ItsmHttpResponse> {
    return this.#http.request({
      method: options.method,
      path: options.path,
      query: options.query,
      json: options.body,
      signal: options.signal,
      passStatuses: options.passStatuses,
      access: `${options.access} access to the ${options.table} table`,
    });
  }

  /** Removes anything secret from a message. */
  redact(message: string): string {
    return this.#http.redact(message);
  }

  /** An error in ServiceNow's terms, with secrets removed. */
  error(
    message: string,
    options: ConstructorParameters<typeof ItsmRequestError>[1],
  ): ItsmRequestError {
    return this.#http.error(message, options);
  }

  async #authorization(
    renew: boolean,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    if (this.#auth.type === 'basic') {
      if (renew) return undefined; // the same password would be refused again
      const { username, password } = this.#auth;
      return `Basic ${Buffer.from(`${username}:${password}`).toString(
        'base64',
      )}`;
    }
    if (renew) this.#token = undefined;
    if (this.#token && this.#token.expiresAt > Date.now()) {
      return `Bearer ${this.#token.value}`;
    }
    if (!this.#tokenRequest) {
      this.#tokenRequest = this.#requestToken(signal).finally(() => {
        this.#tokenRequest = undefined;
      });
    }
    return `Bearer ${await this.#tokenRequest}`;
  }

  async #requestToken(signal: AbortSignal | undefined): Promise<string> {
    if (this.#auth.type !== 'oauth') throw new Error('not an OAuth client');
    const { clientId, clientSecret } = this.#auth;
    const what = 'POST /oauth_token.do';
    const { status, body } = await this.#http.request({
      method: 'POST',
      path: '/oauth_token.do',
      authorize: false,
      repeatable: true,
      form: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      },
      passStatuses: [400, 401, 403],
      signal,
    });
    if (status === 400 || status === 401 || status === 403) {
      throw this.#http.error(
        `ServiceNow refused the OAuth client credentials (HTTP ${status} on ${what}); ` +
          'check socialMedia.itsm.servicenow.auth.clientId and clientSecret',
        { kind: 'unauthorized', status },
      );
    }
    const token = body as
      | { access_token?: unknown; expires_in?: unknown }
      | undefined;
    if (typeof token?.access_token !== 'string' || !token.access_token) {
      throw this.#http.error(
        `ServiceNow answered ${what} without an access_token`,
        { kind: 'malformed', status },
      );
    }
    this.#http.addSecret(token.access_token);
    const expiresIn = Number(token.expires_in);
    const lifetimeMs =
      Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 0;
    // Renew a minute early (or at half-life for short-lived tokens).
    this.#token = {
      value: token.access_token,
      expiresAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2),
    };
    return token.access_token;
  }
}
