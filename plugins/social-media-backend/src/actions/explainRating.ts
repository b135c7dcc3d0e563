import { RISK_RATINGS } from '@internal/plugin-social-media-common';
import { SocialMediaActionDeps } from './guard';

/**
 * `explain-service-rating`: a service's risk rating with every factor that made it, as the
 * service page shows it (`GET /services/{id}`: `risk`, `signOff`).
 */
export function registerExplainRatingAction({
  actionsRegistry,
  socialMedia: { catalogue },
  guard,
  links,
}: SocialMediaActionDeps) {
  actionsRegistry.register({
    name: 'explain-service-rating',
    title: 'Explain the risk rating of a social media service',
    description: `Explains why a social media service has its risk rating (low, medium, high or critical).

The rating is likelihood level x impact level (each 1 to 4). Each factor says what it looks at (label), what was found (value) and how many points it added (contribution; 0 when it did not apply). Likelihood factors are the account's guardianship controls (MFA, credential vault, shared logins, admins, leavers with access, overdue access reviews, recent security incidents, ...); impact factors are its exposure (audience, platform reach, regulated content, brand-level account, ...).

signOff is the latest acceptance of the rating by its service owner or the security office; stale means the rating changed after it was signed. A service not rated yet has rating null and no factors.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          serviceId: z
            .string()
            .min(1, 'serviceId is required')
            .max(63)
            .describe(
              'The service id, e.g. brand-instagram (find-services gives it)',
            ),
        }),
      output: z =>
        z.object({
          service: z.object({
            id: z.string(),
            name: z.string(),
            platform: z.string(),
            lifecycleStage: z.string(),
            link: z.string().describe('The service page in the portal'),
          }),
          rating: z
            .enum(RISK_RATINGS)
            .nullable()
            .describe('null while the service is not rated yet'),
          assessedAt: z.string().optional(),
          likelihood: z
            .object({ score: z.number(), level: z.number() })
            .optional(),
          impact: z.object({ score: z.number(), level: z.number() }).optional(),
          product: z
            .number()
            .optional()
            .describe('likelihood level x impact level'),
          factors: z.array(
            z.object({
              id: z.string(),
              kind: z.enum(['likelihood', 'impact']),
              label: z.string().describe('What the factor looks at'),
              value: z.string().describe('What was found'),
              contribution: z
                .number()
                .describe('Points it added; 0 when it did not apply'),
            }),
          ),
          signOff: z
            .object({
              signedBy: z.string(),
              signedAt: z.string(),
              rating: z.enum(RISK_RATINGS),
              note: z.string(),
              stale: z
                .boolean()
                .describe('The rating changed after it was signed'),
            })
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await guard.read(credentials);
      const service = await catalogue.getService(input.serviceId);
      const { risk, signOff } = service;
      return {
        output: {
          service: {
            id: service.id,
            name: service.name,
            platform: service.platform,
            lifecycleStage: service.lifecycleStage,
            link: links.service(service.id),
          },
          rating: risk?.rating ?? null,
          ...(risk
            ? {
                assessedAt: risk.assessedAt,
                likelihood: risk.likelihood,
                impact: risk.impact,
                product: risk.product,
              }
            : {}),
          factors: (risk?.factors ?? []).map(f => ({
            id: f.id,
            kind: f.kind,
            label: f.label,
            value: f.value,
            contribution: f.contribution,
          })),
          ...(signOff ? { signOff } : {}),
        },
      };
    },
  });
}
