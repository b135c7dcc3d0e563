import { SocialMediaActionDeps } from './guard';

/**
 * `who-owned-service`: the owner of a service at a moment, from the ownership timeline the
 * write path keeps (`GET /services/{id}/ownership?at=`); deleted services are answered for too.
 */
export function registerOwnerOnDateAction({
  actionsRegistry,
  socialMedia: { ownership },
  guard,
  links,
}: SocialMediaActionDeps) {
  actionsRegistry.register({
    name: 'who-owned-service',
    title: 'Who owned a social media service on a date',
    description: `Says who owned a social media service at a moment: its owning catalog Group and its named service owner, since when, and the change that gave it to them (who made it, and the request and approvers behind it when there were any).

at is an ISO 8601 date or date-time; a date alone means its start (00:00 UTC), and without at the answer is for now. Services deleted from the catalogue are still answered for. owner is null when the service was not catalogued at that moment. problems lists why the service had no valid owner then (no owner group, no service owner, or a service owner who had left the organisation).`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          serviceId: z
            .string()
            .min(1, 'serviceId is required')
            .max(63)
            .describe('The service id, e.g. brand-instagram'),
          at: z
            .string()
            .regex(
              /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
              'at must be an ISO 8601 date or date-time, such as 2026-03-01 or 2026-03-01T09:00:00Z',
            )
            .optional()
            .describe(
              'The moment, e.g. 2026-03-01 (its start, UTC) or 2026-03-01T09:00:00Z; now when not given',
            ),
        }),
      output: z =>
        z.object({
          service: z.object({
            id: z.string(),
            name: z.string(),
            cataloguedAt: z.string(),
            deletedAt: z
              .string()
              .optional()
              .describe('When it was deleted from the catalogue, if it was'),
            link: z
              .string()
              .optional()
              .describe('The service page in the portal, while it exists'),
          }),
          at: z.string().describe('The moment answered for (UTC)'),
          owner: z
            .object({
              ownerGroup: z.string().optional(),
              serviceOwner: z.string().optional(),
              serviceOwnerInOrganisation: z.boolean(),
              since: z.string(),
              until: z
                .string()
                .optional()
                .describe('When this owner stopped holding it, if they did'),
              setBy: z.object({
                action: z.string(),
                actor: z.string().optional(),
                at: z.string(),
                requestId: z.number().optional(),
                approvedBy: z.array(z.string()).optional(),
              }),
              problems: z.array(z.string()),
            })
            .nullable()
            .describe(
              'null when the service was not catalogued at that moment',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      await guard.read(credentials);
      const answer = await ownership.forService(
        input.serviceId,
        input.at === undefined ? {} : { at: input.at },
      );
      const { owner, timeline } = answer;
      // The owners held it until the first later period with other owners (or the deletion).
      let last = owner ? timeline.indexOf(owner.period) : -1;
      while (
        last >= 0 &&
        last + 1 < timeline.length &&
        timeline[last + 1].from === timeline[last].to &&
        (timeline[last + 1].ownerGroup ?? '') === (owner?.ownerGroup ?? '') &&
        (timeline[last + 1].serviceOwner ?? '') === (owner?.serviceOwner ?? '')
      ) {
        last += 1;
      }
      const until = last >= 0 ? timeline[last].to : undefined;
      return {
        output: {
          service: {
            ...answer.service,
            // A deleted service has no page any more.
            ...(answer.service.deletedAt
              ? {}
              : { link: links.service(answer.service.id) }),
          },
          at: answer.at,
          owner: owner
            ? {
                ownerGroup: owner.ownerGroup,
                serviceOwner: owner.serviceOwner,
                serviceOwnerInOrganisation:
                  owner.period.serviceOwnerInOrganisation,
                since: owner.since,
                ...(until ? { until } : {}),
                setBy: {
                  action: owner.setBy.action,
                  actor: owner.setBy.actor,
                  at: owner.setBy.at,
                  ...(owner.setBy.request
                    ? {
                        requestId: owner.setBy.request.id,
                        approvedBy: owner.setBy.request.approvedBy,
                      }
                    : {}),
                },
                problems: owner.period.problems,
              }
            : null,
        },
      };
    },
  });
}
