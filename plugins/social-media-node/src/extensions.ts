import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ItsmConnector } from './connectors';

/**
 * Lets backend modules add ITSM connectors to the social media service catalogue.
 *
 * @public
 */
export interface SocialMediaItsmConnectorsExtensionPoint {
  /** Adds one or more connectors; each connector id may be added once. */
  addConnector(...connectors: Array<ItsmConnector | ItsmConnector[]>): void;
}

/**
 * Extension point for ITSM connectors.
 *
 * @example
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'social-media',
 *   moduleId: 'servicenow',
 *   register(env) {
 *     env.registerInit({
 *       deps: { connectors: socialMediaItsmConnectorsExtensionPoint, config: coreServices.rootConfig },
 *       async init({ connectors, config }) {
 *         connectors.addConnector(ServiceNowConnector.fromConfig(config));
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const socialMediaItsmConnectorsExtensionPoint =
  createExtensionPoint<SocialMediaItsmConnectorsExtensionPoint>({
    id: 'social-media.itsm-connectors',
  });
