import { Config } from '@backstage/config';
import { JiraServiceManagementConnectorOptions } from './JiraServiceManagementConnector';
import { JiraAuth } from './JiraClient';
import {
  isCustomFieldId,
  isProjectKey,
  isTimeZone,
  JiraMappingField,
} from './jql';

/** Where the connector's configuration lives. */
export const CONFIG_KEY = 'socialMedia.itsm.jiraServiceManagement';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

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

  const rawUrl = block.getString('baseUrl');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`${CONFIG_KEY}.baseUrl '${rawUrl}' is not a URL`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new Error(
      `${CONFIG_KEY}.baseUrl must use https (http is allowed for localhost only)`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      `${CONFIG_KEY}.baseUrl must be the bare site address, without credentials, query or fragment`,
    );
  }

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

  const pageSize = block.getOptionalNumber('pageSize') ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new Error(
      `${CONFIG_KEY}.pageSize must be a whole number from 1 to 100`,
    );
  }
  const timeZone = block.getOptionalString('timeZone');
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new Error(
      `${CONFIG_KEY}.timeZone must be a time zone such as 'UTC' or 'Europe/Berlin', not '${timeZone}'`,
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
    baseUrl: url.origin + url.pathname.replace(/\/+$/, ''),
    auth,
    mappingField: mappingField as JiraMappingField,
    projects: projects.map(p => p.toUpperCase()),
    issueTypes,
    pageSize,
    ...(timeZone !== undefined ? { timeZone } : {}),
    timeoutMs,
    maxRetries,
  };
}
