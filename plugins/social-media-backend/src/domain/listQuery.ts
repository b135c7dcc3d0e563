import {
  ACCESS_REVIEW_STATUSES,
  LIFECYCLE_STAGES,
  normalizeEntityRef,
  RISK_RATING_FILTERS,
  SERVICE_SORT_FIELDS,
  ServiceListQuery,
  SOCIAL_PLATFORMS,
} from '@internal/plugin-social-media-common';

import type { AccessReviewQuery } from '../stores/guardianship/GuardianshipStore';
import { InvalidInputError } from './InvalidInputError';
import { decodeIdCursor, decodeListCursor } from './listCursor';

/** A 400 naming the query parameter and what is wrong with it. */
function invalid(field: string, message: string): InvalidInputError {
  return InvalidInputError.of('query', [{ field, message }]);
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/**
 * The deepest offset a paged read takes. Beyond it a page is empty in any real catalogue, and
 * SQLite refuses offsets past a 64-bit integer with an error rather than an empty page.
 */
export const MAX_OFFSET = 10_000_000;

type RawQuery = Record<string, string | string[] | undefined>;

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean);
}

function oneOf<T extends string>(
  raw: RawQuery,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const values = list(raw[name]);
  const unknown = values.filter(
    v => !(allowed as readonly string[]).includes(v),
  );
  if (unknown.length) {
    throw invalid(
      name,
      `unknown ${unknown.join(', ')}; must be one of ${allowed.join(', ')}`,
    );
  }
  return values.length ? (values as T[]) : undefined;
}

function integer(raw: RawQuery, name: string, min: number, max: number) {
  const value = raw[name];
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw invalid(name, `must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function yesNo(raw: RawQuery, name: string): boolean | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') {
    throw invalid(name, 'must be true or false');
  }
  return value === 'true';
}

/** Turns the query string of `GET /access-reviews`, or says what is wrong. */
export function parseAccessReviewQuery(raw: RawQuery): AccessReviewQuery {
  return {
    status: oneOf(raw, 'status', ['current', 'due', 'overdue'] as const) ?? [
      'due',
      'overdue',
    ],
    limit: integer(raw, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    offset: integer(raw, 'offset', 0, MAX_OFFSET) ?? 0,
  };
}

/** The `after` of a paged read (the previous page's `nextAfter`); not with an offset. */
function afterOf(raw: RawQuery, offset: number): string | undefined {
  const value = Array.isArray(raw.after) ? raw.after[0] : raw.after;
  const after = value?.trim() || undefined;
  if (after !== undefined && offset > 0) {
    throw invalid(
      'after',
      'cannot be combined with offset; page either by offset or by the nextAfter of the previous page',
    );
  }
  return after;
}

/** Turns `limit` (1 to 200, 50 by default) and `offset` of a list read by offset alone. */
export function parseOffsetPage(raw: RawQuery): {
  limit: number;
  offset: number;
} {
  return {
    limit: integer(raw, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    offset: integer(raw, 'offset', 0, MAX_OFFSET) ?? 0,
  };
}

/** A page of a read in id order: by offset, or after the service of a cursor. */
export interface IdPageQuery {
  limit: number;
  offset: number;
  /** The id the previous page ended with, read from its `nextAfter`. */
  afterId?: string;
}

/**
 * Turns `limit` (1 to 200, 50 by default), `offset` and `after` (the cursor of a read in id
 * order) of a paged read, or says what is wrong.
 */
export function parsePageQuery(raw: RawQuery): IdPageQuery {
  const offset = integer(raw, 'offset', 0, MAX_OFFSET) ?? 0;
  const after = afterOf(raw, offset);
  return {
    limit: integer(raw, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    offset,
    ...(after !== undefined ? { afterId: decodeIdCursor(after) } : {}),
  };
}

/** The days of the dashboard's risk trend: `days`, 1 to 365, 30 by default. */
export function parseTrendDays(raw: RawQuery): number {
  return integer(raw, 'days', 1, 365) ?? 30;
}

/** Turns the query string of `GET /services` into a list query, or says what is wrong. */
export function parseListQuery(raw: RawQuery): ServiceListQuery {
  const owners = list(raw.ownerGroup).map(value => {
    const ref = normalizeEntityRef(value, 'group');
    if (!ref) {
      throw invalid(
        'ownerGroup',
        `${value} is not a Group reference such as group:default/marketing`,
      );
    }
    return ref;
  });
  const people = list(raw.serviceOwner).map(value => {
    const ref = normalizeEntityRef(value, 'user');
    if (!ref) {
      throw invalid(
        'serviceOwner',
        `${value} is not a User reference such as user:default/social-media-manager`,
      );
    }
    return ref;
  });
  const hasOpen = yesNo(raw, 'hasOpenIncidents');
  const hasLeavers = yesNo(raw, 'hasLeavers');
  const compliant = yesNo(raw, 'compliant');
  const changedOutside = yesNo(raw, 'changedOutside');
  const sort = oneOf(raw, 'sort', SERVICE_SORT_FIELDS);
  const order = oneOf(raw, 'order', ['asc', 'desc'] as const);
  const search = typeof raw.search === 'string' ? raw.search.trim() : undefined;
  const offset = integer(raw, 'offset', 0, MAX_OFFSET) ?? 0;
  const after = afterOf(raw, offset);
  if (after !== undefined) {
    // Refused here, naming the parameter, rather than when the list is read.
    decodeListCursor(after, sort?.[0] ?? 'name', order?.[0] ?? 'asc');
  }
  return {
    platform: oneOf(raw, 'platform', SOCIAL_PLATFORMS),
    ownerGroup: owners.length ? owners : undefined,
    serviceOwner: people.length ? people : undefined,
    lifecycleStage: oneOf(raw, 'lifecycleStage', LIFECYCLE_STAGES),
    riskRating: oneOf(raw, 'riskRating', RISK_RATING_FILTERS),
    accessReview: oneOf(raw, 'accessReview', ACCESS_REVIEW_STATUSES),
    hasOpenIncidents: hasOpen,
    hasLeavers,
    compliant,
    changedOutside,
    search: search ? search : undefined,
    sort: sort?.[0],
    order: order?.[0],
    limit: integer(raw, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
    offset,
    ...(after !== undefined ? { after } : {}),
  };
}
