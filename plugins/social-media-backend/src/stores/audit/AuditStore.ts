import {
  AuditEntityType,
  AuditEntry,
} from '@internal/plugin-social-media-common';
import { ChainVerification } from '../../domain/auditChain';

/** An audit entry about to be appended. */
export interface PendingAuditEntry {
  entityType: AuditEntityType;
  entityId: string;
  /** What happened, e.g. `update`, `transition`, `access-review`. */
  action: string;
  /** Who did it (an entity ref). */
  actor: string;
  /** What the record held before; left out for creations. */
  before?: unknown;
  /** What it holds after; left out for deletions. */
  after?: unknown;
}

/** Reads of the append-only, hash-chained audit trail. */
export interface AuditStore {
  /** Every entry about one service, newest first (none for an unknown id). */
  getServiceHistory(serviceId: string): Promise<AuditEntry[]>;
  /** The entries of each of these services, newest first, by service id (none for unknown ids). */
  getServiceHistories(serviceIds: string[]): Promise<Map<string, AuditEntry[]>>;
  /**
   * Recomputes the whole hash chain and names the first entry that does not fit; the keyed
   * checkpoints are checked on top by `AuditCheckpoints`.
   */
  verify(): Promise<ChainVerification>;
  /** True until anything was ever written. */
  isEmpty(): Promise<boolean>;
}

/** Appends to the trail, only ever inside a unit of work, in the transaction of the change. */
export interface AuditWrites extends AuditStore {
  /** Appends the entries in order and returns the seq each got. */
  append(entries: PendingAuditEntry[], at: string): Promise<number[]>;
}
