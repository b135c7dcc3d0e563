import { Config } from '@backstage/config';
import {
  DEFAULT_RISK_MODEL,
  RiskModelConfig,
  SOCIAL_PLATFORMS,
} from '@internal/plugin-social-media-common';
import { z } from 'zod';
import {
  DEFAULT_GUARDIANSHIP_POLICY,
  GuardianshipPolicy,
} from '../domain/guardianship';

const points = z.number().min(0, 'must be 0 or more');
const days = z.number().int('must be whole days').min(1, 'must be 1 or more');
const ascending = z
  .tuple([points, points, points])
  .refine(([a, b, c]) => a < b && b < c, 'must be three rising numbers');

const riskSchema = z
  .object({
    likelihood: z
      .object({
        noMfa: points,
        weakMfa: points,
        noVault: points,
        sharedLogin: points,
        perExcessAdmin: points,
        adminThreshold: z.number().int().min(0),
        perLeaverWithAccess: points,
        perUnreviewedApp: points,
        accessReviewOverdue: points,
        perRecentSecurityIncident: points,
        unverified: points,
        recoveryNotCompanyOwned: points,
        outOfCompliance: points,
        levels: ascending,
      })
      .strict()
      .partial(),
    impact: z
      .object({
        audienceTiers: ascending,
        highReachPlatforms: z.array(z.enum(SOCIAL_PLATFORMS)),
        highReachPlatform: points,
        regulatedContent: points,
        brandLevel: points,
        levels: ascending,
        companyVoiceLevel: z
          .number()
          .int('must be a whole level')
          .min(1, 'must be 1 (no floor) to 4')
          .max(4, 'must be 1 (no floor) to 4'),
      })
      .strict()
      .partial(),
    ratingThresholds: ascending,
  })
  .strict()
  .partial();

const policySchema = z
  .object({
    accessReviewIntervalDays: days,
    accessReviewDueSoonDays: z.number().int().min(0),
    thirdPartyAppReviewDays: days,
    securityIncidentWindowDays: days,
  })
  .strict()
  .partial();

function problemsOf(error: z.ZodError, prefix: string) {
  return error.issues
    .map(i => `${[prefix, ...i.path.map(String)].join('.')} ${i.message}`)
    .join('; ');
}

/**
 * Reads `socialMedia.risk` (weights and thresholds of the risk model) and
 * `socialMedia.guardianship` (review intervals), over the defaults. A value that does not fit
 * stops the plugin with a message naming it, rather than rating every service wrongly.
 */
export function readGuardianshipConfig(config: Config): {
  riskModel: RiskModelConfig;
  policy: GuardianshipPolicy;
} {
  const risk = riskSchema.safeParse(
    config.getOptional('socialMedia.risk') ?? {},
  );
  if (!risk.success) {
    throw new Error(
      `Invalid risk model configuration: ${problemsOf(
        risk.error,
        'socialMedia.risk',
      )}`,
    );
  }
  const guardianship = config.getOptionalConfig('socialMedia.guardianship');
  const { schedule: _schedule, ...policyValues } =
    (guardianship?.get() as Record<string, unknown> | undefined) ?? {};
  const policy = policySchema.safeParse(policyValues);
  if (!policy.success) {
    throw new Error(
      `Invalid guardianship configuration: ${problemsOf(
        policy.error,
        'socialMedia.guardianship',
      )}`,
    );
  }
  return {
    riskModel: {
      likelihood: { ...DEFAULT_RISK_MODEL.likelihood, ...risk.data.likelihood },
      impact: { ...DEFAULT_RISK_MODEL.impact, ...risk.data.impact },
      ratingThresholds:
        risk.data.ratingThresholds ?? DEFAULT_RISK_MODEL.ratingThresholds,
    },
    policy: { ...DEFAULT_GUARDIANSHIP_POLICY, ...policy.data },
  };
}
