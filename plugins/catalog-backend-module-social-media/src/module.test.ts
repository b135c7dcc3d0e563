import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
// The provider is tested against the real social-media backend it reads from.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogModuleSocialMedia } from './module';
import { SocialMediaEntityProvider } from './provider/SocialMediaEntityProvider';

jest.setTimeout(60_000);

// SQLite, and the local PostgreSQL when the test run names it (npm test does).
const postgresId = (process.env.SOCIAL_MEDIA_TEST_POSTGRES ??
  'POSTGRES_15') as TestDatabaseId;
const databases = TestDatabases.create({ ids: ['SQLITE_3', postgresId] });

describe.each(databases.eachSupportedId())(
  'catalogModuleSocialMedia on %s',
  databaseId => {
    it('reads the services from the social-media backend and replaces its entities in the catalog', async () => {
      const knex = await databases.init(databaseId);
      const providers: EntityProvider[] = [];
      await startTestBackend({
        extensionPoints: [
          [
            catalogProcessingExtensionPoint,
            {
              addEntityProvider: (...added: any[]) =>
                providers.push(...added.flat()),
            } as any,
          ],
        ],
        features: [
          catalogModuleSocialMedia,
          socialMediaPlugin,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory(),
        ],
      });

      expect(providers).toHaveLength(1);
      const provider = providers[0] as SocialMediaEntityProvider;
      expect(provider.getProviderName()).toBe(
        'SocialMediaEntityProvider:default',
      );

      const now = new Date();
      await knex('social_services').insert([
        {
          id: 'corp-x',
          name: 'Corporate X',
          platform: 'x',
          handle: '@acme',
          profile_url: 'https://x.com/acme',
          owner_group: 'group:default/communications',
          lifecycle_stage: 'operation',
          version: 1,
          created_at: now,
          updated_at: now,
        },
        {
          id: 'blog',
          name: 'Corporate blog',
          platform: 'blog',
          handle: 'blog.acme.example',
          owner_group: 'group:default/marketing',
          lifecycle_stage: 'design',
          version: 1,
          created_at: now,
          updated_at: now,
        },
      ]);

      const connection: jest.Mocked<EntityProviderConnection> = {
        applyMutation: jest.fn(),
        refresh: jest.fn(),
      };
      await provider.connect(connection);
      await expect(provider.read()).resolves.toEqual({ count: 2 });

      expect(connection.applyMutation).toHaveBeenCalledTimes(1);
      const mutation = connection.applyMutation.mock.calls[0][0];
      expect(mutation.type).toBe('full');
      if (mutation.type !== 'full') throw new Error('expected a full mutation');
      expect(
        mutation.entities.map(e => ({
          locationKey: e.locationKey,
          name: e.entity.metadata.name,
          type: e.entity.spec?.type,
          lifecycle: e.entity.spec?.lifecycle,
          owner: e.entity.spec?.owner,
        })),
      ).toEqual([
        {
          locationKey: 'social-media-provider:default',
          name: 'blog',
          type: 'social-media',
          lifecycle: 'design',
          owner: 'group:default/marketing',
        },
        {
          locationKey: 'social-media-provider:default',
          name: 'corp-x',
          type: 'social-media',
          lifecycle: 'operation',
          owner: 'group:default/communications',
        },
      ]);

      // A service that disappears from the catalogue disappears from the catalog on the next run.
      await knex('social_services').where({ id: 'blog' }).delete();
      await provider.read();
      const second = connection.applyMutation.mock.calls[1][0];
      expect(second.type === 'full' && second.entities.length).toBe(1);

      // Announced changes arrive as a delta: changed services replaced, deleted ones removed.
      await knex('social_services')
        .where({ id: 'corp-x' })
        .update({ lifecycle_stage: 'improvement' });
      await provider.applyChanges({ serviceIds: ['corp-x', 'blog'] });
      const delta = connection.applyMutation.mock.calls[2][0];
      if (delta.type !== 'delta') throw new Error('expected a delta mutation');
      expect(delta.added.map(e => e.entity.spec?.lifecycle)).toEqual([
        'improvement',
      ]);
      expect(delta.removed).toEqual([
        {
          entityRef: 'component:default/blog',
          locationKey: 'social-media-provider:default',
        },
      ]);
    });

    it('pages through a large catalogue', async () => {
      const knex = await databases.init(databaseId);
      const providers: EntityProvider[] = [];
      await startTestBackend({
        extensionPoints: [
          [
            catalogProcessingExtensionPoint,
            {
              addEntityProvider: (...added: any[]) =>
                providers.push(...added.flat()),
            } as any,
          ],
        ],
        features: [
          catalogModuleSocialMedia,
          socialMediaPlugin,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory(),
        ],
      });
      const now = new Date();
      const rows = Array.from({ length: 450 }, (_, i) => ({
        id: `svc-${String(i).padStart(3, '0')}`,
        name: `Service ${String(i).padStart(3, '0')}`,
        sort_name: `service ${String(i).padStart(3, '0')}`,
        platform: 'blog',
        handle: `blog${i}.example.com`,
        owner_group: 'group:default/marketing',
        lifecycle_stage: 'operation',
        version: 1,
        created_at: now,
        updated_at: now,
      }));
      for (let i = 0; i < rows.length; i += 100) {
        await knex('social_services').insert(rows.slice(i, i + 100));
      }
      const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
      const provider = providers[0] as SocialMediaEntityProvider;
      await provider.connect(connection);
      await expect(provider.read()).resolves.toEqual({ count: 450 });
      const mutation = connection.applyMutation.mock.calls[0][0];
      expect(
        new Set(mutation.entities.map((e: any) => e.entity.metadata.name)).size,
      ).toBe(450);

      // A service deleted while the catalogue is read, after its page was read, takes no other
      // service with it: the pages follow each other by cursor, not by offset (which would
      // skip the first service of the next page, and the catalog would drop its entity). The
      // deleted one goes at the next refresh.
      const realFetch = global.fetch;
      let listPages = 0;
      const spy = jest
        .spyOn(global, 'fetch')
        .mockImplementation(async (...args) => {
          const response = await realFetch(...args);
          if (String(args[0]).includes('/services?') && ++listPages === 1) {
            await knex('social_services').where({ id: 'svc-000' }).delete();
          }
          return response;
        });
      try {
        await expect(provider.read()).resolves.toEqual({ count: 450 });
      } finally {
        spy.mockRestore();
      }
      expect(listPages).toBe(3);
      const after = connection.applyMutation.mock.calls[1][0];
      expect(after.entities.map((e: any) => e.entity.metadata.name)).toEqual(
        rows.map(r => r.id),
      );

      // A service renamed during the read so that it sorts after the cursor is read twice, and
      // projected once, as read last.
      let renamed = false;
      const renaming = jest
        .spyOn(global, 'fetch')
        .mockImplementation(async (...args) => {
          const response = await realFetch(...args);
          if (String(args[0]).includes('/services?') && !renamed) {
            renamed = true;
            await knex('social_services')
              .where({ id: 'svc-001' })
              .update({ name: 'Zulu service', sort_name: 'zulu service' });
          }
          return response;
        });
      try {
        await expect(provider.read()).resolves.toEqual({ count: 449 });
      } finally {
        renaming.mockRestore();
      }
      const once = connection.applyMutation.mock.calls[2][0];
      const names = once.entities.map((e: any) => e.entity.metadata.name);
      expect(new Set(names).size).toBe(names.length);
      expect(
        once.entities.find((e: any) => e.entity.metadata.name === 'svc-001')
          .entity.metadata.title,
      ).toBe('Zulu service');

      // A social-media backend from before cursors answers none: read by offset, as before.
      const asked: string[] = [];
      const older = jest
        .spyOn(global, 'fetch')
        .mockImplementation(async (...args) => {
          const response = await realFetch(...args);
          if (!String(args[0]).includes('/services?')) return response;
          asked.push(String(args[0]));
          const { nextAfter: _, ...body } = await response.json();
          return new Response(JSON.stringify(body), {
            status: response.status,
            headers: { 'content-type': 'application/json' },
          });
        });
      try {
        await expect(provider.read()).resolves.toEqual({ count: 449 });
      } finally {
        older.mockRestore();
      }
      expect(asked.map(url => new URL(url).searchParams.get('offset'))).toEqual(
        ['0', '200', '400'],
      );
    });

    it('uses the configured schedule', async () => {
      const createScheduledTaskRunner = jest.fn().mockReturnValue({
        run: jest.fn(),
      });
      await startTestBackend({
        extensionPoints: [
          [
            catalogProcessingExtensionPoint,
            { addEntityProvider: () => {} } as any,
          ],
        ],
        features: [
          catalogModuleSocialMedia,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                providers: {
                  socialMedia: {
                    schedule: { frequency: 'PT30M', timeout: { minutes: 10 } },
                  },
                },
              },
            },
          }),
          mockServices.scheduler.mock({ createScheduledTaskRunner }).factory,
        ],
      });
      expect(createScheduledTaskRunner).toHaveBeenCalledWith({
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
      });
    });
  },
);
