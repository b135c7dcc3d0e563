import {
  assessRisk,
  RiskAssessment,
  RiskModelConfig,
  RiskRating,
} from '@internal/plugin-social-media-common';
import {
  accessReviewDueAt,
  GuardianshipPolicy,
  RiskFacts,
  riskInputFor,
} from './guardianship';

/** A rating worked out from what is stored now. */
export interface Rating {
  assessment: RiskAssessment;
  /** The assessment as stored; equal text means an equal assessment. */
  riskJson: string;
  accessReviewDueAt: string;
}

/** Rates a service from its record and the facts around it. */
export function rateService(
  service: Parameters<typeof riskInputFor>[0],
  facts: RiskFacts,
  policy: GuardianshipPolicy,
  model: RiskModelConfig,
): Rating {
  const assessment = assessRisk(riskInputFor(service, facts, policy), model);
  return {
    assessment,
    riskJson: JSON.stringify(assessment),
    accessReviewDueAt: accessReviewDueAt(service, policy),
  };
}

/** What a service holds of its last rating. */
export interface StoredRating {
  riskJson: string | null;
  riskRating: RiskRating | null;
  accessReviewDueAt: string | null;
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
    next.accessReviewDueAt === stored.accessReviewDueAt;
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
  service: Omit<Parameters<typeof riskInputFor>[0], 'adminCount'>,
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
