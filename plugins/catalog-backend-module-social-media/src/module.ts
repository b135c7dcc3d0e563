import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  SERVICE_CHANGED_TOPIC,
  ServiceChangedEvent,
} from '@internal/plugin-social-media-common';
import { SocialMediaEntityProvider } from './provider/SocialMediaEntityProvider';

/** Used when `catalog.providers.socialMedia.schedule` is not configured. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 10 },
};

/**
 * Projects every social media service into the catalog as a `social-media` Component.
 *
 * @public
 */
export const catalogModuleSocialMedia = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'social-media',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        events,
      }) {
        const scheduleConfig = config.getOptionalConfig(
          'catalog.providers.socialMedia.schedule',
        );
        const schedule = scheduleConfig
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
          : DEFAULT_SCHEDULE;
        const provider = new SocialMediaEntityProvider({
          id: 'default',
          taskRunner: scheduler.createScheduledTaskRunner(schedule),
          discovery,
          auth,
          logger,
        });
        catalog.addEntityProvider(provider);

        // Changes announced by the social-media backend reach the catalog within seconds,
        // without waiting for the next full refresh.
        await events.subscribe({
          id: 'catalog-social-media-provider',
          topics: [SERVICE_CHANGED_TOPIC],
          onEvent: async event => {
            const change = event.eventPayload as Partial<ServiceChangedEvent>;
            if (
              !Array.isArray(change.serviceIds) ||
              !change.serviceIds.length
            ) {
              return;
            }
            try {
              await provider.applyChanges({
                serviceIds: change.serviceIds,
                action: change.action,
                services: Array.isArray(change.services)
                  ? change.services
                  : undefined,
              });
            } catch (error) {
              logger.warn(
                `Could not apply social media service changes to the catalog: ${error}`,
              );
            }
          },
        });
      },
    });
  },
});
