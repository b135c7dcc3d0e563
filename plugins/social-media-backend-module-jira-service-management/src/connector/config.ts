import { Config } from '@backstage/config';
import {
  readItsmOverlapMs,
  readItsmRequestSettings,
  readItsmUrl,
} from '@internal/plugin-social-media-node';
import {
  DEFAULT_JIRA_SERVICE_MANAGEMENT_OVERLAP_MS,
  JiraServiceManagementConnectorOptions,
} from './JiraServiceManagementConnector';
import { JiraAuth } from './JiraClient';
import {
  isCustomFieldId,
  isProjectKey,
  isTimeZone,
  JiraMappingField,
} from './jql';

/** Where the connector's configuration lives. */
export const CONFIG_KEY = 'socialMedia.itsm.jiraServiceManagement';

/**
 * The connector's options as read from configuration.
 *
 * @public
 */
export type JiraServiceManagementConfig = Required<
  Pick<
    JiraServiceManagementConnectorOptions,
    | 'baseUrl'
    | 'auth'
    | 'mappingField'
    | 'projects'
    | 'issueTypes'
    | 'pageSize'
    | 'timeoutMs'
    | 'maxRetries'
    | 'overlapMs'
  >
> &
  Pick<JiraServiceManagementConnectorOptions, 'timeZone'>;

/**
 * Reads `socialMedia.itsm.jiraServiceManagement`; undefined when the block is absent. Throws an
 * error naming the key at fault when it is present but wrong.
 *
 * @public
 */
export function readJiraServiceManagementConfig(
  config: Config,
): JiraServiceManagementConfig | undefined {
  const block = config.getOptionalConfig(CONFIG_KEY);
  if (!block) return undefined;

  const baseUrl = readItsmUrl(block, {
    configKey: CONFIG_KEY,
    key: 'baseUrl',
    what: 'site address',
  });

  const authConfig = block.getConfig('auth');
  const email = authConfig.getOptionalString('email');
  const apiToken = authConfig.getOptionalString('apiToken');
  const token = authConfig.getOptionalString('token');
  let auth: JiraAuth;
  if (email && apiToken && !token) {
    auth = { type: 'basic', email, apiToken };
  } else if (token && !email && !apiToken) {
    auth = { type: 'bearer', token };
  } else {
    throw new Error(
      `${CONFIG_KEY}.auth needs either email and apiToken (Jira Cloud), or token (a Data Center personal access token), not both`,
    );
  }

  const mappingField = block.getOptionalString('mappingField') ?? 'component';
  if (mappingField !== 'component' && !isCustomFieldId(mappingField)) {
    throw new Error(
      `${CONFIG_KEY}.mappingField must be 'component' or a custom field id such as 'customfield_10050', not '${mappingField}'`,
    );
  }

  const projects = (block.getOptionalStringArray('projects') ?? []).map(p =>
    p.trim(),
  );
  const badProject = projects.find(p => !isProjectKey(p));
  if (badProject !== undefined) {
    throw new Error(
      `${CONFIG_KEY}.projects must hold project keys such as 'SMS', not '${badProject}'`,
    );
  }
  if (mappingField !== 'component' && projects.length === 0) {
    throw new Error(
      `${CONFIG_KEY}.projects must name at least one project key when mappingField is a custom field ` +
        '(searches are limited to them, and incidents are raised in the first)',
    );
  }

  const issueTypes = (
    block.getOptionalStringArray('issueTypes') ?? ['Incident']
  ).map(t => t.trim());
  if (issueTypes.length === 0 || issueTypes.some(t => !t)) {
    throw new Error(
      `${CONFIG_KEY}.issueTypes must list at least one issue type name, e.g. [Incident]`,
    );
  }

  const settings = readItsmRequestSettings(block, {
    configKey: CONFIG_KEY,
    defaultPageSize: 50,
    maxPageSize: 100,
  });
  const timeZone = block.getOptionalString('timeZone');
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new Error(
      `${CONFIG_KEY}.timeZone must be a time zone such as 'UTC' or 'Europe/Berlin', not '${timeZone}'`,
    );
  }
  return {
    baseUrl,
    auth,
    mappingField: mappingField as JiraMappingField,
    projects: projects.map(p => p.toUpperCase()),
    issueTypes,
    ...settings,
    ...(timeZone !== undefined ? { timeZone } : {}),
    overlapMs: readItsmOverlapMs(block, {
      configKey: CONFIG_KEY,
      defaultMs: DEFAULT_JIRA_SERVICE_MANAGEMENT_OVERLAP_MS,
    }),
  };
}
