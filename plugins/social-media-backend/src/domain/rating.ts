import {
  assessRisk,
  evaluateStageCompliance,
  RiskAssessment,
  RiskModelConfig,
  RiskRating,
  StageCompliance,
} from '@internal/plugin-social-media-common';
import {
  accessReviewDueAt,
  GuardianshipPolicy,
  RatedService,
  RiskFacts,
  riskInputFor,
} from './guardianship';
import { withDamage } from './storedRecord';

/** A rating worked out from what is stored now. */
export interface Rating {
  assessment: RiskAssessment;
  /** The assessment as stored; equal text means an equal assessment. */
  riskJson: string;
  accessReviewDueAt: string;
  /** Whether the service, so rated, meets the requirements of its stage. */
  compliance: StageCompliance;
  /** Whether its record holds values the catalogue did not write (its record problems). */
  changedOutside: boolean;
}

/** Whether an assessment weighs more risk than another: a higher product, then higher scores. */
function riskier(a: RiskAssessment, b: RiskAssessment): boolean {
  if (a.product !== b.product) return a.product > b.product;
  return (
    a.likelihood.score + a.impact.score > b.likelihood.score + b.impact.score
  );
}

/**
 * Rates a service from its record and the facts around it. With `asTrailed` (the record with the
 * values its audit trail set where the stored ones differ: changed outside the catalogue), the
 * riskier of the two assessments stands, so that a record changed in the database is never
 * rated lower than what the catalogue wrote would be.
 */
export function rateService(
  service: RatedService,
  facts: RiskFacts,
  policy: GuardianshipPolicy,
  model: RiskModelConfig,
  asTrailed?: RatedService,
): Rating {
  const stored = assessRisk(riskInputFor(service, facts, policy), model);
  const trailed =
    asTrailed && assessRisk(riskInputFor(asTrailed, facts, policy), model);
  const assessment = trailed && riskier(trailed, stored) ? trailed : stored;
  return {
    assessment,
    riskJson: JSON.stringify(assessment),
    accessReviewDueAt: accessReviewDueAt(service, policy),
    compliance: withDamage(
      evaluateStageCompliance({
        ...service,
        leaverCount: facts.leaverCount,
        riskRating: assessment.rating,
      }),
      service.recordProblems,
    ),
    changedOutside: Boolean(service.recordProblems?.length),
  };
}

/** What a service holds of its last rating. */
export interface StoredRating {
  riskJson: string | null;
  riskRating: RiskRating | null;
  accessReviewDueAt: string | null;
  /** Null until first worked out (a record kept from before stage compliance was tracked). */
  outOfCompliance: boolean | null;
  changedOutside: boolean;
  openIncidentCount: number;
}

/**
 * What to write after rating a service again:
 * - `unchanged`: nothing;
 * - `counts`: only the open-incident count moved;
 * - `rating`: the assessment or the review due date moved; `ratingChanged` when the rating
 *   itself (low … critical) moved, which the risk history records.
 * Ratings are derived, so none of these counts as an edit of the service.
 */
export type RerateDecision =
  | { kind: 'unchanged' }
  | { kind: 'counts' }
  | { kind: 'rating'; ratingChanged: boolean };

export function decideRerating(
  stored: StoredRating,
  next: Rating,
  openIncidents: number,
): RerateDecision {
  const sameAssessment =
    next.riskJson === stored.riskJson &&
    next.accessReviewDueAt === stored.accessReviewDueAt &&
    !next.compliance.compliant === stored.outOfCompliance &&
    next.changedOutside === stored.changedOutside;
  if (sameAssessment) {
    return openIncidents === stored.openIncidentCount
      ? { kind: 'unchanged' }
      : { kind: 'counts' };
  }
  return {
    kind: 'rating',
    ratingChanged: next.assessment.rating !== stored.riskRating,
  };
}

/** The rating of a service just catalogued: no admins, leavers or incidents yet. */
export function rateNewService(
  service: Omit<RatedService, 'adminCount'>,
  now: Date,
  policy: GuardianshipPolicy,
  model: RiskModelConfig,
): Rating {
  return rateService(
    { ...service, adminCount: 0 },
    { leaverCount: 0, recentSecurityIncidents: 0, now },
    policy,
    model,
  );
}
