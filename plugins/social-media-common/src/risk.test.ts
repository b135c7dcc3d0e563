import {
  assessRisk,
  DEFAULT_RISK_MODEL,
  RiskInput,
  topRiskReasons,
} from './risk';

/** A well-kept, large brand account: every control in place, the largest audience. */
const WELL_KEPT: RiskInput = {
  platform: 'instagram',
  mfaEnabled: true,
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

describe('assessRisk', () => {
  it('rates a well-kept account low whatever its audience, and explains every factor', () => {
    const assessment = assessRisk(WELL_KEPT);
    expect(assessment.rating).toBe('low');
    expect(assessment.likelihood).toEqual({ score: 0, level: 1 });
    expect(assessment.impact).toEqual({ score: 5, level: 4 });
    expect(assessment.factors).toHaveLength(14);
    expect(assessment.factors.find(f => f.id === 'audience')).toEqual({
      id: 'audience',
      kind: 'impact',
      label: 'Audience size',
      value: '1,500,000 followers',
      contribution: 3,
    });
  });

  it.each<[string, Partial<RiskInput>, string]>([
    ['MFA off', { mfaEnabled: false }, 'critical'],
    ['a leaver with access', { leaversWithAccess: 1 }, 'high'],
    ['a recent security incident', { recentSecurityIncidents: 1 }, 'high'],
    ['a shared login', { sharedLogin: true }, 'high'],
    ['no vault', { credentialsInVault: false }, 'high'],
    ['an overdue access review', { accessReviewOverdueDays: 10 }, 'high'],
  ])('raises a large account on %s alone', (_label, change, rating) => {
    expect(assessRisk({ ...WELL_KEPT, ...change }).rating).toBe(rating);
  });

  it('keeps a small, unregulated team account with the same gap lower than a large one', () => {
    const small = {
      ...WELL_KEPT,
      audienceSize: 800,
      brandLevel: false,
      platform: 'blog' as const,
    };
    expect(assessRisk({ ...small, mfaEnabled: false }).rating).toBe('low');
    expect(assessRisk({ ...WELL_KEPT, mfaEnabled: false }).rating).toBe(
      'critical',
    );
  });

  it('uses weights and thresholds from the configuration', () => {
    const input = { ...WELL_KEPT, verified: false };
    expect(assessRisk(input).rating).toBe('low');
    const strict = {
      ...DEFAULT_RISK_MODEL,
      likelihood: { ...DEFAULT_RISK_MODEL.likelihood, unverified: 4 },
    };
    expect(assessRisk(input, strict).rating).toBe('critical');
  });

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
});
