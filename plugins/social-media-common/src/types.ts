import type { RiskAssessment, RiskFactor } from './risk';

/**
 * The platforms a social media service can run on.
 *
 * @public
 */
export const SOCIAL_PLATFORMS = [
  'x',
  'facebook',
  'instagram',
  'linkedin',
  'youtube',
  'tiktok',
  'mastodon',
  'threads',
  'bluesky',
  'blog',
  'other',
] as const;

/** @public */
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

/**
 * Display names of the platforms.
 *
 * @public
 */
export const PLATFORM_TITLES: Record<SocialPlatform, string> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  mastodon: 'Mastodon',
  threads: 'Threads',
  bluesky: 'Bluesky',
  blog: 'Blog',
  other: 'Other',
};

/**
 * ITIL service lifecycle stages a social media service moves through.
 *
 * @public
 */
export const LIFECYCLE_STAGES = [
  'strategy',
  'design',
  'transition',
  'operation',
  'improvement',
  'retired',
] as const;

/** @public */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/**
 * Display names of the lifecycle stages.
 *
 * @public
 */
export const LIFECYCLE_STAGE_TITLES: Record<LifecycleStage, string> = {
  strategy: 'Strategy',
  design: 'Design',
  transition: 'Transition',
  operation: 'Operation',
  improvement: 'Continual improvement',
  retired: 'Retired',
};

/** @public */
export const RISK_RATINGS = ['low', 'medium', 'high', 'critical'] as const;

/** @public */
export type RiskRating = (typeof RISK_RATINGS)[number];

/**
 * Values the catalogue's risk filter takes: the ratings, and `unrated` for services not rated
 * yet.
 *
 * @public
 */
export const RISK_RATING_FILTERS = [...RISK_RATINGS, 'unrated'] as const;

/** @public */
export type RiskRatingFilter = (typeof RISK_RATING_FILTERS)[number];

/**
 * What became of the account at the end of its life.
 *
 * @public
 */
export const ACCOUNT_STATUSES = ['active', 'archived', 'deleted'] as const;

/** @public */
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * The id of an ITSM tool a service can be mapped to: the id of the connector module that syncs
 * it (e.g. `servicenow`, `jira-service-management`, `pagerduty`). Which tools exist is up to the
 * installed connector modules (`GET /itsm/connectors`), not a fixed list.
 *
 * @public
 */
export type ItsmSystem = string;

/**
 * An installed ITSM connector as the backend describes it (`GET /itsm/connectors`): its id,
 * the tool's name, what a mapping reference looks like there and how incidents are linked to a
 * service in it.
 *
 * @public
 */
export interface ItsmConnectorInfo {
  /** The id services are mapped with (`itsm.system`). */
  id: ItsmSystem;
  /** The tool's name as people know it, e.g. `ServiceNow`. */
  displayName: string;
  reference: {
    /** What the reference is called in the tool, e.g. `Business service or CI`. */
    label: string;
    /** What to type and where to find it in the tool. */
    help: string;
    /** A reference as people would type it. */
    example: string;
    /** A regular expression (JavaScript syntax) the whole reference must match, when the tool has one. */
    pattern?: string;
  };
  /** How an incident is linked to a service in the tool, as a sentence for people. */
  incidentLinking: string;
  /**
   * Whether the connector, as installed, can export the services to the tool's CMDB
   * (`POST /itsm/connectors/{connectorId}/cmdb-export`; see {@link CmdbExportReport}).
   */
  cmdbExport: boolean;
}

/**
 * Where the incidents of a service are filed in the ITSM tool.
 *
 * @public
 */
export interface ItsmMapping {
  /** The id of an installed ITSM connector. */
  system: ItsmSystem;
  /**
   * The ITSM record, in the connector's own terms (e.g. a ServiceNow business service or CI, a
   * Jira Service Management project/component, a PagerDuty service id).
   */
  reference: string;
}

/**
 * How multi-factor authentication is done on an account, strongest first.
 *
 * @public
 */
