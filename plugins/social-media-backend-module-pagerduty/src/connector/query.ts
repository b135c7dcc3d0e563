import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';

/**
 * A PagerDuty object id, such as a service id (`PIJ90N7`) or an incident id (`Q2TLQ8HJCUAR0G`):
 * upper-case letters and digits, starting with a letter (a number alone would be read as an
 * incident number).
 */
const PAGERDUTY_ID = /^[A-Z][A-Z0-9]{1,31}$/;

/** True for a PagerDuty object id. */
export function isPagerDutyId(value: string): boolean {
  return PAGERDUTY_ID.test(value);
}

/**
 * The PagerDuty service id a mapping reference names, or undefined when it names none. The
 * reference is a service id (`PXXXXXX`, any case), or the address of the service in the web app
 * (`https://<subdomain>.pagerduty.com/service-directory/PXXXXXX`) or the API
 * (`https://api.pagerduty.com/services/PXXXXXX`), from which the id is taken.
 */
export function serviceIdOfReference(reference: string): string | undefined {
  const ref = reference.trim();
  const fromUrl =
    /\/(?:service-directory|services)\/([A-Za-z0-9]+)\/?(?:[?#].*)?$/.exec(ref);
  const id = (fromUrl ? fromUrl[1] : ref).toUpperCase();
  return isPagerDutyId(id) ? id : undefined;
}

/** Splits the sorted service ids into the groups asked for in one request each. */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

/** A short fingerprint of a set of ids: of the mapped services, or of the records on a page. */
export function fingerprint(ids: string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join(','))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * A short fingerprint of an incident as delivered: its fields and the catalogue services it was
 * delivered for. The same incident delivered again unchanged, for the same services, has the
 * same print.
 */
export function deliveryPrint(fields: unknown, serviceIds: string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([fields, [...serviceIds].sort()]))
    .digest('base64url')
    .slice(0, 10);
}

/**
 * The first pass: every incident of the mapped services, one group of services after the other
 * (`GET /incidents?date_range=all`, offset paging). Where PagerDuty's cap on offset paging stops
 * it, it goes on in windows of creation time (`since`/`until`).
 */
export interface FullPhase {
  phase: 'full';
  /** When the first pass began (ISO, whole seconds); the log phase carries on from here. */
  start: string;
  /** Fingerprint of the mapped service ids the pass was planned for. */
  services: string;
  /** Index of the group of services being read. */
  chunk: number;
  /** The creation-time window `[since, until)` once the offset cap forced narrowing. */
  window?: [string, string];
  offset: number;
  /** Fingerprint of the previous page of this listing, to notice a page served twice. */
  last?: string;
  /**
   * Incidents delivered by this pass that changed after it began, as {@link deliveryPrint}s: the
   * log pass that follows reads their changes again and does not deliver them twice.
   */
  sent?: string[];
}

/**
 * Later passes: the incidents named by PagerDuty's log entries (`GET /log_entries`) in fixed
 * windows of time, each read with offset paging.
 */
export interface LogPhase {
  phase: 'log';
  /** Start of the window (ISO, whole seconds). */
  since: string;
  /** End of the window; absent between passes, when the next pass fixes it. */
  until?: string;
  /** End of the pass: where this pass stops and the next one begins. */
  end?: string;
  offset: number;
  /** Fingerprint of the previous page of this window. */
  last?: string;
  /**
   * The incidents this pass delivered so far, as {@link deliveryPrint}s (the newest ones, up to
   * a bound): an incident that several log entries of the pass name is delivered once, unless it
   * changed in between. Between passes, only the first pass's hand-over carries it.
   */
  sent?: string[];
}

export type SyncState = FullPhase | LogPhase;

const CURSOR_PREFIX = 'pagerduty.v1.';

/** Encodes a sync state as `pagerduty.v1.<base64url of its JSON>`. */
export function encodeCursor(state: SyncState): string {
  return (
    CURSOR_PREFIX + Buffer.from(JSON.stringify(state)).toString('base64url')
  );
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_SECONDS.test(value);
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Decodes a cursor from {@link encodeCursor}; undefined means "start with a full read". */
export function decodeCursor(
  cursor: string | undefined,
): SyncState | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const invalid = () =>
    new InputError(
      `Invalid PagerDuty sync cursor '${cursor.slice(0, 80)}'; ` +
        'start a full sync by passing no cursor',
    );
  if (!cursor.startsWith(CURSOR_PREFIX)) throw invalid();
  let state: Record<string, unknown>;
  try {
    state = JSON.parse(
      Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    );
  } catch {
    throw invalid();
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw invalid();
  }
  // Older versions kept log entry ids here (`seen`, `skip`); they are no longer needed.
  delete state.seen;
  delete state.skip;
  const lastOk = state.last === undefined || typeof state.last === 'string';
  const sentOk =
    state.sent === undefined ||
    (Array.isArray(state.sent) && state.sent.every(v => typeof v === 'string'));
  if (state.phase === 'full') {
    const window = state.window;
    const windowOk =
      window === undefined ||
      (Array.isArray(window) &&
        window.length === 2 &&
        isInstant(window[0]) &&
        isInstant(window[1]) &&
        window[0] < window[1]);
    if (
      isInstant(state.start) &&
      typeof state.services === 'string' &&
      isOffset(state.chunk) &&
      isOffset(state.offset) &&
      windowOk &&
      lastOk &&
      sentOk
    ) {
      return state as unknown as FullPhase;
    }
  }
  if (state.phase === 'log') {
    const windowOk =
      (state.until === undefined && state.end === undefined) ||
      (isInstant(state.until) &&
        isInstant(state.end) &&
        (state.since as string) < state.until &&
        state.until <= state.end);
    if (
      isInstant(state.since) &&
      isOffset(state.offset) &&
      windowOk &&
      lastOk &&
      sentOk
    ) {
      return state as unknown as LogPhase;
    }
  }
  throw invalid();
}

/** An instant as PagerDuty takes it in `since`/`until`: ISO 8601 in UTC, whole seconds. */
export function toInstant(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

/** Milliseconds of an instant from {@link toInstant}. */
export function fromInstant(instant: string): number {
  return Date.parse(instant);
}
