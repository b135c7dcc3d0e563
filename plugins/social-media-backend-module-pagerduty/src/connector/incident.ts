import { ItsmIncident } from '@internal/plugin-social-media-node';
import { isPagerDutyId } from './query';

/** An incident as the REST API returns it; only the fields the connector reads. */
export interface PagerDutyIncident {
  id: string;
  type?: string;
  incident_number?: number;
  title?: string;
  summary?: string;
  status?: string;
  urgency?: string;
  priority?: { summary?: string } | null;
  created_at?: string;
  updated_at?: string;
  last_status_change_at?: string;
  resolved_at?: string | null;
  html_url?: string;
  service?: { id?: string } | null;
}

/** True for a full incident object, as opposed to an `incident_reference`. */
export function isFullIncident(value: unknown): value is PagerDutyIncident {
  if (typeof value !== 'object' || value === null) return false;
  const incident = value as Record<string, unknown>;
  return (
    typeof incident.id === 'string' &&
    incident.type !== 'incident_reference' &&
    typeof incident.status === 'string' &&
    typeof incident.created_at === 'string'
  );
}

/** The PagerDuty service id of an incident, upper-cased; undefined when it has none. */
export function serviceOf(incident: PagerDutyIncident): string | undefined {
  const id = incident.service?.id;
  return typeof id === 'string' && id ? id.toUpperCase() : undefined;
}

function isoOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Converts an incident to the catalogue's shape, or says why it cannot:
 *
 * - `number` is `#` and the incident number, as PagerDuty shows it (`#1234`);
 * - `priority` is the priority's name (e.g. `P1`) or, for accounts without priorities, the
 *   urgency (`high urgency`);
 * - `state` is the status: `triggered`, `acknowledged` or `resolved`;
 * - `resolvedAt` is `resolved_at`, or `last_status_change_at` of a resolved incident where the
 *   API has no `resolved_at`;
 * - `updatedAt` is `updated_at`, or `last_status_change_at` where the API has no `updated_at`.
 */
export function toItsmIncident(
  raw: PagerDutyIncident,
  serviceId: string,
): ItsmIncident | { problem: string } {
  const id = typeof raw.id === 'string' ? raw.id : '';
  if (!isPagerDutyId(id)) {
    return { problem: `an incident without a valid id ('${id.slice(0, 40)}')` };
  }
  const openedAt = isoOf(raw.created_at);
  if (!openedAt) {
    return { problem: `incident ${id} without a valid created_at` };
  }
  if (typeof raw.status !== 'string' || !raw.status) {
    return { problem: `incident ${id} without a status` };
  }
  if (!Number.isInteger(raw.incident_number)) {
    return { problem: `incident ${id} without an incident_number` };
  }
  const statusChangedAt = isoOf(raw.last_status_change_at);
  const updatedAt = isoOf(raw.updated_at) ?? statusChangedAt ?? openedAt;
  const resolvedAt =
    isoOf(raw.resolved_at) ??
    (raw.status === 'resolved' ? statusChangedAt ?? updatedAt : undefined);
  const priorityName =
    typeof raw.priority?.summary === 'string' ? raw.priority.summary : '';
  const urgency = typeof raw.urgency === 'string' ? raw.urgency : '';
  const title =
    typeof raw.title === 'string'
      ? raw.title
      : (typeof raw.summary === 'string' ? raw.summary : '').replace(
          /^\[#\d+\]\s*/,
          '',
        );
  return {
    externalId: id,
    number: `#${raw.incident_number}`,
    title,
    priority: priorityName || (urgency ? `${urgency} urgency` : ''),
    state: raw.status,
    openedAt,
    ...(resolvedAt ? { resolvedAt } : {}),
    updatedAt,
    url: typeof raw.html_url === 'string' ? raw.html_url : '',
    serviceId,
  };
}
