/*
 * Ownership at any date, through the whole plugin: a service requested and approved, handed to
 * another group by a transfer, retired, and another one deleted; who owned each at a moment,
 * with the change and the approver behind it, and what a group or a person owned over a period.
 * Runs on SQLite and PostgreSQL.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { socialServiceReadPermission } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import request from 'supertest';
import { organisationFactories, userRef } from '../__testUtils__/organisation';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { socialMediaPlugin } from '../plugin';
import { aNewServiceRequest } from '../__testUtils__/serviceRequestBodies';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const api = '/api/social-media';
const ref = userRef;

const PEOPLE: Record<string, string[]> = {
  'marketing-lead': ['marketing'],
  'social-media-manager': ['marketing'],
  'hr-partner': ['hr'],
  'it-service-manager': ['it-service-management'],
  auditor: ['internal-audit'],
};

const TIKTOK = aNewServiceRequest({
  serviceOwner: ref('social-media-manager'),
});

const CAREERS = {
  name: 'Careers LinkedIn',
  platform: 'linkedin',
  handle: 'larkmoor-careers',
  purpose: 'Job posts and employer brand',
  businessUnit: 'Marketing',
  ownerGroup: 'group:default/marketing',
  serviceOwner: ref('marketing-lead'),
  audienceSize: 40000,
  lifecycleStage: 'operation',
};

const TRANSFER_DONE = {
  'admins-reviewed': true,
  'credentials-rotated': true,
  'recovery-email-changed': true,
  'recovery-phone-changed': true,
};

const RETIREMENT_DONE = {
  'content-archived': true,
  'admins-removed': true,
  'third-party-apps-revoked': true,
  'credentials-removed': true,
};

/** One millisecond before or after an ISO time. */
const shift = (iso: string, ms: number) =>
  new Date(new Date(iso).getTime() + ms).toISOString();

