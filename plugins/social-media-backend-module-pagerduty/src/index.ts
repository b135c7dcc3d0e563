/**
 * PagerDuty connector for the social media service catalogue.
 *
 * @packageDocumentation
 */
export { socialMediaModulePagerDuty as default } from './module';
export {
  DEFAULT_PAGERDUTY_OVERLAP_MS,
  PagerDutyConnector,
} from './connector/PagerDutyConnector';
export type { PagerDutyConnectorOptions } from './connector/PagerDutyConnector';
export { PagerDutyClient } from './connector/PagerDutyClient';
export type { PagerDutyClientOptions } from './connector/PagerDutyClient';
export { readPagerDutyConfig } from './connector/config';
export type { PagerDutyConfig } from './connector/config';
