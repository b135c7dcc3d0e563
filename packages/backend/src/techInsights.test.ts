/*
 * Scorecards in this portal: the community Tech Insights backend with its JSON rules engine and
 * the catalogue's fact retriever module, under the portal's own configuration files, holds the
 * catalogue's guardianship checks beside the checks on Tech Insights' own facts.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesEngineChecks from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import permissionPlugin from '@backstage/plugin-permission-backend';
import socialMediaPolicyModule from '@internal/plugin-permission-backend-module-social-media';
import socialMediaFacts, {
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
  socialMediaChecks,
} from '@internal/plugin-tech-insights-backend-module-social-media';
import request from 'supertest';
import {
  LOCAL_CONFIG,
  portalConfig,
  PRODUCTION_CONFIG,
  useProductionEnvironment,
} from './__testUtils__/portalConfig';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('the scorecard checks of the portal', () => {
  useProductionEnvironment();

  it.each([
    ['local', [LOCAL_CONFIG]],
    ['production', [LOCAL_CONFIG, PRODUCTION_CONFIG]],
  ])(
    'are the social media checks and two on Tech Insights’ own facts (%s configuration)',
    async (_, files) => {
      const { server } = await startTestBackend({
        features: [
          techInsightsPlugin,
          jsonRulesEngineChecks,
          socialMediaFacts,
          permissionPlugin,
          socialMediaPolicyModule,
          portalConfig(files),
          mockServices.database.factory({
            knex: await databases.init('SQLITE_3'),
          }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      const guest = mockCredentials.user.header('user:development/guest');

      const checks = await request(server)
        .get('/api/tech-insights/checks')
        .set('Authorization', guest)
        .expect(200);
      const byId = new Map(
        (checks.body as Array<{ id: string }>).map(c => [c.id, c]),
      );
      expect([...byId.keys()].sort()).toEqual(
        [
          ...socialMediaChecks.map(c => c.id),
          'groupOwnerCheck',
          'descriptionCheck',
        ].sort(),
      );
      // Configured as the module defines them.
      for (const check of socialMediaChecks) {
        expect(byId.get(check.id)).toMatchObject({
          name: check.name,
          description: check.description,
          factIds: check.factIds,
          rule: {
            conditions: {
              all: check.rule.conditions.all.map(c =>
                expect.objectContaining(c),
              ),
            },
          },
        });
      }

      // The module's retriever is scheduled: Tech Insights registered its facts.
      const schemas = await request(server)
        .get('/api/tech-insights/fact-schemas')
        .query(`ids[]=${SOCIAL_MEDIA_FACT_RETRIEVER_ID}`)
        .set('Authorization', guest)
        .expect(200);
      expect(schemas.body).toEqual([
        expect.objectContaining({ id: SOCIAL_MEDIA_FACT_RETRIEVER_ID }),
      ]);
    },
  );
});