describe.each(ids)('ownership at any date on %s', databaseId => {
  let knex: Knex;

  const as = (who: string, req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header(ref(who)));

  async function start(options: { deny?: string[] } = {}) {
    knex = await databases.init(databaseId);
    const deny = options.deny ?? [];
    const decide = (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({
        result: deny.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async requests => decide(requests) as any,
          authorizeConditional: async requests => decide(requests) as any,
        }).factory,
        ...organisationFactories(PEOPLE),
      ],
    });
    return server;
  }

  const get = (server: any, path: string) =>
    as('auditor', request(server).get(`${api}${path}`));

  /** Files a new-service request as the marketing lead, approved by IT service management. */
  async function requestAndApprove(server: any) {
    const filed = await as(
      'marketing-lead',
      request(server).post(`${api}/requests`),
    ).send({ ...TIKTOK, submit: true });
    expect(filed.status).toBe(201);
    const approved = await as(
      'it-service-manager',
      request(server).post(`${api}/requests/${filed.body.id}/decisions`),
    ).send({
      decision: 'approve',
      comment: 'Fine',
      version: filed.body.version,
    });
    expect(approved.status).toBe(200);
    return filed.body.id as number;
  }

  async function transferCareersToHr(server: any) {
    const service = await get(server, '/services/careers-linkedin');
    const filed = await as(
      'marketing-lead',
      request(server).post(`${api}/services/careers-linkedin/handovers`),
    ).send({
      version: service.body.version,
      kind: 'transfer',
      toOwnerGroup: 'group:default/hr',
      toServiceOwner: ref('hr-partner'),
      reason: 'Recruiting now runs the careers page',
    });
    expect(filed.status).toBe(201);
    const accepted = await as(
      'hr-partner',
      request(server).post(`${api}/handovers/${filed.body.id}/decisions`),
    ).send({
      decision: 'accept',
      comment: 'Ours now',
      version: 1,
      checklist: TRANSFER_DONE,
    });
    expect(accepted.status).toBe(200);
    return filed.body.id as number;
  }

  it('answers who owned a requested service, and who approved it, at any moment', async () => {
    const server = await start();
    const requestId = await requestAndApprove(server);

    const now = await get(server, '/services/spring-campaign-tiktok/ownership');
    expect(now.status).toBe(200);
    expect(now.body.owner).toMatchObject({
      ownerGroup: 'group:default/marketing',
      serviceOwner: ref('social-media-manager'),
      setBy: {
        action: 'create',
        actor: ref('it-service-manager'),
        request: {
          id: requestId,
          kind: 'request',
          requestedBy: ref('marketing-lead'),
          approvedBy: [ref('it-service-manager')],
        },
      },
    });
    expect(now.body.timeline).toHaveLength(1);
    expect(now.body.timeline[0].problems).toEqual([]);
    const created = now.body.service.cataloguedAt as string;
    expect(now.body.owner.since).toBe(created);

    // Before it was catalogued there was no owner: a clear null, with when it was catalogued.
    const before = await get(
      server,
      `/services/spring-campaign-tiktok/ownership?at=${encodeURIComponent(
        shift(created, -1),
      )}`,
    );
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      at: shift(created, -1),
      owner: null,
      service: { id: 'spring-campaign-tiktok', cataloguedAt: created },
    });
  });

  it('follows a transfer through the handover API and a retirement, and lists the group and person over a period', async () => {
    const server = await start();
    const created = await as(
      'marketing-lead',
      request(server).post(`${api}/services`),
    ).send(CAREERS);
    expect(created.status).toBe(201);
    const transferId = await transferCareersToHr(server);

    const ownership = await get(server, '/services/careers-linkedin/ownership');
    const [first, second] = ownership.body.timeline;
    expect(ownership.body.timeline).toHaveLength(2);
    expect(first).toMatchObject({
      ownerGroup: 'group:default/marketing',
      serviceOwner: ref('marketing-lead'),
      setBy: { action: 'create', actor: ref('marketing-lead') },
      endedBy: { action: 'transfer', actor: ref('hr-partner') },
      to: second.from,
    });
    expect(first.setBy.request).toBeUndefined();
    expect(second).toMatchObject({
      ownerGroup: 'group:default/hr',
      serviceOwner: ref('hr-partner'),
      setBy: {
        action: 'transfer',
        actor: ref('hr-partner'),
        request: {
          id: transferId,
          kind: 'transfer',
          requestedBy: ref('marketing-lead'),
          approvedBy: [ref('hr-partner')],
        },
      },
    });
    expect(second.to).toBeUndefined();

    // Just before the transfer the marketing lead held it; at the moment of it, HR did.
    const atMoment = async (at: string) =>
      (
        await get(
          server,
          `/services/careers-linkedin/ownership?at=${encodeURIComponent(at)}`,
        )
      ).body.owner;
    expect(await atMoment(shift(second.from, -1))).toMatchObject({
      ownerGroup: 'group:default/marketing',
      since: first.from,
      setBy: { action: 'create' },
    });
    expect(await atMoment(second.from)).toMatchObject({
      ownerGroup: 'group:default/hr',
      since: second.from,
      setBy: { action: 'transfer', request: { id: transferId } },
    });

    // HR retires it; the timeline does not change, the report says it is retired.
    const service = await get(server, '/services/careers-linkedin');
    const retirement = await as(
      'hr-partner',
      request(server).post(`${api}/services/careers-linkedin/handovers`),
    ).send({
      version: service.body.version,
      kind: 'retirement',
      reason: 'The careers site replaces it',
      handle: 'kept',
      checklist: RETIREMENT_DONE,
    });
    expect(retirement.status).toBe(201);
    const approved = await as(
      'it-service-manager',
      request(server).post(`${api}/handovers/${retirement.body.id}/decisions`),
    ).send({ decision: 'accept', comment: 'Done', version: 1 });
    expect(approved.status).toBe(200);
    expect(
      (await get(server, '/services/careers-linkedin/ownership')).body.timeline,
    ).toHaveLength(2);

    const year = `from=2026-01-01&to=${encodeURIComponent(
      shift(new Date().toISOString(), 60_000),
    )}`;
    const marketing = await get(
      server,
      `/ownership?group=group:default/marketing&${year}`,
    );
    expect(marketing.status).toBe(200);
    expect(marketing.body).toMatchObject({
      group: 'group:default/marketing',
      from: '2026-01-01T00:00:00.000Z',
    });
    expect(marketing.body.items).toEqual([
      expect.objectContaining({
        serviceId: 'careers-linkedin',
        serviceName: 'Careers LinkedIn',
        lifecycleStage: 'retired',
        ownerGroupNow: 'group:default/hr',
        periods: [
          expect.objectContaining({
            from: first.from,
            to: second.from,
            ownerGroups: ['group:default/marketing'],
            serviceOwners: [ref('marketing-lead')],
            endedBy: expect.objectContaining({ action: 'transfer' }),
          }),
        ],
      }),
    ]);
    // A group ref is read as a person would write it.
    const shortRef = await get(server, `/ownership?group=Marketing&${year}`);
    expect(shortRef.body.items.map((i: any) => i.serviceId)).toEqual([
      'careers-linkedin',
    ]);

    const hrPartner = await get(
      server,
      `/ownership?person=${encodeURIComponent(ref('hr-partner'))}&${year}`,
    );
    expect(hrPartner.body.items).toEqual([
      expect.objectContaining({
        serviceId: 'careers-linkedin',
        lifecycleStage: 'retired',
        periods: [expect.objectContaining({ from: second.from })],
      }),
    ]);
    expect(hrPartner.body.items[0].periods[0].to).toBeUndefined();

    // A period that ended before the service came is empty.
    const earlier = await get(
      server,
      '/ownership?group=group:default/marketing&from=2025-01-01&to=2025-12-31',
    );
    expect(earlier.body.items).toEqual([]);
  });

  it('keeps the timeline of a deleted service, closed by the deletion, in the group report', async () => {
    const server = await start();
    const created = await as(
      'marketing-lead',
      request(server).post(`${api}/services`),
    ).send({ ...CAREERS, lifecycleStage: 'strategy' });
    expect(created.status).toBe(201);
    const deleted = await as(
      'marketing-lead',
      request(server).delete(`${api}/services/careers-linkedin?version=1`),
    );
    expect(deleted.status).toBe(204);

    const ownership = await get(server, '/services/careers-linkedin/ownership');
    expect(ownership.status).toBe(200);
    const [only] = ownership.body.timeline;
    expect(ownership.body.timeline).toHaveLength(1);
    expect(only).toMatchObject({
      ownerGroup: 'group:default/marketing',
      endedBy: { action: 'delete', actor: ref('marketing-lead') },
    });
    expect(ownership.body.service.deletedAt).toBe(only.to);
    expect(ownership.body.owner).toBeNull();
    expect(
      (
        await get(
          server,
          `/services/careers-linkedin/ownership?at=${encodeURIComponent(
            shift(only.to, -1),
          )}`,
        )
      ).body.owner,
    ).toMatchObject({ ownerGroup: 'group:default/marketing' });

    const report = await get(
      server,
      `/ownership?group=group:default/marketing&from=2026-01-01&to=${encodeURIComponent(
        only.to,
      )}`,
    );
    expect(report.body.items).toEqual([
      expect.objectContaining({
        serviceId: 'careers-linkedin',
        serviceName: 'Careers LinkedIn',
        deletedAt: only.to,
        periods: [
          expect.objectContaining({
            to: only.to,
            endedBy: expect.objectContaining({ action: 'delete' }),
          }),
        ],
      }),
    ]);
    expect(report.body.items[0].lifecycleStage).toBeUndefined();
  });

  it('refuses bad input naming the field, answers 404 for an unknown service and 403 without read permission', async () => {
    const server = await start();
    const created = await as(
      'marketing-lead',
      request(server).post(`${api}/services`),
    ).send(CAREERS);
    expect(created.status).toBe(201);
    const count = async () =>
      Number(
        (await knex('social_service_ownership_periods').count({ n: '*' }))[0].n,
      );
    expect(await count()).toBe(1);

    const refused = async (path: string, status: number, message: string) => {
      const res = await get(server, path);
      expect([res.status, res.body.error?.message]).toEqual([status, message]);
      return res;
    };
    const badAt = await refused(
      '/services/careers-linkedin/ownership?at=1%20March',
      400,
      'Invalid query: at: must be an ISO 8601 date or date-time, such as 2026-03-01T09:00:00Z; got "1 March"',
    );
    expect(badAt.body.error.fields).toEqual([
      { field: 'at', message: expect.stringContaining('ISO 8601') },
    ]);
    await refused(
      '/services/careers-linkedin/ownership?at=2026-02-30T09:00:00Z',
      400,
      'Invalid query: at: must be an ISO 8601 date or date-time, such as 2026-03-01T09:00:00Z; got "2026-02-30T09:00:00Z"',
    );
    await refused(
      '/services/no-such-service/ownership',
      404,
      "No social media service with id 'no-such-service'",
    );
    await refused(
      '/ownership?from=2026-01-01&to=2026-12-31',
      400,
      'Invalid query: group: give either group (an owner group) or person (a service owner), one of them',
    );
    await refused(
      `/ownership?group=group:default/marketing&person=${ref(
        'marketing-lead',
      )}&from=2026-01-01&to=2026-12-31`,
      400,
      'Invalid query: person: give either group (an owner group) or person (a service owner), one of them',
    );
    await refused(
      '/ownership?group=user:default/marketing-lead&from=2026-01-01&to=2026-12-31',
      400,
      'Invalid query: group: must be a group entity ref, such as group:default/marketing',
    );
    await refused(
      '/ownership?group=marketing&from=yesterday&to=2026-12-31',
      400,
      'Invalid query: from: must be an ISO 8601 date or date-time, such as 2026-03-01T09:00:00Z; got "yesterday"',
    );
    await refused(
      '/ownership?group=marketing&from=2026-12-31&to=2026-01-01',
      400,
      'Invalid query: to: must not be before from',
    );
    const missingTo = await get(
      server,
      '/ownership?group=marketing&from=2026-01-01',
    );
    expect(missingTo.status).toBe(400);
    expect(missingTo.body.error.message).toContain('to');
    expect(await count()).toBe(1);

    const denied = await start({ deny: [socialServiceReadPermission.name] });
    for (const path of [
      '/services/careers-linkedin/ownership',
      '/ownership?group=marketing&from=2026-01-01&to=2026-12-31',
    ]) {
      const res = await get(denied, path);
      expect([res.status, res.body.error.message]).toEqual([
        403,
        'You are not allowed to read the social media service catalogue',
      ]);
    }
    const anonymous = await request(denied)
      .get(`${api}/services/careers-linkedin/ownership`)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});
