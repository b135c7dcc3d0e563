import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The social media service catalogue's entity provider. */
      socialMedia?: {
        /**
         * How often the catalog's copy of the social media services is fully refreshed.
         * Defaults to every 5 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
