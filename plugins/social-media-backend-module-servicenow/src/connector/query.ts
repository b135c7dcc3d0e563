import { InputError } from '@backstage/errors';
import { ItsmServiceMapping } from '@internal/plugin-social-media-node';

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

const CURSOR_PREFIX = 'servicenow.v1.';

/**
 * Encodes the last record a sync has returned. The cursor is
 * `servicenow.v1.<base64url of {"u":"<sys_updated_on>","id":"<sys_id>"}>`, or
 * `servicenow.v1.<base64url of {}>` when nothing has been seen yet.
 */
export function encodeCursor(key: SyncKey | undefined): string {
  const payload = key ? { u: key.updatedOn, id: key.sysId } : {};
  return (
    CURSOR_PREFIX + Buffer.from(JSON.stringify(payload)).toString('base64url')
  );
}

/** Decodes a cursor from {@link encodeCursor}; undefined means "from the beginning". */
export function decodeCursor(cursor: string | undefined): SyncKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const invalid = () =>
    new InputError(
      `Invalid ServiceNow sync cursor '${cursor.slice(0, 80)}'; ` +
        'start a full sync by passing no cursor',
    );
  if (!cursor.startsWith(CURSOR_PREFIX)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(
      Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    );
  } catch {
    throw invalid();
  }
  if (typeof payload !== 'object' || payload === null) throw invalid();
  const { u, id } = payload as { u?: unknown; id?: unknown };
  if (u === undefined && id === undefined) return undefined;
  if (
    typeof u !== 'string' ||
    !GLIDE_DATE_TIME.test(u) ||
    typeof id !== 'string' ||
    !isSysId(id)
  ) {
    throw invalid();
  }
  return { updatedOn: u, sysId: id };
}

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
 * Builds the `sysparm_query` for the incidents of the mapped services that changed after `after`,
 * in a stable order. Mappings form one OR group; the keyset condition
 * `(updated > T) or (updated = T and sys_id > X)` is written as
 * `updated >= T and (updated > T or sys_id > X)`, which needs no `^NQ`.
 */
export function buildIncidentQuery(options: {
  field: ServiceNowMappingField;
  mappings: ItsmServiceMapping[];
  after?: SyncKey;
}): string {
  const conditions = [
    ...new Set(
      options.mappings.map(m =>
        mappingCondition(options.field, m.itsmReference),
      ),
    ),
  ];
  let query = conditions.join('^OR');
  if (options.after) {
    const { updatedOn, sysId } = options.after;
    query += sysId
      ? `^sys_updated_on>=${updatedOn}` +
        `^sys_updated_on>${updatedOn}^ORsys_id>${sysId}`
      : // A rewound position: the whole second and everything after it.
        `^sys_updated_on>=${updatedOn}`;
  }
  return `${query}^ORDERBYsys_updated_on^ORDERBYsys_id`;
}

/** Converts a ServiceNow `yyyy-MM-dd HH:mm:ss` UTC timestamp to ISO 8601; undefined if empty. */
export function glideDateTimeToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const match = GLIDE_DATE_TIME.exec(value);
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
