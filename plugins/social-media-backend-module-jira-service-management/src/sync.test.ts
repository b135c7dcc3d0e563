/*
 * The whole path: the social-media backend with this module syncs incidents from a local server
 * that speaks Jira's REST API, and serves them on the service's incidents endpoint.
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
import { FakeJira } from './testUtils/FakeJira';
import { socialMediaModuleJiraServiceManagement } from './module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const API_TOKEN = 'ATATT3xFfGF0-api-token-s3cret';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'marketing', namespace: 'default' },
  spec: {},
};

describe('incident sync from Jira Service Management', () => {
  const jira = new FakeJira();

  beforeAll(async () => {
    await jira.start();
    // Incidents of the last days, so that they count as recent for the risk rating.
    jira.setClock(Date.now() - 3 * 86_400_000);
    jira.account.timeZone = 'Europe/Berlin';
    jira.addProject(
      'SMS',
      ['Brand X account', 'Brand Y account'],
      'Social media',
    );
    jira.addProject('HR', ['Payroll'], 'People');
  });
  afterAll(() => jira.stop());

  async function start(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModuleJiraServiceManagement,
        mockServices.rootConfig.factory({
          data: {
            socialMedia: {
              itsm: {
                jiraServiceManagement: {
                  baseUrl: jira.url,
                  auth: { email: jira.account.email, apiToken: API_TOKEN },
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
    const takeover = jira.addIssue({
      project: 'SMS',
      components: ['Brand X account'],
      summary: 'Login from an unknown country',
      labels: ['account-takeover'],
      priority: 'Highest',
    });
    jira.addIssue({
      project: 'SMS',
      components: ['Brand X account'],
      summary: 'Scheduled post went out twice',
      status: 'Resolved',
      statusCategory: 'done',
      resolutiondate: jira.tick(),
    });
    jira.addIssue({
      project: 'HR',
      components: ['Payroll'],
      summary: 'Payslips late',
    });
    jira.addIssue({
      project: 'SMS',
      components: ['Brand X account'],
      summary: 'Direct messages to customers',
      labels: ['phishing'],
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
      itsm: {
        system: 'jira-service-management',
        reference: 'SMS/Brand X account',
      },
    });
    expect(created.status).toBe(201);

    const sync = await as(request(server).post('/api/social-media/itsm/sync'));
    expect(sync.status).toBe(200);
    expect(sync.body.items).toEqual([
      expect.objectContaining({
        connectorId: 'jira-service-management',
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
      'Direct messages to customers',
      'Login from an unknown country',
    ]);
    expect(open.body.items[1]).toMatchObject({
      connectorId: 'jira-service-management',
      externalId: takeover.id,
      number: takeover.key,
      priority: 'Highest',
      state: 'Open',
      category: 'account takeover',
      open: true,
      url: `${jira.url}/browse/${takeover.key}`,
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
    // The labels (account takeover, phishing) make both security incidents.
    expect(
      service.body.risk.factors.find((f: any) => f.id === 'security-incidents'),
    ).toMatchObject({ value: '2 incidents' });

    // Resolving one in Jira reaches the catalogue on the next run, and only it is fetched.
    jira.update(takeover.id, {
      status: 'Done',
      statusCategory: 'done',
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
    expect(JSON.stringify(status.body)).not.toContain(API_TOKEN);
  });

  it('never misses an update stamped in the cursor’s own minute or listed late within the overlap', async () => {
    jira.addProject('CAR', ['Careers page'], 'Careers');
    // Ten incidents two seconds apart at the start of a minute; the newest is the cursor.
    const minute = Math.ceil(jira.tick() / 60_000) * 60_000;
    const incidents = Array.from({ length: 10 }, (_, i) =>
      jira.addIssue({
        project: 'CAR',
        components: ['Careers page'],
        summary: `Spam comments wave ${i + 1}`,
        updated: minute + i * 2_000 + 500,
      }),
    );
    const cursorAt = incidents[9].updated;

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
      itsm: {
        system: 'jira-service-management',
        reference: 'CAR/Careers page',
      },
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

    // A burst within the cursor's own minute, listed by Jira's search only after the run read
    // it: each incident resolved a second after it was opened, all but the last stamped before
    // the cursor. A search that drops what lies before the cursor would skip nine of them.
    for (const incident of incidents) {
      const at = incident.updated + 1_000;
      jira.update(incident.id, {
        updated: at,
        status: 'Done',
        statusCategory: 'done',
        resolutiondate: at,
      });
    }
    expect(await sync()).toBe(10);
    expect(await openCount()).toBe(0);

    // A change listed late: a new incident stamped two minutes before the newest change seen.
    jira.addIssue({
      project: 'CAR',
      components: ['Careers page'],
      summary: 'Fake job offers posted in our name',
      updated: cursorAt + 1_000 - 2 * 60_000,
    });
    // Only the change is stored: what the overlap reads again unchanged is dropped.
    expect(await sync()).toBe(1);
    expect(await openCount()).toBe(1);
    expect(await sync()).toBe(0);
  });

  it('lists an incident for every service mapped to its component', async () => {
    jira.addProject('COM', ['Community forum'], 'Community');
    const spam = jira.addIssue({
      project: 'COM',
      components: ['Community forum'],
      summary: 'Spam wave in the community forum',
      labels: ['spam'],
      priority: 'High',
    });
    const outage = jira.addIssue({
      project: 'COM',
      components: ['Community forum'],
      summary: 'Forum login page down',
    });

    const server = await start();
    // Two catalogue services on the same Jira component, spelt differently.
    for (const [name, handle, reference] of [
      ['Forum Europe', '@forum_eu', 'COM/Community forum'],
      ['Forum Asia', '@forum_asia', 'com/COMMUNITY FORUM'],
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
        itsm: { system: 'jira-service-management', reference },
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
        [spam.id, outage.id].sort(),
      );
      const service = await as(
        request(server).get(`/api/social-media/services/${id}`),
      );
      expect(service.body.openIncidentCount).toBe(2);
    }

    // Resolving one in Jira reaches both services on the next run.
    jira.update(spam.id, { status: 'Done', statusCategory: 'done' });
    await as(request(server).post('/api/social-media/itsm/sync'));
    for (const id of ['forum-europe', 'forum-asia']) {
      const service = await as(
        request(server).get(`/api/social-media/services/${id}`),
      );
      expect(service.body.openIncidentCount).toBe(1);
    }
  });

  it('records a failed run with a message that names the reference and keeps the credentials out', async () => {
    const server = await start();
    await as(request(server).post('/api/social-media/services')).send({
      name: 'Brand Z',
      platform: 'x',
      handle: '@brandz',
      purpose: 'Brand stories',
      businessUnit: 'Marketing',
      ownerGroup: 'marketing',
      itsm: {
        system: 'jira-service-management',
        reference: 'SMS/Brand Z account',
      },
    });
    const sync = await as(request(server).post('/api/social-media/itsm/sync'));
    expect(sync.status).toBe(200);
    const [state] = sync.body.items;
    expect(state.lastError).toMatch(
      /check the reference 'SMS\/Brand Z account' of service brand-z/,
    );
    expect(state.lastSuccessAt).toBeUndefined();

    jira.account.apiToken = 'rotated-token';
    try {
      const refused = await as(
        request(server).post('/api/social-media/itsm/sync'),
      );
      expect(refused.body.items[0].lastError).toMatch(
        /refused the account email and API token/,
      );
      expect(JSON.stringify(refused.body)).not.toContain(API_TOKEN);
    } finally {
      jira.account.apiToken = API_TOKEN;
    }
  });

  it('refuses a sync without the permission', async () => {
    const server = await start(AuthorizeResult.DENY);
    const denied = await as(
      request(server).post('/api/social-media/itsm/sync'),
    );
    expect(denied.status).toBe(403);
  });
});
