import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseItsmExportStore } from './DatabaseItsmExportStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('DatabaseItsmExportStore on %s', databaseId => {
  async function store() {
    const knex = await databases.init(databaseId);
    return {
      knex,
      store: await DatabaseItsmExportStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      }),
    };
  }

  it('keeps one state per connector and service, the newest export winning', async () => {
    const { store: exports } = await store();
    expect(await exports.listStates('servicenow')).toEqual([]);
    await exports.saveStates(
      'servicenow',
      [
        {
          serviceId: 'brand-x',
          externalId: 'a'.repeat(32),
          version: '0@2026-11-25 09:00:00',
        },
        {
          serviceId: 'careers-x',
          externalId: 'b'.repeat(32),
          version: '0@2026-11-25 09:00:01',
        },
      ],
      '2026-11-25T09:00:02.000Z',
    );
    await exports.saveStates(
      'jira',
      [{ serviceId: 'brand-x', externalId: 'SM-1', version: '7' }],
      '2026-11-25T09:00:02.000Z',
    );
    await exports.saveStates(
      'servicenow',
      [
        {
          serviceId: 'brand-x',
          externalId: 'a'.repeat(32),
          version: '1@2026-11-26 10:00:00',
        },
      ],
      '2026-11-26T10:00:01.000Z',
    );
    expect(await exports.listStates('servicenow')).toEqual([
      {
        serviceId: 'brand-x',
        externalId: 'a'.repeat(32),
        version: '1@2026-11-26 10:00:00',
      },
      {
        serviceId: 'careers-x',
        externalId: 'b'.repeat(32),
        version: '0@2026-11-25 09:00:01',
      },
    ]);
    expect(await exports.listStates('jira')).toEqual([
      { serviceId: 'brand-x', externalId: 'SM-1', version: '7' },
    ]);
  });

  it('stores many services at once, all or none', async () => {
    const { knex, store: exports } = await store();
    const many = Array.from({ length: 1200 }, (_, i) => ({
      serviceId: `service-${String(i).padStart(4, '0')}`,
      externalId: i.toString(16).padStart(32, '0'),
      version: `0@2026-11-25 09:00:00`,
    }));
    await exports.saveStates('servicenow', many, '2026-11-25T09:00:00.000Z');
    expect(await exports.listStates('servicenow')).toHaveLength(1200);

    // A row the database refuses in the third chunk: nothing of the batch is kept.
    const broken = many.map((s, i) => ({
      ...s,
      externalId: i === 1100 ? (null as unknown as string) : s.externalId,
      version: '1@2026-11-26 09:00:00',
    }));
    await expect(
      exports.saveStates('servicenow', broken, '2026-11-26T09:00:00.000Z'),
    ).rejects.toThrow();
    const versions = await knex('social_media_itsm_exports').distinct(
      'external_version',
    );
    expect(versions).toEqual([{ external_version: '0@2026-11-25 09:00:00' }]);
  });
});
