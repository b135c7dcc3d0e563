import { setTimeout as delay } from 'node:timers/promises';

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
export interface ServiceNowClientOptions {
  /** e.g. `https://example.service-now.com`, without a trailing slash. */
  instanceUrl: string;
  auth: ServiceNowAuth;
  /** Per attempt, for the whole request including its body. Defaults to 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and network errors. Defaults to 4. */
  maxRetries?: number;
  /** First backoff delay; doubled on every retry. Defaults to 1 000. */
  retryBaseDelayMs?: number;
  /** Upper bound of a backoff delay and of an honoured `Retry-After`. Defaults to 60 000. */
  maxRetryDelayMs?: number;
  /** Waits between attempts; injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Why a request to ServiceNow failed. */
export type ServiceNowErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'truncated'
  | 'malformed'
  | 'rejected';

const RETRYABLE: ReadonlySet<ServiceNowErrorKind> = new Set([
  'rate-limited',
  'server',
  'timeout',
  'network',
  'truncated',
]);

/**
 * A request to ServiceNow failed. The message never contains credentials or tokens.
 *
 * @public
 */
export class ServiceNowError extends Error {
  name = 'ServiceNowError';
  readonly kind: ServiceNowErrorKind;
  readonly status?: number;
  /** From a `Retry-After` header, in milliseconds. */
  readonly retryAfterMs?: number;
  /** True once the retries are spent (or waiting is pointless). */
  readonly exhausted: boolean;

  constructor(
    message: string,
    options: {
      kind: ServiceNowErrorKind;
      status?: number;
      retryAfterMs?: number;
      exhausted?: boolean;
    },
  ) {
    super(message);
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.exhausted = options.exhausted ?? false;
  }

  /** Whether another attempt may succeed. */
  get retryable(): boolean {
    return !this.exhausted && RETRYABLE.has(this.kind);
  }
}

/** What the request is for, so that a 403 can say which access is missing. */
export type ServiceNowAccess = 'read' | 'create';

interface RequestOptions {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  access: ServiceNowAccess;
  table: string;
  signal?: AbortSignal;
  /** Statuses handed back to the caller instead of thrown, e.g. 404. */
  passStatuses?: number[];
}

/** A parsed JSON answer. */
export interface ServiceNowResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Parses `Retry-After`: delta seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  delay(ms, undefined, { signal });

/**
 * A small client for the ServiceNow REST API: authentication (basic, or an OAuth client
 * credentials token that is cached and renewed once on 401), a timeout per attempt, and bounded
 * retries with exponential backoff for 429 (honouring `Retry-After`), 5xx, timeouts, network
 * errors and cut-off bodies.
 *
 * @public
 */
export class ServiceNowClient {
  readonly instanceUrl: string;
  readonly #auth: ServiceNowAuth;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  #token?: { value: string; expiresAt: number };
  #tokenRequest?: Promise<string>;
  /** Every token ever issued, so that none can leak into a message. */
  readonly #secrets = new Set<string>();

  constructor(options: ServiceNowClientOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    this.#auth = options.auth;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxRetries = options.maxRetries ?? 4;
    this.#baseDelayMs = options.retryBaseDelayMs ?? 1_000;
    this.#maxDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.#sleep = options.sleep ?? defaultSleep;
    if (options.auth.type === 'basic') {
      this.#secrets.add(options.auth.password);
      this.#secrets.add(
        Buffer.from(
          `${options.auth.username}:${options.auth.password}`,
        ).toString('base64'),
      );
    } else {
      this.#secrets.add(options.auth.clientSecret);
    }
  }

