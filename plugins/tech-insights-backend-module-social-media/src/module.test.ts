import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// Changes are announced by the real social-media backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import request from 'supertest';
import { fakeTechInsightsPlugin } from './__testUtils__/fakeTechInsights';
import {
  CATALOG,
  socialMediaTestDatabases,
} from './__testUtils__/socialMediaBackend';
import { techInsightsModuleSocialMedia } from './module';
import {
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
  socialMediaFactRetriever,
} from './socialMediaFactRetriever';

jest.setTimeout(60_000);

const databases = socialMediaTestDatabases();

const cadence = {
  techInsights: {
    factRetrievers: {
      [SOCIAL_MEDIA_FACT_RETRIEVER_ID]: { cadence: '0 * * * *' },
    },
  },
};

async function waitFor(condition: () => boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('Timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('techInsightsModuleSocialMedia', () => {
  it('adds the fact retriever through the Tech Insights extension point', async () => {
    const { plugin, seen } = fakeTechInsightsPlugin();
    await startTestBackend({
      features: [
        plugin,
        techInsightsModuleSocialMedia,
        mockServices.rootConfig.factory({ data: cadence }),
      ],
    });
    expect(Object.keys(seen.retrievers)).toEqual([
      SOCIAL_MEDIA_FACT_RETRIEVER_ID,
    ]);
    expect(seen.retrievers[SOCIAL_MEDIA_FACT_RETRIEVER_ID]).toBe(
      socialMediaFactRetriever,
    );
    expect(socialMediaFactRetriever.id).toBe(SOCIAL_MEDIA_FACT_RETRIEVER_ID);
  });

  it('warns that no facts are collected when the cadence is not configured', async () => {
    const { plugin } = fakeTechInsightsPlugin();
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [plugin, techInsightsModuleSocialMedia, logger.factory],
    });
    expect(logger.warn).toHaveBeenCalledWith(
      `Social media facts will not be collected: set techInsights.factRetrievers.${SOCIAL_MEDIA_FACT_RETRIEVER_ID}.cadence, e.g. '0 * * * *' (hourly)`,
    );
  });
});

describe.each(databases.eachSupportedId())(
  'facts follow service changes on %s',
  databaseId => {
    async function start(socialMedia: object = {}) {
      const knex = await databases.init(databaseId);
      const techInsights = fakeTechInsightsPlugin();
      const { server } = await startTestBackend({
        features: [
          techInsights.plugin,
          techInsightsModuleSocialMedia,
          socialMediaPlugin,
          // The real in-process events service, shared by the two plugins.
          eventsServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              techInsights: { ...cadence.techInsights, socialMedia },
              events: { useEventBus: 'never' },
            },
          }),
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory({ entities: CATALOG }),
        ],
      });
      const create = (name: string) =>
        request(server)
          .post('/api/social-media/services')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/marketing-lead'),
          )
          .send({
            name,
            platform: 'instagram',
            handle: name.toLowerCase().replace(/\W/g, ''),
            purpose: 'Brand stories',
            businessUnit: 'Marketing',
            ownerGroup: 'group:default/marketing',
          })
          .expect(201);
      return { seen: techInsights.seen, create };
    }

    it('reads the facts again shortly after services change, once for changes close together', async () => {
      const { seen, create } = await start({
        refreshDelay: { milliseconds: 300 },
      });
      await create('Brand Instagram');
      await create('Careers Instagram');
      await waitFor(() => seen.runs.length > 0);
      expect(seen.failures).toEqual([]);
      expect(seen.runs[0].map(f => f.entity.name).sort()).toEqual([
        'brand-instagram',
        'careers-instagram',
      ]);
      // The two changes started one run.
      await new Promise(resolve => setTimeout(resolve, 600));
      expect(seen.runs).toHaveLength(1);
    });

    it('leaves it to the cadence when refreshing on change is switched off', async () => {
      const { seen, create } = await start({
        refreshOnChange: false,
        refreshDelay: { milliseconds: 50 },
      });
      await create('Brand Instagram');
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(seen.runs).toHaveLength(0);
    });
  },
);
