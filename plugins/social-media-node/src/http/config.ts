import { Config } from '@backstage/config';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Reads the address of an ITSM tool from a connector's config block: https, or http for
 * localhost only (a local stand-in), without credentials, query or fragment. Returns it without
 * a trailing slash; throws an error naming the key when it does not fit.
 *
 * @public
 */
export function readItsmUrl(
  block: Config,
  options: {
    /** The block's path, e.g. `socialMedia.itsm.servicenow`, for messages. */
    configKey: string;
    /** The key in the block, e.g. `instanceUrl`. */
    key: string;
    /** What the address is, for messages, e.g. `instance address`. */
    what: string;
    /** Used when the key is absent; without it the key is required. */
    defaultValue?: string;
  },
): string {
  const { configKey, key, what, defaultValue } = options;
  const raw =
    defaultValue === undefined
      ? block.getString(key)
      : block.getOptionalString(key) ?? defaultValue;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${configKey}.${key} '${raw}' is not a URL`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new Error(
      `${configKey}.${key} must use https (http is allowed for localhost only)`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      `${configKey}.${key} must be the bare ${what}, without credentials, query or fragment`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/**
 * How a connector pages and retries, as every connector configures it.
 *
 * @public
 */
export interface ItsmRequestSettings {
  /** Records per request. */
  pageSize: number;
  /** Per attempt, body included. */
  timeoutMs: number;
  /** Retries after a failed attempt. */
  maxRetries: number;
}

/**
 * Reads `pageSize` (1 to the tool's maximum), `timeoutMs` (default 30 000) and `maxRetries`
 * (0 to 10, default 4) from a connector's config block; throws an error naming the key when one
 * does not fit.
 *
 * @public
 */
export function readItsmRequestSettings(
  block: Config,
  options: { configKey: string; defaultPageSize: number; maxPageSize: number },
): ItsmRequestSettings {
  const { configKey, defaultPageSize, maxPageSize } = options;
  const pageSize = block.getOptionalNumber('pageSize') ?? defaultPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
    throw new Error(
      `${configKey}.pageSize must be a whole number from 1 to ${maxPageSize}`,
    );
  }
  const timeoutMs = block.getOptionalNumber('timeoutMs') ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 1) {
    throw new Error(`${configKey}.timeoutMs must be a positive number`);
  }
  const maxRetries = block.getOptionalNumber('maxRetries') ?? 4;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) {
    throw new Error(
      `${configKey}.maxRetries must be a whole number from 0 to 10`,
    );
  }
  return { pageSize, timeoutMs, maxRetries };
}

/**
 * Reads `overlapMs`: how far before its cursor each incremental run of a connector reads again,
 * in the ITSM's own timestamps, so that changes stamped in the cursor's own timestamp unit after
 * it was read, and changes committed late with an earlier stamp, still arrive. 0 to a day.
 *
 * @public
 */
export function readItsmOverlapMs(
  block: Config,
  options: { configKey: string; defaultMs: number },
): number {
  const overlapMs = block.getOptionalNumber('overlapMs') ?? options.defaultMs;
  if (
    !Number.isInteger(overlapMs) ||
    overlapMs < 0 ||
    overlapMs > 24 * 60 * 60 * 1000
  ) {
    throw new Error(
      `${options.configKey}.overlapMs must be a whole number of milliseconds from 0 to 86400000 (a day)`,
    );
  }
  return overlapMs;
}
