import http from 'node:http';
import { POLL_MS, TIMEOUTS } from './settings';
import { messageOf, sleep } from './util';

/** An answer, read to the end, and how long it took. */
export interface HttpResult {
  status: number;
  ms: number;
  /** The body parsed as JSON, when it is JSON. */
  json: any;
  text: string;
}

function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** A request with a deadline; the body is read completely before the clock stops. */
export async function request(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    timeoutMs?: number;
  } = {},
): Promise<HttpResult> {
  const {
    method = 'GET',
    headers = {},
    body,
    timeoutMs = TIMEOUTS.requestMs,
  } = options;
  const started = performance.now();
  const response = await fetch(url, {
    method,
    headers: {
      ...headers,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, ms, json: parseJson(text), text };
}

/**
 * Like {@link request}, through node:http: fetch gives up on an answer whose headers take more
 * than five minutes (undici's headersTimeout), which a full sync may. Bounded by `timeoutMs`.
 */
export async function longRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    timeoutMs: number;
  },
): Promise<HttpResult> {
  const { method = 'GET', headers = {}, timeoutMs } = options;
  const started = performance.now();
  const { status, text } = await new Promise<{ status: number; text: string }>(
    (resolve, reject) => {
      const req = http.request(
        url,
        { method, headers, signal: AbortSignal.timeout(timeoutMs) },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
  const ms = performance.now() - started;
  return { status, ms, json: parseJson(text), text };
}

/** Thrown by checks that must end a wait at once (a dead backend), rather than at its timeout. */
export class FatalWaitError extends Error {}

/** Polls `check` every POLL_MS until it returns a value other than undefined, or times out. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof FatalWaitError) throw error;
      lastError = error;
    }
    if (performance.now() > deadline) {
      throw new Error(
        `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${
          lastError ? ` (last error: ${messageOf(lastError)})` : ''
        }`,
      );
    }
    await sleep(POLL_MS);
  }
}

export function describeFailure(response: HttpResult): string {
  return `HTTP ${response.status}: ${response.text.slice(0, 300)}`;
}
