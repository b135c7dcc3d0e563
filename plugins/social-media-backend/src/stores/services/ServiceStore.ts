import {
  LifecycleStage,
  ServiceAdmin,
  ServiceListQuery,
  SocialService,
  SocialServiceList,
  ValidSocialServiceInput,
} from '@internal/plugin-social-media-common';
import {
  ItsmExportService,
  SocialServicePermissionResource,
} from '@internal/plugin-social-media-node';
import { AccessReviewWindow } from '../../domain/accessReview';
import { IdPageQuery } from '../../domain/listQuery';
import {
  AdminRow,
  ServiceRow,
  StoredServiceParts,
  TransitionRow,
} from '../../domain/serviceRecord';

/** Who made a change, for the audit trail (an entity ref). */
export type Actor = string;

/** A new service with its id settled. */
export type NewService = ValidSocialServiceInput & { id: string };

/** Who owns a service as its record stores it, and the version of the record read. */
export type StoredOwners = SocialServicePermissionResource & {
  version: number;
};

/** An admin as the catalogue records it; `inOrganisation` is decided by the caller. */
export type AdminRecord = Omit<ServiceAdmin, 'addedAt'>;

/** What the store reports about itself and the portfolio it holds. */
export interface StoreStatus {
  client: string;
  latestMigration: string;
  /** The database lives in memory (SQLite `:memory:`) and is gone after a restart. */
  inMemory: boolean;
  servicesByStage: Record<LifecycleStage, number>;
}

/** A service mapped to an ITSM record, for a connector. */
export interface ItsmMappingRecord {
  serviceId: string;
  itsmReference: string;
  lifecycleStage: LifecycleStage;
}

/** A service as an export to an ITSM's CMDB reads it, with its current ITSM mapping. */
export interface ExportableService extends ItsmExportService {
  itsm?: { system: string; reference: string };
}

/** A problem found while checking an import against the catalogue. */
export interface ImportCollision {
  row: number;
  field: 'id' | 'handle';
  message: string;
}

/**
 * Reads of the service records: the catalogue list, one service with its admins and moves,
 * and the small facts that routes and permission rules need. Owns "not found".
 */
export interface ServiceStore {
  /** Runs a trivial query; throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Database client, newest applied migration and service counts per lifecycle stage. */
  getStatus(): Promise<StoreStatus>;
  /**
   * One page of services matching the query. A query that filters by access review status
   * needs the window of the statuses at the moment of the query.
   */
  listServices(
    query: ServiceListQuery,
    reviewWindow?: AccessReviewWindow,
  ): Promise<SocialServiceList>;
  /**
   * One page of every service's row in id order, with its risk explanation, for the guardianship
   * facts that scorecards read; `more` when another page follows.
   */
  listGuardianshipRows(
    page: IdPageQuery,
  ): Promise<{ rows: ServiceRow[]; totalCount: number; more: boolean }>;
  /**
   * Who owns the services with these ids as stored, with the version of the record read
   * (unknown ids are left out). Reads four columns, not the record.
   */
  getPermissionResources(ids: string[]): Promise<StoredOwners[]>;
  /** Who owns one service; `NotFoundError` when there is no such service. */
  requirePermissionResource(
    id: string,
  ): Promise<SocialServicePermissionResource>;
  /** The record with its admins and lifecycle moves; `NotFoundError` when there is none. */
  getServiceParts(id: string): Promise<StoredServiceParts>;
  /** The record alone; `NotFoundError` when there is none. */
  getService(id: string): Promise<SocialService>;
  /** How many services there are. */
  countServices(): Promise<number>;
  /** The ids of every service, in order. */
  listServiceIds(): Promise<string[]>;
  /** Every User ref named as an admin or a service owner, lowercased. */
  listPeopleRefs(): Promise<string[]>;
  /**
   * The id of another service already cataloguing this platform account (whatever the case of
   * the handle), if any.
   */
  findAccountHolder(service: {
    id: string;
    platform: string;
    handle: string;
  }): Promise<string | undefined>;
  /** Existing ids and platform accounts an import would collide with. */
  findImportCollisions(
    services: Array<{ row: number; input: NewService }>,
  ): Promise<ImportCollision[]>;
  /** The services mapped to an ITSM (`itsm.system`), for its connector. */
  listItsmMappings(system: string): Promise<ItsmMappingRecord[]>;
  /** How many services are mapped to each of these ITSMs. */
  countItsmMappings(systems: string[]): Promise<Map<string, number>>;
  /** Every service, by id, with what an export to an ITSM's CMDB needs. */
  listExportableServices(): Promise<ExportableService[]>;
}

/**
 * Writes of the service records, only ever made inside a unit of work (see
 * `changes/ServiceWritePath`), which adds the rating, the audit entry and the announcement.
 */
export interface ServiceWrites extends ServiceStore {
  /**
   * Locks the rows of these services for the rest of the transaction (PostgreSQL; SQLite
   * writes one transaction at a time) in id order, so that writers never wait on each other in
   * a circle, and returns them. Unknown ids are left out.
   */
  lockRows(ids: string[]): Promise<ServiceRow[]>;
  /**
   * Which of these services exist, each kept from being deleted (not from being changed) until
   * the transaction ends.
   */
  keepRows(ids: string[]): Promise<string[]>;
  insertRows(rows: ServiceRow[]): Promise<void>;
  updateRow(id: string, columns: Partial<ServiceRow>): Promise<void>;
  deleteRow(id: string): Promise<void>;
  listAdmins(id: string): Promise<AdminRow[]>;
  /** Replaces the admin list; people already on it keep the date they were first recorded. */
  replaceAdmins(id: string, admins: AdminRecord[], at: string): Promise<void>;
  /** Removes the admins with these lowercased accounts. */
  removeAdmins(id: string, accountKeys: string[]): Promise<void>;
  /** The lifecycle moves of a service, oldest first. */
  listTransitions(id: string): Promise<TransitionRow[]>;
  addTransition(row: TransitionRow): Promise<void>;
}
