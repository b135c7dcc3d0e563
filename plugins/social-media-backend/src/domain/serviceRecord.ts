import {
  AuditEntry,
  GuardianshipControls,
  LIFECYCLE_STAGES,
  LifecycleStage,
  LifecycleTransition,
  Leaver,
  evaluateStageCompliance,
  nextTransitions,
  RISK_RATINGS,
  RecordProblem,
  RiskRating,
  RiskSignOff,
  ServiceAdmin,
  SocialService,
  SocialServiceDetails,
  SOCIAL_PLATFORMS,
} from '@internal/plugin-social-media-common';
import type { StoredSignOff } from '../stores/guardianship/signOffs';
import { accessReviewStatus, GuardianshipPolicy } from './guardianship';
import { DEFAULT_CONTROLS } from './defaultControls';
import { RecordReader, withDamage } from './storedRecord';
import {
  disagreementsWithTrail,
  problemsFromTrailCheck,
  serviceAsTrailed,
  trailCheckColumn,
  withTrailedValues,
} from './trailRecord';

/** A row of `social_services` as knex returns it from SQLite or PostgreSQL. */
export interface ServiceRow {
  id: string;
  name: string;
  platform: string;
  handle: string;
  profile_url: string | null;
  purpose: string;
  business_unit: string;
  owner_group: string;
  service_owner: string | null;
  business_requester: string | null;
  audience_size: number | string;
  tags: string;
  controls: string;
  itsm_system: string | null;
  itsm_reference: string | null;
  lifecycle_stage: string;
  risk_rating: string | null;
  open_incident_count: number | string;
  admin_count: number | string;
  version: number | string;
  created_at: Date | string | number;
  updated_at: Date | string | number;
  sort_name: string;
  stage_rank: number;
  risk_rank: number | null;
  search_text: string;
  risk_json: string | null;
  risk_assessed_at: string | null;
  leaver_count: number | string;
  service_owner_in_organisation: boolean | number;
  access_review_due_at: string | null;
  out_of_compliance?: boolean | number | null;
  /** Whether the record, as last rated, holds values the catalogue did not write. */
  changed_outside?: boolean | number;
  access_reviewed_at?: string | null;
  /** What the last guardianship sweep found against the audit trail ({@link trailCheckColumn}). */
  trail_check?: string | null;
}

/** Fields of a service that people set; the rest is kept by the catalogue itself. */
export type ServiceFields = Omit<
  SocialService,
  | 'id'
  | 'lifecycleStage'
  | 'riskRating'
  | 'leaverCount'
  | 'accessReviewDueAt'
  | 'openIncidentCount'
  | 'compliance'
  | 'adminCount'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
>;

export function rowToService(row: ServiceRow): SocialService {
  const read = new RecordReader();
  // Dates that events set are kept in their own columns, never in what people type; records
  // from before may still carry typed ones, which are not shown.
  const {
    lastAccessReviewAt: _typedReview,
    riskAssessedAt: _typedAssessment,
    ...stored
  } = read.controls(row.controls, DEFAULT_CONTROLS);
  const lastAccessReviewAt = read.optionalTime(
    'controls.lastAccessReviewAt',
    row.access_reviewed_at,
  );
  const controls: GuardianshipControls = {
    ...DEFAULT_CONTROLS,
    ...stored,
    ...(lastAccessReviewAt ? { lastAccessReviewAt } : {}),
  };
  const riskRating = row.risk_rating
    ? read.oneOf('riskRating', row.risk_rating, RISK_RATINGS, undefined)
    : undefined;
  const accessReviewDueAt = read.optionalTime(
    'accessReviewDueAt',
    row.access_review_due_at,
  );
  const service: Omit<SocialService, 'compliance'> = {
    id: row.id,
    name: row.name,
    platform: read.oneOf('platform', row.platform, SOCIAL_PLATFORMS, 'other'),
    handle: row.handle,
    ...(row.profile_url ? { profileUrl: row.profile_url } : {}),
    purpose: row.purpose,
    businessUnit: row.business_unit,
    ownerGroup: row.owner_group,
    ...(row.service_owner ? { serviceOwner: row.service_owner } : {}),
    ...(row.business_requester
      ? { businessRequester: row.business_requester }
      : {}),
    audienceSize: read.count('audienceSize', row.audience_size),
    tags: read.tags(row.tags),
    lifecycleStage: read.oneOf(
      'lifecycleStage',
      row.lifecycle_stage,
      LIFECYCLE_STAGES,
      'strategy',
    ),
    controls,
    ...(row.itsm_system && row.itsm_reference
      ? {
          itsm: {
            system: row.itsm_system as NonNullable<
              SocialService['itsm']
            >['system'],
            reference: row.itsm_reference,
          },
        }
      : {}),
    ...(riskRating ? { riskRating } : {}),
    leaverCount: read.count('leaverCount', row.leaver_count ?? 0),
    ...(accessReviewDueAt ? { accessReviewDueAt } : {}),
    openIncidentCount: read.count('openIncidentCount', row.open_incident_count),
    adminCount: read.count('adminCount', row.admin_count),
    createdAt: read.time('createdAt', row.created_at),
    updatedAt: read.time('updatedAt', row.updated_at),
    version: read.version(row.version),
  };
  // Values the last sweep found its audit trail never set, unless already unreadable as stored.
  const untrailed = problemsFromTrailCheck(
    service,
    row.trail_check,
    new Set(read.problems.map(p => p.field)),
  );
  // Worked out from the record as it is, so that it always agrees with what the page shows; the
  // stored flag (written with the rating) is what lists filter and count by.
  return withProblems(
    { ...service, compliance: evaluateStageCompliance(service) },
    [...read.problems, ...untrailed],
  );
}

