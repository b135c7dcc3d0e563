import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { socialMediaPlugin } from './plugin';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const entity = (kind: 'Group' | 'User', name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** The catalog as the plugin sees it: who exists in the organisation. */
const CATALOG = [
  entity('Group', 'marketing'),
  entity('Group', 'communications'),
  entity('User', 'marketing-lead'),
  entity('User', 'communications-lead'),
];

const VALID = {
  name: 'Brand Instagram',
  platform: 'instagram',
  handle: 'examplebrand',
  profileUrl: 'https://www.instagram.com/examplebrand',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'marketing',
  serviceOwner: 'user:default/marketing-lead',
  audienceSize: 120000,
  tags: ['brand'],
};

function connector(id: string): ItsmConnector {
  const unused = () => {
    throw new Error('not used in this test');
  };
  return {
    id,
    listIncidentsChangedSince: unused,
    getIncident: unused,
    createIncident: unused,
  };
}

const connectorModule = createBackendModule({
  pluginId: 'social-media',
  moduleId: 'test-connectors',
  register(env) {
    env.registerInit({
      deps: {
        connectors: socialMediaItsmConnectorsExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ connectors }) {
        connectors.addConnector(connector('servicenow'), [
          connector('pagerduty'),
        ]);
      },
    });
  },
});

