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
}

/** What the store already holds of an incident. */
export interface StoredIncidentVersion {
  serviceId: string;
  updatedAt: string;
}

/** The newest copy of each incident in a page (a page may list one incident twice). */
export function newestCopies(incidents: IncidentRecord[]): IncidentRecord[] {
  const newest = new Map<string, IncidentRecord>();
  for (const incident of incidents) {
    const seen = newest.get(incident.externalId);
    if (!seen || seen.updatedAt <= incident.updatedAt) {
      newest.set(incident.externalId, incident);
    }
  }
  return [...newest.values()];
}

/**
 * Splits a page into the incidents to write and the older copies to leave as they are: a page
 * replayed after a crash, or served twice, never takes an incident back in time. Also names
 * every service whose incidents change, including the one an incident moved away from.
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
    if (before && before.updatedAt > record.updatedAt) {
      stale.push(record);
      continue;
    }
    fresh.push(record);
    affected.add(record.serviceId);
    if (before) affected.add(before.serviceId);
  }
  return { fresh, stale, affectedServiceIds: [...affected] };
}
