import { createHash } from 'node:crypto';

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
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

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

/** What the store already holds of an incident. */
export interface StoredIncidentVersion {
  serviceId: string;
  updatedAt: string;
  version?: number;
  /** {@link incidentFingerprint} of the copy stored; absent for copies stored before it. */
  fingerprint?: string;
}

/** A digest of everything a connector delivered of an incident: equal means nothing changed. */
export function incidentFingerprint(record: IncidentRecord): string {
  return createHash('sha256')
    .update(
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
    )
    .digest('hex');
}

/**
 * Whether `record` is an older copy than the one stored: an earlier update time or, within the
 * same timestamp unit, a lower change counter. Without counters, a copy stamped the same as
 * the stored one is taken as the newer: it was read later.
 */
function isOlder(record: IncidentRecord, stored: StoredIncidentVersion) {
  if (record.updatedAt !== stored.updatedAt) {
    return record.updatedAt < stored.updatedAt;
  }
  return (
    record.version !== undefined &&
    stored.version !== undefined &&
    record.version < stored.version
  );
}

/** The newest copy of each incident in a page (a page may list one incident twice). */
export function newestCopies(incidents: IncidentRecord[]): IncidentRecord[] {
  const newest = new Map<string, IncidentRecord>();
  for (const incident of incidents) {
    const seen = newest.get(incident.externalId);
    if (!seen || !isOlder(incident, seen)) {
      newest.set(incident.externalId, incident);
    }
  }
  return [...newest.values()];
}

/**
 * Splits a page into the incidents to write and the copies to leave as they are: older copies
 * (a page replayed after a crash, or served twice, never takes an incident back in time) and
 * copies equal to the stored one (the overlap each run reads again). Also names every service
 * whose incidents change, including the one an incident moved away from.
 */
export function planIncidentWrites(
  records: IncidentRecord[],
  stored: Map<string, StoredIncidentVersion>,
): {
  fresh: IncidentRecord[];
  stale: IncidentRecord[];
  affectedServiceIds: string[];
} {
  const fresh: IncidentRecord[] = [];
  const stale: IncidentRecord[] = [];
  const affected = new Set<string>();
  for (const record of records) {
    const before = stored.get(record.externalId);
    if (
      before &&
      (isOlder(record, before) ||
        before.fingerprint === incidentFingerprint(record))
    ) {
      stale.push(record);
      continue;
    }
    fresh.push(record);
    affected.add(record.serviceId);
    if (before) affected.add(before.serviceId);
  }
  return { fresh, stale, affectedServiceIds: [...affected] };
}
