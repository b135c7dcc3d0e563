import {
  AccessReview,
  ServiceAdmin,
  ValidAccessReviewInput,
} from '@internal/plugin-social-media-common';
import { GuardianshipPolicy } from './guardianship';
import { InvalidInputError } from './InvalidInputError';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The due dates that separate the access review statuses at one moment: a review due before
 * `now` is overdue, one due from `now` to `dueSoon` is due, one due later is current. Lists and
 * counts that filter by status in the database use these bounds (ISO 8601).
 */
export interface AccessReviewWindow {
  now: string;
  dueSoon: string;
}

/** The bounds of the access review statuses at `now`. */
export function accessReviewWindow(
  now: Date,
  policy: Pick<GuardianshipPolicy, 'accessReviewDueSoonDays'>,
): AccessReviewWindow {
  return {
    now: now.toISOString(),
    dueSoon: new Date(
      now.getTime() + policy.accessReviewDueSoonDays * DAY_MS,
    ).toISOString(),
  };
}

/** What an access review does to the admin list, once it is known to be complete. */
export interface AccessReviewPlan {
  /** One decision per admin on the list, in the list's order. */
  decisions: AccessReview['decisions'];
  /** Lowercased accounts of the admins to remove. */
  removedAccounts: string[];
}

/** True when the admin is a person who has left the organisation (a leaver). */
export function hasLeft(admin: Pick<ServiceAdmin, 'inOrganisation'>): boolean {
  return admin.inOrganisation === false;
}

/**
 * Checks that a review decides on every admin on the list and on no one else, and plans what
 * it does. A review that leaves someone out could leave an unreviewed person holding access,
 * so it is refused, naming who is missing or unknown. Keeping a person who has left the
 * organisation is an exception someone must answer for, so it needs a reason.
 */
export function planAccessReview(
  serviceId: string,
  admins: Array<Pick<ServiceAdmin, 'account' | 'userRef' | 'inOrganisation'>>,
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
  const unexplained = admins.flatMap(admin => {
    const d = decided.get(key(admin.account))!;
    if (!hasLeft(admin) || d.decision !== 'keep' || d.reason) return [];
    return [
      {
        field: `decisions.${input.decisions.indexOf(d)}.reason`,
        message: `Give a reason to keep ${admin.account}: they have left the organisation`,
      },
    ];
  });
  if (unexplained.length) {
    throw new InvalidInputError(
      unexplained.map(p => p.message).join('. '),
      unexplained,
    );
  }
  const decisions = admins.map(a => {
    const d = decided.get(key(a.account))!;
    return {
      account: a.account,
      ...(a.userRef ? { userRef: a.userRef } : {}),
      decision: d.decision,
      ...(d.reason ? { reason: d.reason } : {}),
      ...(hasLeft(a) ? { leftOrganisation: true } : {}),
    };
  });
  return {
    decisions,
    removedAccounts: decisions
      .filter(d => d.decision === 'remove')
      .map(d => key(d.account)),
  };
}
