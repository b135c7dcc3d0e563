import {
  OwnershipChange,
  OwnershipPeriod,
  OwnershipProblem,
  OwnershipReportPeriod,
  ServiceOwnership,
} from '@internal/plugin-social-media-common';
import { InvalidInputError } from './InvalidInputError';
import { RecordReader } from './storedRecord';

/** A row of `social_service_ownership_periods` as knex returns it. */
export interface OwnershipPeriodRow {
  id?: number;
  service_id: string;
  service_name: string;
  owner_group: string | null;
  service_owner: string | null;
  owner_in_organisation: boolean | number;
  from_at: string;
  to_at: string | null;
  audit_seq: number | string | null;
  action: string;
  actor: string | null;
  request_id: number | string | null;
  request_kind: string | null;
  requested_by: string | null;
  approved_by_json: string | null;
  ended_by_action: string | null;
  ended_by_actor: string | null;
}

/** Who holds a service, as far as its ownership timeline is concerned. */
export interface OwnershipState {
  ownerGroup?: string | null;
  serviceOwner?: string | null;
  serviceOwnerInOrganisation: boolean;
}

/** Why there was no valid owner, in the order a person would check. */
export function ownershipProblems(state: OwnershipState): OwnershipProblem[] {
  const problems: OwnershipProblem[] = [];
  if (!state.ownerGroup) problems.push('no-owner-group');
  if (!state.serviceOwner) problems.push('no-service-owner');
  else if (!state.serviceOwnerInOrganisation) {
    problems.push('service-owner-left');
  }
  return problems;
}

/** Whether two states differ in anything the timeline keeps (entity refs compare lowercase). */
export function ownershipChanged(
  before: OwnershipState,
  after: OwnershipState,
): boolean {
  const key = (ref?: string | null) => (ref ? ref.toLowerCase() : '');
  return (
    key(before.ownerGroup) !== key(after.ownerGroup) ||
    key(before.serviceOwner) !== key(after.serviceOwner) ||
    Boolean(before.serviceOwnerInOrganisation) !==
      Boolean(after.serviceOwnerInOrganisation)
  );
}

/**
 * The change an audit entry records, with the request behind it: a new-service request names
 * its approvers (`approvedBy: [{ by }]`), a transfer who decided it (`decidedBy`).
 */
export function changeFromAudit(entry: {
  action: string;
  actor?: string;
  at: string;
  seq?: number;
  after?: unknown;
}): OwnershipChange {
  const request = (entry.after as { request?: Record<string, unknown> })
    ?.request;
  const change: OwnershipChange = {
    action: entry.action,
    ...(entry.actor ? { actor: entry.actor } : {}),
    at: entry.at,
    ...(entry.seq !== undefined ? { auditSeq: entry.seq } : {}),
  };
  if (!request || typeof request.id !== 'number') return change;
  let approvedBy: string[] = [];
  if (Array.isArray(request.approvedBy)) {
    approvedBy = request.approvedBy
      .map(a => (typeof a === 'string' ? a : (a as { by?: string })?.by))
      .filter((a): a is string => typeof a === 'string' && a.length > 0);
  } else if (typeof request.decidedBy === 'string') {
    approvedBy = [request.decidedBy];
  }
  return {
    ...change,
    request: {
      id: request.id,
      kind: typeof request.kind === 'string' ? request.kind : 'request',
      ...(typeof request.requestedBy === 'string'
        ? { requestedBy: request.requestedBy }
        : {}),
      approvedBy,
    },
  };
}

/** The columns that record the change starting a period. */
export function changeColumns(change: OwnershipChange) {
  return {
    audit_seq: change.auditSeq ?? null,
    action: change.action,
    actor: change.actor ?? null,
    request_id: change.request?.id ?? null,
    request_kind: change.request?.kind ?? null,
    requested_by: change.request?.requestedBy ?? null,
    approved_by_json: change.request
      ? JSON.stringify(change.request.approvedBy)
      : null,
  };
}

