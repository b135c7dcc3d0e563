import { DEFAULT_RISK_MODEL } from '@internal/plugin-social-media-common';
import { DEFAULT_GUARDIANSHIP_POLICY } from './guardianship';
import { decideRerating, rateNewService, rateService } from './rating';

const NOW = new Date('2026-11-25T09:00:00.000Z');

const account = {
  purpose: 'Corporate news',
  ownerGroup: 'group:default/communications',
  serviceOwner: 'user:default/communications-lead',
  profileUrl: 'https://x.com/corporate',
  platform: 'x' as const,
  audienceSize: 500_000,
  createdAt: '2026-11-01T00:00:00.000Z',
  lifecycleStage: 'operation' as const,
  controls: {
    mfaEnabled: true,
    mfaMethod: 'security-key' as const,
    credentialVaultRef: 'vault://social/x',
    ssoEnabled: false,
    sharedLogin: false,
    thirdPartyApps: [],
    verified: true,
    recoveryOwnedByCompany: true,
    regulatedContent: false,
    brandLevel: false,
    accessRevoked: false,
    accountStatus: 'active' as const,
  },
};

type Controls = Partial<typeof account.controls>;

/** The account with these controls changed, as the rating reads it. */
const withControls = (changes: Controls) => ({
  ...account,
  adminCount: 2,
  controls: { ...account.controls, ...changes },
});

/** Rates the account; with `trailed`, weighed against the record as its trail set it. */
const rate = (changes: Controls = {}, trailed?: Controls) =>
  rateService(
    withControls(changes),
    { leaverCount: 0, recentSecurityIncidents: 0, now: NOW },
    DEFAULT_GUARDIANSHIP_POLICY,
    DEFAULT_RISK_MODEL,
    trailed && withControls(trailed),
  );

describe('decideRerating', () => {
  const stored = (rating: ReturnType<typeof rate>, openIncidentCount = 0) => ({
    riskJson: rating.riskJson,
    riskRating: rating.assessment.rating,
    accessReviewDueAt: rating.accessReviewDueAt,
    outOfCompliance: !rating.compliance.compliant,
    changedOutside: rating.changedOutside,
    openIncidentCount,
  });

  it('writes nothing when nothing moved', () => {
    const rating = rate();
    expect(decideRerating(stored(rating), rate(), 0)).toEqual({
      kind: 'unchanged',
    });
  });

  it('writes only the count when only the open incidents moved', () => {
    expect(decideRerating(stored(rate(), 1), rate(), 3)).toEqual({
      kind: 'counts',
    });
  });

  it('writes the rating, and records it in the history, when the rating itself moved', () => {
    const before = rate();
    const after = rate({ mfaEnabled: false, mfaMethod: undefined });
    expect(before.assessment.rating).not.toBe(after.assessment.rating);
    expect(decideRerating(stored(before), after, 0)).toEqual({
      kind: 'rating',
      ratingChanged: true,
    });
  });

  it('writes a changed explanation without a history entry when the rating stays', () => {
    const before = rate();
    const after = rate({ verified: false });
    expect(after.riskJson).not.toBe(before.riskJson);
    expect(after.assessment.rating).toBe(before.assessment.rating);
    expect(decideRerating(stored(before), after, 0)).toEqual({
      kind: 'rating',
      ratingChanged: false,
    });
  });

  it('writes the mark of a record changed outside the catalogue when it comes or goes, and only then', () => {
    const sound = rate();
    const damaged = rateService(
      {
        ...account,
        adminCount: 2,
        recordProblems: [
          {
            field: 'ownerGroup',
            stored: 'group:default/hr',
            shownAs: 'stored',
          },
        ],
      },
      { leaverCount: 0, recentSecurityIncidents: 0, now: NOW },
      DEFAULT_GUARDIANSHIP_POLICY,
      DEFAULT_RISK_MODEL,
    );
    expect([sound.changedOutside, damaged.changedOutside]).toEqual([
      false,
      true,
    ]);
    // Already out of compliance for another reason: the mark alone moves.
    const lacking = { ...stored(sound), outOfCompliance: true };
    expect(
      decideRerating(lacking, { ...damaged, riskJson: sound.riskJson }, 0),
    ).toMatchObject({ kind: 'rating' });
    expect(decideRerating(stored(damaged), damaged, 0)).toEqual({
      kind: 'unchanged',
    });
    expect(decideRerating(stored(damaged), sound, 0)).toMatchObject({
      kind: 'rating',
    });
  });

  it('records the first rating of a service that had none', () => {
    const rating = rate();
    expect(
      decideRerating(
        {
          riskJson: null,
          riskRating: null,
          accessReviewDueAt: null,
          outOfCompliance: null,
          changedOutside: false,
          openIncidentCount: 0,
        },
        rating,
        0,
      ),
    ).toEqual({ kind: 'rating', ratingChanged: true });
  });
});

describe('rateNewService', () => {
  it('rates a new account as having no admins, leavers or incidents, due for review one interval on', () => {
    const rating = rateNewService(
      { ...account, createdAt: NOW.toISOString() },
      NOW,
      DEFAULT_GUARDIANSHIP_POLICY,
      DEFAULT_RISK_MODEL,
    );
    expect(rating.accessReviewDueAt).toBe('2027-02-23T09:00:00.000Z');
    expect(
      rating.assessment.factors.filter(f =>
        ['leavers', 'security-incidents'].includes(f.id),
      ),
    ).toEqual(
      rating.assessment.factors
        .filter(f => ['leavers', 'security-incidents'].includes(f.id))
        .map(f => ({ ...f, contribution: 0 })),
    );
  });
});

describe('rateService with the record as its audit trail set it', () => {
  const weak = { mfaEnabled: false, sharedLogin: true };

  it('keeps the riskier assessment: strong controls written by hand do not lower it', () => {
    expect(rate({}, weak).assessment).toEqual(rate(weak).assessment);
    expect(rate({}).assessment.product).toBeLessThan(
      rate(weak).assessment.product,
    );
  });

  it('rates from the stored record when it is the riskier, or when both weigh the same', () => {
    expect(rate(weak, {}).assessment).toEqual(rate(weak).assessment);
    expect(rate({}, {})).toEqual(rate({}));
  });
});
