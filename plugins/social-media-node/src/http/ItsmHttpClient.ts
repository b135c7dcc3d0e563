import { setTimeout as delay } from 'node:timers/promises';

/**
 * Why a request to an ITSM tool failed.
 *
 * @public
 */
export type ItsmErrorKind =
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

const RETRYABLE: ReadonlySet<ItsmErrorKind> = new Set([
  'rate-limited',
  'server',
  'timeout',
  'network',
  'truncated',
]);

/**
 * A request to an ITSM tool failed. Messages are built by {@link ItsmHttpClient}, which removes
 * credentials and tokens from them.
 *
 * @public
 */
export class ItsmRequestError extends Error {
  name = 'ItsmRequestError';
  readonly kind: ItsmErrorKind;
  readonly status?: number;
  /** From a `Retry-After` header, in milliseconds. */
  readonly retryAfterMs?: number;
  /** True once the retries are spent (or waiting is pointless). */
  readonly exhausted: boolean;

  constructor(
    message: string,
    options: {
      kind: ItsmErrorKind;
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

/**
 * Parses `Retry-After`: delta seconds or an HTTP date; undefined when absent or unreadable.
 *
 * @public
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * One request through {@link ItsmHttpClient}.
 *
 * @public
 */
export interface ItsmHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | string[]>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (e.g. an OAuth token request). */
  form?: Record<string, string>;
  /** Extra headers (e.g. PagerDuty's `From`). */
  headers?: Record<string, string>;
  /** False for requests that carry their own credentials, such as a token request. */
  authorize?: boolean;
  signal?: AbortSignal;
  /** Statuses handed back to the caller (body parsed when it is JSON) instead of thrown. */
  passStatuses?: number[];
  /** What the request needs, for the tool-specific explanation of a 403 (e.g. `read incidents`). */
  access?: string;
  /**
   * A POST that may be sent twice without harm (e.g. a token request). Other POSTs create
   * something, so they are retried only when the tool surely did not act on them (429, 503).
   */
  repeatable?: boolean;
}

/**
 * A parsed answer.
 *
 * @public
 */
export interface ItsmHttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
}

/**
 * A failed status, for the tool-specific explanation.
 *
 * @public
 */
export interface ItsmHttpFailure {
  status: number;
  /** e.g. `GET /api/now/table/incident`. */
  what: string;
  /** The tool's own error message from the body, when it gave one. */
  detail?: string;
  request: ItsmHttpRequest;
}

/**
 * Options of {@link ItsmHttpClient}. The retry knobs exist mainly so that tests run fast.
 *
 * @public
 */
export interface ItsmHttpClientOptions {
  /** The tool's name in messages, e.g. `ServiceNow`. */
  system: string;
  /** e.g. `https://example.service-now.com`, without a trailing slash. */
  baseUrl: string;
  /**
   * The `Authorization` header for a request. `renew` is true when the previous attempt got a
   * 401 and a cached token should be dropped; return undefined there to not try again.
   */
  authorize?(options: {
    renew: boolean;
    signal?: AbortSignal;
  }): Promise<string | undefined>;
  /** Secrets to keep out of every message; more can be added with `addSecret`. */
  secrets?: string[];
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Explains a failed status in the tool's terms (which config key to check, which role to
   * grant); undefined falls back to a generic message.
   */
  explain?(failure: ItsmHttpFailure): string | undefined;
  /** Finds the tool's own error message in an error body. */
  errorDetail?(body: unknown): string | undefined;
  /**
   * How long a 429 asks to wait, in milliseconds, from the tool's own headers, for tools that
   * send no `Retry-After` (e.g. PagerDuty's `ratelimit-reset`).
   */
  rateLimitWait?(headers: Headers): number | undefined;
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

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  delay(ms, undefined, { signal });

const MAX_MESSAGE_LENGTH = 600;

/**
 * The HTTP part every ITSM connector needs: a timeout per attempt (body included), bounded
 * retries with exponential backoff for 429 (honouring `Retry-After`), 5xx, timeouts, network
 * errors and cut-off bodies, JSON parsing with a clear message for malformed bodies, one renewal
 * of the credentials after a 401, and messages that never contain a secret.
 *
 * @public
 */
export class ItsmHttpClient {
  readonly baseUrl: string;
  readonly system: string;
  readonly #options: ItsmHttpClientOptions;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #secrets = new Set<string>();

