import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesEngineChecks from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  FactRetriever,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';
// The facts are read from the real social-media backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import request from 'supertest';
import { socialMediaChecksConfig } from '../checks';
import { techInsightsModuleSocialMedia } from '../module';
import { SOCIAL_MEDIA_FACT_RETRIEVER_ID } from '../socialMediaFactRetriever';
import { CATALOG, socialMediaTestDatabases } from './socialMediaBackend';

type Knex = Awaited<
  ReturnType<ReturnType<typeof socialMediaTestDatabases>['init']>
>;

const USER = mockCredentials.user.header('user:default/marketing-lead');

/** Gives each plugin a database of its own, as a portal's database manager does. */
function databasePerPlugin(knexByPlugin: Record<string, Knex>) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => {
      const knex = knexByPlugin[plugin.getId()];
      if (!knex) throw new Error(`No test database for ${plugin.getId()}`);
      return { getClient: async () => knex };
    },
  });
}

/**
 * The community Tech Insights backend with its JSON rules engine checker and the social media
 * checks, beside the real social-media backend, each on its own database of `databaseId`.
 *
 * The module under test is installed as a portal installs it, unless `retriever` is given: then
 * that retriever (e.g. one with a fixed clock) is added in its place.
 */
export async function startWithTechInsights(
  databases: ReturnType<typeof socialMediaTestDatabases>,
  databaseId: TestDatabaseId,
  options: {
    retriever?: FactRetriever;
    socialMedia?: object;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    logger?: ReturnType<typeof mockServices.logger.mock>;
  } = {},
) {
  const knex = await databases.init(databaseId);
  const techInsightsKnex = await databases.init(databaseId);
  // The Tech Insights plugin's own scheduler, to run the retriever's task as its schedule would.
  let scheduler: SchedulerService | undefined;
  const testHooks = createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'test-hooks',
    register(env) {
      env.registerInit({
        deps: {
          retrievers: techInsightsFactRetrieversExtensionPoint,
          pluginScheduler: coreServices.scheduler,
        },
        async init({ retrievers, pluginScheduler }) {
          scheduler = pluginScheduler;
          if (options.retriever) {
            retrievers.addFactRetrievers({
              [SOCIAL_MEDIA_FACT_RETRIEVER_ID]: options.retriever,
            });
          }
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      techInsightsPlugin,
      jsonRulesEngineChecks,
      testHooks,
      // The module under test, unless the test adds a retriever of its own.
      ...(options.retriever ? [] : [techInsightsModuleSocialMedia]),
      socialMediaPlugin,
      // The real in-process events service, shared by the plugins.
      eventsServiceFactory,
      databasePerPlugin({
        'social-media': knex,
        'tech-insights': techInsightsKnex,
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      ...(options.logger ? [options.logger.factory] : []),
      catalogServiceMock.factory({ entities: CATALOG }),
      mockServices.rootConfig.factory({
        data: {
          events: { useEventBus: 'never' },
          techInsights: {
            factRetrievers: {
              [SOCIAL_MEDIA_FACT_RETRIEVER_ID]: { cadence: '0 * * * *' },
            },
            factChecker: { checks: socialMediaChecksConfig() },
            ...(options.socialMedia
              ? { socialMedia: options.socialMedia }
              : {}),
          },
        },
      }),
    ],
  });

  return {
    server,
    knex,
    techInsightsKnex,
    /** Runs the retriever now, as its schedule would. */
    collectFacts: () => scheduler!.triggerTask(SOCIAL_MEDIA_FACT_RETRIEVER_ID),
    /** Tech Insights' latest social media facts of `component:default/<name>`, if any. */
    async latestFacts(name: string) {
      const res = await request(server)
        .get('/api/tech-insights/facts/latest')
        .query({
          entity: `component:default/${name}`,
          ids: SOCIAL_MEDIA_FACT_RETRIEVER_ID,
        })
        .set('Authorization', USER)
        .expect(200);
      return res.body[SOCIAL_MEDIA_FACT_RETRIEVER_ID]?.facts as
        | Record<string, unknown>
        | undefined;
    },
    /**
     * How many sets of facts Tech Insights stored for `component:default/<name>`: one per run
     * that included it (read from its table: its range endpoint misreads SQLite's timestamps).
     */
    async factRuns(name: string) {
      const [{ runs }] = await techInsightsKnex('facts')
        .where({
          id: SOCIAL_MEDIA_FACT_RETRIEVER_ID,
          entity: `component:default/${name}`,
        })
        .count({ runs: '*' });
      return Number(runs);
    },
    /** The scorecard of `component:default/<name>`: each check's id and whether it passed. */
    async scorecard(name: string) {
      const res = await request(server)
        .post(`/api/tech-insights/checks/run/default/component/${name}`)
        .set('Authorization', USER)
        .send({})
        .expect(200);
      return Object.fromEntries(
        (res.body as Array<{ check: { id: string }; result: unknown }>).map(
          r => [r.check.id, r.result],
        ),
      );
    },
  };
}