describe.each(ids)('social-media API on %s', databaseId => {
  let knex: Knex;

  async function start(
    options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
  ) {
    knex = await databases.init(databaseId);
    const auditor = mockServices.auditor.mock();
    const auditEvent = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(auditEvent);
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        connectorModule,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalogServiceMock.factory({ entities: CATALOG }),
        auditor.factory,
      ],
    });
    return { server, auditor, auditEvent };
  }

  const asUser = (req: request.Test) =>
    req.set(
      'Authorization',
      mockCredentials.user.header('user:default/marketing-lead'),
    );

  async function count() {
    const [{ n }] = await knex('social_services').count({ n: '*' });
    return Number(n);
  }

  async function create(server: any, body: object = VALID) {
    return asUser(request(server).post('/api/social-media/services')).send(
      body,
    );
  }

  describe('probes and status', () => {
    it('answers health and readiness without credentials', async () => {
      const { server } = await start();
      const health = await request(server)
        .get('/api/social-media/health')
        .set('Authorization', mockCredentials.none.header());
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      const readiness = await request(server)
        .get('/api/social-media/readiness')
        .set('Authorization', mockCredentials.none.header());
      expect(readiness.status).toBe(200);
      expect(readiness.body).toEqual({ status: 'ready' });
    });

    it('reports 503 on readiness when the database is gone', async () => {
      const { server } = await start();
      await knex.destroy();
      const readiness = await request(server).get(
        '/api/social-media/readiness',
      );
      expect(readiness.status).toBe(503);
      expect(readiness.body.status).toBe('unavailable');
    });

    it('reports the store, stage counts and installed connectors', async () => {
      const { server } = await start();
      await create(server);
      const res = await asUser(request(server).get('/api/social-media/status'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ready',
        database: {
          client: databaseId === 'SQLITE_3' ? 'better-sqlite3' : 'pg',
          latestMigration: '20261126150000_itsm_reconcile.js',
        },
        services: {
          total: 1,
          byStage: {
            strategy: 1,
            design: 0,
            transition: 0,
            operation: 0,
            improvement: 0,
            retired: 0,
          },
        },
        connectors: ['pagerduty', 'servicenow'],
      });
    });
  });

  describe('permissions', () => {
    it('rejects anonymous callers on every endpoint but the probes', async () => {
      const { server } = await start();
      const anonymous = (req: request.Test) =>
        req.set('Authorization', mockCredentials.none.header());
      const calls = [
        request(server).get('/api/social-media/status'),
        request(server).get('/api/social-media/services'),
        request(server).post('/api/social-media/services').send(VALID),
        request(server).get('/api/social-media/services/x'),
        request(server)
          .put('/api/social-media/services/x')
          .send({ ...VALID, version: 1 }),
        request(server).delete('/api/social-media/services/x?version=1'),
        request(server)
          .post('/api/social-media/services/x/transitions')
          .send({ to: 'design', reason: 'ready', version: 1 }),
        request(server)
          .put('/api/social-media/services/x/admins')
          .send({ admins: [], version: 1 }),
        request(server).get('/api/social-media/services/x/history'),
        request(server).get('/api/social-media/audit/verify'),
        request(server)
          .post('/api/social-media/import')
          .send({ format: 'csv', content: 'name\n' }),
      ];
      for (const call of calls) {
        expect((await anonymous(call)).status).toBe(401);
      }
    });

    it('answers 403 with a message saying what is not allowed, and writes nothing', async () => {
      const allowed = await start();
      const created = await create(allowed.server);
      expect(created.status).toBe(201);
      const sqliteOrPgKnex = knex;

      // Same database, now with a policy that says no to everything.
      const denied = await (async () => {
        const auditor = mockServices.auditor.mock();
        const { server } = await startTestBackend({
          features: [
            socialMediaPlugin,
            mockServices.database.factory({ knex: sqliteOrPgKnex }),
            mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
            catalogServiceMock.factory({ entities: CATALOG }),
            auditor.factory,
          ],
        });
        return server;
      })();
      const id = created.body.id;
      const cases: Array<[request.Test, string]> = [
        [
          request(denied).get('/api/social-media/services'),
          'You are not allowed to read the social media service catalogue',
        ],
        [
          request(denied).get(`/api/social-media/services/${id}/history`),
          'You are not allowed to read the social media service catalogue',
        ],
        [
          request(denied).get('/api/social-media/audit/verify'),
          'You are not allowed to read the social media service catalogue',
        ],
        [
          request(denied)
            .post('/api/social-media/services')
            .send({ ...VALID, handle: 'other' }),
          'You are not allowed to add services to the social media service catalogue',
        ],
        [
          request(denied)
            .post('/api/social-media/import')
            .send({ format: 'yaml', content: '[]' }),
          'You are not allowed to add services to the social media service catalogue',
        ],
        [
          request(denied)
            .put(`/api/social-media/services/${id}`)
            .send({ ...VALID, name: 'Hijacked', version: 1 }),
          'You are not allowed to change this social media service',
        ],
        [
          request(denied)
            .put(`/api/social-media/services/${id}/admins`)
            .send({ admins: [], version: 1 }),
          'You are not allowed to change this social media service',
        ],
        [
          request(denied)
            .post(`/api/social-media/services/${id}/transitions`)
            .send({ to: 'design', reason: 'ready', version: 1 }),
          'You are not allowed to move this social media service through its lifecycle',
        ],
        [
          request(denied).delete(`/api/social-media/services/${id}?version=1`),
          'You are not allowed to delete this social media service',
        ],
      ];
      for (const [call, message] of cases) {
        const res = await asUser(call);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(message);
      }
      const after = await asUser(
        request(allowed.server).get(`/api/social-media/services/${id}`),
      );
      expect(after.body).toMatchObject({
        name: 'Brand Instagram',
        version: 1,
        lifecycleStage: 'strategy',
      });
      expect(await count()).toBe(1);
    });
  });

  describe('create', () => {
    it('creates a service with an id from its name, owned by the normalised group, and audits it', async () => {
      const { server, auditor, auditEvent } = await start();
      const res = await create(server);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: 'brand-instagram',
        handle: '@examplebrand',
        ownerGroup: 'group:default/marketing',
        lifecycleStage: 'strategy',
        version: 1,
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'service-mutate',
          meta: { queryType: 'create' },
        }),
      );
      expect(auditEvent.success).toHaveBeenCalled();
      const history = await asUser(
        request(server).get(
          '/api/social-media/services/brand-instagram/history',
        ),
      );
      expect(history.body.items).toEqual([
        expect.objectContaining({
          action: 'create',
          actor: 'user:default/marketing-lead',
        }),
      ]);
    });

    it.each([
      [
        'an empty name',
        { ...VALID, name: '' },
        'Invalid service: name: Name is required',
      ],
      [
        'a handle with spaces',
        { ...VALID, handle: 'has spaces' },
        'Invalid service: handle: An Instagram handle is 1 to 30 letters, digits, dots or underscores, optionally starting with @',
      ],
      [
        'an http profile URL',
        { ...VALID, profileUrl: 'http://www.instagram.com/examplebrand' },
        'Invalid service: profileUrl: Profile URL must use https',
      ],
      [
        'an unknown platform',
        { ...VALID, platform: 'myspace' },
        'Invalid service: platform: must be one of x, facebook, instagram, linkedin, youtube, tiktok, mastodon, blog, other',
      ],
      [
        'a negative audience',
        { ...VALID, audienceSize: -5 },
        'Invalid service: audienceSize: must be 0 or more',
      ],
      [
        'an owner group not in the catalog',
        { ...VALID, ownerGroup: 'group:default/nobody' },
        'Invalid service: ownerGroup: Owner group group:default/nobody is not in the Backstage catalog',
      ],
      [
        'a service owner not in the catalog',
        { ...VALID, serviceOwner: 'user:default/left-last-year' },
        'Invalid service: serviceOwner: Service owner user:default/left-last-year is not in the Backstage catalog',
      ],
      [
        'an unknown field',
        { ...VALID, password: 'hunter2' },
        'Invalid service: Unknown field: password',
      ],
    ])(
      'refuses %s with a clear message and writes nothing',
      async (_label, body, message) => {
        const { server, auditEvent } = await start();
        const res = await create(server, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
        expect(await count()).toBe(0);
        expect(auditEvent.success).not.toHaveBeenCalled();
      },
    );

    it('refuses in one error body whichever layer refuses, listing the offending fields', async () => {
      const { server } = await start();
      // The spec refuses the platform; the shared rules refuse the handle and the URL.
      const bySpec = await create(server, {
        ...VALID,
        platform: 'myspace',
        audienceSize: -1,
      });
      const byRules = await create(server, {
        ...VALID,
        handle: 'has spaces',
        profileUrl: 'http://www.instagram.com/examplebrand',
      });
      const byQuery = await asUser(
        request(server).get('/api/social-media/services?limit=0'),
      );
      for (const res of [bySpec, byRules, byQuery]) {
        expect(res.status).toBe(400);
        expect(Object.keys(res.body).sort()).toEqual([
          'error',
          'request',
          'response',
        ]);
        expect(Object.keys(res.body.error).sort()).toEqual([
          'fields',
          'message',
          'name',
        ]);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.response).toEqual({ statusCode: 400 });
      }
      expect(bySpec.body.error.fields).toEqual([
        {
          field: 'platform',
          message:
            'must be one of x, facebook, instagram, linkedin, youtube, tiktok, mastodon, blog, other',
        },
        { field: 'audienceSize', message: 'must be 0 or more' },
      ]);
      expect(byRules.body.error.fields.map((f: any) => f.field)).toEqual([
        'handle',
        'profileUrl',
      ]);
      expect(byQuery.body.error).toEqual({
        name: 'InputError',
        message: 'Invalid query: limit: must be a whole number from 1 to 200',
        fields: [
          { field: 'limit', message: 'must be a whole number from 1 to 200' },
        ],
      });
      expect(await count()).toBe(0);
    });

    it('answers 409 for an account that is already catalogued', async () => {
      const { server, auditEvent } = await start();
      await create(server);
      const res = await create(server, {
        ...VALID,
        name: 'Copy',
        handle: '@ExampleBrand',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        'The instagram account @ExampleBrand is already catalogued as brand-instagram',
      );
      expect(auditEvent.fail).toHaveBeenCalled();
      expect(await count()).toBe(1);
    });
  });

  describe('update, transition, admins, delete', () => {
    it('updates with the current version and answers 409 to a stale one without overwriting', async () => {
      const { server } = await start();
      await create(server);
      const url = '/api/social-media/services/brand-instagram';
      const first = await asUser(request(server).put(url)).send({
        ...VALID,
        purpose: 'Campaigns',
        version: 1,
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ purpose: 'Campaigns', version: 2 });

      const stale = await asUser(request(server).put(url)).send({
        ...VALID,
        purpose: 'Overwrite',
        version: 1,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toBe(
        'Service brand-instagram changed since version 1 (it is now at version 2). Reload it and apply your change again.',
      );
      const current = await asUser(request(server).get(url));
      expect(current.body).toMatchObject({ purpose: 'Campaigns', version: 2 });

      const missingVersion = await asUser(request(server).put(url)).send(VALID);
      expect(missingVersion.status).toBe(400);
    });

    it('answers 404 for a service that does not exist', async () => {
      const { server } = await start();
      const url = '/api/social-media/services/nope';
      expect((await asUser(request(server).get(url))).status).toBe(404);
      expect(
        (await asUser(request(server).put(url)).send({ ...VALID, version: 1 }))
          .status,
      ).toBe(404);
      const moved = await asUser(
        request(server).post(`${url}/transitions`),
      ).send({ to: 'design', reason: 'ready', version: 1 });
      expect(moved.status).toBe(404);
      expect(moved.body.error.message).toBe(
        "No social media service with id 'nope'",
      );
      for (const path of [
        'history',
        'risk-history',
        'access-reviews',
        'incidents',
      ]) {
        const read = await asUser(request(server).get(`${url}/${path}`));
        expect([path, read.status]).toEqual([path, 404]);
      }
    });

    it('moves a service when the gates are met and says what is missing when not', async () => {
      const { server } = await start();
      await create(server);
      const url = '/api/social-media/services/brand-instagram/transitions';
      const design = await asUser(request(server).post(url)).send({
        to: 'design',
        reason: 'Approved by the marketing lead',
        version: 1,
      });
      expect(design.status).toBe(200);
      expect(design.body).toMatchObject({
        lifecycleStage: 'design',
        version: 2,
      });
      await asUser(request(server).post(url)).send({
        to: 'transition',
        reason: 'Built',
        version: 2,
      });
      const blocked = await asUser(request(server).post(url)).send({
        to: 'operation',
        reason: 'Go live',
        version: 3,
      });
      expect(blocked.status).toBe(400);
      expect(blocked.body.error.message).toBe(
        'operation needs: MFA enabled, credentials in a vault, a recovery e-mail and phone owned by the company, a risk rating below critical',
      );
      const noReason = await asUser(request(server).post(url)).send({
        to: 'design',
        reason: '',
        version: 3,
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toBe(
        'Invalid transition: reason: Reason must say why, in at least 3 characters',
      );
    });

    it('flags admins whose User is no longer in the catalog', async () => {
      const { server } = await start();
      await create(server);
      const res = await asUser(
        request(server).put(
          '/api/social-media/services/brand-instagram/admins',
        ),
      ).send({
        version: 1,
        admins: [
          {
            account: 'brand-lead',
            userRef: 'user:default/marketing-lead',
            role: 'owner',
          },
          {
            account: 'ex-intern',
            userRef: 'user:default/former-intern',
            role: 'editor',
          },
          { account: 'agency', role: 'editor' },
        ],
      });
      expect(res.status).toBe(200);
      expect(
        res.body.admins.map((a: any) => [a.account, a.inOrganisation]),
      ).toEqual([
        ['brand-lead', true],
        ['ex-intern', false],
        ['agency', true],
      ]);
      expect(res.body.adminCount).toBe(3);
    });

    it('deletes with the current version only', async () => {
      const { server } = await start();
      await create(server);
      const url = '/api/social-media/services/brand-instagram';
      expect(
        (await asUser(request(server).delete(`${url}?version=9`))).status,
      ).toBe(409);
      expect(
        (await asUser(request(server).delete(`${url}?version=1`))).status,
      ).toBe(204);
      expect((await asUser(request(server).get(url))).status).toBe(404);
      // An auditor can still read what happened to it.
      const history = await asUser(request(server).get(`${url}/history`));
      expect(history.status).toBe(200);
      expect(history.body.items.map((e: any) => e.action)).toEqual([
        'delete',
        'create',
      ]);
    });
  });

  describe('list', () => {
    it('filters, sorts and pages, and refuses bad query parameters', async () => {
      const { server } = await start();
      await create(server);
      await create(server, {
        ...VALID,
        name: 'Corporate X',
        platform: 'x',
        handle: '@corp',
        profileUrl: 'https://x.com/corp',
        ownerGroup: 'group:default/communications',
      });
      const res = await asUser(
        request(server).get(
          '/api/social-media/services?platform=x&platform=instagram&ownerGroup=communications&sort=name&order=desc&limit=10',
        ),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ totalCount: 1, limit: 10, offset: 0 });
      expect(res.body.items[0].id).toBe('corporate-x');

      // Several search words, with the space written either way browsers write it.
      for (const search of ['corporate%20x', 'corporate+x']) {
        const found = await asUser(
          request(server).get(`/api/social-media/services?search=${search}`),
        );
        expect(found.status).toBe(200);
        expect(found.body.items.map((s: { id: string }) => s.id)).toEqual([
          'corporate-x',
        ]);
      }

      for (const [query, message] of [
        [
          'limit=500',
          'Invalid query: limit: must be a whole number from 1 to 200',
        ],
        [
          'platform=myspace',
          'Invalid query: platform: must be one of x, facebook',
        ],
        [
          'hasOpenIncidents=maybe',
          'Invalid query: hasOpenIncidents: must be one of true, false',
        ],
      ]) {
        const bad = await asUser(
          request(server).get(`/api/social-media/services?${query}`),
        );
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toContain(message);
      }
    });
  });

  describe('audit trail', () => {
    it('verifies the chain and names the entry that was tampered with', async () => {
      const { server } = await start();
      await create(server);
      await create(server, {
        ...VALID,
        name: 'Second',
        handle: 'second',
        profileUrl: undefined,
      });
      const ok = await asUser(
        request(server).get('/api/social-media/audit/verify'),
      );
      expect(ok.body).toEqual({ intact: true, entries: 2 });

      await knex('social_media_audit_log')
        .where({ seq: 1 })
        .update({ actor: 'user:default/someone-else' });
      const broken = await asUser(
        request(server).get('/api/social-media/audit/verify'),
      );
      expect(broken.body).toEqual({
        intact: false,
        entries: 1,
        firstBroken: {
          seq: 1,
          problem: 'edited',
          message: 'Entry 1 was changed after it was written',
        },
      });
    });
  });

  describe('import', () => {
    const CSV = [
      'name,platform,handle,purpose,businessUnit,ownerGroup,mfaEnabled,tags,lifecycleStage',
      'EMEA X,x,example_emea,Regional news,Marketing EMEA,marketing,yes,region-emea;news,operation',
      'Corporate LinkedIn,linkedin,example-group,Corporate profile,Communications,communications,no,,design',
    ].join('\n');

    it('checks a CSV inventory in a dry run, then imports it all', async () => {
      const { server } = await start();
      const dry = await asUser(
        request(server).post('/api/social-media/import'),
      ).send({ format: 'csv', content: CSV, dryRun: true });
      expect(dry.status).toBe(200);
      expect(dry.body).toEqual({
        dryRun: true,
        valid: true,
        rows: 2,
        created: ['emea-x', 'corporate-linkedin'],
        problems: [],
      });
      expect(await count()).toBe(0);

      const real = await asUser(
        request(server).post('/api/social-media/import'),
      ).send({ format: 'csv', content: CSV });
      expect(real.status).toBe(200);
      expect(real.body.created).toEqual(['emea-x', 'corporate-linkedin']);
      const emea = await asUser(
        request(server).get('/api/social-media/services/emea-x'),
      );
      expect(emea.body).toMatchObject({
        handle: '@example_emea',
        ownerGroup: 'group:default/marketing',
        lifecycleStage: 'operation',
        tags: ['region-emea', 'news'],
        controls: { mfaEnabled: true },
      });
    });

    it('writes nothing when any row has a problem, and reports every problem by row and field', async () => {
      const { server } = await start();
      const content = [
        CSV,
        'Bad,x,has spaces,Purpose,Unit,marketing,yes,,strategy',
        'Ghost team,x,ghost,Purpose,Unit,ghosts,yes,,strategy',
        'EMEA X copy,x,@EXAMPLE_EMEA,Purpose,Unit,marketing,yes,,strategy',
      ].join('\n');
      const res = await asUser(
        request(server).post('/api/social-media/import'),
      ).send({ format: 'csv', content });
      expect(res.status).toBe(400);
      expect(res.body.valid).toBe(false);
      expect(res.body.created).toEqual([]);
      expect(res.body.problems).toEqual([
        {
          row: 4,
          field: 'handle',
          message:
            'An X handle is 1 to 15 letters, digits or underscores, optionally starting with @ (e.g. @acme)',
        },
        {
          row: 5,
          field: 'ownerGroup',
          message:
            'Owner group group:default/ghosts is not in the Backstage catalog',
        },
        {
          row: 6,
          field: 'handle',
          message: 'x handle @EXAMPLE_EMEA is already used by row 2',
        },
      ]);
      expect(await count()).toBe(0);
    });

    it('takes an inventory of thousands of rows in one request', async () => {
      const { server } = await start();
      const rows = Array.from(
        { length: 3000 },
        (_, i) =>
          `Regional blog ${i},blog,blog${i}.example.com,Regional news and stories for the region,Marketing,marketing,yes,,operation`,
      );
      const content = [CSV.split('\n')[0], ...rows].join('\n');
      expect(content.length).toBeGreaterThan(300_000);
      const res = await asUser(
        request(server).post('/api/social-media/import'),
      ).send({ format: 'csv', content });
      expect(res.body.problems ?? res.body.error).toEqual([]);
      expect(res.status).toBe(200);
      expect(res.body.created).toHaveLength(3000);
      expect(await count()).toBe(3000);
    });

    it('imports YAML too', async () => {
      const { server } = await start();
      const res = await asUser(
        request(server).post('/api/social-media/import'),
      ).send({
        format: 'yaml',
        content: `services:\n  - name: Support X\n    platform: x\n    handle: examplehelp\n    purpose: Customer answers\n    businessUnit: Support\n    ownerGroup: group:default/communications\n`,
      });
      expect(res.status).toBe(200);
      expect(res.body.created).toEqual(['support-x']);
    });
  });
});

describe('ITSM connector extension point', () => {
  it('refuses two connectors with the same id', async () => {
    const duplicate = createBackendModule({
      pluginId: 'social-media',
      moduleId: 'duplicate-connectors',
      register(env) {
        env.registerInit({
          deps: { connectors: socialMediaItsmConnectorsExtensionPoint },
          async init({ connectors }) {
            connectors.addConnector(connector('servicenow'));
            connectors.addConnector(connector('servicenow'));
          },
        });
      },
    });
    const knex = await databases.init('SQLITE_3');
    await expect(
      startTestBackend({
        features: [
          socialMediaPlugin,
          duplicate,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: CATALOG }),
        ],
      }),
    ).rejects.toThrow(/already installed/);
  });
});
