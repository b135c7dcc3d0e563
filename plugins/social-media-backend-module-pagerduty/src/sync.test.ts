/*
 * The whole path: the social-media backend with this module syncs incidents from a local server
 * that speaks PagerDuty's REST API v2, serves them on the service's incidents endpoint, and
 * raises new ones there.
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
import { FakePagerDuty } from './testUtils/FakePagerDuty';
import { socialMediaModulePagerDuty } from './module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const API_KEY = 'pd-api-key-s3cret-0123';
const HOUR = 60 * 60 * 1000;

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'marketing', namespace: 'default' },
  spec: {},
};

describe('incident sync from PagerDuty', () => {
  const pagerduty = new FakePagerDuty();
  // The connector reads the real clock here, so the server does too.
  pagerduty.realClock = true;

  beforeAll(() => pagerduty.start());
  afterAll(() => pagerduty.stop());

  async function start(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModulePagerDuty,
        mockServices.rootConfig.factory({
          data: {
            socialMedia: {
              itsm: {
                pagerduty: {
                  baseUrl: pagerduty.url,
                  apiToken: API_KEY,
                  fromEmail: 'integration-bot@example.com',
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

  it('stores the incidents of the mapped service, brings a later resolve, and raises new ones', async () => {
    const brandX = pagerduty.addService('Brand X account');
    const payroll = pagerduty.addService('Payroll');
    const now = pagerduty.now();
    const takeover = pagerduty.addIncident({
      service: brandX,
      title: 'Suspected account takeover',
      priority: { id: 'PPRIO01', summary: 'P1' },
      created_at: now - 5 * HOUR,
    });
    pagerduty.addIncident({
      service: brandX,
      title: 'Scheduled post went out twice',
      created_at: now - 4 * HOUR,
      status: 'resolved',
      last_status_change_at: now - 3 * HOUR,
    });
    pagerduty.addIncident({
      service: payroll,
      title: 'Payslips late',
      created_at: now - 3 * HOUR,
    });
    pagerduty.addIncident({
      service: brandX,
      title: 'Impersonation account reported',
      urgency: 'low',
      created_at: now - 2 * HOUR,
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
      itsm: { system: 'pagerduty', reference: brandX },
    });
    expect(created.status).toBe(201);

    const sync = await as(request(server).post('/api/social-media/itsm/sync'));
    expect(sync.status).toBe(200);
    expect(sync.body.items).toEqual([
      expect.objectContaining({
        connectorId: 'pagerduty',
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
    expect(open.body.items).toEqual([
      expect.objectContaining({ priority: 'low urgency', state: 'triggered' }),
      expect.objectContaining({
        connectorId: 'pagerduty',
        externalId: takeover.id,
        number: `#${takeover.incident_number}`,
        priority: 'P1',
        state: 'triggered',
        open: true,
        url: `https://acme.pagerduty.com/incidents/${takeover.id}`,
      }),
    ]);
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
    ).toMatchObject({ value: '2 incidents' });

    // A responder resolves the takeover, created hours ago: the next run brings it, and only it.
    pagerduty.setStatus(takeover.id, 'resolved');
    const again = await as(request(server).post('/api/social-media/itsm/sync'));
    expect(again.body.items[0]).toMatchObject({
      incidentsLastRun: 1,
      lastSuccessAt: expect.any(String),
    });
    const after = await as(
      request(server).get('/api/social-media/services/brand-x'),
    );
    expect(after.body.openIncidentCount).toBe(1);

    // Raising an incident files it on the mapped PagerDuty service and links it at once.
    const raised = await as(
      request(server).post('/api/social-media/services/brand-x/incidents'),
    ).send({
      title: 'Phishing DMs sent from the brand account',
      description: 'Followers report DMs with a login link since 09:00.',
      category: 'phishing',
    });
    expect(raised.status).toBe(201);
    const stored = [...pagerduty.incidents.values()].find(
      i => i.title === 'Phishing DMs sent from the brand account',
    )!;
    expect(stored.service).toBe(brandX);
    expect(raised.body).toMatchObject({
      externalId: stored.id,
      number: `#${stored.incident_number}`,
      state: 'triggered',
    });
    const [post] = pagerduty.listRequests('/incidents', 'POST');
    expect(post.headers.from).toBe('integration-bot@example.com');
    const withNew = await as(
      request(server).get('/api/social-media/services/brand-x'),
    );
    expect(withNew.body.openIncidentCount).toBe(2);

    const status = await as(
      request(server).get('/api/social-media/itsm/status'),
    );
    expect(JSON.stringify(status.body)).not.toContain(API_KEY);
  });

  it('never misses a change logged in the cursor’s own second or listed late within the overlap', async () => {
    const careers = pagerduty.addService('Careers page');
    // Ten incidents triggered an hour ago, a second apart.
    const hourAgo = pagerduty.now() - HOUR;
    const incidents = Array.from({ length: 10 }, (_, i) =>
      pagerduty.addIncident({
        service: careers,
        title: `Spam comments wave ${i + 1}`,
        created_at: hourAgo + i * 1000,
      }),
    );

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
      itsm: { system: 'pagerduty', reference: careers },
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
    /** Where the run's log pass ended: the cursor the next run starts from. */
    const passEnd = () =>
      Date.parse(
        pagerduty.listRequests('/log_entries').pop()!.query.get('until')!,
      );
    expect(await sync()).toBe(10);
    expect(await openCount()).toBe(10);

    // A burst in the last second the run read, listed by PagerDuty only after the run read it:
    // all ten resolved within that one second.
    const firstEnd = passEnd();
    for (const incident of incidents) {
      pagerduty.setStatus(incident.id, 'resolved', firstEnd - 1000);
    }
    expect(await sync()).toBe(10);
    expect(await openCount()).toBe(0);

    // A change listed late: a new incident triggered two minutes before the end of the last
    // pass, beyond the minute every pass reads again.
    pagerduty.addIncident({
      service: careers,
      title: 'Fake job offers posted in our name',
      created_at: passEnd() - 2 * 60 * 1000,
    });
    // Only the change is stored: what the overlap reads again unchanged is dropped.
    expect(await sync()).toBe(1);
    expect(await openCount()).toBe(1);
    expect(await sync()).toBe(0);
  });

  it('lists an incident for every service mapped to its PagerDuty service', async () => {
    const forum = pagerduty.addService('Community forum');
    const now = pagerduty.now();
    const spam = pagerduty.addIncident({
      service: forum,
      title: 'Spam wave in the community forum',
      created_at: now - 2 * HOUR,
    });
    const outage = pagerduty.addIncident({
      service: forum,
      title: 'Forum login page down',
      created_at: now - HOUR,
    });

    const server = await start();
    // Two catalogue services on the same PagerDuty service: by its id, by its web app address.
    for (const [name, handle, reference] of [
      ['Forum Europe', '@forum_eu', forum],
      [
        'Forum Asia',
        '@forum_asia',
        `https://acme.pagerduty.com/service-directory/${forum}`,
      ],
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
        itsm: { system: 'pagerduty', reference },
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

    // A responder resolves one in PagerDuty: the next run reaches both services.
    pagerduty.setStatus(spam.id, 'resolved');
    await as(request(server).post('/api/social-media/itsm/sync'));
    for (const id of ['forum-europe', 'forum-asia']) {
      const service = await as(
        request(server).get(`/api/social-media/services/${id}`),
      );
      expect(service.body.openIncidentCount).toBe(1);
    }
  });

  it('records a failed run with a message that keeps the API key out', async () => {
    const server = await start();
    pagerduty.apiToken = 'rotated-key-0000';
    try {
      await as(request(server).post('/api/social-media/services')).send({
        name: 'Brand Y',
        platform: 'x',
        handle: '@brandy',
        purpose: 'Brand stories',
        businessUnit: 'Marketing',
        ownerGroup: 'marketing',
        itsm: { system: 'pagerduty', reference: 'PABC123' },
      });
      const sync = await as(
        request(server).post('/api/social-media/itsm/sync'),
      );
      expect(sync.status).toBe(200);
      const [state] = sync.body.items;
      expect(state.lastError).toMatch(
        /PagerDuty refused the API key .* check socialMedia\.itsm\.pagerduty\.apiToken/,
      );
      expect(state.lastSuccessAt).toBeUndefined();
      expect(JSON.stringify(sync.body)).not.toContain(API_KEY);
    } finally {
      pagerduty.apiToken = API_KEY;
    }
  });
});
