/**
 * Jira Service Management connector for the social media service catalogue.
 *
 * @packageDocumentation
 */
export { socialMediaModuleJiraServiceManagement as default } from './module';
export {
  DEFAULT_JIRA_SERVICE_MANAGEMENT_OVERLAP_MS,
  JiraServiceManagementConnector,
} from './connector/JiraServiceManagementConnector';
export type { JiraServiceManagementConnectorOptions } from './connector/JiraServiceManagementConnector';
export { JiraClient } from './connector/JiraClient';
export type {
  JiraAuth,
  JiraClientOptions,
  JiraDeployment,
} from './connector/JiraClient';
export { readJiraServiceManagementConfig } from './connector/config';
export type { JiraServiceManagementConfig } from './connector/config';
export type { JiraMappingField } from './connector/jql';
