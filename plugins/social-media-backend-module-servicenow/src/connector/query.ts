import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  isCanonicalUtcTimestamp,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';

/** The incident field that links incidents to the mapped ServiceNow record. */
export type ServiceNowMappingField = 'business_service' | 'cmdb_ci';

/** The incident fields the connector reads. */
export const INCIDENT_FIELDS = [
  'sys_id',
  'number',
  'short_description',
  'priority',
  'state',
  'category',
  'opened_at',
  'resolved_at',
  'sys_updated_on',
  'sys_mod_count',
  'business_service',
  'cmdb_ci',
];

const SYS_ID = /^[0-9a-f]{32}$/i;
/** ServiceNow's internal date-time format, always in UTC. */
const GLIDE_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** True for a ServiceNow sys_id: 32 hexadecimal characters. */
export function isSysId(value: string): boolean {
  return SYS_ID.test(value);
}

/** Escapes a value for an encoded query: a literal `^` is written `^^`. */
export function escapeQueryValue(value: string): string {
  return value.replace(/\^/g, '^^');
}

/** The position of a record in the sync order: (sys_updated_on, sys_id). */
export interface SyncKey {
  /** `sys_updated_on` as ServiceNow stores it: `yyyy-MM-dd HH:mm:ss`, UTC. */
  updatedOn: string;
  sysId: string;
}

/** Orders two sync keys the way `ORDERBYsys_updated_on^ORDERBYsys_id` does. */
export function compareSyncKeys(a: SyncKey, b: SyncKey): number {
  if (a.updatedOn !== b.updatedOn) return a.updatedOn < b.updatedOn ? -1 : 1;
  if (a.sysId !== b.sysId) return a.sysId < b.sysId ? -1 : 1;
  return 0;
}

/**
 * The position `overlapMs` before a cursor, from which an incremental run reads again: every
 * record stamped at or after that second, whatever its sys_id (the empty sys_id sorts first).
 */
export function rewindSyncKey(key: SyncKey, overlapMs: number): SyncKey {
  const at = Date.parse(`${key.updatedOn.replace(' ', 'T')}Z`) - overlapMs;
  return {
    updatedOn: new Date(at).toISOString().slice(0, 19).replace('T', ' '),
    sysId: '',
  };
}

/**
 * The longest request URL the connector sends to list incidents, in characters: the whole URL
 * (instance address, path and query string) as encoded on the wire.
 *
 * A ServiceNow instance reads the request line and the request headers into one buffer of its
 * application server, 8 KB by default, and refuses a longer request before the Table API sees it
 * (HTTP 400 "Request header is too large"; a proxy or load balancer in front of the instance may
 * answer 414 first). 6,000 characters leave about 2 KB for the headers: the credentials or an
 * OAuth token, cookies, and what proxies add. The mapped references are split into as many
 * queries as it takes to stay within it.
 */
export const MAX_REQUEST_URL_LENGTH = 6_000;

/** The encoded-query condition selecting incidents filed against one mapping. */
export function mappingCondition(
  field: ServiceNowMappingField,
  reference: string,
): string {
  const ref = reference.trim();
  return isSysId(ref)
    ? `${field}=${ref.toLowerCase()}`
    : `${field}.name=${escapeQueryValue(ref)}`;
}

/**
 * The conditions of the mappings, once each and in an order that does not depend on the order of
 * the mappings: sys_ids first, then names, each sorted. Blank references have none.
 */
export function mappingConditions(
  field: ServiceNowMappingField,
  mappings: ItsmServiceMapping[],
): string[] {
  const bySysId = new Set<string>();
  const byName = new Set<string>();
  for (const mapping of mappings) {
    const ref = mapping.itsmReference.trim();
    if (!ref) continue;
    (isSysId(ref) ? bySysId : byName).add(mappingCondition(field, ref));
  }
  return [...[...bySysId].sort(), ...[...byName].sort()];
}

/** The keyset and order that end an incident query, continuing after `after`. */
function keysetSuffix(after: SyncKey | undefined): string {
  let suffix = '';
  if (after) {
    const { updatedOn, sysId } = after;
    suffix = sysId
      ? `^sys_updated_on>=${updatedOn}` +
        `^sys_updated_on>${updatedOn}^ORsys_id>${sysId}`
      : // A rewound position: the whole second and everything after it.
        `^sys_updated_on>=${updatedOn}`;
  }
  return `${suffix}^ORDERBYsys_updated_on^ORDERBYsys_id`;
}

/**
 * Builds the `sysparm_query` for the incidents filed against a group of conditions (or against
 * the mappings) that changed after `after`, in a stable order. The conditions form one OR group;
 * the keyset condition `(updated > T) or (updated = T and sys_id > X)` is written as
 * `updated >= T and (updated > T or sys_id > X)`, which needs no `^NQ`.
 */
