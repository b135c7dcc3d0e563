import {
  assessRisk,
  DEFAULT_RISK_MODEL,
  RiskInput,
  RiskModelConfig,
  topRiskReasons,
} from './risk';
import { RISK_RATINGS, RiskRating } from './types';

/** A well-kept, large brand account: every control in place, the largest audience. */
const WELL_KEPT: RiskInput = {
  platform: 'instagram',
  mfaEnabled: true,
  mfaMethod: 'security-key',
  credentialsInVault: true,
  sharedLogin: false,
  adminCount: 3,
  leaversWithAccess: 0,
  unreviewedThirdPartyApps: 0,
  accessReviewOverdueDays: 0,
  recentSecurityIncidents: 0,
  verified: true,
  recoveryOwnedByCompany: true,
  audienceSize: 1_500_000,
  regulatedContent: false,
  brandLevel: true,
};

/** A small team blog without MFA: likely to be taken over, little harm when it is. */
const SMALL_WITHOUT_MFA: RiskInput = {
  ...WELL_KEPT,
  platform: 'blog',
  mfaEnabled: false,
  mfaMethod: undefined,
  audienceSize: 800,
  brandLevel: false,
  verified: false,
};

const rank = (rating: RiskRating) => RISK_RATINGS.indexOf(rating);
const factor = (input: RiskInput, id: string, model?: RiskModelConfig) =>
  assessRisk(input, model).factors.find(f => f.id === id)!;

