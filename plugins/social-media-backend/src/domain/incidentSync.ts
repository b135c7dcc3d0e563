import { isCanonicalUtcTimestamp } from '@internal/plugin-social-media-node';
import { hash } from 'node:crypto';

/** An incident as a connector delivers it, with timestamps in UTC ISO form. */
export interface IncidentRecord {
  serviceId: string;
  externalId: string;
  number: string;
  title: string;
  priority: string;
  state: string;
  category?: string;
  openedAt: string;
  resolvedAt?: string;
  updatedAt: string;
  url: string;
  /** The ITSM's change counter of the record, when it has one. */
  version?: number;
}

/** Text an incident cannot be stored without. */
const REQUIRED_TEXT = [
  'externalId',
  'number',
  'title',
  'priority',
  'state',
  'url',
] as const;

const isTime = (value: unknown) =>
  typeof value === 'string' &&
  (isCanonicalUtcTimestamp(value) || !Number.isNaN(Date.parse(value)));

/**
 * The fields of an incident, as a connector delivers it, that are missing or unusable (blank
 * text, a time that is no time): an incident with any cannot be stored. Connectors map every
 * field; this guards the store against one that does not.
 */
export function unusableIncidentFields(incident: unknown): string[] {
  const fields = (incident ?? {}) as Record<string, unknown>;
  const unusable: string[] = REQUIRED_TEXT.filter(
    name =>
      typeof fields[name] !== 'string' || !(fields[name] as string).trim(),
  );
  for (const name of ['openedAt', 'updatedAt']) {
    if (!isTime(fields[name])) unusable.push(name);
  }
  if (
    fields.resolvedAt !== undefined &&
    fields.resolvedAt !== null &&
    !isTime(fields.resolvedAt)
  ) {
    unusable.push('resolvedAt');
  }
  return unusable;
}

/** What the store already holds of an incident: one service's copy of it. */
export interface StoredIncidentVersion {
  serviceId: string;
  updatedAt: string;
  version?: number;
  /** {@link incidentFingerprint} of the copy stored; absent for copies stored before it. */
  fingerprint?: string;
}

/**
 * One service's copy of an incident. Several services may map to the ITSM record an incident is
 * filed against: each holds a copy of its own.
 */
export interface IncidentCopy {
  externalId: string;
  serviceId: string;
}

/** A digest of everything a connector delivered of an incident: equal means nothing changed. */
export function incidentFingerprint(record: IncidentRecord): string {
  // One call per incident (crypto.hash, no Hash object): a full sync digests every incident.
  return hash(
    'sha256',
    JSON.stringify([
      record.serviceId,
      record.externalId,
      record.number,
      record.title,
      record.priority,
      record.state,
      record.category ?? null,
      record.openedAt,
      record.resolvedAt ?? null,
      record.updatedAt,
      record.url,
      record.version ?? null,
    ]),
    'hex',
  );
}

/** When a copy was changed in the ITSM: its update time and change counter. */
type Stamp = { updatedAt: string; version?: number };

/**
 * Whether `record` is an older copy than `than`: an earlier update time or, within the same
 * timestamp unit, a lower change counter. Without counters, a copy stamped the same as the
 * other is not older: it was read later.
 */
function isOlder(record: Stamp, than: Stamp) {
  if (record.updatedAt !== than.updatedAt) {
    return record.updatedAt < than.updatedAt;
  }
  return (
    record.version !== undefined &&
    than.version !== undefined &&
    record.version < than.version
  );
}

/**
 * The newest copies of each incident in a page: a page may list an incident twice, each time
 * with all its copies (one per service mapped to its record). Only the copies of its newest
 * change are kept, one per service, so that a service the record had at an older change does not
 * keep it.
 */
export function newestCopies(incidents: IncidentRecord[]): IncidentRecord[] {
  const byIncident = new Map<
    string,
    { newest: IncidentRecord; copies: Map<string, IncidentRecord> }
  >();
  for (const incident of incidents) {
    const group = byIncident.get(incident.externalId);
    if (!group || isOlder(group.newest, incident)) {
      byIncident.set(incident.externalId, {
        newest: incident,
        copies: new Map([[incident.serviceId, incident]]),
      });
    } else if (!isOlder(incident, group.newest)) {
      // The same change again (another service's copy, or the same one read later).
      group.newest = incident;
      group.copies.set(incident.serviceId, incident);
    }
  }
  return [...byIncident.values()].flatMap(group => [...group.copies.values()]);
}

/**
 * Splits a page into the copies to write, the copies to leave as they are, and the stored copies
 * to remove. Left as they are: every copy of an incident older than the newest copy stored (a
 * page replayed after a crash, or served twice, never takes an incident back in time, nor back to
 * a service it left), and a copy equal to the one its service holds (the overlap each run reads
 * again). Removed, when the records hold every copy of their incidents (a page does; see
 * `everyCopy`): the stored copies of services the incident no longer lists, as when its record
 * moved to another business service or a mapping was narrowed. Also names every service whose
 * incidents change: those that gained, changed or lost a copy.
 *
 * @param records the newest copies of each incident ({@link newestCopies})
 * @param stored the copies the store holds, by external id
 * @param options.everyCopy false when the records are some of the copies only (an incident
 *   reported from the portal, for the reporting service): stored copies of other services stay
 */
export function planIncidentWrites(
  records: IncidentRecord[],
  stored: Map<string, StoredIncidentVersion[]>,
  options: { everyCopy?: boolean } = {},
): {
  fresh: IncidentRecord[];
  stale: IncidentRecord[];
  removed: IncidentCopy[];
  affectedServiceIds: string[];
} {
  const everyCopy = options.everyCopy ?? true;
  const fresh: IncidentRecord[] = [];
  const stale: IncidentRecord[] = [];
  const removed: IncidentCopy[] = [];
  const affected = new Set<string>();
  const byIncident = new Map<string, IncidentRecord[]>();
  for (const record of records) {
    const copies = byIncident.get(record.externalId) ?? [];
    copies.push(record);
    byIncident.set(record.externalId, copies);
  }
  for (const [externalId, copies] of byIncident) {
    const before = stored.get(externalId) ?? [];
    const newestStored = before.reduce<StoredIncidentVersion | undefined>(
      (newest, copy) => (!newest || isOlder(newest, copy) ? copy : newest),
      undefined,
    );
    if (newestStored && copies.some(copy => isOlder(copy, newestStored))) {
      stale.push(...copies);
      continue;
    }
    for (const record of copies) {
      const held = before.find(copy => copy.serviceId === record.serviceId);
      if (held && held.fingerprint === incidentFingerprint(record)) {
        stale.push(record);
        continue;
      }
      fresh.push(record);
      affected.add(record.serviceId);
    }
    if (!everyCopy) continue;
    const listed = new Set(copies.map(copy => copy.serviceId));
    for (const copy of before) {
      if (listed.has(copy.serviceId)) continue;
      removed.push({ externalId, serviceId: copy.serviceId });
      affected.add(copy.serviceId);
    }
  }
  return { fresh, stale, removed, affectedServiceIds: [...affected] };
}
