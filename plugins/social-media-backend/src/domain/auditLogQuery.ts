import {
  AuditLogFilter,
  normalizeEntityRef,
} from '@internal/plugin-social-media-common';
import { InvalidInputError } from './InvalidInputError';
import { MAX_PAGE_SIZE } from './listQuery';

// The OpenAPI validation may already have turned numbers into numbers.
type RawQuery = Record<string, unknown>;

/** A 400 naming the query parameter and what is wrong with it. */
function invalid(field: string, message: string): InvalidInputError {
  return InvalidInputError.of('query', [{ field, message }]);
}

function one(raw: RawQuery, name: string): string | undefined {
  const value = raw[name];
  const first = Array.isArray(value) ? value[0] : value;
  const text =
    first === undefined || first === null ? '' : String(first).trim();
  return text ? text : undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A time as the trail stores it (UTC ISO 8601 with milliseconds), so that text comparison
 * orders it. A bare date means its first moment for `from` and its last for `to`.
 */
function time(raw: RawQuery, name: 'from' | 'to'): string | undefined {
  const text = one(raw, name);
  if (text === undefined) return undefined;
  const withTime = DATE_ONLY.test(text)
    ? `${text}${name === 'from' ? 'T00:00:00.000Z' : 'T23:59:59.999Z'}`
    : text;
  const date = new Date(withTime);
  if (Number.isNaN(date.getTime())) {
    throw invalid(
      name,
      `${text} is not a date or time such as 2026-11-29 or 2026-11-29T12:00:00Z`,
    );
  }
  return date.toISOString();
}

/** Turns the filter parameters of `GET /audit/entries` and `GET /audit/export`. */
export function parseAuditLogFilter(raw: RawQuery): AuditLogFilter {
  const filter: AuditLogFilter = {};
  const serviceId = one(raw, 'serviceId');
  if (serviceId) filter.serviceId = serviceId;
  const group = one(raw, 'group');
  if (group) {
    const ref = normalizeEntityRef(group, 'group');
    if (!ref) {
      throw invalid(
        'group',
        `${group} is not a Group reference such as group:default/marketing`,
      );
    }
    filter.group = ref;
  }
  const actor = one(raw, 'actor');
  if (actor) filter.actor = actor;
  const actionValues = raw.action;
  const actions = (
    Array.isArray(actionValues) ? actionValues : [actionValues ?? '']
  )
    .flatMap(v => String(v).split(','))
    .map(v => v.trim())
    .filter(Boolean);
  if (actions.length) filter.actions = [...new Set(actions)];
  const from = time(raw, 'from');
  const to = time(raw, 'to');
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (from && to && from > to) {
    throw invalid('to', 'must not be earlier than from');
  }
  return filter;
}

/** The page of `GET /audit/entries`: entries before `before` (newest first), `limit` of them. */
export function parseAuditLogPage(raw: RawQuery): {
  before?: number;
  limit: number;
} {
  const limitText = one(raw, 'limit');
  const limit = limitText === undefined ? 50 : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '50') || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid('limit', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const beforeText = one(raw, 'before');
  if (beforeText === undefined) return { limit };
  const before = Number(beforeText);
  if (!/^\d+$/.test(beforeText) || before < 1) {
    throw invalid(
      'before',
      'must be the seq of an entry: a whole number from 1 on',
    );
  }
  return { before, limit };
}

/** True when the filter leaves any entry out. */
export function isFiltered(filter: AuditLogFilter): boolean {
  return Object.keys(filter).length > 0;
}

/** The filter as the export's header and the audit entry of the export record it. */
export function describeFilter(
  filter: AuditLogFilter,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (filter.serviceId) out.serviceId = filter.serviceId;
  if (filter.group) out.group = filter.group;
  if (filter.actor) out.actor = filter.actor;
  if (filter.actions) out.action = filter.actions;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  return out;
}
