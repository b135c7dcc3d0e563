import { Config } from '@backstage/config';
import {
  readItsmOverlapMs,
  readItsmRequestSettings,
  readItsmUrl,
} from '@internal/plugin-social-media-node';
import {
  DEFAULT_SERVICENOW_OVERLAP_MS,
  ServiceNowConnectorOptions,
} from './ServiceNowConnector';
import { ServiceNowAuth } from './ServiceNowClient';
import { ServiceNowMappingField } from './query';

/** Where the connector's configuration lives. */
export const CONFIG_KEY = 'socialMedia.itsm.servicenow';

/**
 * Reads `socialMedia.itsm.servicenow`; undefined when the block is absent. Throws an error naming
 * the key at fault when it is present but wrong.
 *
 * @public
 */
export function readServiceNowConfig(
  config: Config,
): ServiceNowConnectorOptions | undefined {
  const block = config.getOptionalConfig(CONFIG_KEY);
  if (!block) return undefined;

  const instanceUrl = readItsmUrl(block, {
    configKey: CONFIG_KEY,
    key: 'instanceUrl',
    what: 'instance address',
  });

  const authConfig = block.getConfig('auth');
  const username = authConfig.getOptionalString('username');
  const password = authConfig.getOptionalString('password');
  const clientId = authConfig.getOptionalString('clientId');
  const clientSecret = authConfig.getOptionalString('clientSecret');
  let auth: ServiceNowAuth;
  if (username && password && !clientId && !clientSecret) {
    auth = { type: 'basic', username, password };
  } else if (clientId && clientSecret && !username && !password) {
    auth = { type: 'oauth', clientId, clientSecret };
  } else {
    throw new Error(
      `${CONFIG_KEY}.auth needs either username and password, or clientId and clientSecret (exactly one pair)`,
    );
  }

  const mappingField =
    block.getOptionalString('mappingField') ?? 'business_service';
  if (mappingField !== 'business_service' && mappingField !== 'cmdb_ci') {
    throw new Error(
      `${CONFIG_KEY}.mappingField must be 'business_service' or 'cmdb_ci', not '${mappingField}'`,
    );
  }

  const settings = readItsmRequestSettings(block, {
    configKey: CONFIG_KEY,
    defaultPageSize: 100,
    maxPageSize: 10_000,
  });

  return {
    instanceUrl,
    auth,
    mappingField: mappingField as ServiceNowMappingField,
    ...settings,
    overlapMs: readItsmOverlapMs(block, {
      configKey: CONFIG_KEY,
      defaultMs: DEFAULT_SERVICENOW_OVERLAP_MS,
    }),
  };
}
