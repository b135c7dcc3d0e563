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

/** Rates a service from its record and the facts around it. */
export function rateService(
  service: RatedService,
  facts: RiskFacts,
  policy: GuardianshipPolicy,
  model: RiskModelConfig,
): Rating {
  const assessment = assessRisk(riskInputFor(service, facts, policy), model);
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