export const MFA_METHODS = [
  'security-key',
  'authenticator-app',
  'platform-approval',
  'sms',
] as const;

/** @public */
export type MfaMethod = (typeof MFA_METHODS)[number];

/** @public */
export const MFA_METHOD_TITLES: Record<MfaMethod, string> = {
  'security-key': 'Security key',
  'authenticator-app': 'Authenticator app',
  'platform-approval': 'Approval in the platform app',
  sms: 'Text message (SMS)',
};

/**
 * A third-party app connected to the account (scheduling, analytics, social inbox, …).
 *
 * @public
 */
export interface ThirdPartyApp {
  name: string;
  /** What the app may do, as the platform names it, e.g. `publish`, `read_insights`. */
  scopes: string[];
  /** When someone last checked that the app and its scopes are still needed (ISO 8601). */
  lastReviewedAt?: string;
}

/**
 * Digital asset guardianship controls of an account, and the facts about its exposure that the
 * risk rating weighs. Only references to secrets are kept, never a secret itself.
 *
 * @public
 */
export interface GuardianshipControls {
  /** Multi-factor authentication is enforced on the account. */
  mfaEnabled: boolean;
  /** How MFA is done, when it is on. */
  mfaMethod?: MfaMethod;
  /** People sign in through the company's single sign-on (e.g. a business manager tied to SSO). */
  ssoEnabled: boolean;
  /** Where the credentials are kept, e.g. `vault://social/corp-x`; never the secret itself. */
  credentialVaultRef?: string;
  /** One login is shared between people instead of personal admin access. */
  sharedLogin: boolean;
  /** Third-party apps connected to the account. */
  thirdPartyApps: ThirdPartyApp[];
  /** Verified by the platform (verified badge, verified organisation). */
  verified: boolean;
  /** The recovery e-mail and phone belong to the company, not to a person. */
  recoveryOwnedByCompany: boolean;
  /** The account publishes regulated content (financial promotions, health claims, …). */
  regulatedContent: boolean;
  /** The account speaks for the whole brand rather than a team, product or region. */
  brandLevel: boolean;
  /**
   * When the admin list was last attested in an access review (ISO 8601). Set by access reviews
   * only; no form or import types it in.
   */
  lastAccessReviewAt?: string;
  /** Every person's access to the account has been revoked (needed to retire it). */
  accessRevoked: boolean;
  /** Whether the account is still active, archived or deleted on the platform. */
  accountStatus: AccountStatus;
}

/**
 * A social media presence run as a catalogued business service.
 *
 * @public
 */
export interface SocialService {
  /** Stable id: lowercase letters, digits and dashes; also the catalog entity name. */
  id: string;
  name: string;
  platform: SocialPlatform;
  handle: string;
  /** Public profile, https only. */
  profileUrl?: string;
  /** What the business uses the account for. */
  purpose: string;
  /** The business unit the service serves, e.g. Marketing EMEA. */
  businessUnit: string;
  /** Entity ref of the owning catalog Group, e.g. `group:default/marketing`. */
  ownerGroup: string;
  /** Entity ref of the named service owner, a catalog User. */
  serviceOwner?: string;
  /** Entity ref of the catalog User who asked for the service. */
  businessRequester?: string;
  /** Followers or subscribers, roughly. */
  audienceSize: number;
  tags: string[];
  lifecycleStage: LifecycleStage;
  controls: GuardianshipControls;
  itsm?: ItsmMapping;
  /** Computed by the risk engine from the controls, admins, reviews and incidents. */
  riskRating?: RiskRating;
  /** Admins and the service owner who are no longer Users in the catalog. */
  leaverCount: number;
  /** When the next access review of the admin list is due (ISO 8601). */
  accessReviewDueAt?: string;
  /** Incidents linked from the ITSM tool that are not resolved yet. */
  openIncidentCount: number;
  /** Whether the service meets the requirements of the stage it is in. */
  compliance: StageCompliance;
  /** People holding access to the account. */
  adminCount: number;
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; a change must name the version it was based on. */
  version: number;
  /**
   * Stored values the catalogue's rules do not allow, which only a change made in the database
   * outside the catalogue leaves: each with what is shown instead. Absent on a sound record.
   */
  recordProblems?: RecordProblem[];
}

