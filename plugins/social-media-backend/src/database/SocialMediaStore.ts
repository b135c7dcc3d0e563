import {
  AccessReview,
  AccessReviewListItem,
  AccessReviewStatus,
  AuditEntry,
  AuditVerification,
  GuardianshipSweepResult,
  ItsmSyncStatus,
  LifecycleStage,
  LinkedIncident,
  PortfolioDashboard,
  RiskHistoryEntry,
  ServiceAdmin,
  ServiceListQuery,
  SocialService,
  SocialServiceDetails,
  SocialServiceList,
  ValidAccessReviewInput,
  ValidSocialServiceInput,
  ValidSocialServiceUpdate,
} from '@internal/plugin-social-media-common';

/** What the store reports about itself and the portfolio it holds. */
export interface StoreStatus {
  client: string;
  latestMigration: string;
  servicesByStage: Record<LifecycleStage, number>;
}

/** An admin as the catalogue records it; `inOrganisation` is decided by the caller. */
export type AdminRecord = Omit<ServiceAdmin, 'addedAt'>;

/** Who made a change, for the audit trail (an entity ref). */
export type Actor = string;

/** A new service with its id settled. */
export type NewService = ValidSocialServiceInput & { id: string };

/** A service mapped to an ITSM record, for a connector. */
export interface ItsmMappingRecord {
  serviceId: string;
  itsmReference: string;
  lifecycleStage: LifecycleStage;
}

/** An incident as a connector delivers it. */
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

/** Which access reviews to list. */
export interface AccessReviewQuery {
  status: Array<AccessReviewStatus['status']>;
  limit: number;
  offset: number;
}

/** What a guardianship sweep works with. */
export interface SweepOptions {
  /**
   * Lowercased refs of the people the catalog no longer knows; undefined to leave leaver flags
   * as they are and only rate again.
   */
  missingUsers?: Set<string>;
  /** Who the audit trail names for the leaver changes. */
  actor: Actor;
}

/**
 * Persistence of the social media service catalogue. Every change is written together with its
 * audit trail entry, in one transaction. The store owns "not found" (NotFoundError) and stale
 * versions and duplicates (ConflictError).
 */
export interface SocialMediaStore {
  /** Runs a trivial query; throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Database client, newest applied migration and service counts per lifecycle stage. */
  getStatus(): Promise<StoreStatus>;

  /** One page of services matching the query. */
  listServices(query: ServiceListQuery): Promise<SocialServiceList>;
  /** The services with these ids (unknown ids are left out). */
  getServicesByIds(ids: string[]): Promise<SocialService[]>;
  /** One service with admins, transitions and next transitions. */
  getService(id: string): Promise<SocialServiceDetails>;

  createService(input: NewService, actor: Actor): Promise<SocialServiceDetails>;
  updateService(
    id: string,
    update: ValidSocialServiceUpdate,
    actor: Actor,
  ): Promise<SocialServiceDetails>;
  /** Moves the service when the lifecycle allows it and the stage's gates are met. */
  transitionService(
    id: string,
    transition: { to: LifecycleStage; reason: string; version: number },
    actor: Actor,
  ): Promise<SocialServiceDetails>;
  replaceAdmins(
    id: string,
    admins: AdminRecord[],
    version: number,
    actor: Actor,
  ): Promise<SocialServiceDetails>;
  deleteService(id: string, version: number, actor: Actor): Promise<void>;

  /**
   * Creates all services or none. Returns the problems (existing ids or handles) instead of
   * writing when there are any; with `dryRun` it only checks.
   */
  importServices(
    services: Array<{ row: number; input: NewService }>,
    actor: Actor,
    options: { dryRun: boolean },
  ): Promise<{
    created: string[];
    problems: Array<{ row: number; field: string; message: string }>;
  }>;

