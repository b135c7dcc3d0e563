import type { RiskAssessment } from './risk';
import type { RecordProblem, RiskRating, SocialPlatform } from './types';

/**
 * Where a request for a new social service stands.
 *
 * @public
 */
export const SERVICE_REQUEST_STATUSES = [
  'draft',
  'submitted',
  'changes-requested',
  'approved',
  'rejected',
  'withdrawn',
  'provisioned',
] as const;

/** @public */
export type ServiceRequestStatus = (typeof SERVICE_REQUEST_STATUSES)[number];

/**
 * What an approver may decide.
 *
 * @public
 */
export const REQUEST_DECISIONS = [
  'approve',
  'reject',
  'request-changes',
] as const;

/** @public */
export type RequestDecision = (typeof REQUEST_DECISIONS)[number];

/**
 * The short risk questionnaire of a request.
 *
 * @public
 */
export interface RequestQuestionnaire {
  /** The account will publish regulated content (financial promotions, health claims, …). */
  regulatedContent: boolean;
  /** The account will speak for the whole brand. */
  brandLevel: boolean;
  /** Followers expected within a year. */
  expectedAudience: number;
  /** Who will post, e.g. "the social media team and an agency". */
  whoPosts: string;
  /** Third-party tools that will connect to the account. */
  thirdPartyTools: string[];
}

/**
 * What a business team asks for.
 *
 * @public
 */
export interface ServiceRequestFields {
  platform: SocialPlatform;
  name: string;
  handle: string;
  profileUrl?: string;
  purpose: string;
  /** Who the account is for, e.g. "job seekers in France". */
  audience: string;
  regions: string[];
  /** The business unit the service will serve. */
  businessUnit: string;
  /** Entity ref of the team asking (a catalog Group). */
  requestingTeam: string;
  /** Entity ref of the Group that will own the service. */
  ownerGroup: string;
  /** Entity ref of the User who will own the service. */
  serviceOwner: string;
  /** When the team would like the account to go live (ISO 8601 date). */
  targetDate: string;
  questionnaire: RequestQuestionnaire;
}

/**
 * One approval a request needs: from a member of one of `groups`.
 *
 * @public
 */
export interface RequiredApproval {
  /** `service-management` or `security`. */
  role: string;
  title: string;
  groups: string[];
  /** Why this approval is needed. */
  reason: string;
  /** Set once someone approved it. */
  approvedBy?: string;
  approvedAt?: string;
}

/**
 * One step of a request's timeline.
 *
 * @public
 */
export interface ServiceRequestStep {
  /** e.g. `create`, `submit`, `approve`, `reject`, `request-changes`, `update`, `withdraw`, `provision`. */
  action: string;
  actor: string;
  at: string;
  from?: ServiceRequestStatus;
  to: ServiceRequestStatus;
  comment?: string;
}

/**
 * What the risk model predicts for a requested service, and what it will need before it may
 * enter operation.
 *
 * @public
 */
export interface RequestPrediction {
  /** The rating once live with the controls operation requires. */
  rating: RiskRating;
  assessment: RiskAssessment;
  /** What the service will need before it may enter operation, in words. */
  requirements: string[];
}

/**
 * A request for a new social service.
 *
 * @public
 */
export interface ServiceRequest extends ServiceRequestFields {
  id: number;
  status: ServiceRequestStatus;
  /** Entity ref of the person who filed it. */
  requester: string;
  prediction: RequestPrediction;
  approvals: RequiredApproval[];
  /** The service it became, once provisioned. */
  serviceId?: string;
  steps: ServiceRequestStep[];
  createdAt: string;
  updatedAt: string;
  /** Increases with every step; a step must name the version it was based on. */
  version: number;
  /**
   * Stored values the catalogue never writes (a change made in the database outside it), each
   * with what is shown instead; absent on a sound record. Such a request is not decided,
   * submitted or withdrawn until it is put right.
   */
  recordProblems?: RecordProblem[];
}
