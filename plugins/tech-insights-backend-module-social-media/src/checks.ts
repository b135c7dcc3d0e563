import { SOCIAL_MEDIA_FACT_RETRIEVER_ID } from './socialMediaFactRetriever';

/**
 * A scorecard check in the form the community Tech Insights JSON rules engine checker
 * (`@backstage-community/plugin-tech-insights-backend-module-jsonfc`) takes, in code or as
 * `techInsights.factChecker.checks` in app-config.
 *
 * @public
 */
export interface SocialMediaCheck {
  id: string;
  type: 'json-rules-engine';
  name: string;
  description: string;
  factIds: string[];
  rule: {
    conditions: {
      all: Array<{
        fact: string;
        operator: string;
        value: boolean | number | string | string[] | null;
      }>;
    };
  };
}

/** How recent the last access review must be, in days. */
export const ACCESS_REVIEW_MAX_DAYS = 90;

const check = (
  id: string,
  name: string,
  description: string,
  fact: string,
  operator: string,
  value: boolean | number | string | string[],
): SocialMediaCheck => ({
  id,
  type: 'json-rules-engine',
  name,
  description,
  factIds: [SOCIAL_MEDIA_FACT_RETRIEVER_ID],
  rule: { conditions: { all: [{ fact, operator, value }] } },
});

/**
 * The guardianship checks of a social media service, built on the facts of
 * {@link SOCIAL_MEDIA_FACT_RETRIEVER_ID}.
 *
 * @public
 */
export const socialMediaChecks: SocialMediaCheck[] = [
  check(
    'socialMediaMfaEnabled',
    'MFA on',
    'Multi-factor authentication is switched on for the platform account.',
    'mfaEnabled',
    'equal',
    true,
  ),
  check(
    'socialMediaCredentialsInVault',
    'Credentials in a vault',
    'The account credentials are kept in a credential vault.',
    'credentialsInVault',
    'equal',
    true,
  ),
  check(
    'socialMediaNoSharedLogin',
    'No shared login',
    'Everyone signs in with their own access rather than one shared login.',
    'sharedLogin',
    'equal',
    false,
  ),
  check(
    'socialMediaAccessReviewed',
    `Access reviewed within ${ACCESS_REVIEW_MAX_DAYS} days`,
    `The admin list was reviewed in the last ${ACCESS_REVIEW_MAX_DAYS} days. A service never reviewed fails.`,
    'daysSinceAccessReview',
    'lessThanInclusive',
    ACCESS_REVIEW_MAX_DAYS,
  ),
  check(
    'socialMediaNoLeaversWithAccess',
    'No leavers with access',
    'Nobody who has left the organisation still holds access to the account.',
    'leaversWithAccess',
    'equal',
    0,
  ),
  check(
    'socialMediaNoOpenSecurityIncidents',
    'No open security incidents',
    'No account takeover, phishing or impersonation incident is open for the service.',
    'openSecurityIncidents',
    'equal',
    0,
  ),
  check(
    'socialMediaStageCompliant',
    'Lifecycle stage requirements met',
    'The service meets the requirements of its lifecycle stage; the service page lists what is missing.',
    'stageCompliant',
    'equal',
    true,
  ),
  check(
    'socialMediaRiskAcceptable',
    'Risk rating not high or critical',
    'The risk rating of the service is low or medium (or not rated yet).',
    'riskRating',
    'notIn',
    ['high', 'critical'],
  ),
];

/**
 * The checks as `techInsights.factChecker.checks` takes them: an object keyed by check id.
 *
 * @public
 */
export function socialMediaChecksConfig(): Record<
  string,
  Omit<SocialMediaCheck, 'id'>
> {
  return Object.fromEntries(
    socialMediaChecks.map(({ id, ...rest }) => [id, rest]),
  );
}
