import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { SERVICE_SORT_FIELDS } from '@internal/plugin-social-media-common';
import fs from 'node:fs';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  newService as service,
  socialMediaOn,
} from '../../__testUtils__/testSocialMedia';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const ACTOR = 'user:default/it-service-owner';

describe.each(ids)('DatabaseServiceStore on %s', databaseId => {
  const on = socialMediaOn(databases, databaseId);
  let knex: Knex;
  let catalogue: Awaited<ReturnType<typeof on>>['catalogue'];
  let stores: Awaited<ReturnType<typeof on>>['stores'];

  beforeEach(async () => {
    ({ knex, catalogue, stores } = await on());
  });

  describe('list', () => {
    beforeEach(async () => {
      const rows = [
        service('corp-x', {
          name: 'Corporate X',
          platform: 'x',
          handle: '@corp',
          ownerGroup: 'group:default/communications',
          lifecycleStage: 'operation',
          audienceSize: 400000,
          purpose: 'Press statements, 100% official',
          businessUnit: 'Corporate Communications',
        }),
        service('corp-blog', {
          name: 'corporate blog',
          platform: 'blog',
          handle: 'blog.example.com',
          ownerGroup: 'group:default/communications',
          lifecycleStage: 'design',
          audienceSize: 5000,
          businessUnit: 'Corporate Communications',
        }),
        service('careers', {
          name: 'Careers LinkedIn',
          lifecycleStage: 'operation',
          audienceSize: 90000,
        }),
        service('brand-tiktok', {
          name: 'Brand TikTok',
          platform: 'tiktok',
          handle: '@brand',
          ownerGroup: 'group:default/marketing',
          lifecycleStage: 'strategy',
          businessUnit: 'Marketing',
        }),
      ];
      await catalogue.importServices(
        rows.map((input, i) => ({ row: i + 1, input })),
        ACTOR,
        { dryRun: false },
      );
      await knex('social_services')
        .where({ id: 'corp-x' })
        .update({ risk_rating: 'high', risk_rank: 3, open_incident_count: 2 });
      await knex('social_services')
        .where({ id: 'careers' })
        .update({ risk_rating: 'low', risk_rank: 1 });
      // As after an upgrade from a release without ratings, before the first sweep.
      await knex('social_services')
        .whereIn('id', ['brand-tiktok', 'corp-blog'])
        .update({ risk_rating: null, risk_rank: null });
    });

    const idsOf = (list: { items: Array<{ id: string }> }) =>
      list.items.map(i => i.id);

    it('sorts by name without regard to case by default, and pages', async () => {
      const page1 = await stores.services.listServices({ limit: 2 });
      expect(idsOf(page1)).toEqual(['brand-tiktok', 'careers']);
      expect(page1.totalCount).toBe(4);
      const page2 = await stores.services.listServices({ limit: 2, offset: 2 });
      expect(idsOf(page2)).toEqual(['corp-blog', 'corp-x']);
    });

    it('filters by platform, owner group, stage, risk and open incidents', async () => {
      expect(
        idsOf(await stores.services.listServices({ platform: ['x', 'blog'] })),
      ).toEqual(['corp-blog', 'corp-x']);
      expect(
        idsOf(
          await stores.services.listServices({
            ownerGroup: ['group:default/communications'],
            lifecycleStage: ['operation'],
          }),
        ),
      ).toEqual(['corp-x']);
      expect(
        idsOf(
          await stores.services.listServices({ riskRating: ['low', 'high'] }),
        ),
      ).toEqual(['careers', 'corp-x']);
      // Services not rated yet, alone or with rated ones (the dashboard's "Not rated" bars).
      expect(
        idsOf(await stores.services.listServices({ riskRating: ['unrated'] })),
      ).toEqual(['brand-tiktok', 'corp-blog']);
      expect(
        idsOf(
          await stores.services.listServices({
            riskRating: ['high', 'unrated'],
            lifecycleStage: ['operation', 'design'],
          }),
        ),
      ).toEqual(['corp-blog', 'corp-x']);
      expect(
        idsOf(await stores.services.listServices({ hasOpenIncidents: true })),
      ).toEqual(['corp-x']);
      const without = await stores.services.listServices({
        hasOpenIncidents: false,
      });
      expect(without.totalCount).toBe(3);
    });

    it('finds words in name, handle, purpose and business unit, taking % literally', async () => {
      expect(
        idsOf(await stores.services.listServices({ search: 'CORPORATE' })),
      ).toEqual(['corp-blog', 'corp-x']);
      expect(
        idsOf(await stores.services.listServices({ search: '100%' })),
      ).toEqual(['corp-x']);
      expect(
        idsOf(await stores.services.listServices({ search: '10%0' })),
      ).toEqual([]);
      expect(
        idsOf(
          await stores.services.listServices({ search: 'human resources' }),
        ),
      ).toEqual(['careers']);
    });

    it('sorts by lifecycle order, risk (unrated last) and audience', async () => {
      expect(
        idsOf(await stores.services.listServices({ sort: 'lifecycleStage' })),
      ).toEqual(['brand-tiktok', 'corp-blog', 'careers', 'corp-x']);
      expect(
        idsOf(
          await stores.services.listServices({
            sort: 'riskRating',
            order: 'desc',
          }),
        ),
      ).toEqual(['corp-x', 'careers', 'brand-tiktok', 'corp-blog']);
      expect(
        idsOf(
          await stores.services.listServices({
            sort: 'riskRating',
            order: 'asc',
          }),
        ),
      ).toEqual(['careers', 'corp-x', 'brand-tiktok', 'corp-blog']);
      expect(
        idsOf(
          await stores.services.listServices({
            sort: 'audienceSize',
            order: 'desc',
            limit: 1,
          }),
        ),
      ).toEqual(['corp-x']);
    });

    it('pages by cursor through every sort and order, ties and unrated services included, as one read lists them', async () => {
      const platforms = ['x', 'blog', 'linkedin', 'youtube'] as const;
      const stages = ['strategy', 'design', 'operation'] as const;
      const more = Array.from({ length: 26 }, (_, i) =>
        service(`svc-${String(i).padStart(2, '0')}`, {
          // Names, groups, sizes and stages repeat, so that ids must break the ties.
          name: `Same name ${i % 3}`,
          platform: platforms[i % 4],
          handle: [
            `@same_${i}`,
            `blog${i}.example.com`,
            `same-${i}`,
            `@same${i}`,
          ][i % 4],
          ownerGroup: `group:default/team-${i % 2}`,
          lifecycleStage: stages[i % 3],
          audienceSize: (i % 4) * 1000,
        }),
      );
      await catalogue.importServices(
        more.map((input, i) => ({ row: i + 1, input })),
        ACTOR,
        { dryRun: false },
      );
      // Eight services not rated yet, so that pages also end on one.
      await knex('social_services')
        .whereIn('id', [
          'svc-00',
          'svc-05',
          'svc-10',
          'svc-15',
          'svc-20',
          'svc-25',
        ])
        .update({ risk_rating: null, risk_rank: null });
      for (const [i, id] of ['svc-03', 'svc-07', 'svc-11'].entries()) {
        await knex('social_services').where({ id }).update({
          risk_rating: 'medium',
          risk_rank: 2,
          open_incident_count: i,
        });
      }
      for (const sort of SERVICE_SORT_FIELDS) {
        for (const order of ['asc', 'desc'] as const) {
          const all = await stores.services.listServices({
            sort,
            order,
            limit: 200,
          });
          expect(all.items).toHaveLength(30);
          expect(all.nextAfter).toBeUndefined();
          const paged: string[] = [];
          let after: string | undefined;
          let pages = 0;
          do {
            const page = await stores.services.listServices({
              sort,
              order,
              limit: 4,
              after,
            });
            expect(page.totalCount).toBe(30);
            paged.push(...idsOf(page));
            after = page.nextAfter;
            pages += 1;
          } while (after && pages < 20);
          expect({ sort, order, ids: paged }).toEqual({
            sort,
            order,
            ids: idsOf(all),
          });
          expect(pages).toBe(8);
        }
      }
      // Filters apply to the pages after a cursor as to the first.
      const firstX = await stores.services.listServices({
        platform: ['x'],
        limit: 3,
      });
      const restX = await stores.services.listServices({
        platform: ['x'],
        limit: 200,
        after: firstX.nextAfter,
      });
      expect(
        [...firstX.items, ...restX.items].every(i => i.platform === 'x'),
      ).toBe(true);
      expect(firstX.items.length + restX.items.length).toBe(firstX.totalCount);
      // A cursor of one order is refused in another, naming the parameter.
      const byName = await stores.services.listServices({ limit: 2 });
      await expect(
        stores.services.listServices({
          sort: 'platform',
          after: byName.nextAfter,
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        fields: [expect.objectContaining({ field: 'after' })],
      });
    });

    it('tells who owns services as stored, and the version read, reading no more than that, and which do not exist', async () => {
      expect(
        await stores.services.getPermissionResources([
          'corp-x',
          'nope',
          'careers',
        ]),
      ).toEqual(
        expect.arrayContaining([
          {
            id: 'corp-x',
            ownerGroup: 'group:default/communications',
            version: 1,
          },
          { id: 'careers', ownerGroup: 'group:default/hr', version: 1 },
        ]),
      );
      await expect(
        stores.services.requirePermissionResource('nope'),
      ).rejects.toThrow("No social media service with id 'nope'");
    });

    it('needs the review window to filter by access review', async () => {
      await expect(
        stores.services.listServices({ accessReview: ['due'] }),
      ).rejects.toThrow('Filtering by access review needs the review window');
    });

    it('reports the services per stage, and whether the database lives in memory', async () => {
      const status = await stores.services.getStatus();
      // The test databases: SQLite in memory, PostgreSQL on a server.
      expect(status.inMemory).toBe(databaseId.startsWith('SQLITE'));
      // The newest migration of the package, whichever that is.
      const newest = fs
        .readdirSync(
          resolvePackagePath(
            '@internal/plugin-social-media-backend',
            'migrations',
          ),
        )
        .filter(f => f.endsWith('.js'))
        .sort()
        .pop();
      expect(status.latestMigration).toBe(newest);
      expect(status.servicesByStage).toEqual({
        strategy: 1,
        design: 1,
        transition: 0,
        operation: 2,
        improvement: 0,
        retired: 0,
      });
    });
  });
});