export function rowToPeriod(row: OwnershipPeriodRow): OwnershipPeriod {
  const read = new RecordReader();
  const state = {
    ownerGroup: row.owner_group,
    serviceOwner: row.service_owner,
    serviceOwnerInOrganisation: Boolean(row.owner_in_organisation),
  };
  const setBy: OwnershipChange = {
    action: row.action,
    ...(row.actor ? { actor: row.actor } : {}),
    at: row.from_at,
    ...(row.audit_seq !== null && row.audit_seq !== undefined
      ? { auditSeq: Number(row.audit_seq) }
      : {}),
    ...(row.request_id !== null && row.request_id !== undefined
      ? {
          request: {
            id: Number(row.request_id),
            kind: row.request_kind ?? 'request',
            ...(row.requested_by ? { requestedBy: row.requested_by } : {}),
            approvedBy: read.textList(
              'approvedBy',
              row.approved_by_json || '[]',
            ),
          },
        }
      : {}),
    // A list of approvers the catalogue did not write (changed in the database outside it).
    ...(read.problems.length ? { recordProblems: read.problems } : {}),
  };
  return {
    serviceId: row.service_id,
    serviceName: row.service_name,
    ...(row.owner_group ? { ownerGroup: row.owner_group } : {}),
    ...(row.service_owner ? { serviceOwner: row.service_owner } : {}),
    serviceOwnerInOrganisation: state.serviceOwnerInOrganisation,
    from: row.from_at,
    ...(row.to_at ? { to: row.to_at } : {}),
    setBy,
    ...(row.to_at && row.ended_by_action
      ? {
          endedBy: {
            action: row.ended_by_action,
            ...(row.ended_by_actor ? { actor: row.ended_by_actor } : {}),
            at: row.to_at,
          },
        }
      : {}),
    problems: ownershipProblems(state),
  };
}

/** Whether a period holds at `at`: from its start, up to (not including) its end. */
function holdsAt(period: OwnershipPeriod, at: string): boolean {
  return period.from <= at && (!period.to || at < period.to);
}

const sameOwners = (a: OwnershipPeriod, b: OwnershipPeriod) =>
  (a.ownerGroup ?? '') === (b.ownerGroup ?? '') &&
  (a.serviceOwner ?? '') === (b.serviceOwner ?? '') &&
  a.to === b.from;

/**
 * Who owned the service at `at` in a timeline (oldest first): the period then, and since when
 * the same owner group and service owner held it without a break, with the change that gave it
 * to them (a period that only flags the service owner as gone does not). `null` when no period
 * holds then: before the service was catalogued or after it was deleted.
 */
export function ownerAt(
  timeline: OwnershipPeriod[],
  at: string,
): ServiceOwnership['owner'] {
  const index = timeline.findIndex(p => holdsAt(p, at));
  if (index < 0) return null;
  let first = index;
  while (first > 0 && sameOwners(timeline[first - 1], timeline[first])) {
    first -= 1;
  }
  const period = timeline[index];
  return {
    ...(period.ownerGroup ? { ownerGroup: period.ownerGroup } : {}),
    ...(period.serviceOwner ? { serviceOwner: period.serviceOwner } : {}),
    since: timeline[first].from,
    setBy: timeline[first].setBy,
    period,
  };
}

/**
 * The stretches of one service's timeline (oldest first) during which `holds` was true and
 * which overlap [from, to]: contiguous periods merge into one stretch, keeping the change that
 * started it, the one that ended it, and the parts without a valid owner.
 */