/**
 * A service with the stored values it could not read as stored. A record changed outside the
 * catalogue meets no stage's requirements until it is put right.
 */
function withProblems<T extends SocialService>(
  service: T,
  problems: RecordProblem[],
): T {
  if (problems.length === 0) return service;
  const recordProblems = [...(service.recordProblems ?? []), ...problems];
  return {
    ...service,
    compliance: withDamage(service.compliance, recordProblems),
    recordProblems,
  };
}

/**
 * A service with the values its audit trail (newest first, read after the record) never set
 * listed among its record problems; a value already listed as unreadable is not listed again.
 */
export function checkedAgainstTrail<T extends SocialService>(
  service: T,
  trail: readonly AuditEntry[],
): T {
  const untrailed = disagreementsWithTrail(
    service,
    serviceAsTrailed([...trail].reverse(), service.version),
    new Set(service.recordProblems?.map(p => p.field)),
  );
  return withProblems(service, untrailed);
}

/**
 * What the guardianship sweep keeps of a record checked against its audit trail (newest first):
 * the `trail_check` column, null when they agree. Values unreadable as stored are listed as such
 * already and are not checked.
 */
export function trailCheckOf(
  row: ServiceRow,
  trail: readonly AuditEntry[],
): string | null {
  const service = rowToService({ ...row, trail_check: null });
  return trailCheckColumn(
    service,
    serviceAsTrailed([...trail].reverse(), service.version),
    new Set(service.recordProblems?.map(p => p.field)),
  );
}

/**
 * The service with the values its trail set where the last sweep found them stored otherwise
 * (the `trail_check` column), for the rating to weigh; undefined when it found none.
 */
export function trailedServiceOf(row: ServiceRow): SocialService | undefined {
  if (!row.trail_check) return undefined;
  const service = rowToService({ ...row, trail_check: null });
  return withTrailedValues(
    service,
    row.trail_check,
    new Set(service.recordProblems?.map(p => p.field)),
  );
}

/** Whether the record's owner group and service owner are stored as the catalogue wrote them. */
export function ownersAreReadable(service: SocialService): boolean {
  return !service.recordProblems?.some(
    p => p.field === 'ownerGroup' || p.field === 'serviceOwner',
  );
}

/** Whether the record's lifecycle stage is stored as the catalogue wrote it. */
export function stageIsReadable(service: SocialService): boolean {
  return !service.recordProblems?.some(p => p.field === 'lifecycleStage');
}

/** The controls people set, without the dates that events record. */
function withoutEventDates(controls: GuardianshipControls) {
  const { lastAccessReviewAt: _lastReview, ...set } = controls;
  return set;
}

/** Columns for the fields people set, with the derived sorting and search columns. */
export function fieldsToColumns(fields: ServiceFields) {
  return {
    name: fields.name,
    platform: fields.platform,
    handle: fields.handle,
    profile_url: fields.profileUrl ?? null,
    purpose: fields.purpose,
    business_unit: fields.businessUnit,
    owner_group: fields.ownerGroup,
    service_owner: fields.serviceOwner ?? null,
    business_requester: fields.businessRequester ?? null,
    audience_size: fields.audienceSize,
    tags: JSON.stringify(fields.tags),
    controls: JSON.stringify(withoutEventDates(fields.controls)),
    itsm_system: fields.itsm?.system ?? null,
    itsm_reference: fields.itsm?.reference ?? null,
    sort_name: fields.name.toLowerCase().slice(0, 200),
    search_text: [
      fields.name,
      fields.handle,
      fields.purpose,
      fields.businessUnit,
    ]
      .join(' ')
      .toLowerCase(),
  };
}

