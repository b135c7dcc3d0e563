import {
  ItsmSyncStatus,
  LinkedIncident,
} from '@internal/plugin-social-media-common';
import {
  IncidentCopy,
  IncidentRecord,
  StoredIncidentVersion,
} from '../../domain/incidentSync';

export type { IncidentCopy, IncidentRecord };

/** Where a connector's sync stands. */
export interface ItsmSyncState {
  cursor?: string;
  /** Hash of the mappings the cursor was built for. */
  mappingsHash?: string;
  /** Start of the full sync in progress, if one is. */
  fullSyncStartedAt?: string;
  /** End of the last full sync that reached the end. */
  lastFullSyncAt?: string;
}

/** How the runs of a connector went (its status, but for the services mapped to it). */
export type ItsmSyncRuns = Omit<ItsmSyncStatus, 'mappedServices'>;

/** What a connector's run reports to the store. */
export type SyncRunOutcome =
  | { kind: 'started'; at: string }
  | { kind: 'succeeded'; at: string; incidents: number }
  | { kind: 'failed'; at: string; error: string; incidents: number };

/** The incident facts that weigh on a service's rating. */
export interface IncidentFacts {
  open: number;
  /** Security incidents opened since the window's start. */
  recentSecurity: number;
}

/**
 * Incidents linked from the ITSM tools, and where each connector's sync stands. Reads come
 * from here, never from a live call per page view.
 */
export interface IncidentStore {
  /** The incidents linked to a service: open first, newest first; resolved ones on request. */
  listIncidents(
    serviceId: string,
    options: { includeResolved: boolean },
  ): Promise<LinkedIncident[]>;
  /** Open security incidents per service; services without any are left out. */
  countOpenSecurityIncidents(
    serviceIds: string[],
  ): Promise<Map<string, number>>;
  getSyncState(connectorId: string): Promise<ItsmSyncState>;
  /**
   * How many incident rows the database's query planner believes there are: PostgreSQL plans
   * from statistics its autovacuum refreshes about once a minute. Undefined where the planner
   * keeps none (SQLite, unless asked).
   */
  plannedIncidentRows(): Promise<number | undefined>;
  /** Refreshes the planner's statistics of the incidents (PostgreSQL's ANALYZE). */
  refreshIncidentStatistics(): Promise<void>;
  /** How many incidents a sync writes in one transaction, at most, on this database. */
  syncWriteBatch(): number;
  /** How the runs of each connector went, and which runs at `at` (a claim not yet lapsed). */
  getSyncRuns(connectorIds: string[], at?: string): Promise<ItsmSyncRuns[]>;
  /** Records the start, success or failure of a run. */
  recordSyncRun(connectorId: string, outcome: SyncRunOutcome): Promise<void>;
  /**
   * Starts a full sync: forgets the cursor, so that the next page is the first of a complete
   * listing, and remembers when the pass began.
   */
  beginFullSync(
    connectorId: string,
    options: { at: string; mappingsHash: string },
  ): Promise<void>;
  /**
   * Claims the connector's run for `owner` until `leaseUntil`, unless another run holds a claim
   * that has not lapsed at `at`: then answers since when that one runs.
   */
  claimRun(
    connectorId: string,
    claim: { owner: string; at: string; leaseUntil: string },
  ): Promise<{ claimed: true } | { claimed: false; runningSince: string }>;
  /** Moves the lease of `owner`'s claim on; false when the claim is no longer its own. */
  renewRun(
    connectorId: string,
    claim: { owner: string; leaseUntil: string },
  ): Promise<boolean>;
  /** Gives up `owner`'s claim (nothing when another holds it). */
  releaseRun(connectorId: string, owner: string): Promise<void>;
}

/**
 * Writes of incidents that change services, only ever inside a unit of work. The store keeps one
 * row per copy of an incident: per connector, external id and service (several services may map
 * to the ITSM record an incident is filed against, and each holds it).
 */
export interface IncidentWrites extends IncidentStore {
  /** What is stored of these incidents of the connector: every service's copy, by external id. */
  getStoredVersions(
    connectorId: string,
    externalIds: string[],
  ): Promise<Map<string, StoredIncidentVersion[]>>;
  /**
   * Stores copies of incidents (by their service), marking them seen at `seenAt`: `added` are
   * copies the store did not hold when looked up, `changed` replace the copies it holds. An added
   * copy stored meanwhile by another writer is replaced too.
   */
  writeIncidents(
    connectorId: string,
    copies: { added: IncidentRecord[]; changed: IncidentRecord[] },
    seenAt: string,
  ): Promise<void>;
  /** Marks copies seen without changing them (older or equal copies in a page). */
  markSeen(
    connectorId: string,
    copies: IncidentCopy[],
    seenAt: string,
  ): Promise<void>;
  /** Removes copies: the services no longer hold these incidents. */
  removeIncidents(connectorId: string, copies: IncidentCopy[]): Promise<void>;
  /** Removes every copy a service holds, of every connector (the service is being deleted). */
  removeServiceIncidents(serviceId: string): Promise<void>;
  /** Keeps the cursor after a stored page, with the mappings it was built for. */
  saveCursor(
    connectorId: string,
    cursor: string,
    mappingsHash: string,
  ): Promise<void>;
  /**
   * Notes services to be rated again because their incidents changed (once each, keeping the
   * time of the first change not yet rated).
   */
  markRatingDue(serviceIds: string[], at: string): Promise<void>;
  /** Up to `limit` services due to be rated again, the longest waiting first. */
  listRatingDue(limit: number): Promise<string[]>;
  /** Forgets that these services were due to be rated again. */
  clearRatingDue(serviceIds: string[]): Promise<void>;
  /**
   * Removes the connector's incidents a full sync that began at `startedAt` did not see, and
   * records the end of that full sync. Returns the services they were linked to.
   */
  finishFullSync(
    connectorId: string,
    options: { startedAt: string; at: string },
  ): Promise<{ removed: number; serviceIds: string[] }>;
  /** Open and recent security incidents per service. */
  getIncidentFacts(
    serviceIds: string[],
    securitySince: string,
  ): Promise<Map<string, IncidentFacts>>;
  /** The copy of an incident a service holds. */
  getIncident(
    connectorId: string,
    externalId: string,
    serviceId: string,
  ): Promise<LinkedIncident>;
}