export function buildIncidentQuery(
  options:
    | {
        field: ServiceNowMappingField;
        mappings: ItsmServiceMapping[];
        after?: SyncKey;
      }
    | { conditions: string[]; after?: SyncKey },
): string {
  const conditions =
    'conditions' in options
      ? options.conditions
      : mappingConditions(options.field, options.mappings);
  return conditions.join('^OR') + keysetSuffix(options.after);
}

/** The characters a value takes in a query string, encoded as the HTTP client encodes it. */
export function encodedLength(value: string): number {
  return new URLSearchParams({ q: value }).toString().length - 2;
}

/** The length of the URL the HTTP client requests for `path` with `query`. */
export function requestUrlLength(
  baseUrl: string,
  path: string,
  query: Record<string, string>,
): number {
  const url = new URL(`${baseUrl}${path}`);
  for (const [name, value] of Object.entries(query)) {
    url.searchParams.append(name, value);
  }
  return url.href.length;
}

/** References read with one query, and its own position in the cursor. */
export interface ReferenceGroup {
  /** Names the group in a cursor: a digest of its conditions. */
  key: string;
  /** The conditions ORed in the group's query. */
  conditions: string[];
}

/** The longest position a query can continue from: every keyset condition at full length. */
const LONGEST_KEY: SyncKey = {
  updatedOn: '9999-12-31 23:59:59',
  sysId: 'f'.repeat(32),
};

