import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseSocialMediaStore } from './DatabaseSocialMediaStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

async function createStore(databaseId: (typeof ids)[number]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseSocialMediaStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  return { knex, store };
}

function serviceRow(
  id: string,
  overrides: Partial<Record<string, unknown>> = {},
) {
  const now = new Date('2026-11-20T10:00:00.000Z');
  return {
    id,
    name: `Service ${id}`,
    platform: 'linkedin',
    handle: `@${id}`,
    profile_url: `https://www.linkedin.com/company/${id}`,
    owner_group: 'group:default/marketing',
    lifecycle_stage: 'operation',
    risk_rating: null,
    version: 1,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}

describe.each(ids)('DatabaseSocialMediaStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseSocialMediaStore;

  beforeEach(async () => {
    ({ knex, store } = await createStore(databaseId));
  });

  it('answers a ping once migrated', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('reports the client, the newest migration and zero services when empty', async () => {
    const status = await store.getStatus();
    expect(status.client).toBe(
      databaseId === 'SQLITE_3' ? 'better-sqlite3' : 'pg',
    );
    expect(status.latestMigration).toBe('20261125120000_init.js');
    expect(status.servicesByStage).toEqual({
      strategy: 0,
      design: 0,
      transition: 0,
      operation: 0,
      improvement: 0,
      retired: 0,
    });
  });

  it('counts services per lifecycle stage and lists them by name', async () => {
    await knex('social_services').insert([
      serviceRow('corp-x', { name: 'Corporate X', platform: 'x' }),
      serviceRow('corp-blog', { name: 'corporate blog', platform: 'blog' }),
      serviceRow('careers-linkedin', {
        name: 'Careers LinkedIn',
        lifecycle_stage: 'design',
      }),
      serviceRow('brand-youtube', {
        name: 'Brand YouTube',
        platform: 'youtube',
        lifecycle_stage: 'operation',
        risk_rating: 'high',
      }),
    ]);

    const status = await store.getStatus();
    expect(status.servicesByStage.operation).toBe(3);
    expect(status.servicesByStage.design).toBe(1);
    expect(status.servicesByStage.retired).toBe(0);

    const services = await store.listServices();
    expect(services.map(s => s.name)).toEqual([
      'Brand YouTube',
      'Careers LinkedIn',
      'corporate blog',
      'Corporate X',
    ]);
    expect(services[0]).toEqual({
      id: 'brand-youtube',
      name: 'Brand YouTube',
      platform: 'youtube',
      handle: '@brand-youtube',
      profileUrl: 'https://www.linkedin.com/company/brand-youtube',
      ownerGroup: 'group:default/marketing',
      lifecycleStage: 'operation',
      riskRating: 'high',
      version: 1,
      createdAt: '2026-11-20T10:00:00.000Z',
      updatedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(services[1].riskRating).toBeUndefined();
  });

  it('refuses two services for the same platform handle', async () => {
    await knex('social_services').insert(serviceRow('a', { handle: '@same' }));
    await expect(
      knex('social_services').insert(serviceRow('b', { handle: '@same' })),
    ).rejects.toThrow();
  });

  it('leaves the schema alone when migrations are skipped', async () => {
    const fresh = await databases.init(databaseId);
    const skipped = await DatabaseSocialMediaStore.create({
      database: mockServices.database({
        knex: fresh,
        migrations: { skip: true },
      }),
    });
    await expect(skipped.listServices()).rejects.toThrow();
  });
});
