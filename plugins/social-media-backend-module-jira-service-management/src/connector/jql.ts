import { createHash } from 'node:crypto';
import { ItsmServiceMapping } from '@internal/plugin-social-media-node';

/**
 * How an issue is linked to a catalogued service: by a project component (`PROJECTKEY/Component
 * name`), or by the value of a custom field (`customfield_NNNNN`).
 *
 * @public
 */
export type JiraMappingField = 'component' | `customfield_${number}`;

/** The kinds of custom field a mapping can be on, read from the field's schema. */
export type CustomFieldKind = 'select' | 'multiselect' | 'text';

const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const CUSTOM_FIELD = /^customfield_(\d+)$/;

/** True for `customfield_NNNNN`. */
export function isCustomFieldId(
  value: string,
): value is `customfield_${number}` {
  return CUSTOM_FIELD.test(value);
}

/** True for a Jira project key such as `SMS` or `SOC_OPS`. */
export function isProjectKey(value: string): boolean {
  return PROJECT_KEY.test(value);
}

/**
 * Writes a value as a JQL string literal: in double quotes, with `\`, `"` and line breaks
 * escaped, so that any component or field value is matched literally.
 */
export function jqlString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, c => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${c}`;
    }
  });
  return `"${escaped}"`;
}

/**
 * A phrase for a JQL text search (`~`) of a free-text field: characters the text search treats
 * as operators are turned into spaces (the search ignores punctuation anyway), and the phrase is
 * quoted so that its words must appear together. The connector checks the exact value itself.
 */
export function textSearchPhrase(value: string): string {
  const words = value
    .replace(/[+\-&|!(){}[\]^~*?\\:"'/]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words ? `"${words}"` : '';
}

/** A component mapping reference, `PROJECTKEY/Component name`, taken apart. */
export interface ComponentReference {
  project: string;
  component: string;
}

/** Parses `PROJECTKEY/Component name`; undefined when it is not written that way. */
export function parseComponentReference(
  reference: string,
): ComponentReference | undefined {
  const slash = reference.indexOf('/');
  if (slash < 0) return undefined;
  const project = reference.slice(0, slash).trim();
  const component = reference.slice(slash + 1).trim();
  if (!isProjectKey(project) || !component) return undefined;
  return { project: project.toUpperCase(), component };
}

/** How the connector searches: the field mappings are on, and the fixed restrictions. */
export interface SearchScope {
  mappingField: JiraMappingField;
  /** The kind of the custom field; only for a custom field mapping. */
  customFieldKind?: CustomFieldKind;
  /** Project keys the search is limited to (custom field mappings). */
  projects: string[];
  issueTypes: string[];
}

/** A mapping reference that cannot be used. */
export class MappingReferenceError extends Error {
  name = 'MappingReferenceError';
}

/** One group of mappings searched with one JQL query. */
export interface MappingChunk {
  /** The JQL restriction, without the `updated` bound and the order. */
  filter: string;
  /** A short hash of the filter: a cursor position belongs to exactly this query. */
  hash: string;
  /** How many distinct references the chunk holds. */
  size: number;
}

/** At most this many references per query, so that the JQL stays well within Jira's limits. */
export const MAX_REFERENCES_PER_CHUNK = 40;
/** And at most about this many characters of references per query. */
export const MAX_CHUNK_FILTER_LENGTH = 4_000;

function chunkBy<T>(items: T[], length: (item: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const itemLength = length(item);
    if (
      current.length > 0 &&
      (current.length >= MAX_REFERENCES_PER_CHUNK ||
        size + itemLength > MAX_CHUNK_FILTER_LENGTH)
    ) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemLength;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

function inList(values: string[]): string {
  return `(${values.map(jqlString).join(', ')})`;
}

/** Code point order: the same on every runtime, unlike a locale's. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Splits the mappings into chunks and writes one JQL restriction per chunk. Mappings are sorted
 * and deduplicated first, so the same mappings always give the same chunks (and the same cursor
 * positions). Throws {@link MappingReferenceError} for a reference that cannot be searched.
 */
export function buildChunks(
  mappings: ItsmServiceMapping[],
  scope: SearchScope,
): MappingChunk[] {
  const issueTypes = `issuetype in ${inList(scope.issueTypes)}`;
  const withHash = (filter: string, size: number): MappingChunk => ({
    filter,
    size,
    hash: createHash('sha256').update(filter).digest('base64url').slice(0, 12),
  });

  if (scope.mappingField === 'component') {
    const references = new Map<string, ComponentReference>();
    for (const mapping of mappings) {
      const parsed = parseComponentReference(mapping.itsmReference);
      if (!parsed) {
        throw new MappingReferenceError(
          `The Jira Service Management reference '${mapping.itsmReference}' of service ` +
            `${mapping.serviceId} is not written as PROJECTKEY/Component name (e.g. SMS/Brand Instagram)`,
        );
      }
      const id = `${parsed.project}\u0000${parsed.component.toLowerCase()}`;
      const seen = references.get(id);
      // Of spellings that differ in case only, the same one whatever the order of the mappings.
      if (!seen || parsed.component < seen.component)
        references.set(id, parsed);
    }
    const sorted = [...references.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([, ref]) => ref);
    return chunkBy(
      sorted,
      ref => ref.component.length + ref.project.length + 8,
    ).map(chunk => {
      const byProject = new Map<string, string[]>();
      for (const ref of chunk) {
        byProject.set(ref.project, [
          ...(byProject.get(ref.project) ?? []),
          ref.component,
        ]);
      }
      const groups = [...byProject.entries()].map(
        ([project, components]) =>
          `(project = ${jqlString(project)} AND component in ${inList(
            components,
          )})`,
      );
      const mapped =
        groups.length === 1 ? groups[0] : `(${groups.join(' OR ')})`;
      return withHash(`${mapped} AND ${issueTypes}`, chunk.length);
    });
  }

  const fieldNumber = CUSTOM_FIELD.exec(scope.mappingField)![1];
  const field = `cf[${fieldNumber}]`;
  const values = new Map<string, string>();
  for (const mapping of mappings) {
    const value = mapping.itsmReference.trim();
    if (!value) continue;
    if (scope.customFieldKind === 'text' && !textSearchPhrase(value)) {
      throw new MappingReferenceError(
        `The Jira Service Management reference '${mapping.itsmReference}' of service ` +
          `${mapping.serviceId} has no words to search ${scope.mappingField} for`,
      );
    }
    const seen = values.get(value.toLowerCase());
    if (seen === undefined || value < seen)
      values.set(value.toLowerCase(), value);
  }
  const sorted = [...values.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, value]) => value);
  const projects = scope.projects.length
    ? `project in ${inList(scope.projects)} AND `
    : '';
  return chunkBy(sorted, value => value.length + 6).map(chunk => {
    const mapped =
      scope.customFieldKind === 'text'
        ? `(${chunk
            .map(value => `${field} ~ ${jqlString(textSearchPhrase(value))}`)
            .join(' OR ')})`
        : `${field} in ${inList(chunk)}`;
    return withHash(`${projects}${mapped} AND ${issueTypes}`, chunk.length);
  });
}

/**
 * The search of one chunk: its restriction, issues updated at or after `since` (a JQL date-time
 * in the account's time zone) when given, oldest change first. JQL's `id` is an alias of the
 * issue key, so ties are broken by key; the connector does not depend on the order of ties.
 */
export function buildSearchJql(
  chunk: MappingChunk,
  since?: string,
  exclusion?: { ids: string[]; changedFrom: string },
): string {
  let bound = since ? ` AND updated >= ${jqlString(since)}` : '';
  if (since && exclusion && exclusion.ids.length > 0) {
    // Issues already read are left out, unless they changed since then (`changedFrom`: a
    // minute after the newest of them).
    bound += ` AND (id not in (${exclusion.ids.join(
      ', ',
    )}) OR updated >= ${jqlString(exclusion.changedFrom)})`;
  }
  return `${chunk.filter}${bound} ORDER BY updated ASC, key ASC`;
}

const JIRA_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads a Jira timestamp (`2026-11-20T10:00:05.123+0000`, in the account's offset) as epoch
 * milliseconds; undefined for anything else.
 */
export function parseJiraTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = JIRA_TIMESTAMP.exec(value.trim());
  if (!match) return undefined;
  const [, local, zone] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${local.replace(/(\.\d{3})\d+$/, '$1')}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---------------------------------------------------------------------------------------------
// Time zones: JQL date-times have minute precision and are read in the account's time zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let result = formatters.get(timeZone);
  if (!result) {
    result = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, result);
  }
  return result;
}

/** True for a time zone `Intl` knows, e.g. `UTC` or `Europe/Berlin`. */
export function isTimeZone(value: string): boolean {
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time of an instant in a zone, as if it were UTC (epoch ms, seconds dropped). */
function wallClockMs(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map(p => [p.type, p.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
}

/** The zone's offset from UTC at an instant, in ms (east positive). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 60_000) * 60_000;
  return wallClockMs(whole, timeZone) - whole;
}

function formatWallClock(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** Parses `yyyy-MM-dd HH:mm` as a wall-clock time (epoch ms as if UTC). */
export function parseWallClock(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  return formatWallClock(ms) === value ? ms : undefined;
}

/** Offsets the zone has within a day of an instant (two around a daylight saving change). */
function offsetsAround(ms: number, timeZone: string): number[] {
  const day = 86_400_000;
  return [ms - day, ms, ms + day].map(t => zoneOffsetMs(t, timeZone));
}

/** The earliest and latest instants a wall-clock minute may stand for in a zone. */
export function wallClockInstants(
  wall: string,
  timeZone: string,
): { earliest: number; latest: number } {
  const wallMs = parseWallClock(wall);
  if (wallMs === undefined)
    throw new Error(`'${wall}' is not yyyy-MM-dd HH:mm`);
  const offsets = offsetsAround(wallMs, timeZone);
  return {
    earliest: wallMs - Math.max(...offsets),
    latest: wallMs - Math.min(...offsets),
  };
}

/** The JQL date-time of the wall-clock minute after the one an instant falls in, in a zone. */
export function nextWallMinute(ms: number, timeZone: string): string {
  return formatWallClock(wallClockMs(ms, timeZone) + 60_000);
}

/** How far before the last seen change a new search starts, for clock and zone surprises. */
export const SEARCH_MARGIN_MS = 5 * 60_000;

/**
 * The JQL date-time (`yyyy-MM-dd HH:mm`, in the account's zone) to search from so that every
 * issue updated at or after `ms` is found: a few minutes earlier, and an hour more when the
 * wall-clock time is ambiguous (the hour repeated when daylight saving time ends).
 */
export function searchBound(
  ms: number,
  timeZone: string,
  marginMs = SEARCH_MARGIN_MS,
): string {
  for (let t = ms - marginMs; ; t -= 30 * 60_000) {
    const wall = formatWallClock(wallClockMs(t, timeZone));
    if (wallClockInstants(wall, timeZone).latest <= ms) return wall;
  }
}

// ---------------------------------------------------------------------------------------------
// The cursor.

/** How far a chunk's search has got: the last `updated` seen and the issues seen at exactly it. */
export interface ChunkPosition {
  /** Hash of the chunk's query. */
  hash: string;
  /** Epoch ms of the newest `updated` returned; undefined before anything was seen. */
  updated?: number;
  /** Ids of the issues returned whose `updated` equals `updated`. */
  ids: string[];
  /**
   * Epoch ms the run reads this chunk again from (the overlap before `updated`), while the
   * search of a run's start has not yet returned anything new or reached the chunk's end. The
   * position itself stays the newest change returned, so a cursor never goes back by it.
   */
  floor?: number;
}

/**
 * A search in progress: its query bound, and the issues already read at or after it that the
 * next search leaves out. The connector never continues with Jira's `nextPageToken` or
 * `startAt`: issues that change between pages move in the results, and a continuation by
 * position skips the issues that move into its place.
 */
export interface PassState {
  /** Hash of the chunk being searched. */
  hash: string;
  /** The `updated >=` bound of the query; undefined for a search of everything. */
  since?: string;
  /** Ids of issues already read, updated in the bound's minute, that the search leaves out. */
  exclude?: string[];
}

/** Everything a cursor holds. */
export interface SyncState {
  positions: ChunkPosition[];
  /** Index of the chunk the next page comes from. */
  chunk: number;
  pass?: PassState;
}

/** Thrown for a cursor this connector did not make. */
export class InvalidCursorError extends Error {
  name = 'InvalidCursorError';
}

const CURSOR_PREFIX = 'jsm.v1.';

/**
 * The position a run starts a chunk from: `overlapMs` before its newest change, every issue from
 * there on counting as new. The chunk's own position is kept alongside, untouched.
 */
export function rewindPosition(
  position: ChunkPosition,
  overlapMs: number,
): ChunkPosition {
  const { floor: _floor, ...settled } = position;
  if (settled.updated === undefined || overlapMs <= 0) return settled;
  return { ...settled, floor: settled.updated - overlapMs };
}

/**
 * Encodes the sync state: `jsm.v1.` followed by the base64url encoding of
 * `{"k":[{"h":hash,"u":"<ISO updated>","i":[ids],"f":"<ISO floor>"}],"c":chunk,"p":{"h","b","x":[ids]}}`.
 */
export function encodeCursor(state: SyncState): string {
  const payload: Record<string, unknown> = {
    k: state.positions.map(p => ({
      h: p.hash,
      ...(p.updated !== undefined
        ? { u: new Date(p.updated).toISOString(), i: p.ids }
        : {}),
      ...(p.updated !== undefined && p.floor !== undefined
        ? { f: new Date(p.floor).toISOString() }
        : {}),
    })),
    c: state.chunk,
  };
  if (state.pass) {
    const { hash, since, exclude } = state.pass;
    payload.p = {
      h: hash,
      ...(since !== undefined ? { b: since } : {}),
      ...(since !== undefined && exclude?.length ? { x: exclude } : {}),
    };
  }
  return (
    CURSOR_PREFIX + Buffer.from(JSON.stringify(payload)).toString('base64url')
  );
}

/** Sanity limit of the ids a cursor's search may leave out. */
const MAX_EXCLUDED = 10_000;

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Decodes a cursor from {@link encodeCursor}; an empty state for no cursor. */
export function decodeCursor(cursor: string | undefined): SyncState {
  if (cursor === undefined || cursor === '') return { positions: [], chunk: 0 };
  const invalid = () =>
    new InvalidCursorError(
      `Invalid Jira Service Management sync cursor '${cursor.slice(0, 80)}'; ` +
        'start a full sync by passing no cursor',
    );
  if (!cursor.startsWith(CURSOR_PREFIX)) throw invalid();
  let payload: any;
  try {
    payload = JSON.parse(
      Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    );
  } catch {
    throw invalid();
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    !Array.isArray(payload.k) ||
    !isCount(payload.c)
  ) {
    throw invalid();
  }
  const positions: ChunkPosition[] = [];
  for (const item of payload.k) {
    if (typeof item !== 'object' || item === null || !isString(item.h)) {
      throw invalid();
    }
    if (item.u === undefined) {
      positions.push({ hash: item.h, ids: [] });
      continue;
    }
    const updated = isString(item.u) ? Date.parse(item.u) : NaN;
    let floor: number | undefined;
    if (item.f !== undefined)
      floor = isString(item.f) ? Date.parse(item.f) : NaN;
    if (
      Number.isNaN(updated) ||
      !Array.isArray(item.i) ||
      !item.i.every((id: unknown) => isString(id) && /^\d+$/.test(id)) ||
      (floor !== undefined && !(floor <= updated))
    ) {
      throw invalid();
    }
    positions.push({
      hash: item.h,
      updated,
      ids: item.i,
      ...(floor !== undefined ? { floor } : {}),
    });
  }
  let pass: PassState | undefined;
  if (payload.p !== undefined) {
    const p = payload.p;
    if (
      typeof p !== 'object' ||
      p === null ||
      !isString(p.h) ||
      (p.b !== undefined &&
        (!isString(p.b) || parseWallClock(p.b) === undefined)) ||
      (p.t !== undefined && !isString(p.t)) ||
      (p.s !== undefined && !isCount(p.s)) ||
      (p.x !== undefined &&
        (!Array.isArray(p.x) ||
          p.x.length > MAX_EXCLUDED ||
          !p.x.every((id: unknown) => isString(id) && /^\d+$/.test(id))))
    ) {
      throw invalid();
    }
    // A page token (`t`) or `startAt` (`s`) of an earlier version is dropped: the search starts
    // again from the position, which loses nothing.
    pass = {
      hash: p.h,
      since: p.b,
      ...(p.b !== undefined && p.x?.length ? { exclude: p.x } : {}),
    };
  }
  return { positions, chunk: payload.c, pass };
}
