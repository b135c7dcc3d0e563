import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { socialMediaItsmConnectorsExtensionPoint } from '@internal/plugin-social-media-node';
import {
  CONFIG_KEY,
  readJiraServiceManagementConfig,
} from './connector/config';
import { JiraServiceManagementConnector } from './connector/JiraServiceManagementConnector';

/**
 * Adds the Jira Service Management connector to the social media service catalogue when
 * `socialMedia.itsm.jiraServiceManagement` is configured.
 *
 * @public
 */
export const socialMediaModuleJiraServiceManagement = createBackendModule({
  pluginId: 'social-media',
  moduleId: 'jira-service-management',
  register(env) {
    env.registerInit({
      deps: {
        connectors: socialMediaItsmConnectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ connectors, config, logger }) {
        const options = readJiraServiceManagementConfig(config);
        if (!options) {
          logger.info(
            `Jira Service Management connector not installed: no ${CONFIG_KEY} configuration`,
          );
          return;
        }
        const connector = new JiraServiceManagementConnector({
          ...options,
          logger,
        });
        connectors.addConnector(connector);
        const matched =
          options.mappingField === 'component'
            ? 'project components'
            : `${options.mappingField} in ${options.projects.join(', ')}`;
        logger.info(
          `Jira Service Management connector installed for ${options.baseUrl} ` +
            `(${
              options.auth.type === 'basic'
                ? 'Jira Cloud, API token'
                : 'Data Center, personal access token'
            }; ${options.issueTypes.join(', ')} issues matched on ${matched})`,
        );
      },
    });
  },
});
