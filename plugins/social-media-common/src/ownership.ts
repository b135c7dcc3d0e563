import type { RecordProblem } from './types';

/**
 * Why a service had no valid owner during a period: no owning group, no named service owner,
 * or a service owner whom leaver detection found gone from the organisation.
 *
 * @public
 */
export type OwnershipProblem =
  | 'no-owner-group'
  | 'no-service-owner'
  | 'service-owner-left';

/**
 * The change that started an ownership period: what it was, who made it and when, and the
 * request behind it with who approved it (a new-service request's approvers, or whoever
 * decided a transfer).
 *
 * @public
 */
export interface OwnershipChange {
  /** e.g. `create`, `import`, `update`, `transfer`, `leaver-detection`. */
  action: string;
  /** Entity ref of who made it; absent when the record does not say. */
  actor?: string;
  at: string;
  /** Position of the change in the audit trail. */
  auditSeq?: number;
  request?: {
    id: number;
    /** `request` for a new-service request, `transfer` for a transfer. */
    kind: string;
    requestedBy?: string;
    /** Entity refs of who approved or decided it. */
    approvedBy: string[];
  };
  /** Stored values the catalogue never writes (changed outside it); absent on a sound record. */
  recordProblems?: RecordProblem[];
}

/**
 * One stretch of time during which a service had the same owner group, service owner and
 * leaver status; a new one starts with every change of any of them.
 *
 * @public
 */
export interface OwnershipPeriod {
  serviceId: string;
  /** The service's name at the end of the period (or now). */
  serviceName: string;
  ownerGroup?: string;
  serviceOwner?: string;
  /** False when leaver detection found the service owner gone during this period. */
  serviceOwnerInOrganisation: boolean;
  from: string;
  /** Absent while it still holds. */
  to?: string;
  setBy: OwnershipChange;
  /** What ended it: the next change, or the deletion of the service. */
  endedBy?: { action: string; actor?: string; at: string };
  /** Empty when the service had a valid owner throughout. */
  problems: OwnershipProblem[];
}

/**
 * Who owned a service at a moment, and its whole ownership timeline.
 *
 * @public
 */
export interface ServiceOwnership {
  service: {
    id: string;
    name: string;
    /** When it was first catalogued (the start of its first period). */
    cataloguedAt: string;
    /** When it was deleted from the catalogue, if it was. */
    deletedAt?: string;
  };
  /** The moment asked about. */
  at: string;
  /**
   * The owner at that moment; `null` when the service was not catalogued then (before it was
   * created, or after it was deleted).
   */
  owner: {
    ownerGroup?: string;
    serviceOwner?: string;
    /** Since when this owner group and service owner held it. */
    since: string;
    /** The change that gave them the service. */
    setBy: OwnershipChange;
    /** The period the moment falls in. */
    period: OwnershipPeriod;
  } | null;
  /** Every period, oldest first. */
  timeline: OwnershipPeriod[];
}

/**
 * One service in an ownership report, with the stretches during which the group or person
 * owned it in the period asked about.
 *
 * @public
 */
export interface OwnershipReportItem {
  serviceId: string;
  serviceName: string;
  /** Its stage now; absent when it was deleted. */
  lifecycleStage?: string;
  /** When it was deleted from the catalogue, if it was. */
  deletedAt?: string;
  /** Who owns it now, when someone else does (transferred away). */
  ownerGroupNow?: string;
  serviceOwnerNow?: string;
  periods: OwnershipReportPeriod[];
}

/**
 * A stretch of time during which the group or person owned a service, contiguous periods merged.
 *
 * @public
 */
export interface OwnershipReportPeriod {
  from: string;
  to?: string;
  /** Owner groups and service owners during the stretch, in order. */
  ownerGroups: string[];
  serviceOwners: string[];
  setBy: OwnershipChange;
  endedBy?: { action: string; actor?: string; at: string };
  /** Parts of the stretch without a valid owner. */
  withoutValidOwner: Array<{
    from: string;
    to?: string;
    problems: OwnershipProblem[];
  }>;
}

/**
 * Every service a group (as owner group) or a person (as service owner) owned in a period.
 *
 * @public
 */
export interface OwnershipReport {
  group?: string;
  person?: string;
  from: string;
  to: string;
  items: OwnershipReportItem[];
}