export function mergeOwnership(
  timeline: OwnershipPeriod[],
  holds: (period: OwnershipPeriod) => boolean,
  range: { from: string; to: string },
): OwnershipReportPeriod[] {
  const merged: OwnershipReportPeriod[] = [];
  let last: OwnershipPeriod | undefined;
  for (const period of timeline) {
    if (!holds(period)) {
      last = undefined;
      continue;
    }
    const current = merged[merged.length - 1];
    if (last && current && last.to === period.from) {
      current.to = period.to;
      current.endedBy = period.endedBy;
      if (!period.to) delete current.to;
      if (!period.endedBy) delete current.endedBy;
      addOnce(current.ownerGroups, period.ownerGroup);
      addOnce(current.serviceOwners, period.serviceOwner);
    } else {
      merged.push({
        from: period.from,
        ...(period.to ? { to: period.to } : {}),
        ownerGroups: period.ownerGroup ? [period.ownerGroup] : [],
        serviceOwners: period.serviceOwner ? [period.serviceOwner] : [],
        setBy: period.setBy,
        ...(period.endedBy ? { endedBy: period.endedBy } : {}),
        withoutValidOwner: [],
      });
    }
    if (period.problems.length) {
      merged[merged.length - 1].withoutValidOwner.push({
        from: period.from,
        ...(period.to ? { to: period.to } : {}),
        problems: period.problems,
      });
    }
    last = period;
  }
  return merged.filter(
    stretch =>
      stretch.from <= range.to && (!stretch.to || stretch.to > range.from),
  );
}

function addOnce(list: string[], value?: string) {
  if (value && !list.includes(value)) list.push(value);
}

/** Whether YYYY-MM-DD names a day of the calendar (JavaScript rolls 30 February over). */
function isCalendarDate(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, date));
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === date
  );
}

/** An ISO 8601 date or date-time from a query parameter, or an input error naming it. */
function parseInstant(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw InvalidInputError.of('query', [
      { field, message: 'must be an ISO 8601 date or date-time' },
    ]);
  }
  const text = value.trim();
  const time =
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
      text,
    )
      ? Date.parse(text)
      : NaN;
  if (Number.isNaN(time) || !isCalendarDate(text.slice(0, 10))) {
    throw InvalidInputError.of('query', [
      {
        field,
        message: `must be an ISO 8601 date or date-time, such as 2026-03-01T09:00:00Z; got ${JSON.stringify(
          text.slice(0, 40),
        )}`,
      },
    ]);
  }
  return new Date(time).toISOString();
}

/** The moment asked about (now when not given). */
export function parseOwnershipAt(
  query: Record<string, unknown>,
  now: Date,
): string {
  return query.at === undefined
    ? now.toISOString()
    : parseInstant('at', query.at);
}

/** The query of an ownership report: one group or one person, and a period (from ≤ to). */
export function parseOwnershipReportQuery(
  query: Record<string, unknown>,
  normalize: (value: string, kind: 'group' | 'user') => string | undefined,
): { group?: string; person?: string; from: string; to: string } {
  const { group, person } = query;
  if ((group === undefined) === (person === undefined)) {
    throw InvalidInputError.of('query', [
      {
        field: group === undefined ? 'group' : 'person',
        message:
          'give either group (an owner group) or person (a service owner), one of them',
      },
    ]);
  }
  const field = group !== undefined ? 'group' : 'person';
  const raw = group ?? person;
  const ref =
    typeof raw === 'string'
      ? normalize(raw, field === 'group' ? 'group' : 'user')
      : undefined;
  if (!ref) {
    throw InvalidInputError.of('query', [
      {
        field,
        message:
          field === 'group'
            ? 'must be a group entity ref, such as group:default/marketing'
            : 'must be a user entity ref, such as user:default/social-media-manager',
      },
    ]);
  }
  const from = parseInstant('from', query.from);
  const to = parseInstant('to', query.to);
  if (from > to) {
    throw InvalidInputError.of('query', [
      { field: 'to', message: 'must not be before from' },
    ]);
  }
  return {
    ...(field === 'group' ? { group: ref } : { person: ref }),
    from,
    to,
  };
}
