import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  SERVICE_CHANGED_TOPIC,
  ServiceChangedEvent,
} from '@internal/plugin-social-media-common';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { socialMediaPlugin } from '../plugin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(ids)('the plugin with demo data enabled on %s', databaseId => {
  it('loads the demo portfolio with a year of history at its first start, and announces it once', async () => {
    const knex = await databases.init(databaseId);
    const heard: ServiceChangedEvent[] = [];
    /** Another plugin listening on the topic, as the catalog projection does. */
    const listener = createBackendPlugin({
      pluginId: 'test-listener',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef, logger: coreServices.logger },
          async init({ events }) {
            await events.subscribe({
              id: 'test-listener',
              topics: [SERVICE_CHANGED_TOPIC],
              async onEvent(params) {
                heard.push(params.eventPayload as ServiceChangedEvent);
              },
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        listener,
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            // The demo ITSM's incident links lead to the portal's pages.
            app: { baseUrl: 'http://localhost:3000' },
            events: { useEventBus: 'never' },
            socialMedia: { demoData: { enabled: true } },
          },
        }),
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.auditor.factory(),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const asAuditor = (req: request.Test) =>
      req.set(
        'Authorization',
        mockCredentials.user.header('user:default/auditor'),
      );

    const list = await asAuditor(
      request(server).get('/api/social-media/services?limit=100'),
    );
    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(32);

    const dashboard = await asAuditor(
      request(server).get('/api/social-media/dashboard?days=365'),
    );
    expect(dashboard.status).toBe(200);
    const trend = dashboard.body.riskTrend as Array<Record<string, number>>;
    const yearAgo = trend[0];
    expect(
      yearAgo.low + yearAgo.medium + yearAgo.high + yearAgo.critical,
    ).toBeGreaterThan(0);

    const history = await asAuditor(
      request(server).get(
        '/api/social-media/services/corporate-x-account/history',
      ),
    );
    expect(history.status).toBe(200);
    const entries = history.body.items as Array<{
      action: string;
      at: string;
    }>;
    const imported = entries.find(e => e.action === 'import')!;
    expect(Date.now() - Date.parse(imported.at)).toBeGreaterThan(360 * DAY_MS);
    expect(entries.length).toBeGreaterThan(5);

    const verification = await asAuditor(
      request(server).get('/api/social-media/audit/verify'),
    );
    expect(verification.body).toMatchObject({ intact: true });

    // The catalog projection hears of the 32 services as they end up, in one announcement.
    expect(heard).toEqual([
      expect.objectContaining({
        action: 'create',
        serviceIds: expect.any(Array),
      }),
    ]);
    expect(heard[0].serviceIds).toHaveLength(32);
    expect(heard[0].services).toHaveLength(32);
  });
});
