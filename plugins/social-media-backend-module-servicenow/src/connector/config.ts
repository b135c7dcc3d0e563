import { Config } from '@backstage/config';
import { ServiceNowConnectorOptions } from './ServiceNowConnector';
import { ServiceNowAuth } from './ServiceNowClient';
import { ServiceNowMappingField } from './query';

/** Where the connector's configuration lives. */
export const CONFIG_KEY = 'socialMedia.itsm.servicenow';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

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

  const rawUrl = block.getString('instanceUrl');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`${CONFIG_KEY}.instanceUrl '${rawUrl}' is not a URL`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new Error(
      `${CONFIG_KEY}.instanceUrl must use https (http is allowed for localhost only)`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      `${CONFIG_KEY}.instanceUrl must be the bare instance address, without credentials, query or fragment`,
    );
  }

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

  const pageSize = block.getOptionalNumber('pageSize') ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
    throw new Error(
      `${CONFIG_KEY}.pageSize must be a whole number from 1 to 10000`,
    );
  }
  const timeoutMs = block.getOptionalNumber('timeoutMs') ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 1) {
    throw new Error(`${CONFIG_KEY}.timeoutMs must be a positive number`);
  }
  const maxRetries = block.getOptionalNumber('maxRetries') ?? 4;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) {
    throw new Error(
      `${CONFIG_KEY}.maxRetries must be a whole number from 0 to 10`,
    );
  }

  return {
    instanceUrl: url.origin + url.pathname.replace(/\/+$/, ''),
    auth,
    mappingField: mappingField as ServiceNowMappingField,
    pageSize,
    timeoutMs,
    maxRetries,
  };
}
