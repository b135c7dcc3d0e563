import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';

/** What the stand-in Tech Insights plugin saw: the retrievers added, their context and runs. */
export interface FakeTechInsights {
  retrievers: Record<string, FactRetriever>;
  context?: FactRetrieverContext;
  /** Facts of each scheduled run, in order. */
  runs: TechInsightFact[][];
  /** Errors of runs that failed. */
  failures: Error[];
}

/**
 * A stand-in for the community Tech Insights backend, which cannot be installed here: a plugin
 * with the id `tech-insights` that provides the real fact retrievers extension point and, as the
 * Tech Insights engine does, schedules each retriever whose cadence is configured under
 * `techInsights.factRetrievers.<name>` as a task of the plugin named by the retriever's id, with
 * the plugin's own services as the retriever's context.
 */
export function fakeTechInsightsPlugin(): {
  plugin: ReturnType<typeof createBackendPlugin>;
  seen: FakeTechInsights;
} {
  const seen: FakeTechInsights = { retrievers: {}, runs: [], failures: [] };
  const plugin = createBackendPlugin({
    pluginId: 'tech-insights',
    register(env) {
      env.registerExtensionPoint(techInsightsFactRetrieversExtensionPoint, {
        addFactRetrievers(added) {
          Object.assign(seen.retrievers, added);
        },
      });
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          discovery: coreServices.discovery,
          logger: coreServices.logger,
          auth: coreServices.auth,
          urlReader: coreServices.urlReader,
          scheduler: coreServices.scheduler,
        },
        async init({ scheduler, ...context }) {
          seen.context = context;
          for (const [name, retriever] of Object.entries(seen.retrievers)) {
            const cadence = context.config.getOptionalString(
              `techInsights.factRetrievers.${name}.cadence`,
            );
            if (!cadence) continue;
            await scheduler.scheduleTask({
              id: retriever.id,
              frequency: { cron: cadence },
              timeout: { minutes: 5 },
              initialDelay: { seconds: 5 },
              fn: async () => {
                try {
                  seen.runs.push(
                    await retriever.handler({
                      ...context,
                      entityFilter: retriever.entityFilter,
                    }),
                  );
                } catch (error) {
                  seen.failures.push(error as Error);
                }
              },
            });
          }
        },
      });
    },
  });
  return { plugin, seen };
}
