import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { SERVICE_CHANGED_TOPIC } from '@internal/plugin-social-media-common';
// The projection is tested with the real social-media backend announcing its changes.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import request from 'supertest';
import { catalogModuleSocialMedia } from './module';
import { SocialMediaEntityProvider } from './provider/SocialMediaEntityProvider';

jest.setTimeout(60_000);

const postgresId = (process.env.SOCIAL_MEDIA_TEST_POSTGRES ??
  'POSTGRES_15') as TestDatabaseId;
const databases = TestDatabases.create({ ids: ['SQLITE_3', postgresId] });

const entity = (kind: 'Group' | 'User', name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

const SERVICE = {
  name: 'Brand Instagram',
  platform: 'instagram',
  handle: 'examplebrand',
  profileUrl: 'https://www.instagram.com/examplebrand',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'group:default/marketing',
};

describe.each(databases.eachSupportedId())(
  'the catalog projection follows the service-changed topic on %s',
  databaseId => {
    let published: EventsService | undefined;
    /** A module of the catalog plugin that publishes on the topic, as any backend module may. */
    const publisher = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-publisher',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef },
          async init({ events }) {
            published = events;
          },
        });
      },
    });

    async function start() {
      const knex = await databases.init(databaseId);
      const providers: EntityProvider[] = [];
      const { server } = await startTestBackend({
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
          publisher,
          // The real in-process events service, shared by the two plugins.
          eventsServiceFactory,
          mockServices.rootConfig.factory({
            data: { events: { useEventBus: 'never' } },
          }),
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory({
            entities: [entity('Group', 'marketing')],
          }),
        ],
      });
      const connection: jest.Mocked<EntityProviderConnection> = {
        applyMutation: jest.fn(),
        refresh: jest.fn(),
      };
      await providers[0].connect(connection);
      return { server, knex, connection };
    }

    const lastDelta = (connection: jest.Mocked<EntityProviderConnection>) => {
      const calls = connection.applyMutation.mock.calls;
      const mutation = calls[calls.length - 1]?.[0];
      if (mutation?.type !== 'delta') throw new Error('expected a delta');
      return mutation;
    };

    afterEach(() => jest.restoreAllMocks());

    /**
     * The backend announces a change after answering the request that made it: the projection
     * follows within moments, so the test waits for it, up to five seconds.
     */
    async function eventually(check: () => void) {
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          check();
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise(resolve => setTimeout(resolve, 50));
        }
      }
    }

    it('shows a change made through the API in the catalog, from the announcement alone', async () => {
      const { server, connection } = await start();
      const fetched = jest.spyOn(global, 'fetch');
      const created = await request(server)
        .post('/api/social-media/services')
        .set('Authorization', mockCredentials.user.header())
        .send(SERVICE);
      expect(created.status).toBe(201);
      await eventually(() =>
        expect(lastDelta(connection).added).toHaveLength(1),
      );
      const delta = lastDelta(connection);
      expect(
        delta.added.map(a => [
          a.entity.metadata.name,
          a.entity.spec?.lifecycle,
          a.entity.spec?.owner,
        ]),
      ).toEqual([['brand-instagram', 'strategy', 'group:default/marketing']]);
      // The announcement carried the service: the projection did not read it back.
      expect(
        fetched.mock.calls.filter(([url]) =>
          String(url).includes('/api/social-media/services/'),
        ),
      ).toEqual([]);

      const moved = await request(server)
        .post('/api/social-media/services/brand-instagram/transitions')
        .set('Authorization', mockCredentials.user.header())
        .send({ to: 'design', reason: 'Approved', version: 1 });
      expect(moved.status).toBe(200);
      await eventually(() =>
        expect(lastDelta(connection).added[0].entity.spec?.lifecycle).toBe(
          'design',
        ),
      );

      const deleted = await request(server)
        .delete('/api/social-media/services/brand-instagram?version=2')
        .set('Authorization', mockCredentials.user.header());
      expect(deleted.status).toBe(204);
      await eventually(() =>
        expect(lastDelta(connection).removed).toHaveLength(1),
      );
      expect(lastDelta(connection)).toEqual({
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'component:default/brand-instagram',
            locationKey: 'social-media-provider:default',
          },
        ],
      });
    });

    it('reads back the services an announcement names without carrying them', async () => {
      const { server, knex, connection } = await start();
      await request(server)
        .post('/api/social-media/services')
        .set('Authorization', mockCredentials.user.header())
        .send(SERVICE);
      await eventually(() =>
        expect(connection.applyMutation).toHaveBeenCalled(),
      );
      // Rated again outside a person's change, as after an ITSM sync.
      await knex('social_services')
        .where({ id: 'brand-instagram' })
        .update({ risk_rating: 'critical' });
      connection.applyMutation.mockClear();
      await published!.publish({
        topic: SERVICE_CHANGED_TOPIC,
        eventPayload: { serviceIds: ['brand-instagram'], action: 'update' },
      });
      const [added] = lastDelta(connection).added;
      expect(added.entity.metadata.name).toBe('brand-instagram');
      expect(
        added.entity.metadata.annotations?.[
          'social-media.backstage.io/risk-rating'
        ],
      ).toBe('critical');
    });
  },
);

describe('announcements before the catalog connects the provider', () => {
  it('are left to the first full refresh, quietly', async () => {
    const logger = mockServices.logger.mock();
    const provider = new SocialMediaEntityProvider({
      id: 'default',
      taskRunner: { run: jest.fn() },
      discovery: mockServices.discovery(),
      auth: mockServices.auth(),
      logger,
    });
    await expect(
      provider.applyChanges({ serviceIds: ['brand-x'], action: 'create' }),
    ).resolves.toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });
});
