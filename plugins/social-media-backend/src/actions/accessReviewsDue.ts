import {
  ACCESS_REVIEW_STATUSES,
  RISK_RATINGS,
} from '@internal/plugin-social-media-common';
import { parseAccessReviewQuery } from '../domain/listQuery';
import { SocialMediaActionDeps } from './guard';

/**
 * `list-access-reviews-due`: the services whose admin list is due or overdue for its access
 * review, the earliest due first, as the dashboard and `GET /access-reviews` list them.
 */
export function registerAccessReviewsDueAction({
  actionsRegistry,
  socialMedia: { stores },
  guard,
  links,
}: SocialMediaActionDeps) {
  actionsRegistry.register({
    name: 'list-access-reviews-due',
    title: 'List social media services due for an access review',
    description: `Lists the social media services whose access review (the periodic check of who holds access to the account) is due or overdue, the earliest due first, as the portal's dashboard counts them.

status narrows the list: overdue (the due date has passed; overdueDays says by how much), due (due soon, or never reviewed yet), current. Without status, due and overdue ones are listed. Retired services are never listed. Its service owner or owning group does the review on the service page (link).`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          status: z
            .array(z.enum(ACCESS_REVIEW_STATUSES))
            .min(1)
            .optional()
            .describe(
              'Review statuses, any of: overdue, due, current; due and overdue when not given',
            ),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .default(25)
            .describe('Services per page, 1 to 100; 25 by default'),
          offset: z
            .number()
            .int()
            .min(0)
            .default(0)
            .describe('How many services to skip, for further pages'),
        }),
      output: z =>
        z.object({
          totalCount: z
            .number()
            .describe('Services with these statuses, over all pages'),
          reviews: z.array(
            z.object({
              serviceId: z.string(),
              name: z.string(),
              platform: z.string(),
              ownerGroup: z.string(),
              serviceOwner: z.string().optional(),
              riskRating: z.enum(RISK_RATINGS).optional(),
              status: z.enum(ACCESS_REVIEW_STATUSES),
              dueAt: z.string(),
              overdueDays: z.number().describe('0 unless overdue'),
              lastReviewedAt: z
                .string()
                .optional()
                .describe('Absent when it was never reviewed'),
              link: z.string().describe('The service page in the portal'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await guard.read(credentials);
      // The API's own parsing: the same defaults and checks as GET /access-reviews.
      const query = parseAccessReviewQuery({
        status: input.status?.join(','),
        limit: String(input.limit),
        offset: String(input.offset),
      });
      const { items, totalCount } = await stores.guardianship.listAccessReviews(
        query,
      );
      return {
        output: {
          totalCount,
          reviews: items.map(item => ({
            serviceId: item.serviceId,
            name: item.name,
            platform: item.platform,
            ownerGroup: item.ownerGroup,
            serviceOwner: item.serviceOwner,
            riskRating: item.riskRating,
            status: item.review.status,
            dueAt: item.review.dueAt,
            overdueDays: item.review.overdueDays,
            lastReviewedAt: item.review.lastReviewedAt,
            link: links.service(item.serviceId),
          })),
        },
      };
    },
  });
}
