import { socialServiceInputSchema } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { createTestSocialMedia } from '../../__testUtils__/testSocialMedia';
import { IncidentRecord } from './IncidentStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const incident = (
  externalId: string,
  changes: Partial<IncidentRecord> = {},
): IncidentRecord => ({
  serviceId: 'brand',
  externalId,
  number: `INC${externalId}`,
  title: 'Post went out twice',
  priority: '3 - Moderate',
  state: 'New',
  openedAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  url: `https://itsm.example.com/${externalId}`,
  ...changes,
});

describe.each(ids)('DatabaseIncidentStore on %s', databaseId => {
  let knex: Knex;
  let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    socialMedia = await createTestSocialMedia(knex);
    await socialMedia.catalogue.createService(
      {
        ...socialServiceInputSchema.parse({
          name: 'Brand',
          platform: 'x',
          handle: '@brand',
          purpose: 'Stories',
          businessUnit: 'Marketing',
          ownerGroup: 'group:default/marketing',
        }),
        id: 'brand',
      },
      'user:default/marketing-lead',
    );
  });

  const write = (incidents: IncidentRecord[], seenAt: string) =>
    socialMedia.writes.run('test', async unit => {
      await unit.lock('brand');
      await unit.incidents.writeIncidents(
        'servicenow',
        { added: incidents, changed: [] },
        seenAt,
      );
    });

  it('counts open and recent security incidents per service', async () => {
    await write(
      [
        incident('1', { title: 'Suspected account takeover' }),
        incident('2', {
          category: 'Phishing',
          openedAt: '2026-01-01T00:00:00.000Z',
        }),
        incident('3', {
          state: 'Resolved',
          resolvedAt: '2026-11-21T00:00:00.000Z',
        }),
        // Resolved within the window: a recent security incident, not an open one.
        incident('4', {
          category: 'Account security',
          state: 'Closed',
          resolvedAt: '2026-11-22T00:00:00.000Z',
        }),
      ],
      '2026-11-25T09:00:00.000Z',
    );
    const facts = await socialMedia.writes.run('test', unit =>
      unit.incidents.getIncidentFacts(
        ['brand', 'other'],
        '2026-08-27T00:00:00.000Z',
      ),
    );
    expect(Object.fromEntries(facts)).toEqual({
      brand: { open: 2, recentSecurity: 2 },
    });
  });

  it("keeps a vendor's over-long labels within their columns instead of failing the page", async () => {
    await write(
      [
        incident('long', {
          number: `INC${'9'.repeat(80)}`,
          priority: `1 - ${'Critical '.repeat(12)}`,
          state: `Awaiting ${'third-party vendor '.repeat(6)}`,
          category: 'Account security / '.repeat(10),
        }),
      ],
      '2026-11-25T09:00:00.000Z',
    );
    const [stored] = await socialMedia.stores.incidents.listIncidents('brand', {
      includeResolved: true,
    });
    expect([
      stored.number.length,
      stored.priority.length,
      stored.state.length,
      stored.category!.length,
    ]).toEqual([64, 64, 64, 128]);
    expect(stored.state).toMatch(/^Awaiting third-party vendor .*…$/);
  });

  it('stores a copy written as new that another writer stored since the lookup, and keeps the unit of work going', async () => {
    await write(
      [incident('1'), incident('2', { title: 'Reported from the portal' })],
      '2026-11-20T10:00:00.000Z',
    );
    // The sync looked up before the copy of 2 was stored: it writes both of its copies as new.
    await socialMedia.writes.run('test', async unit => {
      await unit.lock('brand');
      await unit.incidents.writeIncidents(
        'servicenow',
        {
          added: [
            incident('2', { state: 'Resolved', title: 'Post went out twice' }),
            incident('3'),
          ],
          changed: [incident('1', { state: 'In Progress' })],
        },
        '2026-11-20T11:00:00.000Z',
      );
      // Still usable after the insert was refused: the cursor is stored in the same unit.
      await unit.incidents.saveCursor('servicenow', 'after-3', 'mappings');
    });
    const listed = await socialMedia.stores.incidents.listIncidents('brand', {
      includeResolved: true,
    });
    expect(listed.map(i => [i.externalId, i.state, i.title]).sort()).toEqual([
      ['1', 'In Progress', 'Post went out twice'],
      ['2', 'Resolved', 'Post went out twice'],
      ['3', 'New', 'Post went out twice'],
    ]);
    expect(
      (await socialMedia.stores.incidents.getSyncState('servicenow')).cursor,
    ).toBe('after-3');
  });

  it('lists open incidents first, newest first, and resolved ones on request', async () => {
    await write(
      [
        incident('1', { openedAt: '2026-11-01T00:00:00.000Z' }),
        incident('2', { openedAt: '2026-11-03T00:00:00.000Z' }),
        incident('3', {
          openedAt: '2026-11-05T00:00:00.000Z',
          state: 'Closed',
        }),
      ],
      '2026-11-25T09:00:00.000Z',
    );
    const { incidents } = socialMedia.stores;
    expect(
      (await incidents.listIncidents('brand', { includeResolved: false })).map(
        i => i.externalId,
      ),
    ).toEqual(['2', '1']);
    expect(
      (await incidents.listIncidents('brand', { includeResolved: true })).map(
        i => [i.externalId, i.open],
      ),
    ).toEqual([
      ['2', true],
      ['1', true],
      ['3', false],
    ]);
  });

  it('ends a full sync by removing what the pass did not see, and remembers when', async () => {
    await write([incident('old')], '2026-11-24T09:00:00.000Z');
    await socialMedia.stores.incidents.beginFullSync('servicenow', {
      at: '2026-11-25T08:00:00.000Z',
      mappingsHash: 'mappings',
    });
    await write([incident('seen')], '2026-11-25T09:00:00.000Z');
    const result = await socialMedia.writes.run('test', unit =>
      unit.incidents.finishFullSync('servicenow', {
        startedAt: '2026-11-25T08:00:00.000Z',
        at: '2026-11-25T10:00:00.000Z',
      }),
    );
    expect(result).toEqual({ removed: 1, serviceIds: ['brand'] });
    expect(
      (
        await socialMedia.stores.incidents.listIncidents('brand', {
          includeResolved: true,
        })
      ).map(i => i.externalId),
    ).toEqual(['seen']);
    expect(
      await socialMedia.stores.incidents.getSyncRuns(['servicenow']),
    ).toEqual([
      expect.objectContaining({ lastFullSyncAt: '2026-11-25T10:00:00.000Z' }),
    ]);
  });
});
