import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import request from 'supertest';
import { socialMediaPlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

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

describe.each(ids)('social-media backend plugin on %s', databaseId => {
  async function start(
    options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
  ) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        connectorModule,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
      ],
    });
    return { server, knex };
  }

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
    const { server, knex } = await start();
    await knex.destroy();
    const readiness = await request(server).get('/api/social-media/readiness');
    expect(readiness.status).toBe(503);
    expect(readiness.body.status).toBe('unavailable');
  });

  it('reports the migrated store, stage counts and installed connectors to a signed-in user', async () => {
    const { server, knex } = await start();
    const now = new Date();
    await knex('social_services').insert({
      id: 'corp-x',
      name: 'Corporate X',
      platform: 'x',
      handle: '@corp',
      owner_group: 'group:default/communications',
      lifecycle_stage: 'transition',
      version: 1,
      created_at: now,
      updated_at: now,
    });

    const res = await request(server)
      .get('/api/social-media/status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      database: {
        client: databaseId === 'SQLITE_3' ? 'better-sqlite3' : 'pg',
        latestMigration: '20261125120000_init.js',
      },
      services: {
        total: 1,
        byStage: {
          strategy: 0,
          design: 0,
          transition: 1,
          operation: 0,
          improvement: 0,
          retired: 0,
        },
      },
      connectors: ['pagerduty', 'servicenow'],
    });

    const list = await request(server)
      .get('/api/social-media/services')
      .set('Authorization', mockCredentials.service.header());
    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      id: 'corp-x',
      ownerGroup: 'group:default/communications',
      lifecycleStage: 'transition',
    });
  });

  it('rejects anonymous callers of the status and services endpoints', async () => {
    const { server } = await start();
    for (const path of ['/status', '/services']) {
      const res = await request(server)
        .get(`/api/social-media${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('returns 403 with a clear message when the permission policy denies reading', async () => {
    const { server } = await start({ permission: AuthorizeResult.DENY });
    for (const path of ['/status', '/services']) {
      const res = await request(server)
        .get(`/api/social-media${path}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to read the social media service catalogue',
      );
    }
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
        ],
      }),
    ).rejects.toThrow(/already installed/);
  });
});