  constructor(options: ItsmHttpClientOptions) {
    this.#options = options;
    this.system = options.system;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxRetries = options.maxRetries ?? 4;
    this.#baseDelayMs = options.retryBaseDelayMs ?? 1_000;
    this.#maxDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.#sleep = options.sleep ?? defaultSleep;
    for (const secret of options.secrets ?? []) this.addSecret(secret);
  }

  /** Keeps a secret (e.g. a token just issued) out of every later message. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 3) this.#secrets.add(secret);
  }

  /** Removes anything secret from a message. */
  redact(message: string): string {
    let result = message;
    for (const secret of this.#secrets) {
      result = result.split(secret).join('***');
    }
    return result;
  }

  /** An error whose message is cut to a readable length and has no secret in it. */
  error(
    message: string,
    options: ConstructorParameters<typeof ItsmRequestError>[1],
  ): ItsmRequestError {
    const redacted = this.redact(message);
    return new ItsmRequestError(
      redacted.length > MAX_MESSAGE_LENGTH
        ? `${redacted.slice(0, MAX_MESSAGE_LENGTH)}…`
        : redacted,
      options,
    );
  }

  /** Sends a request with retries; throws {@link ItsmRequestError} on failure. */
  async request(request: ItsmHttpRequest): Promise<ItsmHttpResponse> {
    for (let attempt = 0; ; attempt++) {
      request.signal?.throwIfAborted();
      try {
        return await this.#attemptWithRenewal(request);
      } catch (error) {
        if (!(error instanceof ItsmRequestError) || !error.retryable) {
          throw error;
        }
        if (
          request.method === 'POST' &&
          !request.repeatable &&
          error.kind !== 'rate-limited' &&
          error.status !== 503
        ) {
          throw new ItsmRequestError(
            `${error.message}; not sent again, since ${this.system} may have acted on it: check there before trying again`,
            { kind: error.kind, status: error.status, exhausted: true },
          );
        }
        if (attempt >= this.#maxRetries) {
          throw new ItsmRequestError(
            `${error.message}; gave up after ${attempt + 1} attempts`,
            { kind: error.kind, status: error.status, exhausted: true },
          );
        }
        let wait = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** attempt);
        if (error.retryAfterMs !== undefined) {
          if (error.retryAfterMs > this.#maxDelayMs) {
            throw new ItsmRequestError(
              `${error.message}; ${this.system} asked to wait ${Math.ceil(
                error.retryAfterMs / 1000,
              )} s, longer than the ${Math.ceil(
                this.#maxDelayMs / 1000,
              )} s the connector waits; try again later`,
              { kind: error.kind, status: error.status, exhausted: true },
            );
          }
          wait = error.retryAfterMs;
        }
        await this.#sleep(wait, request.signal);
      }
    }
  }

