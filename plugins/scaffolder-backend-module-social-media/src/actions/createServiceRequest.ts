import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeValidationProblems,
  SERVICE_REQUEST_STATUSES,
  ServiceRequest,
  serviceRequestInputSchema,
  SOCIAL_PLATFORMS,
  toValidationProblems,
} from '@internal/plugin-social-media-common';
import { examples } from './createServiceRequest.examples';

/** The action's id, as templates name it in their steps. */
export const CREATE_SERVICE_REQUEST_ACTION_ID = 'social-media:request:create';

/** Where the portal shows a request. */
export const requestPath = (id: number) => `/social-media/requests/${id}`;

/**
 * The scaffolder writes a failed step's `error.stack` into the task log a business user reads:
 * keep it to the message, without this module's frames.
 */
function forTaskLog<E extends Error>(error: E): E {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** The catalogue's refusal as an action error, carrying its message and nothing else. */
async function refusal(response: Response): Promise<Error> {
  let reason: string | undefined;
  try {
    const body = await response.json();
    if (typeof body?.error?.message === 'string') reason = body.error.message;
  } catch {
    // Not a Backstage error body (e.g. a proxy's page): the status says enough.
  }
  const message = `The social media service catalogue refused the request (${
    response.status
  }): ${reason ?? response.statusText}`;
  switch (response.status) {
    case 400:
      return forTaskLog(new InputError(message));
    case 401:
    case 403:
      return forTaskLog(new NotAllowedError(message));
    case 404:
      return forTaskLog(new NotFoundError(message));
    case 409:
      return forTaskLog(new ConflictError(message));
    default:
      return forTaskLog(new Error(message));
  }
}

/**
 * `social-media:request:create`: files a request for a new social service in the social media
 * service catalogue, as the person who started the task. The catalogue's own API does the work,
 * so its validation, permissions, duplicate checks and audit trail apply as for a request filed
 * from the catalogue's form.
 *
 * @public
 */
export function createServiceRequestAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  const { auth, discovery } = options;
  return createTemplateAction({
    id: CREATE_SERVICE_REQUEST_ACTION_ID,
    description:
      'Files a request for a new social media service in the social media service catalogue, on behalf of the person who started the task',
    examples,
    schema: {
      input: {
        platform: z =>
          z.enum(SOCIAL_PLATFORMS).describe('Platform of the account'),
        name: z => z.string().describe('Proposed name of the service'),
        handle: z => z.string().describe('Handle of the account'),
        profileUrl: z =>
          z
            .string()
            .optional()
            .describe('Profile URL of the account (https), if known'),
        purpose: z => z.string().describe('What the account is for'),
        audience: z =>
          z.string().describe('Who the account is for, e.g. job seekers'),
        regions: z =>
          z.array(z.string()).describe('Regions the account will serve'),
        businessUnit: z =>
          z.string().describe('Business unit the service will serve'),
        requestingTeam: z =>
          z.string().describe('Entity ref of the catalog Group asking'),
        ownerGroup: z =>
          z
            .string()
            .describe('Entity ref of the catalog Group that will own it'),
        serviceOwner: z =>
          z.string().describe('Entity ref of the catalog User who will own it'),
        targetDate: z =>
          z
            .string()
            .describe('When the account should go live, e.g. 2027-03-01'),
        questionnaire: z =>
          z
            .object({
              regulatedContent: z
                .boolean()
                .describe('The account will publish regulated content'),
              brandLevel: z
                .boolean()
                .describe('The account will speak for the whole brand'),
              expectedAudience: z
                .number()
                .describe('Followers expected within a year'),
              whoPosts: z.string().describe('Who will post'),
              thirdPartyTools: z
                .array(z.string())
                .optional()
                .describe('Third-party tools that will connect'),
            })
            .describe('The risk questionnaire'),
        submit: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Submit the request to the approvers at once (default); false keeps it as a draft',
            ),
      },
      output: {
        requestId: z => z.number().describe('Number of the request'),
        status: z =>
          z
            .enum(SERVICE_REQUEST_STATUSES)
            .describe('Status of the request: submitted, or draft'),
        predictedRating: z =>
          z
            .string()
            .describe('Risk rating the catalogue predicts for the service'),
        requestUrl: z =>
          z
            .string()
            .describe(
              'Path of the request in the portal, e.g. /social-media/requests/12',
            ),
      },
    },
    async handler(ctx) {
      const { submit = true, ...fields } = ctx.input;

      // The same rules the catalogue applies, checked before asking it: a mistake is reported
      // in the same words without filing anything. The catalogue checks again, and also that
      // the groups and people exist and that the account is not catalogued or requested yet.
      const checked = serviceRequestInputSchema.safeParse(fields);
      if (!checked.success) {
        throw forTaskLog(
          new InputError(
            `Invalid request: ${describeValidationProblems(
              toValidationProblems(checked.error),
            )}`,
          ),
        );
      }

      // Filed once: if the task is resumed after a restart, the stored outcome is reused.
      const filed = await ctx.checkpoint({
        key: `social-media-request-${ctx.step?.id ?? 'create'}`,
        fn: async () => {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await ctx.getInitiatorCredentials(),
            targetPluginId: 'social-media',
          });
          const baseUrl = await discovery.getBaseUrl('social-media');
          let response: Response;
          try {
            response = await fetch(`${baseUrl}/requests`, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/json',
                Authorization: `Bearer ${token}`,
              },
              body: JSON.stringify({ ...fields, submit }),
              signal: ctx.signal,
            });
          } catch (error) {
            throw forTaskLog(
              new Error(
                `Could not reach the social media service catalogue at ${baseUrl}: ${
                  (error as Error).message
                }`,
              ),
            );
          }
          if (response.status !== 201) throw await refusal(response);
          const request = (await response.json()) as ServiceRequest;
          return {
            id: request.id,
            status: request.status,
            predictedRating: request.prediction.rating,
          };
        },
      });

      ctx.output('requestId', filed.id);
      ctx.output('status', filed.status);
      ctx.output('predictedRating', filed.predictedRating);
      ctx.output('requestUrl', requestPath(filed.id));
      ctx.logger.info(
        `Filed social media service request ${filed.id} (${filed.status}); predicted risk rating ${filed.predictedRating}`,
      );
    },
  });
}
