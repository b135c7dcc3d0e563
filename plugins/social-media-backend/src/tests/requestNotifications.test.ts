/*
 * Notices about requests for new social services through the whole plugin: the approver groups
 * hear of a request waiting for them, the requester of every decision, and the approvers of a
 * withdrawal. Backstage's notifications service is replaced by a recording double; the plugin,
 * its database (SQLite and PostgreSQL) and its HTTP API are real.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import request from 'supertest';
import { organisationFactories, userRef } from '../__testUtils__/organisation';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { socialMediaPlugin } from '../plugin';
import { aNewServiceRequest } from '../__testUtils__/serviceRequestBodies';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const api = '/api/social-media';

const PEOPLE: Record<string, string[]> = {
  'marketing-lead': ['marketing'],
  'it-service-manager': ['it-service-management'],
  'security-and-it': ['security-office', 'it-service-management'],
  'security-analyst': ['security-office'],
};
const ref = userRef;
const ITSM = 'group:default/it-service-management';
const SECURITY = 'group:default/security-office';

const TIKTOK = aNewServiceRequest();
const REGULATED = {
  ...TIKTOK,
  questionnaire: { ...TIKTOK.questionnaire, regulatedContent: true },
};

describe.each(ids)('request notifications on %s', databaseId => {
  let knex: Knex;

  /**
   * The plugin with a notifications service that records what it is asked to send; `send`
   * replaces its behaviour (e.g. a failure). Without `notifications`, Backstage's own
   * notifications service is used, with no notifications backend installed.
   */
  async function start(
    options: {
      send?: (options: NotificationSendOptions) => Promise<void>;
      defaultNotifications?: boolean;
    } = {},
  ) {
    knex = await databases.init(databaseId);
    const sent: NotificationSendOptions[] = [];
    const send = jest.fn(async (notice: NotificationSendOptions) => {
      sent.push(notice);
      await options.send?.(notice);
    });
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        mockServices.database.factory({ knex }),
        ...organisationFactories(PEOPLE),
        logger.factory,
        ...(options.defaultNotifications
          ? []
          : [
              createServiceFactory({
                service: notificationService,
                deps: {},
                factory: () => ({ send }),
              }),
            ]),
      ],
    });
    return { server, sent, send, logger };
  }

  const as = (who: string, req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header(ref(who)));

  async function file(server: any, body: object = TIKTOK, submit = true) {
    const res = await as(
      'marketing-lead',
      request(server).post(`${api}/requests`),
    ).send({ ...body, submit });
    expect(res.status).toBe(201);
    return res.body;
  }

  const decideAs = (
    server: any,
    who: string,
    id: number,
    version: number,
    decision: string,
    comment: string,
  ) =>
    as(who, request(server).post(`${api}/requests/${id}/decisions`)).send({
      decision,
      comment,
      version,
    });

  /** Who was told what, in order, without the repeated fields. */
  const told = (sent: NotificationSendOptions[]) =>
    sent.map(({ recipients, payload }) => ({
      to: recipients.type === 'entity' ? recipients.entityRef : 'everyone',
      title: payload.title,
    }));

  it('tells the approver groups of a filed and submitted request, and the requester of each decision', async () => {
    const { server, sent } = await start();
    const filed = await file(server, REGULATED);
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [ITSM, SECURITY],
          excludeEntityRef: [ref('marketing-lead')],
        },
        payload: {
          title: `Service request ${filed.id} waits for your approval: Spring campaign TikTok (TikTok)`,
          description: expect.stringContaining(
            'Approvals needed: IT service management and Security office.',
          ),
          link: `/social-media/requests/${filed.id}`,
          topic: `social-media-request-${filed.id}`,
          severity: expect.stringMatching(/^(normal|high)$/),
        },
      },
    ]);

    const first = await decideAs(
      server,
      'security-and-it',
      filed.id,
      1,
      'approve',
      'Owner, audience and tools checked',
    );
    expect(first.body.status).toBe('submitted');
    const last = await decideAs(
      server,
      'security-analyst',
      filed.id,
      2,
      'approve',
      'Moderation plan checked',
    );
    expect(last.body.status).toBe('provisioned');

    // The approvers were told once, at submission; the requester hears of both approvals.
    expect(told(sent)).toEqual([
      {
        to: [ITSM, SECURITY],
        title: `Service request ${filed.id} waits for your approval: Spring campaign TikTok (TikTok)`,
      },
      {
        to: [ref('marketing-lead')],
        title: `Service request ${filed.id}: IT service management approved Spring campaign TikTok (TikTok)`,
      },
      {
        to: [ref('marketing-lead')],
        title: `Service request ${filed.id} approved: Spring campaign TikTok (TikTok) is catalogued as spring-campaign-tiktok`,
      },
    ]);
    expect(sent[1].payload.description).toBe(
      'Approved by security-and-it: "Owner, audience and tools checked". It still waits for Security office.',
    );
    expect(sent[2].payload).toMatchObject({
      description:
        'Approved by security-analyst: "Moderation plan checked". The service spring-campaign-tiktok starts in design, owned by marketing-lead.',
      link: `/social-media/requests/${filed.id}`,
    });
  });

  it('tells the receiving group of a transfer waiting for it, and the handing-over side of the outcome', async () => {
    const { server, sent } = await start();
    const created = await as(
      'marketing-lead',
      request(server).post(`${api}/services`),
    ).send({
      name: 'Careers LinkedIn',
      platform: 'linkedin',
      handle: 'larkmoor-careers',
      purpose: 'Job posts',
      businessUnit: 'Marketing',
      ownerGroup: 'group:default/marketing',
      serviceOwner: ref('marketing-lead'),
      audienceSize: 100,
      lifecycleStage: 'operation',
    });
    expect(created.status).toBe(201);
    const filed = await as(
      'marketing-lead',
      request(server).post(`${api}/services/careers-linkedin/handovers`),
    ).send({
      kind: 'transfer',
      toOwnerGroup: ITSM,
      toServiceOwner: ref('it-service-manager'),
      reason: 'IT runs it from now on',
      version: created.body.version,
    });
    expect(filed.status).toBe(201);
    const accepted = await as(
      'it-service-manager',
      request(server).post(`${api}/handovers/${filed.body.id}/decisions`),
    ).send({
      decision: 'accept',
      version: 1,
      checklist: {
        'admins-reviewed': true,
        'credentials-rotated': true,
        'recovery-email-changed': true,
        'recovery-phone-changed': true,
      },
    });
    expect(accepted.body.status).toBe('completed');
    expect(sent.map(n => [n.recipients, n.payload.title])).toEqual([
      [
        {
          type: 'entity',
          entityRef: [ITSM],
          excludeEntityRef: [ref('marketing-lead')],
        },
        `Transfer of Careers LinkedIn to ${ITSM} waits for your group to accept it`,
      ],
      [
        {
          type: 'entity',
          entityRef: [ref('marketing-lead'), 'group:default/marketing'],
          excludeEntityRef: [ref('it-service-manager')],
        },
        `Transfer of Careers LinkedIn to ${ITSM} completed`,
      ],
    ]);
    expect(sent[0].payload).toMatchObject({
      description: 'marketing-lead asks: "IT runs it from now on"',
      link: `/social-media/handovers/${filed.body.id}`,
    });
  });

  it('sends for changes, hears of the resubmission, and tells the approvers of a withdrawal', async () => {
    const { server, sent } = await start();
    const draft = await file(server, TIKTOK, false);
    expect(sent).toEqual([]);
    const submitted = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/${draft.id}/submit`),
    ).send({ version: 1 });
    expect(submitted.body.status).toBe('submitted');

    const back = await decideAs(
      server,
      'it-service-manager',
      draft.id,
      2,
      'request-changes',
      'Add a moderation plan',
    );
    expect(back.body.status).toBe('changes-requested');
    const again = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/${draft.id}/submit`),
    ).send({ version: 3, comment: 'Moderation plan added' });
    expect(again.body.status).toBe('submitted');
    const withdrawn = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/${draft.id}/withdraw`),
    ).send({ version: 4, comment: 'The campaign is cancelled' });
    expect(withdrawn.body.status).toBe('withdrawn');

    expect(told(sent)).toEqual([
      {
        to: [ITSM],
        title: `Service request ${draft.id} waits for your approval: Spring campaign TikTok (TikTok)`,
      },
      {
        to: [ref('marketing-lead')],
        title: `Service request ${draft.id} needs changes: Spring campaign TikTok (TikTok)`,
      },
      {
        to: [ITSM],
        title: `Service request ${draft.id} waits for your approval: Spring campaign TikTok (TikTok)`,
      },
      {
        to: [ITSM],
        title: `Service request ${draft.id} was withdrawn: Spring campaign TikTok (TikTok)`,
      },
    ]);
    expect(sent[1].payload.description).toBe(
      'Changes asked for by it-service-manager: "Add a moderation plan". Edit the request and submit it again.',
    );
    expect(sent[2].payload.description).toMatch(
      /^Changed and submitted again by marketing-lead/,
    );
    expect(sent[3].payload.description).toBe(
      'Withdrawn by marketing-lead: "The campaign is cancelled". It no longer waits for your approval.',
    );
  });

  it('tells the requester of a rejection, and nobody of a refused decision', async () => {
    const { server, sent } = await start();
    const filed = await file(server);
    const own = await decideAs(
      server,
      'marketing-lead',
      filed.id,
      1,
      'approve',
      'My own',
    );
    expect(own.status).toBe(403);
    expect(sent).toHaveLength(1);
    const rejected = await decideAs(
      server,
      'it-service-manager',
      filed.id,
      1,
      'reject',
      'The brand already has a TikTok account',
    );
    expect(rejected.body.status).toBe('rejected');
    expect(sent.slice(1)).toEqual([
      {
        recipients: { type: 'entity', entityRef: [ref('marketing-lead')] },
        payload: {
          title: `Service request ${filed.id} was rejected: Spring campaign TikTok (TikTok)`,
          description:
            'Rejected by it-service-manager: "The brand already has a TikTok account".',
          link: `/social-media/requests/${filed.id}`,
          topic: `social-media-request-${filed.id}`,
          severity: 'normal',
        },
      },
    ]);
  });

  it('notifies only once the step is committed, and a failed notice leaves the step done', async () => {
    let storedWhenSent: unknown;
    const { server, logger } = await start({
      send: async () => {
        // Read on another connection: an uncommitted step would not be visible (or would block).
        storedWhenSent = await knex('social_service_requests')
          .select('status')
          .first();
        throw new Error(
          'Failed to send notifications: Request failed with status 503',
        );
      },
    });
    const filed = await file(server);
    expect(filed.status).toBe('submitted');
    expect(storedWhenSent).toEqual({ status: 'submitted' });
    expect(logger.warn).toHaveBeenCalledWith(
      `Could not send the notice "Service request ${filed.id} waits for your approval: Spring campaign TikTok (TikTok)" ` +
        `(social-media-request-${filed.id}): Failed to send notifications: Request failed with status 503`,
    );
    const stored = await as(
      'marketing-lead',
      request(server).get(`${api}/requests/${filed.id}`),
    );
    expect(stored.body).toMatchObject({ status: 'submitted', version: 1 });
  });

  it("starts with Backstage's notifications service and no notifications backend, logging that the notice could not be sent", async () => {
    const { server, logger } = await start({ defaultNotifications: true });
    const filed = await file(server);
    expect(filed.status).toBe('submitted');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `^Could not send the notice "Service request ${filed.id} waits for your approval: .*" \\(social-media-request-${filed.id}\\): Failed to send notifications`,
        ),
      ),
    );
  });
});
