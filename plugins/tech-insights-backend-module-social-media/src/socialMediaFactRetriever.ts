import { ForwardedError, ResponseError } from '@backstage/errors';
import {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import {
  SOCIAL_MEDIA_COMPONENT_TYPE,
  ServiceGuardianshipFacts,
  ServiceGuardianshipFactsList,
} from '@internal/plugin-social-media-common';

/**
 * Id of the fact retriever, under which Tech Insights stores its facts and schedules it
 * (`techInsights.factRetrievers.socialMediaGuardianshipFactRetriever`), and which checks name
 * in their `factIds`.
 *
 * @public
 */
export const SOCIAL_MEDIA_FACT_RETRIEVER_ID =
  'socialMediaGuardianshipFactRetriever';

/** Page size used to read every service (the social-media API's maximum). */
const PAGE_SIZE = 200;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The guardianship facts published for each social media Component.
 *
 * @public
 */
export const socialMediaFactSchema: FactSchema = {
  mfaEnabled: {
    type: 'boolean',
    description:
      'Multi-factor authentication is switched on for the platform account.',
  },
  credentialsInVault: {
    type: 'boolean',
    description:
      'The account credentials are kept in a credential vault (a vault reference is recorded).',
  },
  sharedLogin: {
    type: 'boolean',
    description:
      'Several people sign in with the same login instead of their own access.',
  },
  daysSinceAccessReview: {
    type: 'integer',
    description:
      'Whole days since the last access review of the admin list. null when the service was never reviewed, so that a "reviewed within N days" check fails for it.',
  },
  leaversWithAccess: {
    type: 'integer',
    description:
      'Admins and the service owner who have left the organisation (no longer Users in the catalog) but still hold access.',
  },
  openSecurityIncidents: {
    type: 'integer',
    description:
      'Open ITSM incidents of the service that are security incidents (account takeover, phishing, impersonation, compromised credentials).',
  },
  openIncidents: {
    type: 'integer',
    description: 'Open ITSM incidents of the service, of every kind.',
  },
  stageCompliant: {
    type: 'boolean',
    description:
      'The service meets the requirements (guards) of its lifecycle stage and of the stages before it, as the service page shows them.',
  },
  riskRating: {
    type: 'string',
    description:
      'Risk rating of the service: low, medium, high or critical; unrated when it was not rated yet.',
  },
  riskScore: {
    type: 'integer',
    description:
      'Likelihood level times impact level (1 to 16) behind the risk rating. null when the service was not rated yet.',
  },
};

/** The facts of one service, as of `now`. */
export function toTechInsightFact(
  service: ServiceGuardianshipFacts,
  now: Date,
): TechInsightFact {
  const reviewedAt = service.lastAccessReviewAt
    ? Date.parse(service.lastAccessReviewAt)
    : NaN;
  return {
    // Named as the catalog module projects the service: Component default/<service id>.
    entity: {
      namespace: 'default',
      kind: 'component',
      name: service.serviceId,
    },
    facts: {
      mfaEnabled: service.mfaEnabled,
      credentialsInVault: service.credentialsInVault,
      sharedLogin: service.sharedLogin,
      daysSinceAccessReview: Number.isNaN(reviewedAt)
        ? null
        : Math.max(0, Math.floor((now.getTime() - reviewedAt) / DAY_MS)),
      leaversWithAccess: service.leaverCount,
      openSecurityIncidents: service.openSecurityIncidentCount,
      openIncidents: service.openIncidentCount,
      stageCompliant: service.stageCompliant,
      riskRating: service.riskRating ?? 'unrated',
      riskScore: service.riskScore ?? null,
    },
  };
}

/**
 * Creates the fact retriever that publishes each social media Component's guardianship facts,
 * read from the social-media backend's `GET /guardianship/facts`, a page at a time.
 *
 * @public
 */
export function createSocialMediaFactRetriever(
  options: {
    /** The time the days since the last access review are counted to; now by default. */
    now?: () => Date;
  } = {},
): FactRetriever {
  const now = options.now ?? (() => new Date());
  return {
    id: SOCIAL_MEDIA_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Social media guardianship',
    description:
      'Guardianship of each social media account: MFA, credential vault, shared login, access review, leavers, open security incidents, stage compliance and risk rating.',
    entityFilter: {
      kind: 'component',
      'spec.type': SOCIAL_MEDIA_COMPONENT_TYPE,
    },
    schema: socialMediaFactSchema,
    async handler(ctx: FactRetrieverContext): Promise<TechInsightFact[]> {
      const { discovery, auth, logger } = ctx;
      const baseUrl = await discovery.getBaseUrl('social-media');
      const at = now();
      const facts: TechInsightFact[] = [];
      // Page by cursor: each page costs the database the same, where an offset's page reads and
      // skips every service before it. A social-media backend from before cursors answers none,
      // and is read by offset.
      let after: string | undefined;
      let answersCursors = false;
      for (;;) {
        const position = after
          ? `after=${encodeURIComponent(after)}`
          : `offset=${facts.length}`;
        const path = `/guardianship/facts?limit=${PAGE_SIZE}&${position}`;
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: 'social-media',
        });
        const what = `Could not read the guardianship facts of the social media services (GET ${path} of the social-media backend)`;
        let response: Response;
        try {
          response = await fetch(`${baseUrl}${path}`, {
            headers: { Authorization: `Bearer ${token}` },
          });
        } catch (error) {
          throw new ForwardedError(what, error);
        }
        if (!response.ok) {
          const answer = await ResponseError.fromResponse(response);
          throw new Error(
            `${what}: it answered ${response.status} ${response.statusText}, ${answer.body.error.message}`,
            { cause: answer },
          );
        }
        const page = (await response.json()) as ServiceGuardianshipFactsList;
        facts.push(
          ...page.items.map(service => toTechInsightFact(service, at)),
        );
        after = page.nextAfter;
        answersCursors ||= after !== undefined;
        const more = answersCursors
          ? after !== undefined
          : page.items.length === PAGE_SIZE && facts.length < page.totalCount;
        if (!more) break;
      }
      logger.info(
        `Read the guardianship facts of ${facts.length} social media services`,
      );
      return facts;
    },
  };
}

/**
 * The fact retriever as the module registers it.
 *
 * @public
 */
export const socialMediaFactRetriever = createSocialMediaFactRetriever();