  /** Sends a request with retries; throws {@link ServiceNowError} on failure. */
  async request(options: RequestOptions): Promise<ServiceNowResponse> {
    return this.#withRetries(options.signal, async () => {
      const response = await this.#attempt(options, false);
      if (response.status === 401 && this.#auth.type === 'oauth') {
        // The token may have been revoked or expired early: renew it once.
        this.#token = undefined;
        return this.#checked(await this.#attempt(options, true), options);
      }
      return this.#checked(response, options);
    });
  }

  /** Removes anything secret from a message. */
  redact(message: string): string {
    let result = message;
    for (const secret of this.#secrets) {
      if (secret.length >= 3) result = result.split(secret).join('***');
    }
    return result;
  }

  async #withRetries<T>(
    signal: AbortSignal | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof ServiceNowError) || !error.retryable) {
          throw error;
        }
        if (attempt >= this.#maxRetries) {
          throw new ServiceNowError(
            `${error.message}; gave up after ${attempt + 1} attempts`,
            { kind: error.kind, status: error.status, exhausted: true },
          );
        }
        let wait = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** attempt);
        if (error.retryAfterMs !== undefined) {
          if (error.retryAfterMs > this.#maxDelayMs) {
            throw new ServiceNowError(
              `${error.message}; ServiceNow asked to wait ${Math.ceil(
                error.retryAfterMs / 1000,
              )} s, longer than the ${Math.ceil(
                this.#maxDelayMs / 1000,
              )} s the connector waits; try again later`,
              { kind: error.kind, status: error.status, exhausted: true },
            );
          }
          wait = error.retryAfterMs;
        }
        await this.#sleep(wait, signal);
      }
    }
  }

  #fail(
    message: string,
    options: ConstructorParameters<typeof ServiceNowError>[1],
  ): ServiceNowError {
    const redacted = this.redact(message);
    return new ServiceNowError(
      redacted.length > 600 ? `${redacted.slice(0, 600)}…` : redacted,
      options,
    );
  }

  /** One HTTP exchange, body included, within the timeout. */
  async #attempt(
    options: RequestOptions,
    renewedToken: boolean,
  ): Promise<ServiceNowResponse & { text: string }> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: await this.#authorization(options.signal),
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const url = new URL(`${this.instanceUrl}${options.path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(key, value);
    }
    const what = `${options.method} ${options.path}`;
    const result = await this.#exchange(
      url,
      { method: options.method, headers, body },
      what,
      options.signal,
    );
    if (result.status === 401 && renewedToken) {
      throw this.#fail(
        `ServiceNow refused the OAuth access token for ${what} even after renewing it (HTTP 401); ` +
          'check the OAuth application and the integration user behind it',
        { kind: 'unauthorized', status: 401 },
      );
    }
    return result;
  }

  async #exchange(
    url: URL,
    init: RequestInit,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<ServiceNowResponse & { text: string }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: combined });
    } catch (error) {
      throw this.#transportError(error, what, signal, timeout, false);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.#transportError(error, what, signal, timeout, true);
    }
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: undefined,
    };
  }

  #transportError(
    error: unknown,
    what: string,
    signal: AbortSignal | undefined,
    timeout: AbortSignal,
    readingBody: boolean,
  ): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    if (timeout.aborted) {
      return this.#fail(
        `ServiceNow did not answer ${what} within ${this.#timeoutMs} ms`,
        { kind: 'timeout' },
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } })
      ?.cause;
    const detail = cause?.code ?? cause?.message ?? String(error);
    if (readingBody) {
      return this.#fail(
        `ServiceNow's response to ${what} was truncated: the connection closed before the whole body arrived (${detail})`,
        { kind: 'truncated' },
      );
    }
    return this.#fail(
      `Could not reach ServiceNow at ${this.instanceUrl} for ${what} (${detail})`,
      { kind: 'network' },
    );
  }

  /** Maps a status to the result or a {@link ServiceNowError}; parses JSON bodies. */
  #checked(
    response: ServiceNowResponse & { text: string },
    options: RequestOptions,
  ): ServiceNowResponse {
    const { status, headers, text } = response;
    const what = `${options.method} ${options.path}`;
    if (options.passStatuses?.includes(status)) {
      return { status, headers, body: undefined };
    }
    if (status === 401) {
      throw this.#fail(
        `ServiceNow refused the credentials of the integration user for ${what} (HTTP 401); ` +
          'check socialMedia.itsm.servicenow.auth',
        { kind: 'unauthorized', status },
      );
    }
    if (status === 403) {
      throw this.#fail(
        `The ServiceNow integration user lacks ${options.access} access to the ${options.table} table (HTTP 403 on ${what}); ` +
          `grant it a role with ${options.access} access to ${options.table}`,
        { kind: 'forbidden', status },
      );
    }
    if (status === 429) {
      throw this.#fail(`ServiceNow rate-limited ${what} (HTTP 429)`, {
        kind: 'rate-limited',
        status,
        retryAfterMs: parseRetryAfter(headers.get('retry-after')),
      });
    }
    if (status >= 500) {
      throw this.#fail(
        `ServiceNow failed to answer ${what} (HTTP ${status}${errorDetail(
          text,
        )})`,
        { kind: 'server', status },
      );
    }
    if (status === 404) {
      throw this.#fail(
        `ServiceNow has nothing at ${what} (HTTP 404${errorDetail(
          text,
        )}); check socialMedia.itsm.servicenow.instanceUrl`,
        { kind: 'not-found', status },
      );
    }
    if (status < 200 || status >= 300) {
      throw this.#fail(
        `ServiceNow rejected ${what} (HTTP ${status}${errorDetail(text)})`,
        { kind: 'rejected', status },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw this.#fail(
        `ServiceNow answered ${what} with malformed JSON (${text.length} characters, ` +
          `starting '${text.slice(0, 40).replace(/\s+/g, ' ')}'); ` +
          'the body may be truncated or an HTML page (e.g. a hibernating instance)',
        { kind: 'malformed', status },
      );
    }
    return { status, headers, body };
  }

  async #authorization(signal: AbortSignal | undefined): Promise<string> {
    if (this.#auth.type === 'basic') {
      const { username, password } = this.#auth;
      return `Basic ${Buffer.from(`${username}:${password}`).toString(
        'base64',
      )}`;
    }
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
    return this.#withRetries(signal, async () => {
      const { status, headers, text } = await this.#exchange(
        new URL(`${this.instanceUrl}/oauth_token.do`),
        {
          method: 'POST',
          headers: {
            Accept: 'application/json',
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
          }).toString(),
        },
        what,
        signal,
      );
      if (status === 400 || status === 401 || status === 403) {
        throw this.#fail(
          `ServiceNow refused the OAuth client credentials (HTTP ${status} on ${what}); ` +
            'check socialMedia.itsm.servicenow.auth.clientId and clientSecret',
          { kind: 'unauthorized', status },
        );
      }
      const checked = this.#checked(
        { status, headers, text, body: undefined },
        {
          method: 'POST',
          path: '/oauth_token.do',
          access: 'read',
          table: 'oauth',
        },
      );
      const token = checked.body as {
        access_token?: unknown;
        expires_in?: unknown;
      };
      if (typeof token?.access_token !== 'string' || !token.access_token) {
        throw this.#fail(
          `ServiceNow answered ${what} without an access_token`,
          { kind: 'malformed', status },
        );
      }
      this.#secrets.add(token.access_token);
      const expiresIn = Number(token.expires_in);
      const lifetimeMs =
        Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 0;
      // Renew a minute early (or at half-life for short-lived tokens).
      this.#token = {
        value: token.access_token,
        expiresAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2),
      };
      return token.access_token;
    });
  }
}

/** ServiceNow's own error message from an error body, if any. */
function errorDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as {
      error?: { message?: unknown; detail?: unknown };
    };
    const message = parsed?.error?.message;
    if (typeof message === 'string' && message) {
      return `: ${message}`;
    }
  } catch {
    // not JSON; the status says enough
  }
  return '';
}
