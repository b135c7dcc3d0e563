import { accessReviewWindow, planAccessReview } from './accessReview';
import { InvalidInputError } from './InvalidInputError';

const ADMINS = [
  {
    account: 'Marketing-Lead',
    userRef: 'user:default/marketing-lead',
    inOrganisation: true,
  },
  { account: 'agency', inOrganisation: true },
  { account: 'intern', userRef: 'user:default/intern', inOrganisation: true },
];

/** The same list, after the intern left the organisation. */
const WITH_LEAVER = ADMINS.map(a =>
  a.account === 'intern' ? { ...a, inOrganisation: false } : a,
);

function refusal(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (e) {
    return e as InvalidInputError;
  }
  throw new Error('expected the review to be refused');
}

describe('planAccessReview', () => {
  it('takes one decision per admin, in the list order, matching accounts without regard to case', () => {
    const plan = planAccessReview('brand', ADMINS, {
      decisions: [
        { account: 'intern', decision: 'remove' },
        { account: 'marketing-lead', decision: 'keep' },
        { account: 'AGENCY', decision: 'remove' },
      ],
    });
    expect(plan).toEqual({
      decisions: [
        {
          account: 'Marketing-Lead',
          userRef: 'user:default/marketing-lead',
          decision: 'keep',
        },
        { account: 'agency', decision: 'remove' },
        {
          account: 'intern',
          userRef: 'user:default/intern',
          decision: 'remove',
        },
      ],
      removedAccounts: ['agency', 'intern'],
    });
  });

  it('refuses a review that leaves an admin undecided, naming who', () => {
    expect(() =>
      planAccessReview('brand', ADMINS, {
        decisions: [{ account: 'agency', decision: 'keep' }],
      }),
    ).toThrow(
      new InvalidInputError(
        'Decide keep or remove for every admin; missing: Marketing-Lead, intern',
        [],
      ),
    );
  });

  it('refuses decisions on people not on the list, naming them and the fields', () => {
    let error: InvalidInputError | undefined;
    try {
      planAccessReview('brand', [{ account: 'agency', inOrganisation: true }], {
        decisions: [
          { account: 'agency', decision: 'keep' },
          { account: 'stranger', decision: 'keep' },
        ],
      });
    } catch (e) {
      error = e as InvalidInputError;
    }
    expect(error?.message).toBe('Not on the admin list of brand: stranger');
    expect(error?.fields).toEqual([
      {
        field: 'decisions',
        message: 'Not on the admin list of brand: stranger',
      },
    ]);
  });

  it('accepts an empty review of an empty list', () => {
    expect(planAccessReview('brand', [], { decisions: [] })).toEqual({
      decisions: [],
      removedAccounts: [],
    });
  });
});

describe('keeping a person who left the organisation', () => {
  it('needs a reason, naming the account and the field of its decision', () => {
    const error = refusal(() =>
      planAccessReview('brand', WITH_LEAVER, {
        decisions: [
          { account: 'marketing-lead', decision: 'keep' },
          { account: 'agency', decision: 'keep' },
          { account: 'intern', decision: 'keep' },
        ],
      }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(
      'Give a reason to keep intern: they have left the organisation',
    );
    expect(error.fields).toEqual([
      {
        field: 'decisions.2.reason',
        message:
          'Give a reason to keep intern: they have left the organisation',
      },
    ]);
  });

  it('records the reason, and that the person had left, with the decision', () => {
    const plan = planAccessReview('brand', WITH_LEAVER, {
      decisions: [
        {
          account: 'intern',
          decision: 'keep',
          reason: 'Hands the account over to the new social media lead',
        },
        { account: 'marketing-lead', decision: 'keep' },
        { account: 'agency', decision: 'remove' },
      ],
    });
    expect(plan.decisions[2]).toEqual({
      account: 'intern',
      userRef: 'user:default/intern',
      decision: 'keep',
      reason: 'Hands the account over to the new social media lead',
      leftOrganisation: true,
    });
    expect(plan.decisions[0]).toEqual({
      account: 'Marketing-Lead',
      userRef: 'user:default/marketing-lead',
      decision: 'keep',
    });
    expect(plan.removedAccounts).toEqual(['agency']);
  });

  it('needs no reason to remove a leaver, nor to keep someone still here', () => {
    const plan = planAccessReview('brand', WITH_LEAVER, {
      decisions: [
        { account: 'intern', decision: 'remove' },
        { account: 'marketing-lead', decision: 'keep' },
        { account: 'agency', decision: 'keep' },
      ],
    });
    expect(plan.removedAccounts).toEqual(['intern']);
    expect(plan.decisions[2]).toEqual({
      account: 'intern',
      userRef: 'user:default/intern',
      decision: 'remove',
      leftOrganisation: true,
    });
  });
});

describe('accessReviewWindow', () => {
  it('runs from now to the end of the due-soon period', () => {
    expect(
      accessReviewWindow(new Date('2026-11-20T10:00:00.000Z'), {
        accessReviewDueSoonDays: 14,
      }),
    ).toEqual({
      now: '2026-11-20T10:00:00.000Z',
      dueSoon: '2026-12-04T10:00:00.000Z',
    });
  });
});
