/*
 * The whole path: the social-media backend with this module syncs incidents from a local server
 * that speaks ServiceNow's Table API, and serves them on the service's incidents endpoint.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import request from 'supertest';
import { FakeServiceNow } from './testUtils/FakeServiceNow';
import { socialMediaModuleServiceNow } from './module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'marketing', namespace: 'default' },
  spec: {},
};

describe('incident sync from ServiceNow', () => {
  const servicenow = new FakeServiceNow();

  beforeAll(() => servicenow.start());
  afterAll(() => servicenow.stop());

  async function start(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModuleServiceNow,
        mockServices.rootConfig.factory({
          data: {
            socialMedia: {
              itsm: {
                servicenow: {
                  instanceUrl: servicenow.url,
                  auth: {
                    username: 'integration',
                    password: 'integration-password-s3cret',
                  },
                  pageSize: 2,
                },
              },
            },
          },
        }),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.permissions.factory({ result: permission }),
        catalogServiceMock.factory({ entities: [group] }),
      ],
    });
    return server;
  }

  const as = (req: request.Test) =>
    req.set(
      'Authorization',
      mockCredentials.user.header('user:default/it-service-owner'),
    );

  it('stores the incidents of the mapped service and lists them, open first', async () => {
    const brandX = servicenow.addCi('Brand X account');
    const other = servicenow.addCi('Payroll');
    const takeover = servicenow.addIncident({
      short_description: 'Suspected account takeover',
      category: 'security',
      priority: '1',
      business_service: brandX,
    });
    servicenow.addIncident({
      short_description: 'Scheduled post went out twice',
      business_service: brandX,
      state: '6',
      resolved_at: servicenow.tick(),
    });
    servicenow.addIncident({
      short_description: 'Payslips late',
      business_service: other,
    });
    servicenow.addIncident({
      short_description: 'Impersonation account reported',
      business_service: brandX,
    });

    const server = await start();
    const created = await as(
      request(server).post('/api/social-media/services'),
    ).send({
      name: 'Brand X',
      platform: 'x',
      handle: '@brandx',
      purpose: 'Brand stories',
      businessUnit: 'Marketing',
      ownerGroup: 'marketing',
      audienceSize: 250000,
      itsm: { system: 'servicenow', reference: 'Brand X account' },
    });
    expect(created.status).toBe(201);

    const sync = await as(request(server).post('/api/social-media/itsm/sync'));
    expect(sync.status).toBe(200);
    expect(sync.body.items).toEqual([
      expect.objectContaining({
        connectorId: 'servicenow',
        incidentsLastRun: 3,
        mappedServices: 1,
        lastSuccessAt: expect.any(String),
      }),
    ]);

    const open = await as(
      request(server).get('/api/social-media/services/brand-x/incidents'),
    );
    expect(open.status).toBe(200);
    expect(open.body.items.map((i: any) => i.title)).toEqual([
      'Impersonation account reported',
      'Suspected account takeover',
    ]);
    expect(open.body.items[1]).toMatchObject({
      connectorId: 'servicenow',
      externalId: takeover.sys_id,
      number: takeover.number,
      priority: '1 - Critical',
      state: 'New',
      open: true,
      url: `${servicenow.url}/nav_to.do?uri=incident.do?sys_id=${takeover.sys_id}`,
    });
    const all = await as(
      request(server).get(
        '/api/social-media/services/brand-x/incidents?includeResolved=true',
      ),
    );
    expect(all.body.items).toHaveLength(3);

    const service = await as(
      request(server).get('/api/social-media/services/brand-x'),
    );
    expect(service.body.openIncidentCount).toBe(2);
    // Two security incidents (takeover, impersonation) raise the rating.
    expect(
      service.body.risk.factors.find((f: any) => f.id === 'security-incidents'),
    ).toMatchObject({ value: '2 incidents', contribution: 6 });

    // Resolving one in ServiceNow reaches the catalogue on the next run, and only it is fetched.
    servicenow.update(takeover.sys_id, {
      state: '6',
      resolved_at: servicenow.tick(),
    });
    const again = await as(request(server).post('/api/social-media/itsm/sync'));
    expect(again.body.items[0].incidentsLastRun).toBe(1);
    const after = await as(
      request(server).get('/api/social-media/services/brand-x'),
    );
    expect(after.body.openIncidentCount).toBe(1);

    const status = await as(
      request(server).get('/api/social-media/itsm/status'),
    );
    expect(JSON.stringify(status.body)).not.toContain(
      'integration-password-s3cret',
    );
  });

  it('never misses an update stamped in the cursor’s own second or committed late within the overlap', async () => {
    const careers = servicenow.addCi('Careers page');
    // Ten incidents a second apart; the last one sorts after every other within its second.
    const incidents = Array.from({ length: 10 }, (_, i) =>
      servicenow.addIncident({
        short_description: `Spam comments wave ${i + 1}`,
        business_service: careers,
        ...(i === 9 ? { sys_id: 'f'.repeat(32) } : {}),
      }),
    );
    const cursorSecond = incidents[9].sys_updated_on;

    const server = await start();
    const created = await as(
      request(server).post('/api/social-media/services'),
    ).send({
      name: 'Careers page',
      platform: 'linkedin',
      handle: 'example-careers',
      purpose: 'Hiring',
      businessUnit: 'Human Resources',
      ownerGroup: 'marketing',
      itsm: { system: 'servicenow', reference: 'Careers page' },
    });
    expect(created.status).toBe(201);
    const sync = async () => {
      const res = await as(request(server).post('/api/social-media/itsm/sync'));
      expect(res.status).toBe(200);
      return res.body.items[0].incidentsLastRun;
    };
    const openCount = async () =>
      (await as(request(server).get('/api/social-media/services/careers-page')))
        .body.openIncidentCount;
    expect(await sync()).toBe(10);
    expect(await openCount()).toBe(10);

    // A burst after the run: all ten resolved within the cursor's own second. A keyset that
    // starts strictly after the cursor would skip the nine with a lower sys_id.
    for (const incident of incidents) {
      servicenow.update(incident.sys_id, {
        sys_updated_on: cursorSecond,
        state: '6',
        resolved_at: cursorSecond,
      });
    }
    expect(await sync()).toBe(10);
    expect(await openCount()).toBe(0);

    // A transaction that committed late: a new incident stamped two minutes before the cursor.
    const twoMinutesBefore = new Date(
      Date.parse(`${cursorSecond.replace(' ', 'T')}Z`) - 2 * 60 * 1000,
    )
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    servicenow.addIncident({
      short_description: 'Fake job offers posted in our name',
      business_service: careers,
      sys_updated_on: twoMinutesBefore,
    });
    // Only the change is stored: what the overlap reads again unchanged is dropped.
    expect(await sync()).toBe(1);
    expect(await openCount()).toBe(1);
    expect(await sync()).toBe(0);
  });

  it('lists an incident for every service mapped to its business service', async () => {
    const forum = servicenow.addCi('Community forum');
    const spam = servicenow.addIncident({
      short_description: 'Spam wave in the community forum',
      category: 'security',
      priority: '2',
      business_service: forum,
    });
    const outage = servicenow.addIncident({
      short_description: 'Forum login page down',
      business_service: forum,
    });

    const server = await start();
    // Two catalogue services on the same ServiceNow business service: one by name, one by
    // sys_id.
    for (const [name, handle, reference] of [
      ['Forum Europe', '@forum_eu', 'Community forum'],
      ['Forum Asia', '@forum_asia', forum],
    ]) {
      const created = await as(
        request(server).post('/api/social-media/services'),
      ).send({
        name,
        platform: 'x',
        handle,
        purpose: 'Community support',
        businessUnit: 'Customer Care',
        ownerGroup: 'marketing',
        itsm: { system: 'servicenow', reference },
      });
      expect(created.status).toBe(201);
    }

    const sync = await as(request(server).post('/api/social-media/itsm/sync'));
    expect(sync.status).toBe(200);
    expect(sync.body.items[0]).toMatchObject({ mappedServices: 2 });
    expect(sync.body.items[0].lastError).toBeUndefined();

    for (const id of ['forum-europe', 'forum-asia']) {
      const incidents = await as(
        request(server).get(`/api/social-media/services/${id}/incidents`),
      );
      expect(incidents.status).toBe(200);
      expect(incidents.body.items.map((i: any) => i.externalId).sort()).toEqual(
        [spam.sys_id, outage.sys_id].sort(),
      );
      const service = await as(
        request(server).get(`/api/social-media/services/${id}`),
      );
      expect(service.body.openIncidentCount).toBe(2);
    }

    // Resolving one in ServiceNow reaches both services on the next run.
    servicenow.update(spam.sys_id, {
      state: '6',
      resolved_at: servicenow.tick(),
    });
    await as(request(server).post('/api/social-media/itsm/sync'));
    for (const id of ['forum-europe', 'forum-asia']) {
      const service = await as(
        request(server).get(`/api/social-media/services/${id}`),
      );
      expect(service.body.openIncidentCount).toBe(1);
    }
  });

  it('refuses a sync without the permission, and a bad filter', async () => {
    const server = await start(AuthorizeResult.DENY);
    const denied = await as(
      request(server).post('/api/social-media/itsm/sync'),
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'You are not allowed to run the ITSM incident sync',
    );
    const allowed = await start();
    const bad = await as(
      request(allowed).get(
        '/api/social-media/services/anything/incidents?includeResolved=maybe',
      ),
    );
    expect(bad.status).toBe(400);
  });

  it('records a failed run with a message that keeps the credentials out', async () => {
    const server = await start();
    servicenow.auth = {
      type: 'basic',
      username: 'integration',
      password: 'rotated-password',
    };
    try {
      await as(request(server).post('/api/social-media/services')).send({
        name: 'Brand Y',
        platform: 'x',
        handle: '@brandy',
        purpose: 'Brand stories',
        businessUnit: 'Marketing',
        ownerGroup: 'marketing',
        itsm: { system: 'servicenow', reference: 'Brand X account' },
      });
      const sync = await as(
        request(server).post('/api/social-media/itsm/sync'),
      );
      expect(sync.status).toBe(200);
      const [state] = sync.body.items;
      expect(state.lastError).toMatch(/ServiceNow/);
      expect(state.lastSuccessAt).toBeUndefined();
      expect(JSON.stringify(sync.body)).not.toContain(
        'integration-password-s3cret',
      );
    } finally {
      servicenow.auth = {
        type: 'basic',
        username: 'integration',
        password: 'integration-password-s3cret',
      };
    }
  });
});
