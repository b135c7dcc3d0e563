import {
  checklistFor,
  PLATFORM_TITLES,
  RISK_RATINGS,
  type AuditEntry,
  type HandoverKind,
  type HandoverStatus,
  type ServiceRequestStatus,
  type SocialPlatform,
} from '@internal/plugin-social-media-common';
import { RISK_RATING_TITLES } from '../RiskBadge';
import {
  HANDOVER_KIND_TITLES,
  handoverStatusTitle,
  handoverStepTitle,
} from '../Handovers/handoverModel';
import { diffFields, isObject, refName } from '../ServicePage/historySummary';
import { REQUEST_STATUS_TITLES } from '../ServiceRequests/requestModel';

/*
 * The audit trail's entries about service requests and about transfers and retirements, in
 * words: what was filed, by which step a case moved from one status to the next, and what was
 * said or confirmed on the way. The entries keep the raw values; an auditor reads these lines.
 */

type Json = Record<string, unknown>;

const text = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

/** `group:default/marketing` reads as `marketing`, a person as their name in the catalog. */
const named = (ref: unknown, defaultKind: 'user' | 'group') =>
  refName(ref, defaultKind, 'nobody named');

/** A request's steps in the audit trail (its actions less their `request-` prefix), in words. */
export const REQUEST_ACTION_TITLES: Record<string, string> = {
  create: 'Request drafted',
  submit: 'Request submitted',
  update: 'Request edited',
  approve: 'Request approved',
  reject: 'Request rejected',
  'request-changes': 'Changes asked for',
  withdraw: 'Request withdrawn',
};

function requestStatus(value: unknown): string {
  return (
    REQUEST_STATUS_TITLES[value as ServiceRequestStatus] ??
    text(value) ??
    'not set'
  );
}

function comment(after: Json | undefined): string[] {
  const said = text(after?.comment);
  return said ? [`Comment: "${said}"`] : [];
}

function summarizeRequest(entry: AuditEntry) {
  const step = entry.action.replace(/^request-/, '');
  const action = REQUEST_ACTION_TITLES[step] ?? entry.action;
  const after = isObject(entry.after) ? entry.after : undefined;
  const before = isObject(entry.before) ? entry.before : undefined;
  if (!before) {
    // Filed: what the team asked for.
    const platform = text(after?.platform);
    const rating = RISK_RATINGS.find(r => r === after?.predictedRating);
    return {
      action,
      changes: [
        `${
          platform
            ? PLATFORM_TITLES[platform as SocialPlatform] ?? platform
            : 'An'
        } account ${text(after?.handle) ?? ''}: ${text(after?.name) ?? ''}`,
        `For ${named(after?.requestingTeam, 'group')}; to be owned by ${named(
          after?.ownerGroup,
          'group',
        )}, with ${named(after?.serviceOwner, 'user')} as service owner`,
        ...(rating ? [`Predicted rating: ${RISK_RATING_TITLES[rating]}`] : []),
        `Status: ${requestStatus(after?.status)}`,
      ],
    };
  }
  if (step === 'update') {
    // Edited: what changed of what was asked for (the request's other parts stay).
    const asked = Object.fromEntries(
      Object.keys(after ?? {}).map(key => [key, before[key]]),
    );
    const lines = diffFields(asked, after ?? {});
    return { action, changes: lines.length ? lines : ['No field changed'] };
  }
  const serviceId = text(after?.serviceId);
  return {
    action,
    changes: [
      `Status: ${requestStatus(before.status)} → ${requestStatus(
        after?.status,
      )}`,
      ...(serviceId ? [`Catalogued as ${serviceId}`] : []),
      ...comment(after),
    ],
  };
}

/** "Checklist confirmed (3 of 4): Content archived; …", by the checklist's own labels. */
function checklistLine(kind: HandoverKind, answers: unknown): string[] {
  if (!isObject(answers)) return [];
  const items = checklistFor(kind);
  const confirmed = items.filter(item => answers[item.id] === true);
  return [
    `Checklist confirmed (${confirmed.length} of ${items.length})${
      confirmed.length
        ? `: ${confirmed.map(item => item.label).join('; ')}`
        : ''
    }`,
  ];
}

function summarizeHandover(entry: AuditEntry) {
  const [kindText, ...rest] = entry.action.split('-');
  const kind: HandoverKind =
    kindText === 'transfer' ? 'transfer' : 'retirement';
  const step = rest.join('-');
  const action =
    kindText === 'transfer' || kindText === 'retirement'
      ? `${HANDOVER_KIND_TITLES[kind]} ${handoverStepTitle(
          kind,
          step,
        ).toLowerCase()}`
      : entry.action;
  const after = isObject(entry.after) ? entry.after : undefined;
  const before = isObject(entry.before) ? entry.before : undefined;
  const status = (value: unknown) =>
    text(value)
      ? handoverStatusTitle(kind, value as HandoverStatus)
      : 'not set';
  if (!before) {
    const service = text(after?.serviceId) ?? 'a service';
    const what =
      kind === 'transfer'
        ? `Transfer of ${service} to ${named(
            after?.toOwnerGroup,
            'group',
          )}, with ${named(after?.toServiceOwner, 'user')} as service owner`
        : `Retirement of ${service}; the account is ${
            after?.handle === 'released'
              ? 'deleted (handle released)'
              : 'archived (handle kept)'
          }`;
    const reason = text(after?.reason);
    return {
      action,
      changes: [
        what,
        ...checklistLine(kind, after?.checklist),
        ...(reason ? [`Reason: ${reason}`] : []),
        `Status: ${status(after?.status)}`,
      ],
    };
  }
  return {
    action,
    changes: [
      `Status: ${status(before.status)} → ${status(after?.status)}`,
      ...checklistLine(kind, after?.checklist),
      ...comment(after),
    ],
  };
}

/**
 * An entry about a service request or a transfer or retirement in words; undefined for any
 * other entry.
 */
export function summarizeCaseEntry(
  entry: AuditEntry,
): { action: string; changes: string[] } | undefined {
  if (entry.entityType === 'service-request') return summarizeRequest(entry);
  if (entry.entityType === 'service-handover') return summarizeHandover(entry);
  return undefined;
}
