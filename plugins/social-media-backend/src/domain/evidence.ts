import type {
  AuditEntry,
  ServiceEvidence,
} from '@internal/plugin-social-media-common';
import { InvalidInputError } from './InvalidInputError';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The request behind a change, as the write path records it in the audit entry. */
function requestOf(after: Record<string, unknown>) {
  const request = after.request;
  if (!isObject(request) || typeof request.id !== 'number') return undefined;
  const approvedBy = Array.isArray(request.approvedBy)
    ? request.approvedBy
        .map(a => (isObject(a) ? a.by : undefined))
        .filter((by): by is string => typeof by === 'string')
    : [];
  if (typeof request.decidedBy === 'string') approvedBy.push(request.decidedBy);
  return {
    id: request.id,
    kind: typeof request.kind === 'string' ? request.kind : 'service-request',
    approvedBy,
  };
}

/** The request a service came from, from its `create` entry. */
export function originalRequest(
  entries: AuditEntry[],
): ServiceEvidence['request'] {
  const created = entries.find(e => e.action === 'create');
  if (!created || !isObject(created.after)) return undefined;
  const request = requestOf(created.after);
  if (!request) return undefined;
  const raw = created.after.request as Record<string, unknown>;
  return {
    id: request.id,
    ...(typeof raw.requestedBy === 'string'
      ? { requestedBy: raw.requestedBy }
      : {}),
    approvedBy: request.approvedBy,
  };
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The period of an evidence document from the query: `from` and `to` as dates or date-times,
 * the last twelve months by default; a day (`2026-03-01`) runs to its end.
 */
export function parseEvidencePeriod(
  query: { from?: unknown; to?: unknown },
  now: Date,
): { from: string; to: string } {
  const problems: Array<{ field: string; message: string }> = [];
  const read = (field: 'from' | 'to', fallback: Date) => {
    const value = query[field];
    if (value === undefined || value === '') return fallback;
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      problems.push({
        field,
        message: `${field} must be a date such as 2026-03-01 or a date and time`,
      });
      return fallback;
    }
    const at = new Date(value);
    // A bare day as the end of the period means the whole of that day.
    return field === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(at.getTime() + DAY - 1)
      : at;
  };
  const to = read('to', now);
  const from = read('from', new Date(to.getTime() - 365 * DAY));
  if (!problems.length && from > to) {
    problems.push({ field: 'from', message: 'from must not be after to' });
  }
  if (problems.length) throw InvalidInputError.of('query', problems);
  return { from: from.toISOString(), to: to.toISOString() };
}
