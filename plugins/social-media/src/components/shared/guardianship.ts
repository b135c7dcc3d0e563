import type {
  AccessReviewStatus,
  Leaver,
  RiskFactor,
  RiskRating,
  SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import { formatDate } from '../../utils/format';

/** Names of the access review states. */
export const ACCESS_REVIEW_STATUS_TITLES: Record<
  AccessReviewStatus['status'],
  string
> = {
  current: 'Current',
  due: 'Due',
  overdue: 'Overdue',
};

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The status a person sees: a service that was never reviewed is never
 * "current", whatever an old record says; its first review is due.
 */
export function shownReviewStatus(
  review: AccessReviewStatus,
): AccessReviewStatus['status'] {
  return review.status === 'current' && !review.lastReviewedAt
    ? 'due'
    : review.status;
}

/**
 * "Never reviewed — first review due Dec 1, 2026", with how late it is once
 * the date has passed. The same words wherever the page says it.
 */
export function describeNeverReviewed(review: AccessReviewStatus): string {
  const late =
    review.status === 'overdue' && review.overdueDays > 0
      ? `, overdue by ${plural(review.overdueDays, 'day')}`
      : '';
  return `Never reviewed — first review due ${formatDate(review.dueAt)}${late}`;
}

/**
 * When the admin list was last attested, from the access review record
 * itself (`accessReview.lastReviewedAt`), or that it never was.
 */
export function describeLastReview(review: AccessReviewStatus): string {
  return review.lastReviewedAt
    ? formatDate(review.lastReviewedAt)
    : describeNeverReviewed(review);
}

/** Where a service stands with its access review, in one sentence. */
export function describeAccessReview(review: AccessReviewStatus): string {
  if (!review.lastReviewedAt) {
    return describeNeverReviewed(review);
  }
  switch (review.status) {
    case 'overdue':
      return `Overdue by ${plural(
        review.overdueDays,
        'day',
      )} (was due ${formatDate(review.dueAt)})`;
    case 'due':
      return `Due by ${formatDate(review.dueAt)}`;
    default:
      return `Current, next review due ${formatDate(review.dueAt)}`;
  }
}

/**
 * The rating of a service, from its assessment when it has one: the header,
 * the overview, the risk panel and the sign-off all show this one.
 */
export function currentRating(
  service: Pick<SocialServiceDetails, 'risk' | 'riskRating'>,
): RiskRating | undefined {
  return service.risk?.rating ?? service.riskRating;
}

/** Points a factor added, e.g. "+4", or "0". */
export function formatContribution(contribution: number): string {
  return contribution > 0 ? `+${contribution}` : String(contribution);
}

/** A reason for a rating, e.g. "Multi-factor authentication: off (+4)". */
export function describeReason(factor: RiskFactor): string {
  return `${factor.label}: ${factor.value} (${formatContribution(
    factor.contribution,
  )})`;
}

/** What caused a change of rating, in words. */
export const RISK_TRIGGER_TITLES: Record<string, string> = {
  create: 'Service catalogued',
  update: 'Service changed',
  'update-admins': 'Admins changed',
  'access-review': 'Access review',
  'leaver-detection': 'Leaver detection',
  schedule: 'Scheduled recomputation',
  sweep: 'Guardianship sweep',
  incident: 'Incident',
  import: 'Import',
  transition: 'Lifecycle move',
  'sign-off': 'Sign-off',
};

/** Who a leaver is, for a person reading the warning. */
export function describeLeaver(leaver: Leaver): string {
  if (leaver.role === 'service-owner') {
    return `The service owner ${leaver.userRef}`;
  }
  return leaver.account ?? leaver.userRef;
}
