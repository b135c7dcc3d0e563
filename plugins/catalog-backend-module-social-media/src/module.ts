import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
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
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        const scheduleConfig = config.getOptionalConfig(
          'catalog.providers.socialMedia.schedule',
        );
        const schedule = scheduleConfig
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
          : DEFAULT_SCHEDULE;
        catalog.addEntityProvider(
          new SocialMediaEntityProvider({
            id: 'default',
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
            discovery,
            auth,
            logger,
          }),
        );
      },
    });
  },
});
