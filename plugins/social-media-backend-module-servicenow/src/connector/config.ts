import { Config } from '@backstage/config';
import {
  readItsmOverlapMs,
  readItsmRequestSettings,
  readItsmUrl,
} from '@internal/plugin-social-media-node';
import {
  DEFAULT_SERVICENOW_OVERLAP_MS,
  DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT,
  MAX_SERVICENOW_REQUESTS_IN_FLIGHT,
  ServiceNowConnectorOptions,
} from './ServiceNowConnector';
import { ServiceNowAuth } from './ServiceNowClient';
import { isSysId, ServiceNowMappingField } from './query';
import { ServiceNowCsdmOptions } from './ServiceNowCsdmExport';

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
    ...readCsdm(block),
    mappingField: mappingField as ServiceNowMappingField,
    ...settings,
    ...readRequestsInFlight(block),
    overlapMs: readItsmOverlapMs(block, {
      configKey: CONFIG_KEY,
      defaultMs: DEFAULT_SERVICENOW_OVERLAP_MS,
    }),
  };
}

/** Reads `readAhead` and `requestsInFlight`: how many list requests the sync keeps in flight. */
function readRequestsInFlight(
  block: Config,
): Pick<ServiceNowConnectorOptions, 'readAhead' | 'requestsInFlight'> {
  const readAhead = block.getOptionalBoolean('readAhead') ?? true;
  const requestsInFlight =
    block.getOptionalNumber('requestsInFlight') ??
    DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT;
  if (
    !Number.isInteger(requestsInFlight) ||
    requestsInFlight < 2 ||
    requestsInFlight > MAX_SERVICENOW_REQUESTS_IN_FLIGHT
  ) {
    throw new Error(
      `${CONFIG_KEY}.requestsInFlight must be a whole number from 2 to ${MAX_SERVICENOW_REQUESTS_IN_FLIGHT} (readAhead: false reads one request at a time), not ${requestsInFlight}`,
    );
  }
  return readAhead ? { readAhead, requestsInFlight } : { readAhead };
}

/** Reads `csdm`, the CMDB export's settings; none without the block. */
function readCsdm(block: Config): { csdm?: ServiceNowCsdmOptions } {
  const csdm = block.getOptionalConfig('csdm');
  if (!csdm) return {};
  const key = `${CONFIG_KEY}.csdm`;
  const parent = csdm.getString('parentBusinessService').trim();
  if (!isSysId(parent)) {
    throw new Error(
      `${key}.parentBusinessService must be the 32-character sys_id of a business service (cmdb_ci_service_business), not '${parent}'`,
    );
  }
  const pairs = (name: 'users' | 'groups') =>
    (csdm.getOptionalConfigArray(name) ?? []).map((entry, index) => {
      const entityRef = entry.getString('entityRef').trim();
      const servicenow = entry.getString('servicenow').trim();
      if (!entityRef || !servicenow) {
        throw new Error(
          `${key}.${name}[${index}] needs an entityRef and a servicenow value`,
        );
      }
      return { entityRef, servicenow };
    });
  return {
    csdm: {
      parentBusinessService: parent.toLowerCase(),
      users: pairs('users'),
      groups: pairs('groups'),
    },
  };
}