  async #attemptWithRenewal(
    request: ItsmHttpRequest,
  ): Promise<ItsmHttpResponse> {
    const first = await this.#attempt(request, false);
    if (first.status === 401 && request.authorize !== false) {
      // A cached token may have been revoked or expired early: renew it once.
      const renewed = await this.#attempt(request, true);
      if (renewed) return this.#checked(renewed, request);
    }
    return this.#checked(first, request);
  }

  /** One HTTP exchange, body included, within the timeout; undefined when a renewal is refused. */
  async #attempt(
    request: ItsmHttpRequest,
    renew: false,
  ): Promise<ItsmHttpResponse & { text: string }>;
  async #attempt(
    request: ItsmHttpRequest,
    renew: true,
  ): Promise<(ItsmHttpResponse & { text: string }) | undefined>;
  async #attempt(
    request: ItsmHttpRequest,
    renew: boolean,
  ): Promise<(ItsmHttpResponse & { text: string }) | undefined> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...this.#options.headers,
      ...request.headers,
    };
    if (request.authorize !== false && this.#options.authorize) {
      const authorization = await this.#options.authorize({
        renew,
        signal: request.signal,
      });
      if (authorization === undefined) {
        if (renew) return undefined;
      } else {
        headers.Authorization = authorization;
      }
    } else if (renew) {
      return undefined;
    }
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    const url = new URL(`${this.baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(key, item);
      }
    }
    const what = `${request.method} ${request.path}`;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, timeout])
      : timeout;
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body,
        signal,
      });
    } catch (error) {
      throw this.#transportError(error, what, request.signal, timeout, false);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.#transportError(error, what, request.signal, timeout, true);
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
      return this.error(
        `${this.system} did not answer ${what} within ${this.#timeoutMs} ms`,
        { kind: 'timeout' },
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } })
      ?.cause;
    const detail = cause?.code ?? cause?.message ?? String(error);
    if (readingBody) {
      return this.error(
        `${this.system}'s response to ${what} was truncated: the connection closed before the whole body arrived (${detail})`,
        { kind: 'truncated' },
      );
    }
    return this.error(
      `Could not reach ${this.system} at ${this.baseUrl} for ${what} (${detail})`,
      { kind: 'network' },
    );
  }

  #parse(text: string): { ok: true; value: unknown } | { ok: false } {
    if (!text.trim()) return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }

  /** Maps a status to the result or an {@link ItsmRequestError}; parses JSON bodies. */
  #checked(
    response: ItsmHttpResponse & { text: string },
    request: ItsmHttpRequest,
  ): ItsmHttpResponse {
    const { status, headers, text } = response;
    const what = `${request.method} ${request.path}`;
    const parsed = this.#parse(text);
    if (request.passStatuses?.includes(status)) {
      return { status, headers, body: parsed.ok ? parsed.value : undefined };
    }
    if (status < 200 || status >= 300) {
      const found = parsed.ok
        ? this.#options.errorDetail?.(parsed.value)
        : undefined;
      const detail = found ? this.redact(found) : undefined;
      const explained = this.#options.explain?.({
        status,
        what,
        detail,
        request,
      });
      const suffix = detail ? `: ${detail}` : '';
      if (status === 401) {
        throw this.error(
          explained ??
            `${this.system} refused the connector's credentials for ${what} (HTTP 401)`,
          { kind: 'unauthorized', status },
        );
      }
      if (status === 403) {
        throw this.error(
          explained ??
            `${this.system} denied ${what} to the connector's account (HTTP 403${suffix})`,
          { kind: 'forbidden', status },
        );
      }
      if (status === 429) {
        throw this.error(
          explained ?? `${this.system} rate-limited ${what} (HTTP 429)`,
          {
            kind: 'rate-limited',
            status,
            retryAfterMs:
              parseRetryAfter(headers.get('retry-after')) ??
              this.#options.rateLimitWait?.(headers),
          },
        );
      }
      if (status >= 500) {
        throw this.error(
          explained ??
            `${this.system} failed to answer ${what} (HTTP ${status}${suffix})`,
          { kind: 'server', status },
        );
      }
      if (status === 404) {
        throw this.error(
          explained ??
            `${this.system} has nothing at ${what} (HTTP 404${suffix})`,
          { kind: 'not-found', status },
        );
      }
      throw this.error(
        explained ??
          `${this.system} rejected ${what} (HTTP ${status}${suffix})`,
        { kind: 'rejected', status },
      );
    }
    if (!parsed.ok) {
      // The start of the body is quoted from the redacted body: cut first, a secret the body
      // echoes (e.g. the Authorization header) would be quoted in part, which no redaction finds.
      const start = this.redact(text).slice(0, 40).replace(/\s+/g, ' ');
      throw this.error(
        `${this.system} answered ${what} with malformed JSON (${text.length} characters, ` +
          `starting '${start}'); ` +
          'the body may be truncated or an HTML page',
        { kind: 'malformed', status },
      );
    }
    return { status, headers, body: parsed.value };
  }
}