/**
 * One stored value of a service that the catalogue did not write and cannot read as stored.
 *
 * @public
 */
export interface RecordProblem {
  /** The field, as the API names it (`tags`, `controls.mfaEnabled`, `lifecycleStage`). */
  field: string;
  /** What the database holds, as text (cut at 200 characters). */
  stored: string;
  /** What the catalogue shows and works with instead. */
  shownAs: string;
}

/** @public */
export const ADMIN_ROLES = ['owner', 'admin', 'editor', 'analyst'] as const;

/** @public */
export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * A person who holds access to the account on the platform.
 *
 * @public
 */
export interface ServiceAdmin {
  /** The login or display name on the platform. */
  account: string;
  /** The catalog User behind the account, when known. */
  userRef?: string;
  role: AdminRole;
  /** False when the person has left the organisation (no longer a User in the catalog). */
  inOrganisation: boolean;
  addedAt: string;
}

/**
 * One move of a service through its lifecycle.
 *
 * @public
 */
export interface LifecycleTransition {
  serviceId: string;
  from: LifecycleStage;
  to: LifecycleStage;
  /** Entity ref of who made the move. */
  actor: string;
  reason: string;
  at: string;
}

/**
 * Whether a service meets the requirements of its current lifecycle stage: the gate of the
 * stage and of the stages before it.
 *
 * @public
 */
export interface StageCompliance {
  stage: LifecycleStage;
  compliant: boolean;
  /** What the service lacks, in words; empty when compliant. */
  missing: string[];
}

/**
 * A person's sign-off of a service's risk assessment: who signed which rating, when, and why.
 *
 * @public
 */
export interface RiskSignOff {
  /** Entity ref of the service owner or security officer who signed. */
  signedBy: string;
  signedAt: string;
  /** The rating that was signed. */
  rating: RiskRating;
  note: string;
  /** True once the rating changed after the sign-off: it no longer covers the current rating. */
  stale: boolean;
}

/**
 * What a person signs off: the rating they saw and why they accept it.
 *
 * @public
 */
export interface RiskSignOffInput {
  /** The rating shown when signing; a sign-off of a rating that changed meanwhile is refused. */
  rating: RiskRating;
  note: string;
}

/**
 * A transition the service could make next, and what it still lacks.
 *
 * @public
 */
export interface TransitionOption {
  to: LifecycleStage;
  allowed: boolean;
  /** What the service still needs before it may move, in words. Empty when allowed. */
  missing: string[];
  /** Set when the lifecycle has no such move from the current stage, saying why. */
  notReachable?: string;
}

/**
 * A service with everything its page shows.
 *
 * @public
 */
export interface SocialServiceDetails extends SocialService {
  admins: ServiceAdmin[];
  transitions: LifecycleTransition[];
  nextTransitions: TransitionOption[];
  /** The current rating with every factor that made it; absent until first rated. */
  risk?: StoredRiskAssessment;
  accessReview: AccessReviewStatus;
  /** The people who left the organisation but still hold access (entity refs or accounts). */
  leavers: Leaver[];
  /** The latest sign-off of the risk assessment; absent when nobody signed one. */
  signOff?: RiskSignOff;
}

/**
 * A rating as the backend keeps it: the assessment and when it was made.
 *
 * @public
 */
export interface StoredRiskAssessment extends RiskAssessment {
  assessedAt: string;
}

/**
 * Someone who left the organisation (no longer a User in the catalog) yet still holds access.
 *
 * @public
 */
export interface Leaver {
  /** `admin` for a platform admin, `service-owner` for the named service owner. */
  role: 'admin' | 'service-owner';
  /** The catalog User that is gone. */
  userRef: string;
  /** The login on the platform, for admins. */
  account?: string;
}