describe('assessRisk', () => {
  it('raises the likelihood of a service out of compliance with its stage, and says what it lacks', () => {
    const out = assessRisk({
      ...WELL_KEPT,
      stageGaps: { stage: 'operation', missing: ['a named service owner'] },
    });
    expect(factor(WELL_KEPT, 'stage-compliance')).toEqual({
      id: 'stage-compliance',
      kind: 'likelihood',
      label: 'Meets the requirements of its lifecycle stage',
      value: 'yes',
      contribution: 0,
    });
    expect(out.factors.find(f => f.id === 'stage-compliance')).toEqual({
      id: 'stage-compliance',
      kind: 'likelihood',
      label: 'Meets the requirements of its lifecycle stage',
      value: 'no: operation requires a named service owner',
      contribution: DEFAULT_RISK_MODEL.likelihood.outOfCompliance,
    });
    expect(out.likelihood.score).toBe(
      assessRisk(WELL_KEPT).likelihood.score +
        DEFAULT_RISK_MODEL.likelihood.outOfCompliance,
    );
  });

  it('rates a well-kept account low whatever its audience, and explains every factor', () => {
    const assessment = assessRisk(WELL_KEPT);
    expect(assessment.rating).toBe('low');
    expect(assessment.likelihood).toEqual({ score: 0, level: 1 });
    expect(assessment.impact).toEqual({ score: 5, level: 4 });
    expect(assessment.product).toBe(4);
    expect(assessment.factors.map(f => f.id)).toEqual([
      'mfa',
      'mfa-method',
      'vault',
      'shared-login',
      'admins',
      'leavers',
      'third-party-apps',
      'access-review',
      'security-incidents',
      'verified',
      'recovery',
      'stage-compliance',
      'audience',
      'platform-reach',
      'regulated-content',
      'brand-level',
      'company-voice',
    ]);
    expect(factor(WELL_KEPT, 'audience')).toEqual({
      id: 'audience',
      kind: 'impact',
      label: 'Audience size',
      value: '1,500,000 followers',
      contribution: 3,
    });
  });

  // Each likelihood factor alone, on the large account: what it adds, the words it is shown
  // with, and where it takes the rating (4 likelihood points reach level 3, 2 reach level 2).
  it.each<[string, Partial<RiskInput>, string, number, string, RiskRating]>([
    ['MFA off', { mfaEnabled: false }, 'mfa', 4, 'off', 'critical'],
    [
      'MFA by text message',
      { mfaMethod: 'sms' },
      'mfa-method',
      1,
      'text message, open to SIM swapping',
      'low',
    ],
    ['no vault', { credentialsInVault: false }, 'vault', 2, 'no', 'high'],
    ['a shared login', { sharedLogin: true }, 'shared-login', 3, 'yes', 'high'],
    [
      'seven admins (five allowed)',
      { adminCount: 7 },
      'admins',
      2,
      '7 admins, 5 allowed',
      'high',
    ],
    [
      'a leaver with access',
      { leaversWithAccess: 1 },
      'leavers',
      3,
      '1 person',
      'high',
    ],
    [
      'one unreviewed app',
      { unreviewedThirdPartyApps: 1 },
      'third-party-apps',
      1,
      '1 app',
      'low',
    ],
    [
      'two unreviewed apps',
      { unreviewedThirdPartyApps: 2 },
      'third-party-apps',
      2,
      '2 apps',
      'high',
    ],
    [
      'an overdue access review',
      { accessReviewOverdueDays: 10 },
      'access-review',
      2,
      'overdue by 10 days',
      'high',
    ],
    [
      'a recent security incident',
      { recentSecurityIncidents: 1 },
      'security-incidents',
      3,
      '1 incident',
      'high',
    ],
    ['no verification', { verified: false }, 'verified', 1, 'no', 'low'],
    [
      'recovery owned by a person',
      { recoveryOwnedByCompany: false },
      'recovery',
      2,
      'no',
      'high',
    ],
  ])(
    'likelihood: %s alone adds its points and never lowers the rating',
    (_label, change, id, points, value, rating) => {
      const input = { ...WELL_KEPT, ...change };
      expect(factor(input, id)).toMatchObject({
        kind: 'likelihood',
        value,
        contribution: points,
      });
      expect(factor(WELL_KEPT, id).contribution).toBe(0);
      const assessment = assessRisk(input);
      expect(assessment.likelihood.score).toBe(points);
      expect(assessment.rating).toBe(rating);
      expect(rank(assessment.rating)).toBeGreaterThanOrEqual(
        rank(assessRisk(WELL_KEPT).rating),
      );
    },
  );

  // Each impact factor alone, on the small account without MFA (likelihood level 3): impact
  // points reach level 2 at 2, level 3 at 3.
  it.each<[string, Partial<RiskInput>, string, number, RiskRating]>([
    ['an audience of 20,000', { audienceSize: 20_000 }, 'audience', 1, 'low'],
    [
      'an audience of 150,000',
      { audienceSize: 150_000 },
      'audience',
      2,
      'medium',
    ],
    [
      'an audience of 1.5 million',
      { audienceSize: 1_500_000 },
      'audience',
      3,
      'high',
    ],
    ['a high-reach platform', { platform: 'x' }, 'platform-reach', 1, 'low'],
    [
      'regulated content',
      { regulatedContent: true },
      'regulated-content',
      2,
      'medium',
    ],
    // Speaking for the company also lifts the impact to its floor (level 2, see below).
    ['a brand-level account', { brandLevel: true }, 'brand-level', 1, 'medium'],
  ])(
    'impact: %s alone adds its points and never lowers the rating',
    (_label, change, id, points, rating) => {
      const input = { ...SMALL_WITHOUT_MFA, ...change };
      expect(factor(input, id)).toMatchObject({
        kind: 'impact',
        contribution: points,
      });
      const assessment = assessRisk(input);
      expect(assessment.impact.score).toBe(
        points + factor(input, 'company-voice').contribution,
      );
      expect(assessment.rating).toBe(rating);
      expect(assessRisk(SMALL_WITHOUT_MFA).rating).toBe('low');
    },
  );

  describe('an account that speaks for the company', () => {
    /** Day one: brand-level, no audience yet, on a platform of modest reach, nothing secured. */
    const DAY_ONE: RiskInput = {
      ...SMALL_WITHOUT_MFA,
      platform: 'linkedin',
      credentialsInVault: false,
      audienceSize: 0,
      brandLevel: true,
    };

    it('is rated for the harm it can do from its first day, whatever its audience, and says why', () => {
      const assessment = assessRisk(DAY_ONE);
      expect(assessment.likelihood.level).toBe(4);
      expect(assessment.impact).toEqual({ score: 2, level: 2 });
      expect(assessment.rating).toBe('high');
      expect(factor(DAY_ONE, 'company-voice')).toEqual({
        id: 'company-voice',
        kind: 'impact',
        label: 'Speaks for the company',
        value: 'brand-level: impact at least level 2, whatever the audience',
        contribution: 1,
      });
      // The same account as a team's side project stays low.
      expect(assessRisk({ ...DAY_ONE, brandLevel: false }).rating).toBe('low');
    });

    it('counts regulated content and platform verification as speaking for the company', () => {
      for (const change of [
        { brandLevel: false, verified: true },
        { brandLevel: false, regulatedContent: true },
      ]) {
        expect(assessRisk({ ...DAY_ONE, ...change }).impact.level).toBe(2);
      }
      expect(
        factor(
          { ...DAY_ONE, verified: true, regulatedContent: true },
          'company-voice',
        ).value,
      ).toBe(
        'brand-level, regulated content, verified: impact at least level 2, whatever the audience',
      );
    });

    it('adds nothing once the audience or platform already put the impact above the floor', () => {
      expect(factor(WELL_KEPT, 'company-voice').contribution).toBe(0);
    });

    it('follows the configured floor, and none at level 1', () => {
      const withFloor = (companyVoiceLevel: number) => ({
        ...DEFAULT_RISK_MODEL,
        impact: { ...DEFAULT_RISK_MODEL.impact, companyVoiceLevel },
      });
      expect(assessRisk(DAY_ONE, withFloor(3)).rating).toBe('critical');
      expect(assessRisk(DAY_ONE, withFloor(1)).rating).toBe('low');
      expect(factor(DAY_ONE, 'company-voice', withFloor(1))).toMatchObject({
        value: 'no',
        contribution: 0,
      });
    });
  });

  it('raises the rating step by step as gaps add up on a large account', () => {
    const steps: Array<[Partial<RiskInput>, RiskRating]> = [
      [{}, 'low'],
      [{ verified: false }, 'low'],
      [{ verified: false, credentialsInVault: false }, 'high'],
      [
        { verified: false, credentialsInVault: false, mfaEnabled: false },
        'critical',
      ],
    ];
    for (const [change, rating] of steps) {
      expect(assessRisk({ ...WELL_KEPT, ...change }).rating).toBe(rating);
    }
  });

  it('keeps a small, unregulated team account with the same gap lower than a large one', () => {
    expect(assessRisk(SMALL_WITHOUT_MFA).rating).toBe('low');
    expect(assessRisk({ ...WELL_KEPT, mfaEnabled: false }).rating).toBe(
      'critical',
    );
  });

  it('counts every leaver, app and incident, not just the first', () => {
    const input = {
      ...WELL_KEPT,
      leaversWithAccess: 2,
      unreviewedThirdPartyApps: 3,
      recentSecurityIncidents: 2,
    };
    expect(factor(input, 'leavers').contribution).toBe(6);
    expect(factor(input, 'third-party-apps').contribution).toBe(3);
    expect(factor(input, 'security-incidents').contribution).toBe(6);
    expect(assessRisk(input).likelihood).toEqual({ score: 15, level: 4 });
  });

  describe('weights and thresholds from the configuration', () => {
    const model = (
      likelihood: Partial<RiskModelConfig['likelihood']> = {},
      impact: Partial<RiskModelConfig['impact']> = {},
      ratingThresholds = DEFAULT_RISK_MODEL.ratingThresholds,
    ): RiskModelConfig => ({
      likelihood: { ...DEFAULT_RISK_MODEL.likelihood, ...likelihood },
      impact: { ...DEFAULT_RISK_MODEL.impact, ...impact },
      ratingThresholds,
    });

    it('a heavier weight raises the rating', () => {
      const input = { ...WELL_KEPT, verified: false };
      expect(assessRisk(input).rating).toBe('low');
      expect(assessRisk(input, model({ unverified: 4 })).rating).toBe(
        'critical',
      );
    });

    it('a zero weight takes a factor out', () => {
      const input = { ...WELL_KEPT, mfaEnabled: false };
      expect(assessRisk(input, model({ noMfa: 0 })).rating).toBe('low');
      expect(factor(input, 'mfa', model({ noMfa: 0 })).contribution).toBe(0);
    });

    it('a higher admin threshold allows more admins', () => {
      const input = { ...WELL_KEPT, adminCount: 7 };
      expect(factor(input, 'admins').contribution).toBe(2);
      expect(
        factor(input, 'admins', model({ adminThreshold: 10 })),
      ).toMatchObject({ value: '7 admins, 10 allowed', contribution: 0 });
    });

    it('counts the people who left but still hold access in plain words', () => {
      const count = (leaversWithAccess: number) =>
        factor({ ...SMALL_WITHOUT_MFA, leaversWithAccess }, 'leavers').value;
      expect([count(0), count(1), count(3)]).toEqual([
        'nobody',
        '1 person',
        '3 people',
      ]);
    });

    it('names the platform as people read it, not by its id', () => {
      const input = { ...SMALL_WITHOUT_MFA, platform: 'linkedin' as const };
      expect(factor(input, 'platform-reach').value).toBe('LinkedIn');
      expect(factor({ ...input, platform: 'x' }, 'platform-reach').value).toBe(
        'X, a high-reach platform',
      );
    });

    it('counts Threads as a high-reach platform by default, and Bluesky not', () => {
      const threads = { ...SMALL_WITHOUT_MFA, platform: 'threads' as const };
      expect(factor(threads, 'platform-reach')).toMatchObject({
        value: 'Threads, a high-reach platform',
        contribution: 1,
      });
      const bluesky = { ...SMALL_WITHOUT_MFA, platform: 'bluesky' as const };
      expect(factor(bluesky, 'platform-reach')).toMatchObject({
        value: 'Bluesky',
        contribution: 0,
      });
      expect(
        factor(
          bluesky,
          'platform-reach',
          model({}, { highReachPlatforms: ['bluesky'] }),
        ),
      ).toMatchObject({
        value: 'Bluesky, a high-reach platform',
        contribution: 1,
      });
      expect(
        factor(
          threads,
          'platform-reach',
          model({}, { highReachPlatforms: ['x'] }),
        ).contribution,
      ).toBe(0);
    });

    it('the list of high-reach platforms decides the platform factor', () => {
      const input = { ...SMALL_WITHOUT_MFA, platform: 'linkedin' as const };
      expect(factor(input, 'platform-reach').contribution).toBe(0);
      expect(
        factor(
          input,
          'platform-reach',
          model({}, { highReachPlatforms: ['linkedin'], highReachPlatform: 2 }),
        ).contribution,
      ).toBe(2);
    });

    it('other audience tiers move the impact', () => {
      const input = { ...SMALL_WITHOUT_MFA, audienceSize: 5_000 };
      expect(factor(input, 'audience').contribution).toBe(0);
      expect(
        factor(
          input,
          'audience',
          model({}, { audienceTiers: [1_000, 4_000, 50_000] }),
        ).contribution,
      ).toBe(2);
    });

    it('lower rating thresholds rate the same account higher', () => {
      const input = { ...WELL_KEPT, credentialsInVault: false };
      expect(assessRisk(input).rating).toBe('high');
      expect(assessRisk(input, model({}, {}, [2, 4, 8])).rating).toBe(
        'critical',
      );
      expect(assessRisk(input, model({}, {}, [9, 13, 16])).rating).toBe('low');
    });

    it('other likelihood levels change how many points a level takes', () => {
      const input = { ...WELL_KEPT, unreviewedThirdPartyApps: 1 };
      expect(assessRisk(input).likelihood.level).toBe(1);
      expect(
        assessRisk(input, model({ levels: [1, 2, 3] })).likelihood.level,
      ).toBe(2);
    });
  });

  it('gives the same assessment for the same input (pure)', () => {
    const input = { ...WELL_KEPT, sharedLogin: true, leaversWithAccess: 1 };
    expect(assessRisk(input)).toEqual(assessRisk(input));
  });
});

describe('topRiskReasons', () => {
  it('names the factors that raised the rating, largest first', () => {
    const assessment = assessRisk({
      ...WELL_KEPT,
      mfaEnabled: false,
      leaversWithAccess: 2,
      unreviewedThirdPartyApps: 1,
    });
    expect(topRiskReasons(assessment).map(f => [f.id, f.contribution])).toEqual(
      [
        ['leavers', 6],
        ['mfa', 4],
        ['audience', 3],
      ],
    );
  });

  it('is empty for an account where nothing adds points', () => {
    const tinyVerifiedBlog = {
      ...WELL_KEPT,
      platform: 'blog' as const,
      audienceSize: 10,
      brandLevel: false,
    };
    // Verified, it speaks for the company: that is its one reason.
    expect(topRiskReasons(assessRisk(tinyVerifiedBlog)).map(r => r.id)).toEqual(
      ['company-voice'],
    );
    expect(
      topRiskReasons(
        assessRisk(tinyVerifiedBlog, {
          ...DEFAULT_RISK_MODEL,
          impact: { ...DEFAULT_RISK_MODEL.impact, companyVoiceLevel: 1 },
        }),
      ),
    ).toEqual([]);
  });
});
