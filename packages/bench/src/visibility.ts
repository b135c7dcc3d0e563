import { Backend } from './backendProcess';
import { request } from './http';
import { round } from './stats';
import { BASE_URL, POLL_MS, SERVICE_COUNT } from './settings';
import { log, sleep } from './util';

/** When everything was visible in the catalog, counted from the moment the ingest started. */
export interface VisibilityResult {
  ms: number | null;
  firstEntityMs?: number | null;
  count: number;
  complete: boolean;
  error?: string;
}

/**
 * Polls the catalog's `/entities/by-query` (`path`, with limit 1: its totalItems is the count)
 * every POLL_MS, from `since` until it reports SERVICE_COUNT entities, `timeoutMs` after `since`
 * pass, or `signal` aborts. `what` names the ingest in messages ("from the file location").
 */
export async function watchVisibility(options: {
  backend: Backend;
  headers: Record<string, string>;
  path: string;
  since: number;
  timeoutMs: number;
  startedBy: string;
  what?: string;
  signal?: AbortSignal;
}): Promise<VisibilityResult> {
  const { backend, headers, path, since, timeoutMs, signal } = options;
  const what = options.what ? ` ${options.what}` : '';
  let count = 0;
  let firstEntityMs: number | undefined;
  let lastReport = performance.now();
  while (!signal?.aborted) {
    if (backend.exitInfo) {
      return {
        ms: null,
        firstEntityMs,
        count,
        complete: false,
        error: 'the backend exited',
      };
    }
    try {
      const r = await request(`${BASE_URL}${path}`, { headers });
      if (r.status === 200) count = r.json.totalItems;
    } catch {
      // A slow answer under load is retried at the next poll.
    }
    const elapsed = performance.now() - since;
    if (count > 0 && firstEntityMs === undefined)
      firstEntityMs = round(elapsed);
    if (count >= SERVICE_COUNT) {
      return { ms: round(elapsed), firstEntityMs, count, complete: true };
    }
    if (elapsed > timeoutMs) {
      return {
        ms: null,
        firstEntityMs,
        count,
        complete: false,
        error: `only ${count} of ${SERVICE_COUNT} visible in the catalog${what} ${Math.round(
          timeoutMs / 1000,
        )} s after ${options.startedBy}`,
      };
    }
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      log(
        `${backend.name}: ${count} of ${SERVICE_COUNT} visible in the catalog${what}`,
      );
    }
    await sleep(POLL_MS);
  }
  return {
    ms: null,
    firstEntityMs,
    count,
    complete: false,
    error: 'not watched to the end',
  };
}