/**
 * Where a service can stand with its access review.
 *
 * @public
 */
export const ACCESS_REVIEW_STATUSES = ['current', 'due', 'overdue'] as const;

/**
 * Where a service stands with its access review.
 *
 * @public
 */
export interface AccessReviewStatus {
  /**
   * `current` until `dueSoonDays` before the due date, then `due`, then `overdue`. A service
   * never reviewed is never `current`: its first review is `due` from the day it is catalogued.
   */
  status: 'current' | 'due' | 'overdue';
  /** When the last access review was recorded; absent when there never was one. */
  lastReviewedAt?: string;
  dueAt: string;
  /** Whole days past the due date; 0 unless overdue. */
  overdueDays: number;
  /** Days between reviews, from `socialMedia.guardianship.accessReviewIntervalDays`. */
  intervalDays: number;
}

/** @public */
export const ACCESS_REVIEW_DECISIONS = ['keep', 'remove'] as const;

/** @public */
export type AccessReviewDecision = (typeof ACCESS_REVIEW_DECISIONS)[number];

/**
 * An access review as the service owner submits it: one decision for every admin on the list.
 *
 * @public
 */
export interface AccessReviewInput {
  /** The version of the service the reviewer saw. */
  version: number;
  decisions: Array<{
    account: string;
    decision: AccessReviewDecision;
    /**
     * Why the person keeps access. Required when a person who left the organisation is kept
     * (see `leavers` on the service details); optional otherwise.
     */
    reason?: string;
  }>;
  note?: string;
}

/**
 * A completed access review.
 *
 * @public
 */
export interface AccessReview {
  id: number;
  serviceId: string;
  /** Entity ref of who attested the list. */
  reviewer: string;
  at: string;
  decisions: Array<{
    account: string;
    userRef?: string;
    decision: AccessReviewDecision;
    /** Why the person keeps (or loses) access, as the reviewer gave it. */
    reason?: string;
    /** True when the person had left the organisation at the time of the review. */
    leftOrganisation?: boolean;
  }>;
  note?: string;
  /** Stored values the catalogue never writes (changed outside it); absent on a sound record. */
  recordProblems?: RecordProblem[];
}

/**
 * A service in the list of access reviews that are due or overdue.
 *
 * @public
 */
export interface AccessReviewListItem {
  serviceId: string;
  name: string;
  platform: SocialPlatform;
  ownerGroup: string;
  serviceOwner?: string;
  riskRating?: RiskRating;
  review: AccessReviewStatus;
}

/**
 * One change of a service's rating, with the reasons for the new one.
 *
 * @public
 */
export interface RiskHistoryEntry {
  serviceId: string;
  rating: RiskRating;
  /** Absent for the first rating. */
  previousRating?: RiskRating;
  likelihoodLevel: number;
  impactLevel: number;
  /** The factors that raised the new rating, largest first. */
  reasons: RiskFactor[];
  /** What caused the change, e.g. `update`, `access-review`, `leaver-detection`, `schedule`. */
  trigger: string;
  at: string;
  /** Stored values the catalogue never writes (changed outside it); absent on a sound record. */
  recordProblems?: RecordProblem[];
}

/**
 * What the portfolio dashboard shows.
 *
 * @public
 */
export interface PortfolioDashboard {
  totalServices: number;
  /** Services per lifecycle stage and rating. */
  byStageAndRisk: Array<
    { stage: LifecycleStage } & Record<RiskRating | 'unrated', number>
  >;
  /** Services per rating at the end of each day of the window, oldest first. */
  riskTrend: Array<{ date: string } & Record<RiskRating, number>>;
  accessReviews: { current: number; due: number; overdue: number };
  /** Services that do not meet the requirements of the stage they are in. */
  outOfCompliance: number;
  /**
   * Services whose record, as last rated, holds values the catalogue did not write (changed in
   * the database outside it); each is also out of compliance.
   */
  changedOutside: number;
  /** Services with at least one person who left but still holds access. */
  servicesWithLeavers: number;
  /** The most overdue reviews first (at most 20). */
  overdueReviews: AccessReviewListItem[];
}

