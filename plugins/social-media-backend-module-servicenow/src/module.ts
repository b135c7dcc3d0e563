import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { socialMediaItsmConnectorsExtensionPoint } from '@internal/plugin-social-media-node';
import { CONFIG_KEY, readServiceNowConfig } from './connector/config';
import { ServiceNowConnector } from './connector/ServiceNowConnector';

/**
 * Adds the ServiceNow connector to the social media service catalogue when
 * `socialMedia.itsm.servicenow` is configured.
 *
 * @public
 */
export const socialMediaModuleServiceNow = createBackendModule({
  pluginId: 'social-media',
  moduleId: 'servicenow',
  register(env) {
    env.registerInit({
      deps: {
        connectors: socialMediaItsmConnectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ connectors, config, logger }) {
        const options = readServiceNowConfig(config);
        if (!options) {
          logger.info(
            `ServiceNow connector not installed: no ${CONFIG_KEY} configuration`,
          );
          return;
        }
        const connector = new ServiceNowConnector({ ...options, logger });
        connectors.addConnector(connector);
        logger.info(
          `ServiceNow connector installed for ${options.instanceUrl} ` +
            `(${options.auth.type} auth, incidents matched on ${options.mappingField}` +
            `${
              options.csdm
                ? ', services exported as CSDM business service offerings'
                : ''
            })`,
        );
      },
    });
  },
});
