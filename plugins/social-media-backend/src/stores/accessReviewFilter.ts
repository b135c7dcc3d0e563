import { AccessReviewStatus } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { AccessReviewWindow } from '../domain/accessReview';

/**
 * Narrows a query of `social_services` to the services whose access review has one of the
 * statuses at the window's moment, as `accessReviewStatus` decides it for one service: overdue
 * once the due date has passed; due from `dueSoon` before it, and from the start for a service
 * nobody has reviewed yet; current otherwise. Retired services are left out: nobody reviews them.
 * The catalogue's filter goes through here, so that it lists exactly the services the
 * dashboard counts under each status.
 */
export function whereAccessReview<Q extends Knex.QueryBuilder>(
  query: Q,
  statuses: Iterable<AccessReviewStatus['status']>,
  window: AccessReviewWindow,
): Q {
  const wanted = new Set(statuses);
  query.whereNot('lifecycle_stage', 'retired');
  if (wanted.size === 0) {
    query.whereRaw('1 = 0');
    return query;
  }
  query.where(q => {
    if (wanted.has('overdue')) {
      q.orWhere('access_review_due_at', '<', window.now);
    }
    if (wanted.has('due')) {
      q.orWhereBetween('access_review_due_at', [window.now, window.dueSoon]);
      q.orWhere(first =>
        first
          .whereNull('access_reviewed_at')
          .where('access_review_due_at', '>', window.dueSoon),
      );
    }
    if (wanted.has('current')) {
      q.orWhere(current =>
        current
          .where('access_review_due_at', '>', window.dueSoon)
          .whereNotNull('access_reviewed_at'),
      );
    }
  });
  return query;
}
