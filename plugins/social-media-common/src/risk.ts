import {
  LifecycleStage,
  MfaMethod,
  PLATFORM_TITLES,
  RISK_RATINGS,
  RiskRating,
  SocialPlatform,
} from './types';

/**
 * What the risk model looks at for one service: its guardianship controls (likelihood of an
 * incident) and its exposure (impact of one). Gathered by the backend from the service, its
 * admins, its access reviews and its incidents.
 *
 * @public
 */
export interface RiskInput {
  platform: SocialPlatform;
  mfaEnabled: boolean;
  /** How MFA is done; text messages are the weakest method. */
  mfaMethod?: MfaMethod;
  /** Credentials kept in a vault (a reference is recorded). */
  credentialsInVault: boolean;
  /** The login is shared between people instead of personal admin access. */
  sharedLogin: boolean;
  adminCount: number;
  /** Admins or owners who are no longer Users in the catalog but still hold access. */
  leaversWithAccess: number;
  /** Connected third-party apps not reviewed within the review period. */
  unreviewedThirdPartyApps: number;
  /** Days past the due date of the access review; 0 when not overdue. */
  accessReviewOverdueDays: number;
  /** Security incidents (account takeover, phishing, impersonation) in the recent window. */
  recentSecurityIncidents: number;
  /** Verified by the platform (blue tick, verified organisation). */
  verified: boolean;
  /** The recovery e-mail or phone belongs to the company, not to a person. */
  recoveryOwnedByCompany: boolean;
  /** Followers or subscribers. */
  audienceSize: number;
  /** The account publishes regulated content (financial promotions, health claims, …). */
  regulatedContent: boolean;
  /** The account speaks for the whole brand rather than a team or region. */
  brandLevel: boolean;
  /**
   * What the service lacks of its current stage's requirements (the rating's own requirement
   * left out); absent or empty when it meets them.
   */
  stageGaps?: { stage: LifecycleStage; missing: string[] };
}

/**
 * Weights and thresholds of the risk model. Every number can be overridden in app-config under
 * `socialMedia.risk`.
 *
 * @public
 */
export interface RiskModelConfig {
  likelihood: {
    noMfa: number;
    /** MFA by text message, which SIM swapping defeats. */
    weakMfa: number;
    noVault: number;
    sharedLogin: number;
    /** Per admin above `adminThreshold`. */
    perExcessAdmin: number;
    adminThreshold: number;
    perLeaverWithAccess: number;
    perUnreviewedApp: number;
    accessReviewOverdue: number;
    perRecentSecurityIncident: number;
    unverified: number;
    recoveryNotCompanyOwned: number;
    /** A service in a stage whose requirements it does not meet (see the lifecycle gates). */
    outOfCompliance: number;
    /** Likelihood points at which the level becomes 2, 3 and 4. */
    levels: [number, number, number];
  };
  impact: {
    /** Audience sizes at which the audience adds 1, 2 and 3 points. */
    audienceTiers: [number, number, number];
    /** Extra points for platforms whose posts travel furthest. */
    highReachPlatforms: SocialPlatform[];
    highReachPlatform: number;
    regulatedContent: number;
    brandLevel: number;
    /** Impact points at which the level becomes 2, 3 and 4. */
    levels: [number, number, number];
    /**
     * The lowest impact level of an account that speaks for the company (brand-level,
     * regulated content or verified), whatever its audience: such an account can be hijacked,
     * and do harm, on its first day. 1 for no floor.
     */
    companyVoiceLevel: number;
  };
  /**
   * Likelihood level × impact level (each 1 to 4) at which the rating becomes medium, high and
   * critical.
   */
  ratingThresholds: [number, number, number];
}

/**
 * The defaults, tuned so that a well-kept account (MFA, vault, personal admins, a current review,
 * verified, company-owned recovery) is low whatever its audience, while a single serious gap
 * (no MFA, a leaver with access, a recent takeover) raises a large account at once.
 *
 * @public
 */
export const DEFAULT_RISK_MODEL: RiskModelConfig = {
  likelihood: {
    noMfa: 4,
    weakMfa: 1,
    noVault: 2,
    sharedLogin: 3,
    perExcessAdmin: 1,
    adminThreshold: 5,
    perLeaverWithAccess: 3,
    perUnreviewedApp: 1,
    accessReviewOverdue: 2,
    perRecentSecurityIncident: 3,
    unverified: 1,
    recoveryNotCompanyOwned: 2,
    outOfCompliance: 2,
    levels: [2, 4, 7],
  },
  impact: {
    audienceTiers: [10_000, 100_000, 1_000_000],
    highReachPlatforms: [
      'x',
      'facebook',
      'instagram',
      'threads',
      'tiktok',
      'youtube',
    ],
    highReachPlatform: 1,
    regulatedContent: 2,
    brandLevel: 1,
    levels: [2, 3, 5],
    companyVoiceLevel: 2,
  },
  ratingThresholds: [5, 8, 12],
};

