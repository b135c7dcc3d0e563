import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { durationToMilliseconds } from '@backstage/types';
import { SERVICE_CHANGED_TOPIC } from '@internal/plugin-social-media-common';
import { FactRefreshTrigger } from './FactRefreshTrigger';
import {
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
  socialMediaFactRetriever,
} from './socialMediaFactRetriever';

/** The cadence the README recommends: every hour. */
export const RECOMMENDED_CADENCE = '0 * * * *';

/** How long after a change the facts are read again, when not configured: one minute. */
export const DEFAULT_REFRESH_DELAY = { minutes: 1 };

/**
 * Publishes each social media Component's guardianship facts to Tech Insights, and reads them
 * again shortly after services change.
 *
 * @public
 */
export const techInsightsModuleSocialMedia = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'social-media',
  register(env) {
    env.registerInit({
      deps: {
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
      },
      async init({
        factRetrievers,
        config,
        logger,
        scheduler,
        lifecycle,
        events,
      }) {
        factRetrievers.addFactRetrievers({
          [SOCIAL_MEDIA_FACT_RETRIEVER_ID]: socialMediaFactRetriever,
        });
        // Tech Insights schedules a fact retriever added here only when its cadence is configured.
        if (
          !config.has(
            `techInsights.factRetrievers.${SOCIAL_MEDIA_FACT_RETRIEVER_ID}.cadence`,
          )
        ) {
          logger.warn(
            `Social media facts will not be collected: set techInsights.factRetrievers.${SOCIAL_MEDIA_FACT_RETRIEVER_ID}.cadence, e.g. '${RECOMMENDED_CADENCE}' (hourly)`,
          );
          return;
        }

        const options = config.getOptionalConfig('techInsights.socialMedia');
        if (options?.getOptionalBoolean('refreshOnChange') === false) return;
        const delay = options?.has('refreshDelay')
          ? readDurationFromConfig(options, { key: 'refreshDelay' })
          : DEFAULT_REFRESH_DELAY;
        const trigger = new FactRefreshTrigger({
          taskId: SOCIAL_MEDIA_FACT_RETRIEVER_ID,
          scheduler,
          logger,
          delayMs: durationToMilliseconds(delay),
        });
        lifecycle.addShutdownHook(() => trigger.stop());
        await events.subscribe({
          id: 'tech-insights-social-media-facts',
          topics: [SERVICE_CHANGED_TOPIC],
          onEvent: async () => trigger.request(),
        });
      },
    });
  },
});
