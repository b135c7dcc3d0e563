import type { Handover } from './handovers';
import type { OwnershipPeriod } from './ownership';
import type {
  AccessReview,
  AuditEntry,
  LifecycleStage,
  LifecycleTransition,
  LinkedIncident,
  RiskHistoryEntry,
  RiskRating,
  SocialPlatform,
} from './types';

/**
 * Everything an auditor needs about one service over a period, in one document: who owned it,
 * the requests and approvals behind its changes, its lifecycle moves, access reviews with each
 * decision, its risk rating history and its incidents.
 *
 * @public
 */
export interface ServiceEvidence {
  service: {
    id: string;
    name: string;
    platform: SocialPlatform;
    handle: string;
    lifecycleStage: LifecycleStage;
    ownerGroup: string;
    serviceOwner?: string;
    riskRating?: RiskRating;
  };
  /** The period covered (ISO 8601 times, inclusive). */
  period: { from: string; to: string };
  /** When the document was put together, and for whom. */
  generatedAt: string;
  generatedBy: string;
  /**
   * Who owned it: the ownership periods that overlap the period, oldest first, each with the
   * change that set it and the request behind it.
   */
  owners: OwnershipPeriod[];
  /** The request the service came from, when it was requested. */
  request?: { id: number; requestedBy?: string; approvedBy: string[] };
  /** Transfers and retirements filed during the period. */
  handovers: Handover[];
  moves: LifecycleTransition[];
  accessReviews: AccessReview[];
  riskHistory: RiskHistoryEntry[];
  incidents: LinkedIncident[];
  /** Every audit trail entry of the service in the period, oldest first. */
  auditEntries: AuditEntry[];
}