/**
 * What a run of the guardianship sweep (leaver detection and risk recomputation) did.
 *
 * @public
 */
export interface GuardianshipSweepResult {
  servicesChecked: number;
  /** People newly found gone from the catalog, and people back in it. */
  leaversFlagged: number;
  leaversCleared: number;
  ratingsChanged: number;
  /** Services whose record holds values their audit trail never set (changed in the database). */
  recordsChangedOutside: number;
  at: string;
}

/**
 * The kinds of record the audit trail covers.
 *
 * @public
 */
export type AuditEntityType =
  | 'service'
  | 'service-request'
  | 'service-handover'
  | 'audit-export'
  | 'itsm-export';

/**
 * One entry of the append-only, hash-chained audit trail.
 *
 * @public
 */
export interface AuditEntry {
  /** Position in the chain, starting at 1. */
  seq: number;
  entityType: AuditEntityType;
  entityId: string;
  /** e.g. `create`, `update`, `transition`, `update-admins`, `delete`, `import`. */
  action: string;
  /** Entity ref of who made the change. */
  actor: string;
  at: string;
  before?: unknown;
  after?: unknown;
  /** Hash of the previous entry (empty for the first). */
  prevHash: string;
  hash: string;
}

/**
 * Which entries of the audit trail to list or export; every field narrows the selection.
 *
 * @public
 */
export interface AuditLogFilter {
  /** Entries about this service: the service itself and its transfers and retirements. */
  serviceId?: string;
  /**
   * Entries about the services this group owns now (by the service's current owner group),
   * their transfers and retirements included.
   */
  group?: string;
  /** Entity ref of who made the change, exactly. */
  actor?: string;
  /** Any of these actions. */
  actions?: string[];
  /** From this time on (ISO 8601, inclusive). */
  from?: string;
  /** Up to this time (ISO 8601, inclusive). */
  to?: string;
}

/**
 * One page of the audit log, newest first.
 *
 * @public
 */
export interface AuditLogPage {
  items: AuditEntry[];
  /** The cursor of the next, older page (`before`); absent on the last page. */
  nextBefore?: number;
  /**
   * What people call the page's records, by `entityType:entityId`: a service's name (its last
   * recorded name once deleted), a request's proposed name, the service a transfer or retirement
   * is about. Records without one (exports) are not listed. Not part of the entries, whose
   * hashes it leaves alone.
   */
  names?: Record<string, string>;
}

/**
 * Result of verifying the audit trail's hash chain.
 *
 * @public
 */
export interface AuditVerification {
  /** True when the chain holds and no checkpoint contradicts it. */
  intact: boolean;
  /** Number of entries checked. */
  entries: number;
  /** The first entry that does not fit the chain, when broken. */
  firstBroken?: {
    seq: number;
    problem: 'edited' | 'missing' | 'reordered';
    message: string;
  };
  /** The keyed checkpoints of the end of the chain, and whether they still agree with it. */
  checkpoints: AuditCheckpointVerification;
}

/**
 * What verification found about the keyed checkpoints of the audit trail.
 *
 * @public
 */
export interface AuditCheckpointVerification {
  /**
   * False when no checkpoint key is configured: no checkpoints are written or checked, and the
   * chain alone does not notice history rewritten with recomputed hashes or entries cut off the
   * end together with the head.
   */
  configured: boolean;
  /** Number of checkpoints checked. */
  count: number;
  /** The newest checkpoint: the end of the chain it vouches for, and when. */
  newest?: { seq: number; at: string };
  /** The first checkpoint that fails, when one does. */
  firstBroken?: {
    /** Seq of the entry the checkpoint vouches for (0: the empty chain); absent for `missing`. */
    seq?: number;
    /** When the checkpoint was taken; absent for `missing`. */
    at?: string;
    /**
     * `forged`: its signature does not match (edited, or written without the key);
     * `diverged`: the entry at its seq is gone or has another hash (history rewritten);
     * `truncated`: the chain ends before it (the newest entries were removed);
     * `missing`: no checkpoint at all although a key is configured (they were deleted).
     */
    problem: 'forged' | 'diverged' | 'truncated' | 'missing';
    message: string;
  };
}

