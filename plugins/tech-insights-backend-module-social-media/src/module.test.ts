import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import request from 'supertest';
import {
  insertServices,
  socialMediaTestDatabases,
} from './__testUtils__/socialMediaBackend';
import { startWithTechInsights } from './__testUtils__/techInsightsBackend';
import { techInsightsModuleSocialMedia } from './module';
import {
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
  socialMediaFactSchema,
} from './socialMediaFactRetriever';

jest.setTimeout(60_000);

const databases = socialMediaTestDatabases();

async function eventually<T>(
  read: () => Promise<T | undefined>,
  ms = 5000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('Timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('techInsightsModuleSocialMedia', () => {
  it('warns that no facts are collected when the cadence is not configured', async () => {
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [
        techInsightsPlugin,
        techInsightsModuleSocialMedia,
        logger.factory,
      ],
    });
    expect(logger.warn).toHaveBeenCalledWith(
      `Social media facts will not be collected: set techInsights.factRetrievers.${SOCIAL_MEDIA_FACT_RETRIEVER_ID}.cadence, e.g. '0 * * * *' (hourly)`,
    );
  });
});

// The module installed as a portal installs it, in the real Tech Insights backend.
describe.each(databases.eachSupportedId())(
  'Tech Insights with the social media module on %s',
  databaseId => {
    const start = (options: Parameters<typeof startWithTechInsights>[2] = {}) =>
      startWithTechInsights(databases, databaseId, options);

    const create = (server: Parameters<typeof request>[0], name: string) =>
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

    it('serves the fact schema of the retriever the module adds', async () => {
      const { server } = await start();
      const res = await request(server)
        .get('/api/tech-insights/fact-schemas')
        .query(`ids[]=${SOCIAL_MEDIA_FACT_RETRIEVER_ID}`)
        .set('Authorization', mockCredentials.user.header())
        .expect(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          id: SOCIAL_MEDIA_FACT_RETRIEVER_ID,
          entityFilter: { kind: 'component', 'spec.type': 'social-media' },
          ...socialMediaFactSchema,
        }),
      ]);
    });

    it('scores each social media service with the social media checks', async () => {
      const { knex, collectFacts, scorecard } = await start();
      await insertServices(knex);
      await collectFacts();

      expect(await scorecard('guarded')).toEqual({
        socialMediaMfaEnabled: true,
        socialMediaCredentialsInVault: true,
        socialMediaNoSharedLogin: true,
        socialMediaAccessReviewed: true,
        socialMediaNoLeaversWithAccess: true,
        socialMediaNoOpenSecurityIncidents: true,
        socialMediaStageCompliant: true,
        socialMediaRiskAcceptable: true,
      });
      expect(await scorecard('exposed')).toEqual({
        socialMediaMfaEnabled: false,
        socialMediaCredentialsInVault: false,
        socialMediaNoSharedLogin: false,
        socialMediaAccessReviewed: false,
        socialMediaNoLeaversWithAccess: false,
        socialMediaNoOpenSecurityIncidents: false,
        socialMediaStageCompliant: false,
        socialMediaRiskAcceptable: false,
      });
      // Never reviewed fails the review check; not rated yet passes the rating check.
      expect(await scorecard('fresh')).toMatchObject({
        socialMediaAccessReviewed: false,
        socialMediaRiskAcceptable: true,
      });
    });

    it('reads the facts again shortly after services change, once for changes close together', async () => {
      const { server, latestFacts, factRuns } = await start({
        socialMedia: { refreshDelay: { milliseconds: 300 } },
      });
      await create(server, 'Brand Instagram');
      await create(server, 'Careers Instagram');
      expect(await eventually(() => latestFacts('brand-instagram'))).toEqual(
        expect.objectContaining({ mfaEnabled: false, riskRating: 'low' }),
      );
      expect(await latestFacts('careers-instagram')).toBeDefined();
      // The two changes started one run.
      await new Promise(resolve => setTimeout(resolve, 600));
      expect(await factRuns('brand-instagram')).toBe(1);
    });

    it('leaves it to the cadence when refreshing on change is switched off', async () => {
      const { server, latestFacts } = await start({
        socialMedia: {
          refreshOnChange: false,
          refreshDelay: { milliseconds: 50 },
        },
      });
      await create(server, 'Brand Instagram');
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(await latestFacts('brand-instagram')).toBeUndefined();
    });
  },
);
