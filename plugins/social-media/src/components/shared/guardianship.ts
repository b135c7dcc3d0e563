import type {
  AccessReviewStatus,
  Leaver,
  RiskFactor,
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

/** Where a service stands with its access review, in one sentence. */
export function describeAccessReview(review: AccessReviewStatus): string {
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
};

/** Who a leaver is, for a person reading the warning. */
export function describeLeaver(leaver: Leaver): string {
  if (leaver.role === 'service-owner') {
    return `The service owner ${leaver.userRef}`;
  }
  return leaver.account ?? leaver.userRef;
}
