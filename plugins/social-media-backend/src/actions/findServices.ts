import {
  ACCESS_REVIEW_STATUSES,
  LIFECYCLE_STAGES,
  normalizeEntityRef,
  RISK_RATING_FILTERS,
  RISK_RATINGS,
  SERVICE_SORT_FIELDS,
  SOCIAL_PLATFORMS,
} from '@internal/plugin-social-media-common';
import { parseListQuery } from '../domain/listQuery';
import { SocialMediaActionDeps } from './guard';

/** Most services one call returns: a page an assistant can read at once. */
const MAX_ACTION_PAGE = 100;

/**
 * `find-services`: the catalogue list (`GET /services`) with its filters, for people who ask an
 * assistant which accounts run where, who owns them and how risky they are.
 */
export function registerFindServicesAction({
  actionsRegistry,
  socialMedia: { catalogue },
  guard,
  links,
}: SocialMediaActionDeps) {
  actionsRegistry.register({
    name: 'find-services',
    title: 'Find social media services',
    description: `Finds social media services (company accounts on X, Instagram, LinkedIn, …) in the social media service catalogue.

Every filter is optional and they combine (AND); a list filter matches any of its values (OR). Without filters the whole catalogue is listed, a page at a time.
- platform: the platforms the accounts run on.
- lifecycleStage: ITIL lifecycle stages (strategy, design, transition, operation, improvement, retired).
- ownerGroup: the owning catalog Groups, e.g. group:default/marketing (a bare name means a Group in the default namespace).
- serviceOwner: the named service owner, a catalog User such as user:default/social-media-manager.
- riskRating: low, medium, high, critical, or unrated for services not rated yet.
- compliant: true for services that meet the requirements of their lifecycle stage, false for those that do not (missingForStage says what they lack).
- accessReview: current, due or overdue access reviews of the admin list.
- hasOpenIncidents, hasLeavers: services with (true) or without (false) open ITSM incidents, or people who left the organisation but still hold access.
- changedOutside: true for services whose record holds values the catalogue did not write (changed in the database outside it), false for those whose record holds none.
- search: words in the name, handle, purpose or business unit.

Each service comes with its id (use it with the other social media actions) and a link to its page in the portal. totalCount is the number of matching services over all pages; use offset to read further pages.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          platform: z
            .array(z.enum(SOCIAL_PLATFORMS))
            .optional()
            .describe(`Platforms, any of: ${SOCIAL_PLATFORMS.join(', ')}`),
          lifecycleStage: z
            .array(z.enum(LIFECYCLE_STAGES))
            .optional()
            .describe(
              `Lifecycle stages, any of: ${LIFECYCLE_STAGES.join(', ')}`,
            ),
          ownerGroup: z
            .array(
              z
                .string()
                .refine(v => normalizeEntityRef(v, 'group') !== undefined, {
                  message:
                    'must be a Group reference such as group:default/marketing',
                }),
            )
            .max(20)
            .optional()
            .describe(
              'Owning catalog Groups, e.g. ["group:default/marketing"]; a bare name is a Group in the default namespace',
            ),
          serviceOwner: z
            .string()
            .refine(v => normalizeEntityRef(v, 'user') !== undefined, {
              message:
                'must be a User reference such as user:default/social-media-manager',
            })
            .optional()
            .describe(
              'The named service owner, a catalog User ref such as user:default/social-media-manager',
            ),
          riskRating: z
            .array(z.enum(RISK_RATING_FILTERS))
            .optional()
            .describe(
              `Risk ratings, any of: ${RISK_RATING_FILTERS.join(
                ', ',
              )} (unrated: not rated yet)`,
            ),
          compliant: z
            .boolean()
            .optional()
            .describe(
              'true: only services that meet the requirements of their lifecycle stage; false: only those that do not',
            ),
          accessReview: z
            .array(z.enum(ACCESS_REVIEW_STATUSES))
            .optional()
            .describe(
              'Access review statuses, any of: current, due, overdue (retired services have none)',
            ),
          hasOpenIncidents: z
            .boolean()
            .optional()
            .describe(
              'true: only services with open ITSM incidents; false: only those without',
            ),
          hasLeavers: z
            .boolean()
            .optional()
            .describe(
              'true: only services where someone who left the organisation still holds access; false: only those where nobody does',
            ),
          changedOutside: z
            .boolean()
            .optional()
            .describe(
              'true: only services whose record holds values the catalogue did not write (changed in the database outside it); false: only those whose record holds none',
            ),
          search: z
            .string()
            .max(200)
            .optional()
            .describe(
              'Words to find in the name, handle, purpose or business unit',
            ),
          sort: z
            .enum(SERVICE_SORT_FIELDS)
            .optional()
            .describe('Field to sort by; name by default'),
          order: z
            .enum(['asc', 'desc'])
            .optional()
            .describe('Sort order; asc by default'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(MAX_ACTION_PAGE)
            .default(25)
            .describe(
              `Services per page, 1 to ${MAX_ACTION_PAGE}; 25 by default`,
            ),
          offset: z
            .number()
            .int()
            .min(0)
            .default(0)
            .describe('How many matching services to skip, for further pages'),
        }),
      output: z =>
        z.object({
          totalCount: z
            .number()
            .describe('Services matching the filters, over all pages'),
          offset: z.number(),
          services: z.array(
            z.object({
              id: z.string().describe('The service id'),
              name: z.string(),
              platform: z.string(),
              handle: z.string(),
              lifecycleStage: z.string(),
              ownerGroup: z.string().describe('Entity ref of the owning Group'),
              serviceOwner: z
                .string()
                .optional()
                .describe('Entity ref of the named service owner'),
              riskRating: z
                .enum(RISK_RATINGS)
                .optional()
                .describe('Absent while the service is not rated yet'),
              compliant: z
                .boolean()
                .describe('Meets the requirements of its lifecycle stage'),
              missingForStage: z
                .array(z.string())
                .optional()
                .describe('What it lacks for its stage, when not compliant'),
              accessReviewDueAt: z.string().optional(),
              openIncidentCount: z.number(),
              leaverCount: z
                .number()
                .describe(
                  'People who left the organisation but still hold access',
                ),
              link: z.string().describe('The service page in the portal'),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'High and critical services of the marketing group',
        input: {
          ownerGroup: ['group:default/marketing'],
          riskRating: ['high', 'critical'],
          limit: 25,
          offset: 0,
        },
      },
      {
        title:
          'Live Instagram accounts that do not meet their stage requirements',
        input: {
          platform: ['instagram'],
          lifecycleStage: ['operation'],
          compliant: false,
          limit: 25,
          offset: 0,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      await guard.read(credentials);
      const { limit, offset, ...filters } = input;
      // The list API's own parsing: the same checks and refusals as GET /services.
      const query = parseListQuery({
        platform: filters.platform?.join(','),
        lifecycleStage: filters.lifecycleStage?.join(','),
        ownerGroup: filters.ownerGroup,
        serviceOwner: filters.serviceOwner,
        riskRating: filters.riskRating?.join(','),
        accessReview: filters.accessReview?.join(','),
        hasOpenIncidents: yesNo(filters.hasOpenIncidents),
        hasLeavers: yesNo(filters.hasLeavers),
        compliant: yesNo(filters.compliant),
        changedOutside: yesNo(filters.changedOutside),
        search: filters.search,
        sort: filters.sort,
        order: filters.order,
        limit: String(limit),
        offset: String(offset),
      });
      const page = await catalogue.listServices(query);
      return {
        output: {
          totalCount: page.totalCount,
          offset: page.offset,
          services: page.items.map(service => ({
            id: service.id,
            name: service.name,
            platform: service.platform,
            handle: service.handle,
            lifecycleStage: service.lifecycleStage,
            ownerGroup: service.ownerGroup,
            serviceOwner: service.serviceOwner,
            riskRating: service.riskRating,
            compliant: service.compliance.compliant,
            ...(service.compliance.compliant
              ? {}
              : { missingForStage: service.compliance.missing }),
            accessReviewDueAt: service.accessReviewDueAt,
            openIncidentCount: service.openIncidentCount,
            leaverCount: service.leaverCount,
            link: links.service(service.id),
          })),
        },
      };
    },
  });
}

function yesNo(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
