import { Config } from '@backstage/config';
import {
  readItsmOverlapMs,
  readItsmRequestSettings,
  readItsmUrl,
} from '@internal/plugin-social-media-node';
import { CONFIG_KEY } from './constants';
import { DEFAULT_PAGERDUTY_OVERLAP_MS } from './PagerDutyConnector';

export { CONFIG_KEY };

/** The REST API of PagerDuty's US service region. */
export const DEFAULT_BASE_URL = 'https://api.pagerduty.com';

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
  /** How far before the previous pass's end a run reads the log again, in milliseconds. */
  overlapMs: number;
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

  const baseUrl = readItsmUrl(block, {
    configKey: CONFIG_KEY,
    key: 'baseUrl',
    what: 'API address',
    defaultValue: DEFAULT_BASE_URL,
  });

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

  const settings = readItsmRequestSettings(block, {
    configKey: CONFIG_KEY,
    defaultPageSize: 100,
    maxPageSize: 100,
  });

  return {
    baseUrl,
    apiToken,
    ...(fromEmail ? { fromEmail } : {}),
    ...settings,
    overlapMs: readItsmOverlapMs(block, {
      configKey: CONFIG_KEY,
      defaultMs: DEFAULT_PAGERDUTY_OVERLAP_MS,
    }),
  };
}
