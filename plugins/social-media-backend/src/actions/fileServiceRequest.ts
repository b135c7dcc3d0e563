import {
  normalizeEntityRef,
  PLATFORM_TITLES,
  RISK_RATINGS,
  SERVICE_REQUEST_STATUSES,
  serviceRequestCreatePermission,
  SOCIAL_PLATFORMS,
} from '@internal/plugin-social-media-common';
import { SocialMediaActionDeps } from './guard';

/**
 * `file-service-request`: files a request for a new social media account in the caller's name,
 * as `POST /requests` does: the same permission, validation, duplicate checks, risk prediction,
 * approvals, audit trail entry and auditor event.
 */
export function registerFileServiceRequestAction({
  actionsRegistry,
  socialMedia: { serviceRequests },
  guard,
  links,
}: SocialMediaActionDeps) {
  actionsRegistry.register({
    name: 'file-service-request',
    title: 'Request a new social media service',
    description: `Files a request for a new social media account (a social media service) in the catalogue, in the name of the signed-in person using the assistant. It needs the permission social-media.request.create.

By default the request is kept as a draft that the person checks and submits on its page in the portal (link); with submit true it goes to the approvers at once (IT service management, and the security office when the predicted rating is high or critical or the content is regulated). The catalogue predicts the risk rating the account will have and lists the approvals it needs.

requestingTeam, ownerGroup and serviceOwner must exist in the Backstage catalog. The platform and handle must not belong to a catalogued service or another open request. Ask the person for any field you do not know rather than guessing it.`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z => {
        const text = (label: string, max: number) =>
          z
            .string()
            .trim()
            .min(1, `${label} is required`)
            .max(max, `${label} must be at most ${max} characters`);
        const ref = (kind: 'group' | 'user', label: string) =>
          z.string().refine(v => normalizeEntityRef(v, kind) !== undefined, {
            message: `${label} must be a catalog ${
              kind === 'group' ? 'Group' : 'User'
            } such as ${kind}:default/${
              kind === 'group' ? 'marketing' : 'social-media-manager'
            }`,
          });
        return z
          .object({
            platform: z
              .enum(SOCIAL_PLATFORMS)
              .describe(
                `The platform: ${SOCIAL_PLATFORMS.map(
                  p => `${p} (${PLATFORM_TITLES[p]})`,
                ).join(', ')}`,
              ),
            name: text('name', 200).describe(
              'Proposed name of the service, e.g. "Careers LinkedIn France"',
            ),
            handle: text('handle', 255).describe(
              'Handle of the account on the platform, e.g. @larkmoorcareers',
            ),
            profileUrl: z
              .string()
              .max(2048)
              .optional()
              .describe('Profile URL (https), when the account already exists'),
            purpose: text('purpose', 2000).describe(
              'What the business will use the account for',
            ),
            audience: text('audience', 500).describe(
              'Who the account is for, e.g. "job seekers in France"',
            ),
            regions: z
              .array(text('region', 100))
              .min(1, 'Name at least one region')
              .max(20, 'At most 20 regions')
              .describe('Regions the account will serve, e.g. ["EMEA"]'),
            businessUnit: text('businessUnit', 200).describe(
              'The business unit the service will serve, e.g. "Human Resources"',
            ),
            requestingTeam: ref('group', 'requestingTeam').describe(
              'The catalog Group asking for it, e.g. group:default/hr',
            ),
            ownerGroup: ref('group', 'ownerGroup').describe(
              'The catalog Group that will own it',
            ),
            serviceOwner: ref('user', 'serviceOwner').describe(
              'The catalog User who will own it, e.g. user:default/social-media-manager',
            ),
            targetDate: z
              .string()
              .regex(
                /^\d{4}-\d{2}-\d{2}$/,
                'targetDate must be a date such as 2027-03-01',
              )
              .describe('When the account should go live, e.g. 2027-03-01'),
            questionnaire: z
              .object({
                regulatedContent: z
                  .boolean()
                  .describe(
                    'The account will publish regulated content (financial promotions, health claims, ...)',
                  ),
                brandLevel: z
                  .boolean()
                  .describe(
                    'The account will speak for the whole brand rather than a team, product or region',
                  ),
                expectedAudience: z
                  .number()
                  .int('expectedAudience must be a whole number')
                  .min(0, 'expectedAudience cannot be negative')
                  .describe('Followers expected within a year'),
                whoPosts: text('whoPosts', 500).describe(
                  'Who will post, e.g. "the social media team and an agency"',
                ),
                thirdPartyTools: z
                  .array(text('third-party tool', 200))
                  .max(20, 'At most 20 third-party tools')
                  .default([])
                  .describe(
                    'Third-party tools that will connect to the account',
                  ),
              })
              .strict()
              .describe('The short risk questionnaire'),
            submit: z
              .boolean()
              .default(false)
              .describe(
                'true: send it to the approvers at once; false (default): keep it as a draft the person submits in the portal',
              ),
          })
          .strict();
      },
      output: z =>
        z.object({
          id: z.number().describe('The request number'),
          status: z.enum(SERVICE_REQUEST_STATUSES),
          name: z.string(),
          platform: z.string(),
          requester: z.string(),
          predictedRating: z
            .enum(RISK_RATINGS)
            .describe('The rating the account is predicted to have once live'),
          requirements: z
            .array(z.string())
            .describe('What it will need before it may go live'),
          approvals: z
            .array(
              z.object({
                title: z.string(),
                reason: z.string(),
                groups: z.array(z.string()),
              }),
            )
            .describe('The approvals it needs, and from whom'),
          link: z.string().describe('The request page in the portal'),
        }),
    },
    action: async ({ input, credentials }) => {
      await guard.write(credentials, serviceRequestCreatePermission);
      const { submit, ...body } = input;
      const request = await guard.audited(
        credentials,
        'service-request',
        {},
        async () =>
          serviceRequests.create(body, await guard.requestActor(credentials), {
            submit,
          }),
      );
      return {
        output: {
          id: request.id,
          status: request.status,
          name: request.name,
          platform: request.platform,
          requester: request.requester,
          predictedRating: request.prediction.rating,
          requirements: request.prediction.requirements,
          approvals: request.approvals.map(a => ({
            title: a.title,
            reason: a.reason,
            groups: a.groups,
          })),
          link: links.request(request.id),
        },
      };
    },
  });
}
