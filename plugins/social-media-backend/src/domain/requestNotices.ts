import { parseEntityRef } from '@backstage/catalog-model';
import {
  PLATFORM_TITLES,
  RequiredApproval,
  ServiceRequest,
} from '@internal/plugin-social-media-common';
import type { RequestNotice } from '../service/RequestNotifier';

/** The step just committed on a request: what was done, by whom, with what comment. */
export interface RequestNoticeStep {
  /** `submit`, `approve`, `reject`, `request-changes`, `withdraw`, `update`, … */
  action: string;
  actor: string;
  comment?: string;
}

type NoticeRequest = Pick<
  ServiceRequest,
  | 'id'
  | 'name'
  | 'platform'
  | 'handle'
  | 'status'
  | 'requester'
  | 'requestingTeam'
  | 'serviceOwner'
  | 'approvals'
  | 'prediction'
  | 'serviceId'
>;

/** `user:default/it-service-manager` reads as `it-service-manager`, as on the request's page. */
function person(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

const pending = (approvals: RequiredApproval[]) =>
  approvals.filter(a => !a.approvedBy);

/** The groups of the approvals not given yet, each once. */
function waitingGroups(approvals: RequiredApproval[]): string[] {
  const seen = new Map<string, string>();
  for (const group of pending(approvals).flatMap(a => a.groups)) {
    if (!seen.has(group.toLowerCase())) seen.set(group.toLowerCase(), group);
  }
  return [...seen.values()];
}

const titles = (approvals: RequiredApproval[]) =>
  approvals.map(a => a.title).join(' and ');

/** `by it-service-manager: "Owner checked"`, or `by it-service-manager` without a comment. */
const byWithComment = (step: RequestNoticeStep) =>
  `by ${person(step.actor)}${step.comment ? `: "${step.comment}"` : ''}`;

/**
 * What to tell whom after a step on a request, or nothing.
 *
 * - Submitted (at filing or again after changes): the groups of every approval needed are told
 *   it waits for them. Approvals are not ordered (either may come first), so every approver
 *   group can act at once and is told once, here; after a first approval the others are not
 *   told again: the request is still in their inbox, and the requester hears of that approval.
 * - Approved in part, approved and provisioned, rejected, sent back for changes: the requester,
 *   with the approver's comment.
 * - Withdrawn while submitted: the groups whose approval it was waiting for.
 */
export function requestNotice(
  before: Pick<NoticeRequest, 'status' | 'approvals'> | undefined,
  after: NoticeRequest,
  step: RequestNoticeStep,
): RequestNotice | undefined {
  const what = `${after.name} (${
    PLATFORM_TITLES[after.platform] ?? after.platform
  })`;
  const base = {
    link: `/social-media/requests/${after.id}`,
    topic: `social-media-request-${after.id}`,
  };
  const notice = (fields: Omit<RequestNotice, 'link' | 'topic'>) =>
    fields.recipients.length > 0 ? { ...fields, ...base } : undefined;

  if (step.action === 'submit' && after.status === 'submitted') {
    const again = before?.status === 'changes-requested';
    const rating = after.prediction.rating;
    return notice({
      recipients: waitingGroups(after.approvals),
      // A requester who belongs to an approving group cannot approve their own request.
      excludeRecipients: [after.requester],
      title: `Service request ${after.id} waits for your approval: ${what}`,
      description:
        `${again ? 'Changed and submitted again' : 'Submitted'} by ${person(
          after.requester,
        )} for ${person(after.requestingTeam)}: ${after.handle}. ` +
        `Predicted rating: ${rating}. Approvals needed: ${titles(
          pending(after.approvals),
        )}.`,
      severity: rating === 'high' || rating === 'critical' ? 'high' : 'normal',
    });
  }

  if (step.action === 'withdraw') {
    if (before?.status !== 'submitted') return undefined;
    return notice({
      recipients: waitingGroups(before.approvals),
      excludeRecipients: [step.actor],
      title: `Service request ${after.id} was withdrawn: ${what}`,
      description: `Withdrawn ${byWithComment(
        step,
      )}. It no longer waits for your approval.`,
      severity: 'low',
    });
  }

  const requester = { recipients: [after.requester] };
  if (step.action === 'approve' && after.status === 'provisioned') {
    // The service owner it names runs the service from now on: told too.
    const named =
      after.serviceOwner.toLowerCase() === after.requester.toLowerCase()
        ? []
        : [after.serviceOwner];
    return notice({
      recipients: [after.requester, ...named],
      title: `Service request ${after.id} approved: ${what} is catalogued as ${after.serviceId}`,
      description: `Approved ${byWithComment(step)}. The service ${
        after.serviceId
      } starts in design, owned by ${person(after.serviceOwner)}.`,
      severity: 'normal',
    });
  }
  if (step.action === 'approve' && after.status === 'submitted') {
    const given = after.approvals.find(
      a =>
        a.approvedBy?.toLowerCase() === step.actor.toLowerCase() &&
        !before?.approvals.some(b => b.role === a.role && b.approvedBy),
    );
    return notice({
      ...requester,
      title: `Service request ${after.id}: ${
        given?.title ?? 'one approval'
      } approved ${what}`,
      description: `Approved ${byWithComment(
        step,
      )}. It still waits for ${titles(pending(after.approvals))}.`,
      severity: 'normal',
    });
  }
  if (step.action === 'reject' && after.status === 'rejected') {
    return notice({
      ...requester,
      title: `Service request ${after.id} was rejected: ${what}`,
      description: `Rejected ${byWithComment(step)}.`,
      severity: 'normal',
    });
  }
  if (
    step.action === 'request-changes' &&
    after.status === 'changes-requested'
  ) {
    return notice({
      ...requester,
      title: `Service request ${after.id} needs changes: ${what}`,
      description: `Changes asked for ${byWithComment(
        step,
      )}. Edit the request and submit it again.`,
      severity: 'normal',
    });
  }
  return undefined;
}
