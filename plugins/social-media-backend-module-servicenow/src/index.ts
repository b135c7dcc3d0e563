/**
 * ServiceNow connector for the social media service catalogue.
 *
 * @packageDocumentation
 */
export { socialMediaModuleServiceNow as default } from './module';
export { ServiceNowConnector } from './connector/ServiceNowConnector';
export type { ServiceNowConnectorOptions } from './connector/ServiceNowConnector';
export {
  ServiceNowClient,
  ServiceNowError,
} from './connector/ServiceNowClient';
export type {
  ServiceNowAuth,
  ServiceNowClientOptions,
  ServiceNowErrorKind,
} from './connector/ServiceNowClient';
export { readServiceNowConfig } from './connector/config';
export type { ServiceNowMappingField } from './connector/query';