export function stageRank(stage: LifecycleStage): number {
  return LIFECYCLE_STAGES.indexOf(stage) + 1;
}

export function riskRank(rating: RiskRating | undefined): number | null {
  return rating ? RISK_RATINGS.indexOf(rating) + 1 : null;
}

/**
 * The snapshot of a service the audit trail keeps: what people set and the stage. Derived values
 * (rating, counts, due dates) are left out; the risk history keeps the ratings.
 */
export function auditSnapshot(service: SocialService) {
  const {
    openIncidentCount: _openIncidentCount,
    adminCount: _adminCount,
    createdAt: _createdAt,
    riskRating: _riskRating,
    leaverCount: _leaverCount,
    accessReviewDueAt: _accessReviewDueAt,
    compliance: _compliance,
    recordProblems: _recordProblems,
    ...rest
  } = service;
  return rest;
}

/** A row of `social_service_admins`. */
export interface AdminRow {
  id?: number;
  service_id?: string;
  account: string;
  user_ref: string | null;
  role: string;
  in_organisation: boolean | number;
  added_at: string;
}

export function rowToAdmin(row: AdminRow): ServiceAdmin {
  return {
    account: row.account,
    ...(row.user_ref ? { userRef: row.user_ref } : {}),
    role: row.role as ServiceAdmin['role'],
    inOrganisation: Boolean(row.in_organisation),
    addedAt: row.added_at,
  };
}

/** A row of `social_service_transitions`. */
export interface TransitionRow {
  service_id: string;
  from_stage: string;
  to_stage: string;
  actor: string;
  reason: string;
  at: string;
}

export function rowToTransition(row: TransitionRow): LifecycleTransition {
  return {
    serviceId: row.service_id,
    from: row.from_stage as LifecycleStage,
    to: row.to_stage as LifecycleStage,
    actor: row.actor,
    reason: row.reason,
    at: row.at,
  };
}

/** Everything the service page shows, as it is stored. */
export interface StoredServiceParts {
  row: ServiceRow;
  admins: AdminRow[];
  transitions: TransitionRow[];
  /** The latest sign-off of the risk assessment, if any. */
  signOff?: StoredSignOff;
}

/**
 * The service page's view of a service: the record, its admins and moves, the people who left
 * but hold access, the explained rating, where its access review stands at `now`, and the moves
 * it can make next.
 */
export function toServiceDetails(
  parts: StoredServiceParts,
  now: Date,
  policy: GuardianshipPolicy,
  /**
   * The service's audit entries, newest first, read after the record (so that none is missing
   * for it), which the record is checked against.
   */
  trail: readonly AuditEntry[] = [],
): SocialServiceDetails {
  const { row } = parts;
  const record = rowToService(row);
  // The explained rating is read on the service page alone (lists leave its column out).
  const read = new RecordReader();
  const risk = read.risk(row.risk_json);
  const service = withProblems(
    checkedAgainstTrail(record, trail),
    read.problems,
  );
  const admins = parts.admins.map(rowToAdmin);
  const leavers: Leaver[] = admins
    .filter(a => !a.inOrganisation && a.userRef)
    .map(a => ({ role: 'admin', userRef: a.userRef!, account: a.account }));
  if (service.serviceOwner && !row.service_owner_in_organisation) {
    leavers.unshift({ role: 'service-owner', userRef: service.serviceOwner });
  }
  return {
    ...service,
    ...(risk
      ? {
          risk: {
            ...risk,
            assessedAt: row.risk_assessed_at ?? service.updatedAt,
          },
        }
      : {}),
    accessReview: accessReviewStatus(service, now, policy),
    leavers,
    admins,
    transitions: parts.transitions.map(rowToTransition),
    // From a stage the catalogue did not write, no move is offered (nor taken).
    nextTransitions: stageIsReadable(service) ? nextTransitions(service) : [],
    ...(parts.signOff ? { signOff: toSignOff(parts.signOff, service) } : {}),
  };
}

function toSignOff(stored: StoredSignOff, service: SocialService): RiskSignOff {
  return {
    signedBy: stored.signed_by,
    signedAt: stored.signed_at,
    rating: stored.rating as RiskRating,
    note: stored.note,
    stale: stored.ratingChangedSince || stored.rating !== service.riskRating,
  };
}