/**
 * Where the catalogue's data is kept, as the database itself says:
 *
 * - `server`: a database server (PostgreSQL), shared by every backend instance;
 * - `file`: a SQLite file on the backend's disk (`file`: its name, without the directory);
 * - `memory`: a SQLite database in memory, lost when the backend stops;
 * - `unknown`: the database could not tell.
 *
 * @public
 */
export type DatabaseStorage =
  | { kind: 'server' }
  | { kind: 'file'; file: string }
  | { kind: 'memory' }
  | { kind: 'unknown' };

/**
 * How the catalogue runs, as the backend reports it at `GET /api/social-media/status`: its
 * database, migrations and ITSM connectors. For administrators only
 * (`social-media.status.read`).
 *
 * @public
 */
export interface SocialMediaStatus {
  status: 'ready';
  database: {
    /** Knex client in use, e.g. `better-sqlite3` or `pg`. */
    client: string;
    /** Name of the newest migration applied to the plugin's database. */
    latestMigration: string;
    /** True when the database lives in memory (SQLite `:memory:`): it is gone after a restart. */
    inMemory: boolean;
    /** Where the data is kept, as the database itself says. */
    storage: DatabaseStorage;
  };
  services: {
    total: number;
    byStage: Record<LifecycleStage, number>;
  };
  /** Ids of the ITSM connectors installed as backend modules, e.g. `servicenow`. */
  connectors: string[];
}

/**
 * Fields the catalogue list can be sorted by.
 *
 * @public
 */
export const SERVICE_SORT_FIELDS = [
  'name',
  'platform',
  'ownerGroup',
  'lifecycleStage',
  'riskRating',
  'openIncidentCount',
  'audienceSize',
  'updatedAt',
] as const;

/** @public */
export type ServiceSortField = (typeof SERVICE_SORT_FIELDS)[number];

/**
 * Filters, sorting and paging of the catalogue list (`GET /services`).
 *
 * @public
 */
export interface ServiceListQuery {
  platform?: SocialPlatform[];
  ownerGroup?: string[];
  /** Only services whose named service owner is one of these Users (entity refs). */
  serviceOwner?: string[];
  lifecycleStage?: LifecycleStage[];
  /** Only services with these ratings; `unrated` for services not rated yet. */
  riskRating?: RiskRatingFilter[];
  /**
   * Only services (not retired) whose access review is current, due or overdue: the services
   * the dashboard counts under each.
   */
  accessReview?: Array<AccessReviewStatus['status']>;
  /** Only services with (true) or without (false) open incidents. */
  hasOpenIncidents?: boolean;
  /** Only services where someone who left still holds access (true), or none does (false). */
  hasLeavers?: boolean;
  /** Only services that meet the requirements of their stage (true), or do not (false). */
  compliant?: boolean;
  /**
   * Only services whose record, as last rated, holds values the catalogue did not write (true),
   * or holds none (false).
   */
  changedOutside?: boolean;
  /** Words to find in the name, handle, purpose or business unit. */
  search?: string;
  sort?: ServiceSortField;
  order?: 'asc' | 'desc';
  /** Page size, 1 to 200; default 50. */
  limit?: number;
  offset?: number;
  /**
   * The `nextAfter` of the previous page, read in the same sort and order: the page starts right
   * after that page's last service, and costs the same however deep it is. Not with `offset`.
   */
  after?: string;
}

/**
 * One page of the catalogue list.
 *
 * @public
 */
