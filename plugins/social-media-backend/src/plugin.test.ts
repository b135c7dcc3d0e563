import {
  createBackendModule,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { socialMediaItsmConnectorsExtensionPoint } from '@internal/plugin-social-media-node';
import fs from 'node:fs';
import request from 'supertest';
import {
  apiTestBackend,
  CATALOG,
  connector,
  VALID,
} from './__testUtils__/apiTestBackend';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { socialMediaPlugin } from './plugin';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('social-media API on %s', databaseId => {
  const api = apiTestBackend(databases, databaseId);
  const { start, asUser, count, create } = api;

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
      await api.knex.destroy();
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
          // The newest migration of the package, whichever that is.
          latestMigration: fs
            .readdirSync(
              resolvePackagePath(
                '@internal/plugin-social-media-backend',
                'migrations',
              ),
            )
            .filter(f => f.endsWith('.js'))
            .sort()
            .pop(),
          // The test SQLite database lives in memory.
          inMemory: databaseId === 'SQLITE_3',
          storage:
            databaseId === 'SQLITE_3' ? { kind: 'memory' } : { kind: 'server' },
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

    it('shows how the catalogue runs only to those allowed to see it, who still read the catalogue', async () => {
      const { server: allowed } = await start();
      await create(allowed);
      // A policy like the portal's for a user who is no administrator: reads, but not the status.
      const { server } = await startTestBackend({
        features: [
          socialMediaPlugin,
          mockServices.database.factory({ knex: api.knex }),
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(r => ({
                result:
                  r.permission.name === 'social-media.status.read'
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              })),
          }).factory,
          catalogServiceMock.factory({ entities: CATALOG }),
        ],
      });
      const status = await asUser(
        request(server).get('/api/social-media/status'),
      );
      expect(status.status).toBe(403);
      expect(status.body.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'You are not allowed to see how the social media catalogue runs; administrators do',
      });
      expect(JSON.stringify(status.body)).not.toMatch(/sqlite|pg|migration/i);
      const list = await asUser(
        request(server).get('/api/social-media/services'),
      );
      expect(list.status).toBe(200);
      expect(list.body.totalCount).toBe(1);
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
        'Invalid service: platform: must be one of x, facebook, instagram, linkedin, youtube, tiktok, mastodon, threads, bluesky, blog, other',
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
            'must be one of x, facebook, instagram, linkedin, youtube, tiktok, mastodon, threads, bluesky, blog, other',
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

    it('catalogues Threads and Bluesky accounts with their handles written one way', async () => {
      const { server } = await start();
      const threads = await create(server, {
        ...VALID,
        name: 'Brand Threads',
        platform: 'threads',
        handle: 'examplebrand',
        profileUrl: 'https://www.threads.com/@examplebrand',
      });
      expect(threads.status).toBe(201);
      expect(threads.body).toMatchObject({
        id: 'brand-threads',
        platform: 'threads',
        handle: '@examplebrand',
      });
      const details = await asUser(
        request(server).get('/api/social-media/services/brand-threads'),
      );
      expect(
        details.body.risk.factors.find(
          (f: { id: string }) => f.id === 'platform-reach',
        ),
      ).toMatchObject({
        value: 'Threads, a high-reach platform',
        contribution: 1,
      });
      const bluesky = await create(server, {
        ...VALID,
        name: 'Brand Bluesky',
        platform: 'bluesky',
        handle: '@ExampleBrand.bsky.social',
        profileUrl: 'https://bsky.app/profile/examplebrand.bsky.social',
      });
      expect(bluesky.status).toBe(201);
      expect(bluesky.body).toMatchObject({
        id: 'brand-bluesky',
        platform: 'bluesky',
        handle: 'examplebrand.bsky.social',
      });
      const again = await create(server, {
        ...VALID,
        name: 'Copy',
        platform: 'bluesky',
        handle: 'EXAMPLEBRAND.bsky.social',
        profileUrl: undefined,
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        'The bluesky account examplebrand.bsky.social is already catalogued as brand-bluesky',
      );
      const listed = await asUser(
        request(server).get(
          '/api/social-media/services?platform=threads&platform=bluesky&sort=name',
        ),
      );
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([
        'brand-bluesky',
        'brand-threads',
      ]);
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
        serviceOwner: 'user:default/communications-lead',
      });
      // The named service owner, written as people write it.
      const owned = await asUser(
        request(server).get(
          '/api/social-media/services?serviceOwner=Communications-Lead',
        ),
      );
      expect(owned.status).toBe(200);
      expect(owned.body.items.map((s: { id: string }) => s.id)).toEqual([
        'corporate-x',
      ]);
      // Whole entity refs typed into a script or curl, ":" and "/" not encoded.
      const typed = await asUser(
        request(server).get(
          '/api/social-media/services?ownerGroup=group:default/communications&serviceOwner=user:default/communications-lead',
        ),
      );
      expect(typed.status).toBe(200);
      expect(typed.body.items.map((s: { id: string }) => s.id)).toEqual([
        'corporate-x',
      ]);
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
        [
          `serviceOwner=${encodeURIComponent('group:default/marketing')}`,
          'Invalid query: serviceOwner: group:default/marketing is not a User reference',
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
