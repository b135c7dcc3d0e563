import { Config } from '@backstage/config';
import { CONFIG_KEY } from './constants';

export { CONFIG_KEY };

/** The REST API of PagerDuty's US service region. */
export const DEFAULT_BASE_URL = 'https://api.pagerduty.com';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The connector's settings as read from `socialMedia.itsm.pagerduty`.
 *
 * @public
 */
export interface PagerDutyConfig {
  baseUrl: string;
  apiToken: string;
  fromEmail?: string;
  pageSize: number;
  timeoutMs: number;
  maxRetries: number;
}

/**
 * Reads `socialMedia.itsm.pagerduty`; undefined when the block is absent. Throws an error naming
 * the key at fault when it is present but wrong.
 *
 * @public
 */
export function readPagerDutyConfig(
  config: Config,
): PagerDutyConfig | undefined {
  const block = config.getOptionalConfig(CONFIG_KEY);
  if (!block) return undefined;

  const rawUrl = block.getOptionalString('baseUrl') ?? DEFAULT_BASE_URL;
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
      `${CONFIG_KEY}.baseUrl must be the bare API address, without credentials, query or fragment`,
    );
  }

  const apiToken = block.getOptionalString('apiToken')?.trim();
  if (!apiToken) {
    throw new Error(
      `${CONFIG_KEY}.apiToken is required: a PagerDuty REST API key`,
    );
  }
  if (/\s/.test(apiToken) || /^token\b/i.test(apiToken)) {
    throw new Error(
      `${CONFIG_KEY}.apiToken must be the bare REST API key, without 'Token token=' or spaces`,
    );
  }

  const fromEmail = block.getOptionalString('fromEmail')?.trim() || undefined;
  if (fromEmail !== undefined && !EMAIL.test(fromEmail)) {
    throw new Error(
      `${CONFIG_KEY}.fromEmail must be the email address of a PagerDuty user`,
    );
  }

  const pageSize = block.getOptionalNumber('pageSize') ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new Error(
      `${CONFIG_KEY}.pageSize must be a whole number from 1 to 100`,
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
    apiToken,
    ...(fromEmail ? { fromEmail } : {}),
    pageSize,
    timeoutMs,
    maxRetries,
  };
}