export interface SocialServiceList {
  items: SocialService[];
  /** Services matching the filters, over all pages. */
  totalCount: number;
  limit: number;
  /** The offset asked for; 0 for a page read `after` a cursor. */
  offset: number;
  /** The cursor of the next page (`after`); absent on the last page. */
  nextAfter?: string;
}

/**
 * The columns a CSV inventory may have, in the order the portal documents them. The backend
 * reads exactly these; the import page explains each.
 *
 * @public
 */
export const IMPORT_CSV_COLUMNS = [
  'name',
  'platform',
  'handle',
  'profileUrl',
  'purpose',
  'businessUnit',
  'ownerGroup',
  'serviceOwner',
  'businessRequester',
  'audienceSize',
  'tags',
  'lifecycleStage',
  'mfaEnabled',
  'mfaMethod',
  'ssoEnabled',
  'credentialVaultRef',
  'sharedLogin',
  'verified',
  'recoveryOwnedByCompany',
  'regulatedContent',
  'brandLevel',
  'accessRevoked',
  'accountStatus',
  'itsmSystem',
  'itsmReference',
  'id',
] as const;

/** @public */
export type ImportCsvColumn = (typeof IMPORT_CSV_COLUMNS)[number];

/**
 * A bulk import of an existing inventory.
 *
 * @public
 */
export interface ImportRequest {
  format: 'csv' | 'yaml';
  content: string;
  /** Check everything and report, but write nothing. */
  dryRun?: boolean;
}

/**
 * What a bulk import did or would do. An import is all-or-nothing: any problem and nothing is
 * written.
 *
 * @public
 */
export interface ImportReport {
  dryRun: boolean;
  /** True when every row is valid (and, unless a dry run, was written). */
  valid: boolean;
  /** Rows read from the file. */
  rows: number;
  /** Ids of the services created (or that would be created in a dry run). */
  created: string[];
  problems: Array<{
    /** 1-based row number (CSV: the header is row 1, so data starts at row 2). */
    row: number;
    field: string;
    message: string;
  }>;
  /**
   * Rows recorded (or, in a dry run, to be recorded) in a stage whose requirements they do not
   * meet: the inventory is taken as it is, and these services are marked out of compliance.
   */
  outOfCompliance: Array<{
    row: number;
    id: string;
    stage: LifecycleStage;
    missing: string[];
  }>;
}

/**
 * Annotations on the catalog entities that stand for social media services.
 *
 * @public
 */
export const SOCIAL_MEDIA_ANNOTATIONS = {
  /** Id of the service in the social media service catalogue. */
  serviceId: 'social-media.backstage.io/service-id',
  platform: 'social-media.backstage.io/platform',
  handle: 'social-media.backstage.io/handle',
  riskRating: 'social-media.backstage.io/risk-rating',
  /** ServiceNow CSDM life cycle stage and status, e.g. `Operational/In Use`. */
  csdmLifecycle: 'social-media.backstage.io/csdm-lifecycle',
  /** ITSM mapping, e.g. `servicenow:Corporate X account`. */
  itsm: 'social-media.backstage.io/itsm',
} as const;

/**
 * `spec.type` of the catalog Components that stand for social media services.
 *
 * @public
 */
export const SOCIAL_MEDIA_COMPONENT_TYPE = 'social-media';

/**
 * Events topic on which the backend announces changed services, so that the catalog projection
 * follows within seconds.
 *
 * @public
 */
export const SERVICE_CHANGED_TOPIC = 'social-media.service-changed';

/**
 * Payload of {@link SERVICE_CHANGED_TOPIC} events.
 *
 * @public
 */
export interface ServiceChangedEvent {
  serviceIds: string[];
  action: 'create' | 'update' | 'delete';
  /**
   * The created or updated services as they are after the change, when few changed at once, so
   * that the catalog projection need not read them back. Left out for deletions and for large
   * batches (an import, a sync), which the projection reads itself.
   */
  services?: SocialService[];
}

