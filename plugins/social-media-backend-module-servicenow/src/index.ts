/**
 * ServiceNow connector for the social media service catalogue.
 *
 * @packageDocumentation
 */
export { socialMediaModuleServiceNow as default } from './module';
export {
  DEFAULT_SERVICENOW_OVERLAP_MS,
  DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT,
  MAX_SERVICENOW_REQUESTS_IN_FLIGHT,
  ServiceNowConnector,
} from './connector/ServiceNowConnector';
export type { ServiceNowConnectorOptions } from './connector/ServiceNowConnector';
export type { ServiceNowCsdmOptions } from './connector/ServiceNowCsdmExport';
export { ServiceNowClient } from './connector/ServiceNowClient';
export type {
  ServiceNowAuth,
  ServiceNowClientOptions,
} from './connector/ServiceNowClient';
export { readServiceNowConfig } from './connector/config';
export type { ServiceNowMappingField } from './connector/query';
