import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { socialMediaItsmConnectorsExtensionPoint } from '@internal/plugin-social-media-node';
import { CONFIG_KEY, readPagerDutyConfig } from './connector/config';
import { PagerDutyConnector } from './connector/PagerDutyConnector';

/**
 * Adds the PagerDuty connector to the social media service catalogue when
 * `socialMedia.itsm.pagerduty` is configured.
 *
 * @public
 */
export const socialMediaModulePagerDuty = createBackendModule({
  pluginId: 'social-media',
  moduleId: 'pagerduty',
  register(env) {
    env.registerInit({
      deps: {
        connectors: socialMediaItsmConnectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ connectors, config, logger }) {
        const options = readPagerDutyConfig(config);
        if (!options) {
          logger.info(
            `PagerDuty connector not installed: no ${CONFIG_KEY} configuration`,
          );
          return;
        }
        connectors.addConnector(new PagerDutyConnector({ ...options, logger }));
        logger.info(
          `PagerDuty connector installed for ${options.baseUrl} (${
            options.fromEmail
              ? `raising incidents as ${options.fromEmail}`
              : `raising incidents disabled: no ${CONFIG_KEY}.fromEmail`
          })`,
        );
      },
    });
  },
});
