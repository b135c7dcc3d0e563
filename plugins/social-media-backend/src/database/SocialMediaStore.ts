import {
  AuditEntry,
  AuditVerification,
  LifecycleStage,
  ServiceAdmin,
  ServiceListQuery,
  SocialService,
  SocialServiceDetails,
  SocialServiceList,
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
}
