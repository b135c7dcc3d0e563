import {
  ChecklistAnswers,
  checklistGaps,
  Handover,
  HandoverDecision,
  HandoverKind,
  handoverDeciderRefusal,
  HandoverStatus,
  RequestActor,
  RequestRefusal,
} from '@internal/plugin-social-media-common';
import { ApprovalPolicy } from './serviceRequests';

/**
 * Who decides a transfer or a retirement: a transfer is accepted by the receiving group (the
 * people who will answer for the service), a retirement by IT service management.
 */
export function handoverDeciders(
  kind: HandoverKind,
  toOwnerGroup: string | undefined,
  policy: ApprovalPolicy,
): string[] {
  return kind === 'transfer' && toOwnerGroup
    ? [toOwnerGroup]
    : policy.serviceManagement;
}

const WHAT: Record<HandoverKind, string> = {
  transfer: 'transfer',
  retirement: 'retirement',
};

export function describeHandoverStatus(
  kind: HandoverKind,
  status: HandoverStatus,
): string {
  if (status !== 'submitted') return status;
  return kind === 'transfer'
    ? 'waiting for the receiving group'
    : 'waiting for approval';
}

/** A refusal for bad checklist answers: the caller turns it into a 400 naming each item. */
export type ChecklistRefusal = {
  kind: 'incomplete';
  missing: { id: string; label: string }[];
};

/** What a decision does: the new status and the checklist as answered. */
export type HandoverOutcome = {
  status: 'completed' | 'declined';
  checklist: ChecklistAnswers;
};

/**
 * Decides a submitted transfer or retirement, with the separation of duties: the person who
 * filed it never decides it; only the deciders do. A transfer is accepted only with its whole
 * checklist done (admins reviewed, credentials rotated, recovery e-mail and phone changed).
 */
export function decideHandover(
  handover: Pick<
    Handover,
    'kind' | 'status' | 'requester' | 'deciders' | 'checklist'
  >,
  decision: HandoverDecision,
  actor: RequestActor,
  answers: ChecklistAnswers | undefined,
): HandoverOutcome | RequestRefusal | ChecklistRefusal {
  const what = WHAT[handover.kind];
  if (handover.status !== 'submitted') {
    return {
      kind: 'conflict',
      message: `This ${what} is ${describeHandoverStatus(
        handover.kind,
        handover.status,
      )}; there is nothing left to decide`,
    };
  }
  const refusal = handoverDeciderRefusal(handover, actor);
  if (refusal) return refusal;
  if (decision === 'decline') {
    return { status: 'declined', checklist: handover.checklist };
  }
  const checklist =
    handover.kind === 'transfer' ? answers ?? {} : handover.checklist;
  const missing = checklistGaps(handover.kind, checklist);
  if (missing.length) return { kind: 'incomplete', missing };
  return { status: 'completed', checklist };
}

/** Whether the actor may withdraw the request: only its requester, while it waits. */
export function checkHandoverWithdraw(
  handover: Pick<Handover, 'kind' | 'status' | 'requester'>,
  actor: RequestActor,
): RequestRefusal | undefined {
  const what = WHAT[handover.kind];
  if (handover.requester.toLowerCase() !== actor.userRef.toLowerCase()) {
    return {
      kind: 'forbidden',
      message: `Only ${handover.requester}, who filed this ${what}, may withdraw it`,
    };
  }
  if (handover.status !== 'submitted') {
    return {
      kind: 'conflict',
      message: `This ${what} is ${handover.status}; it can no longer be withdrawn`,
    };
  }
  return undefined;
}