/**
 * One factor's part in a rating.
 *
 * @public
 */
export interface RiskFactor {
  id: string;
  kind: 'likelihood' | 'impact';
  /** What the factor is, in words. */
  label: string;
  /** The value found, in words (e.g. "off", "7 admins, 5 allowed"). */
  value: string;
  /** Points it added (0 when it did not apply). */
  contribution: number;
}

/**
 * A rating with its explanation: every factor, its value and what it contributed.
 *
 * @public
 */
export interface RiskAssessment {
  rating: RiskRating;
  likelihood: { score: number; level: number };
  impact: { score: number; level: number };
  /** likelihood level × impact level. */
  product: number;
  factors: RiskFactor[];
}

function level(score: number, thresholds: [number, number, number]): number {
  return 1 + thresholds.filter(t => score >= t).length;
}

function describeMfaMethod(input: RiskInput): string {
  if (!input.mfaEnabled) return 'none';
  if (input.mfaMethod === 'sms') return 'text message, open to SIM swapping';
  return input.mfaMethod ?? 'not recorded';
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The impact floor of an account that speaks for the company: the points that lift its impact to
 * `companyVoiceLevel` when its other impact factors (a small audience, say) leave it lower.
 */
function companyVoice(
  input: RiskInput,
  impact: RiskModelConfig['impact'],
  otherPoints: number,
): RiskFactor {
  const reasons = [
    input.brandLevel ? 'brand-level' : '',
    input.regulatedContent ? 'regulated content' : '',
    input.verified ? 'verified' : '',
  ].filter(Boolean);
  const floor = Math.min(Math.max(impact.companyVoiceLevel, 1), 4);
  const floorPoints = floor > 1 ? impact.levels[floor - 2] : 0;
  const applies = reasons.length > 0 && floor > 1;
  return {
    id: 'company-voice',
    kind: 'impact',
    label: 'Speaks for the company',
    value: applies
      ? `${reasons.join(
          ', ',
        )}: impact at least level ${floor}, whatever the audience`
      : 'no',
    contribution: applies ? Math.max(0, floorPoints - otherPoints) : 0,
  };
}

/**
 * A service running in a stage whose requirements it does not meet is more likely to come to
 * harm than its controls alone say: nobody stood behind it at the gate.
 */
function stageCompliance(input: RiskInput, points: number): RiskFactor {
  const gaps = input.stageGaps;
  const out = Boolean(gaps && gaps.missing.length > 0);
  return {
    id: 'stage-compliance',
    kind: 'likelihood',
    label: 'Meets the requirements of its lifecycle stage',
    value: out
      ? `no: ${gaps!.stage} requires ${gaps!.missing.join(', ')}`
      : 'yes',
    contribution: out ? points : 0,
  };
}

/**
 * Rates a service: likelihood factors and impact factors each add points, the points give a
 * level from 1 to 4 on each axis, and likelihood level × impact level gives low, medium, high
 * or critical. Pure: the same input and model always give the same assessment.
 *
 * @public
 */
export function assessRisk(
  input: RiskInput,
  model: RiskModelConfig = DEFAULT_RISK_MODEL,
): RiskAssessment {
  const l = model.likelihood;
  const i = model.impact;
  const excessAdmins = Math.max(0, input.adminCount - l.adminThreshold);
  const factors: RiskFactor[] = [
    {
      id: 'mfa',
      kind: 'likelihood',
      label: 'Multi-factor authentication',
      value: input.mfaEnabled ? 'on' : 'off',
      contribution: input.mfaEnabled ? 0 : l.noMfa,
    },
    {
      id: 'mfa-method',
      kind: 'likelihood',
      label: 'MFA method',
      value: describeMfaMethod(input),
      contribution:
        input.mfaEnabled && input.mfaMethod === 'sms' ? l.weakMfa : 0,
    },
    {
      id: 'vault',
      kind: 'likelihood',
      label: 'Credentials in a vault',
      value: input.credentialsInVault ? 'yes' : 'no',
      contribution: input.credentialsInVault ? 0 : l.noVault,
    },
    {
      id: 'shared-login',
      kind: 'likelihood',
      label: 'Shared login',
      value: input.sharedLogin ? 'yes' : 'no',
      contribution: input.sharedLogin ? l.sharedLogin : 0,
    },
    {
      id: 'admins',
      kind: 'likelihood',
      label: 'Number of admins',
      value: `${plural(input.adminCount, 'admin')}, ${
        l.adminThreshold
      } allowed`,
      contribution: excessAdmins * l.perExcessAdmin,
    },
    {
      id: 'leavers',
      kind: 'likelihood',
      label: 'People who left but still hold access',
      value:
        input.leaversWithAccess === 0
          ? 'nobody'
          : `${input.leaversWithAccess} ${
              input.leaversWithAccess === 1 ? 'person' : 'people'
            }`,
      contribution: input.leaversWithAccess * l.perLeaverWithAccess,
    },
    {
      id: 'third-party-apps',
      kind: 'likelihood',
      label: 'Unreviewed third-party apps',
      value: plural(input.unreviewedThirdPartyApps, 'app'),
      contribution: input.unreviewedThirdPartyApps * l.perUnreviewedApp,
    },
    {
      id: 'access-review',
      kind: 'likelihood',
      label: 'Access review',
      value:
        input.accessReviewOverdueDays > 0
          ? `overdue by ${plural(input.accessReviewOverdueDays, 'day')}`
          : 'up to date',
      contribution:
        input.accessReviewOverdueDays > 0 ? l.accessReviewOverdue : 0,
    },
    {
      id: 'security-incidents',
      kind: 'likelihood',
      label: 'Recent security incidents',
      value: plural(input.recentSecurityIncidents, 'incident'),
      contribution: input.recentSecurityIncidents * l.perRecentSecurityIncident,
    },
    {
      id: 'verified',
      kind: 'likelihood',
      label: 'Verified by the platform',
      value: input.verified ? 'yes' : 'no',
      contribution: input.verified ? 0 : l.unverified,
    },
    {
      id: 'recovery',
      kind: 'likelihood',
      label: 'Recovery e-mail or phone owned by the company',
      value: input.recoveryOwnedByCompany ? 'yes' : 'no',
      contribution: input.recoveryOwnedByCompany
        ? 0
        : l.recoveryNotCompanyOwned,
    },
    stageCompliance(input, l.outOfCompliance),
    {
      id: 'audience',
      kind: 'impact',
      label: 'Audience size',
      value: `${input.audienceSize.toLocaleString('en')} followers`,
      contribution: i.audienceTiers.filter(t => input.audienceSize >= t).length,
    },
    {
      id: 'platform-reach',
      kind: 'impact',
      label: 'Platform reach',
      // The platform by its name, as people read it elsewhere in the portal.
      value: i.highReachPlatforms.includes(input.platform)
        ? `${PLATFORM_TITLES[input.platform]}, a high-reach platform`
        : PLATFORM_TITLES[input.platform],
      contribution: i.highReachPlatforms.includes(input.platform)
        ? i.highReachPlatform
        : 0,
    },
    {
      id: 'regulated-content',
      kind: 'impact',
      label: 'Regulated content',
      value: input.regulatedContent ? 'yes' : 'no',
      contribution: input.regulatedContent ? i.regulatedContent : 0,
    },
    {
      id: 'brand-level',
      kind: 'impact',
      label: 'Speaks for the whole brand',
      value: input.brandLevel ? 'yes' : 'no',
      contribution: input.brandLevel ? i.brandLevel : 0,
    },
  ];
  const sum = (kind: RiskFactor['kind']) =>
    factors
      .filter(f => f.kind === kind)
      .reduce((total, f) => total + f.contribution, 0);
  factors.push(companyVoice(input, i, sum('impact')));
  const likelihoodScore = sum('likelihood');
  const impactScore = sum('impact');
  const likelihoodLevel = level(likelihoodScore, l.levels);
  const impactLevel = level(impactScore, i.levels);
  const product = likelihoodLevel * impactLevel;
  const rating =
    RISK_RATINGS[model.ratingThresholds.filter(t => product >= t).length];
  return {
    rating,
    likelihood: { score: likelihoodScore, level: likelihoodLevel },
    impact: { score: impactScore, level: impactLevel },
    product,
    factors,
  };
}

/**
 * The factors that raised the rating, largest first: for a card's "top reasons".
 *
 * @public
 */
export function topRiskReasons(
  assessment: RiskAssessment,
  count = 3,
): RiskFactor[] {
  return assessment.factors
    .filter(f => f.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, count);
}