  /** Every audit entry of one service, newest first. */
  getServiceHistory(id: string): Promise<AuditEntry[]>;
  /** Recomputes the whole hash chain. */
  verifyAuditTrail(): Promise<AuditVerification>;
  /** True until anything was ever written (used to seed demo data once). */
  isPristine(): Promise<boolean>;

  /** Every change of the service's rating, newest first. */
  getRiskHistory(id: string): Promise<RiskHistoryEntry[]>;
  /** The access reviews of a service, newest first. */
  getAccessReviews(id: string): Promise<AccessReview[]>;
  /**
   * Attests the admin list: every admin needs a decision; removed admins leave the list and the
   * next review falls due one interval later.
   */
  submitAccessReview(
    id: string,
    input: ValidAccessReviewInput,
    actor: Actor,
  ): Promise<{ review: AccessReview; service: SocialServiceDetails }>;
  /** Services (not retired) whose review has one of the statuses, the earliest due first. */
  listAccessReviews(
    query: AccessReviewQuery,
  ): Promise<{ items: AccessReviewListItem[]; totalCount: number }>;
  /** The portfolio dashboard, with a risk trend over the last `days` days. */
  getDashboard(days: number): Promise<PortfolioDashboard>;
  /** Every User ref named as an admin or a service owner, lowercased. */
  listPeopleRefs(): Promise<string[]>;
  /**
   * Flags leavers (when `missingUsers` is given) and rates every service again, in chunks.
   * Returns what changed, with the ids of services whose leavers or rating changed.
   */
  sweep(
    options: SweepOptions,
  ): Promise<GuardianshipSweepResult & { changedIds: string[] }>;

  /** The incidents linked to a service: open first, newest first; resolved ones on request. */
  listIncidents(
    serviceId: string,
    options: { includeResolved: boolean },
  ): Promise<LinkedIncident[]>;
  /** The services mapped to an ITSM (`itsm.system`), for its connector. */
  listItsmMappings(system: string): Promise<ItsmMappingRecord[]>;
  /** Where a connector's sync stands: its cursor and its full syncs. */
  getSyncState(connectorId: string): Promise<ItsmSyncState>;
  /**
   * Starts a full sync: forgets the cursor, so that the next page is the first of a complete
   * listing, and remembers when the pass began, for {@link SocialMediaStore.finishFullSync}.
   */
  beginFullSync(
    connectorId: string,
    options: { at: string; mappingsHash: string },
  ): Promise<void>;
  /**
   * Ends a full sync that reached the end: removes the connector's incidents the pass did not
   * see (deleted in the ITSM, or no longer filed against a mapped record), keeps the counts and
   * ratings in step, and records the end.
   */
  finishFullSync(
    connectorId: string,
    options: { startedAt: string; at: string },
  ): Promise<{ removed: number; changedIds: string[] }>;
  /**
   * Stores an incident just raised from the portal, with its audit entry, so that it shows
   * before the next sync brings it.
   */
  recordReportedIncident(
    connectorId: string,
    incident: IncidentRecord,
    actor: Actor,
  ): Promise<LinkedIncident>;
  /**
   * Stores one page of incidents and the cursor after it, in one transaction: a run that stops
   * anywhere resumes after the last page stored, and a page stored twice changes nothing.
   * Keeps the open-incident counts and rates the affected services again.
   */
  storeIncidentPage(
    connectorId: string,
    incidents: IncidentRecord[],
    cursor: string,
    mappingsHash: string,
    /** When the sync saw these incidents (for the full sync's reconciliation). */
    seenAt: string,
  ): Promise<{ stored: number; changedIds: string[] }>;
  /** Records the start, success or failure of a sync run. */
  recordSyncRun(
    connectorId: string,
    outcome:
      | { kind: 'started'; at: string }
      | { kind: 'succeeded'; at: string; incidents: number }
      | { kind: 'failed'; at: string; error: string; incidents: number },
  ): Promise<void>;
  /** Where the sync of each connector stands. */
  getSyncStatuses(connectorIds: string[]): Promise<ItsmSyncStatus[]>;
}
