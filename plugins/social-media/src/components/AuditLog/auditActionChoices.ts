import { HANDOVER_KINDS } from '@internal/plugin-social-media-common';
import {
  HANDOVER_KIND_TITLES,
  handoverStepTitle,
} from '../Handovers/handoverModel';
import { ACTION_TITLES } from '../ServicePage/historySummary';
import { REQUEST_ACTION_TITLES } from './caseEntrySummary';

/** One action the audit trail records, as the filter offers it. */
export interface AuditActionChoice {
  /** As stored and as the API filters by it, e.g. `transition`, `request-approve`. */
  action: string;
  /** In words, e.g. "Moved", "Request approved". */
  title: string;
  /** What kind of record it changes: the group the filter lists it under. */
  group: string;
}

const HANDOVER_STEPS = ['submit', 'accept', 'decline', 'withdraw'];

/**
 * The actions an auditor filters the trail by, named as the log names them, grouped by the kind of
 * record (a service; a request; a transfer or retirement; an export).
 */
export const AUDIT_ACTION_CHOICES: readonly AuditActionChoice[] = [
  ...Object.entries(ACTION_TITLES).map(([action, title]) => ({
    action,
    title,
    group: 'Services',
  })),
  ...Object.entries(REQUEST_ACTION_TITLES).map(([step, title]) => ({
    action: `request-${step}`,
    title,
    group: 'Service requests',
  })),
  ...HANDOVER_KINDS.flatMap(kind =>
    HANDOVER_STEPS.map(step => ({
      action: `${kind}-${step}`,
      title: `${HANDOVER_KIND_TITLES[kind]} ${handoverStepTitle(
        kind,
        step,
      ).toLocaleLowerCase('en-US')}`,
      group: 'Transfers and retirements',
    })),
  ),
  { action: 'export', title: 'Audit trail exported', group: 'Exports' },
  { action: 'cmdb-export', title: 'Exported to the CMDB', group: 'Exports' },
  {
    action: 'cmdb-export-dry-run',
    title: 'CMDB export previewed',
    group: 'Exports',
  },
];

const BY_ACTION = new Map(AUDIT_ACTION_CHOICES.map(c => [c.action, c]));

/** An action in words, or as stored when the portal does not know it. */
export function auditActionTitle(action: string): string {
  return BY_ACTION.get(action)?.title ?? action;
}

/** The group an action is listed under; actions typed by hand are listed last. */
export function auditActionGroup(action: string): string {
  return BY_ACTION.get(action)?.group ?? 'Other';
}
