import { planAccessReview } from './accessReview';
import { InvalidInputError } from './InvalidInputError';

const ADMINS = [
  { account: 'Marketing-Lead', userRef: 'user:default/marketing-lead' },
  { account: 'agency' },
  { account: 'intern', userRef: 'user:default/intern' },
];

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
      planAccessReview('brand', [{ account: 'agency' }], {
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
