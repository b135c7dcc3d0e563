import {
  AccessReview,
  ServiceAdmin,
  ValidAccessReviewInput,
} from '@internal/plugin-social-media-common';
import { InvalidInputError } from './InvalidInputError';

/** What an access review does to the admin list, once it is known to be complete. */
export interface AccessReviewPlan {
  /** One decision per admin on the list, in the list's order. */
  decisions: AccessReview['decisions'];
  /** Lowercased accounts of the admins to remove. */
  removedAccounts: string[];
}

/**
 * Checks that a review decides on every admin on the list and on no one else, and plans what
 * it does. A review that leaves someone out could leave an unreviewed person holding access,
 * so it is refused, naming who is missing or unknown.
 */
export function planAccessReview(
  serviceId: string,
  admins: Array<Pick<ServiceAdmin, 'account' | 'userRef'>>,
  input: Pick<ValidAccessReviewInput, 'decisions'>,
): AccessReviewPlan {
  const key = (account: string) => account.toLowerCase();
  const onList = new Set(admins.map(a => key(a.account)));
  const decided = new Map(input.decisions.map(d => [key(d.account), d]));
  const unknown = input.decisions
    .filter(d => !onList.has(key(d.account)))
    .map(d => d.account);
  const undecided = admins
    .filter(a => !decided.has(key(a.account)))
    .map(a => a.account);
  if (unknown.length || undecided.length) {
    const problems = [
      ...(unknown.length
        ? [
            {
              field: 'decisions',
              message: `Not on the admin list of ${serviceId}: ${unknown.join(
                ', ',
              )}`,
            },
          ]
        : []),
      ...(undecided.length
        ? [
            {
              field: 'decisions',
              message: `Decide keep or remove for every admin; missing: ${undecided.join(
                ', ',
              )}`,
            },
          ]
        : []),
    ];
    throw new InvalidInputError(
      problems.map(p => p.message).join('. '),
      problems,
    );
  }
  const decisions = admins.map(a => ({
    account: a.account,
    ...(a.userRef ? { userRef: a.userRef } : {}),
    decision: decided.get(key(a.account))!.decision,
  }));
  return {
    decisions,
    removedAccounts: decisions
      .filter(d => d.decision === 'remove')
      .map(d => key(d.account)),
  };
}