function groupKey(conditions: string[]): string {
  return createHash('sha256')
    .update(JSON.stringify(conditions))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Splits the conditions of the mappings into groups whose request URL stays at or below
 * `maxUrlLength` whatever position the query continues from. The grouping is stable: the same
 * mappings, in any order, give the same groups, each named by a digest of its conditions.
 * A condition too long for any URL on its own is returned apart: no request could carry it.
 */
export function groupMappings(options: {
  field: ServiceNowMappingField;
  mappings: ItsmServiceMapping[];
  /** The length of the whole request URL with this `sysparm_query`. */
  urlLength: (sysparmQuery: string) => number;
  maxUrlLength?: number;
}): { groups: ReferenceGroup[]; tooLong: string[] } {
  const max = options.maxUrlLength ?? MAX_REQUEST_URL_LENGTH;
  // Encoding goes character by character, so a group's URL is the URL with the keyset alone plus
  // each condition and the `^OR` between them.
  const fixed = options.urlLength(
    buildIncidentQuery({ conditions: [], after: LONGEST_KEY }),
  );
  const separator = encodedLength('^OR');
  const chunks: string[][] = [];
  const tooLong: string[] = [];
  let current: string[] = [];
  let length = fixed;
  for (const condition of mappingConditions(options.field, options.mappings)) {
    const size = encodedLength(condition);
    if (fixed + size > max) {
      tooLong.push(condition);
      continue;
    }
    if (current.length > 0 && length + separator + size > max) {
      chunks.push(current);
      current = [];
      length = fixed;
    }
    length += (current.length > 0 ? separator : 0) + size;
    current.push(condition);
  }
  if (current.length > 0) chunks.push(current);
  return {
    groups: chunks.map(conditions => ({
      key: groupKey(conditions),
      conditions,
    })),
    tooLong,
  };
}

/**
 * The first group whose query surely matches a record, by the record's exact sys_id or exact
 * name: conditions that any instance matches, whether it compares names with or without regard
 * to case. A record several groups match is taken from this one only.
 */
export function firstGroupIndex(
  field: ServiceNowMappingField,
  groups: ReferenceGroup[],
): (record: { sysId: string; name: string }) => number | undefined {
  const bySysId = new Map<string, number>();
  const byName = new Map<string, number>();
  const namePrefix = `${field}.name=`;
  groups.forEach((group, index) => {
    for (const condition of group.conditions) {
      const [target, value] = condition.startsWith(namePrefix)
        ? [byName, condition.slice(namePrefix.length).replace(/\^\^/g, '^')]
        : [bySysId, condition.slice(field.length + 1)];
      if (!target.has(value)) target.set(value, index);
    }
  });
  return ({ sysId, name }) => {
    const a = sysId ? bySysId.get(sysId) : undefined;
    const b = name ? byName.get(name) : undefined;
    if (a === undefined) return b;
    return b === undefined ? a : Math.min(a, b);
  };
}

/** Where the sync of one group of references stands. */
export interface GroupPosition {
  /** The last record returned from the group; absent: from the beginning. */
  key?: SyncKey;
  /** Set at a run's start: the group's next read starts the overlap before `key`. */
  overlap?: boolean;
  /** The group was read to its end in the current pass over the groups. */
  read?: boolean;
}

const CURSOR_V1 = 'servicenow.v1.';
const CURSOR_V2 = 'servicenow.v2.';

/** A position as a cursor holds it (`u`, `id`); undefined when it is not one. */
function readSyncKey(payload: { u?: unknown; id?: unknown }) {
  const { u, id } = payload;
  if (
    typeof u !== 'string' ||
    !GLIDE_DATE_TIME.test(u) ||
    typeof id !== 'string' ||
    !isSysId(id)
  ) {
    return undefined;
  }
  return { updatedOn: u, sysId: id.toLowerCase() };
}

/**
 * Encodes where each group stands. The cursor is `servicenow.v2.` followed by the base64url of
 * `{"g":[{"k":"<group>","u":"<sys_updated_on>","id":"<sys_id>","o":1,"r":1}, ...]}`, one entry
 * per group with a position or read in the current pass, in group order: `u` and `id` the last
 * record returned from the group, `o` its overlap still to read, `r` read to its end in this pass.
 * A group without an entry starts from the beginning.
 */
export function encodeCursor(
  groups: ReferenceGroup[],
  positions: Map<string, GroupPosition>,
): string {
  const entries = [];
  for (const { key: k } of groups) {
    const position = positions.get(k);
    if (!position || (!position.key && !position.read)) continue;
    entries.push({
      k,
      ...(position.key
        ? { u: position.key.updatedOn, id: position.key.sysId }
        : {}),
      ...(position.key && position.overlap ? { o: 1 } : {}),
      ...(position.read ? { r: 1 } : {}),
    });
  }
  return (
    CURSOR_V2 +
    Buffer.from(JSON.stringify({ g: entries })).toString('base64url')
  );
}

/**
 * Decodes a cursor from {@link encodeCursor} into a position for each group; no cursor means
 * every group from the beginning. A group the cursor has no readable entry for (its references
 * changed, so it is another group) starts from the beginning: it is read again, never skipped.
 *
 * A `servicenow.v1.` cursor, the base64url of `{"u":"<sys_updated_on>","id":"<sys_id>"}` (or of
 * `{}`), was the position of one query over every reference: it is the position of every group.
 * A cursor that is neither is refused.
 */
export function decodeCursor(
  cursor: string | undefined,
  groups: ReferenceGroup[],
): Map<string, GroupPosition> {
  const positions = new Map<string, GroupPosition>(
    groups.map(group => [group.key, {}]),
  );
  if (cursor === undefined || cursor === '') return positions;
  const invalid = () =>
    new InputError(
      `Invalid ServiceNow sync cursor '${cursor.slice(0, 80)}'; ` +
        'start a full sync by passing no cursor',
    );
  const prefix = [CURSOR_V1, CURSOR_V2].find(p => cursor.startsWith(p));
  if (!prefix) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(
      Buffer.from(cursor.slice(prefix.length), 'base64url').toString('utf8'),
    );
  } catch {
    throw invalid();
  }
  if (typeof payload !== 'object' || payload === null) throw invalid();

  if (prefix === CURSOR_V1) {
    const fields = payload as { u?: unknown; id?: unknown };
    if (fields.u === undefined && fields.id === undefined) return positions;
    const key = readSyncKey(fields);
    if (!key) throw invalid();
    for (const group of groups) positions.set(group.key, { key: { ...key } });
    return positions;
  }

  const entries = (payload as { g?: unknown }).g;
  if (!Array.isArray(entries)) return positions;
  const seen = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const fields = entry as Record<string, unknown>;
    const k = fields.k;
    if (typeof k !== 'string' || !positions.has(k) || seen.has(k)) continue;
    seen.add(k);
    const hasKey = fields.u !== undefined || fields.id !== undefined;
    const key = hasKey ? readSyncKey(fields) : undefined;
    // An entry that cannot be read leaves its group at the beginning.
    if (hasKey && !key) continue;
    positions.set(k, {
      ...(key ? { key } : {}),
      ...(key && fields.o === 1 ? { overlap: true } : {}),
      ...(fields.r === 1 ? { read: true } : {}),
    });
  }
  return positions;
}

/** Converts a ServiceNow `yyyy-MM-dd HH:mm:ss` UTC timestamp to ISO 8601; undefined if empty. */
export function glideDateTimeToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const match = GLIDE_DATE_TIME.exec(value);
  if (match) {
    // A real instant's ISO form is the same digits, which a full sync checks for every
    // timestamp of a hundred thousand records far faster than it would build a Date.
    const iso = `${match[1]}T${match[2]}.000Z`;
    if (isCanonicalUtcTimestamp(iso)) return iso;
  }
  const date = match ? new Date(`${match[1]}T${match[2]}Z`) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new Error(`'${value}' is not a ServiceNow date-time`);
  }
  return date.toISOString();
}

/** True for a `yyyy-MM-dd HH:mm:ss` value. */
export function isGlideDateTime(value: string): boolean {
  return GLIDE_DATE_TIME.test(value);
}