/**
 * What kind of incident someone reports from the portal. The security kinds raise the service's
 * risk rating once they are linked.
 *
 * @public
 */
export const INCIDENT_REPORT_CATEGORIES = [
  'account-takeover',
  'phishing',
  'impersonation',
  'unauthorised-post',
  'outage',
  'other',
] as const;

/** @public */
export type IncidentReportCategory =
  (typeof INCIDENT_REPORT_CATEGORIES)[number];

/** @public */
export const INCIDENT_REPORT_CATEGORY_LABELS: Record<
  IncidentReportCategory,
  string
> = {
  'account-takeover': 'Suspected account takeover',
  phishing: 'Phishing using the account or brand',
  impersonation: 'Impersonation of the account',
  'unauthorised-post': 'Unauthorised post',
  outage: 'Account locked or unavailable',
  other: 'Other',
};

/**
 * An incident someone reports on a service from the portal.
 *
 * @public
 */
export interface IncidentReport {
  title: string;
  /** What happened and when; the reporter and the service are added for the ITSM. */
  description: string;
  category: IncidentReportCategory;
}

/**
 * An incident linked to a service, as synced from the ITSM tool.
 *
 * @public
 */
export interface LinkedIncident {
  /** The ITSM connector it came from, e.g. `servicenow`. */
  connectorId: string;
  /** The ITSM's own id of the record (e.g. a ServiceNow sys_id). */
  externalId: string;
  /** e.g. INC0010023. */
  number: string;
  title: string;
  priority: string;
  state: string;
  category?: string;
  /** Not resolved or closed yet. */
  open: boolean;
  openedAt: string;
  resolvedAt?: string;
  updatedAt: string;
  /** Link to the record in the ITSM tool. */
  url: string;
}

/**
 * Where the incident sync of one ITSM connector stands.
 *
 * @public
 */
export interface ItsmSyncStatus {
  connectorId: string;
  lastRunAt?: string;
  /** End of the last run that reached the end of the changes. */
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  /**
   * End of the last full sync that reached the end; a full sync also removes the incidents the
   * ITSM no longer lists for the mapped services.
   */
  lastFullSyncAt?: string;
  /** Incidents stored by the last run. */
  incidentsLastRun: number;
  /** Services mapped to this ITSM. */
  mappedServices: number;
  /** Start of the run going on now, on this or another backend instance; absent when none is. */
  runningSince?: string;
}

/**
 * The guardianship facts of one service, as `GET /guardianship/facts` reads them for scorecards
 * (the Tech Insights fact retriever).
 *
 * @public
 */
export interface ServiceGuardianshipFacts {
  serviceId: string;
  lifecycleStage: LifecycleStage;
  mfaEnabled: boolean;
  /** A credential vault reference is recorded (never the secret itself). */
  credentialsInVault: boolean;
  sharedLogin: boolean;
  /** Time of the last access review; absent when the service was never reviewed. */
  lastAccessReviewAt?: string;
  /** Admins and the service owner who are no longer Users in the catalog. */
  leaverCount: number;
  /** Open incidents of every kind. */
  openIncidentCount: number;
  /** Open incidents that are security incidents (takeover, phishing, impersonation, …). */
  openSecurityIncidentCount: number;
  /** The service meets the requirements of its lifecycle stage and the stages before it. */
  stageCompliant: boolean;
  /** What the stage's requirements lack; empty when compliant. */
  stageMissing: string[];
  riskRating?: RiskRating;
  /** Likelihood level × impact level (1 to 16) of the risk assessment; absent when not rated. */
  riskScore?: number;
}

/**
 * One page of {@link ServiceGuardianshipFacts}, every service in id order.
 *
 * @public
 */
export interface ServiceGuardianshipFactsList {
  items: ServiceGuardianshipFacts[];
  totalCount: number;
  limit: number;
  /** The offset asked for; 0 for a page read `after` a cursor. */
  offset: number;
  /** The cursor of the next page (`after`); absent on the last page. */
  nextAfter?: string;
}
