import type { Handover } from './handovers';
import type { RequestDecision, ServiceRequest } from './requests';

/*
 * Who is who on a request, by the person's Backstage identity: the backend enforces these rules
 * and the portal's pages offer only the steps they allow, so the two cannot disagree.
 */

/**
 * Someone acting on a request: their User ref and the refs they own through (their groups), as
 * a Backstage identity gives them (`userEntityRef`, `ownershipEntityRefs`).
 *
 * @public
 */
export interface RequestActor {
  userRef: string;
  claims: string[];
}

/**
 * Why someone may not take a step: a `forbidden` one answers 403, a `conflict` 409.
 *
 * @public
 */
export interface RequestRefusal {
  kind: 'forbidden' | 'conflict';
  message: string;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Whether the actor is one of `refs`: the User named there, or a member of a Group named there.
 *
 * @public
 */
export function memberOf(actor: RequestActor, refs: string[]): boolean {
  const mine = new Set([actor.userRef, ...actor.claims].map(lower));
  return refs.some(ref => mine.has(lower(ref)));
}

/**
 * The requester, or a member of the requesting team: the people a request belongs to, who edit,
 * submit and withdraw it.
 *
 * @public
 */
export function isRequesterSide(
  request: Pick<ServiceRequest, 'requester' | 'requestingTeam'>,
  actor: RequestActor,
): boolean {
  return (
    lower(request.requester) === lower(actor.userRef) ||
    memberOf(actor, [request.requestingTeam])
  );
}

/**
 * How the actor is named to run the service a request asks for: as its service owner, as a
 * member of the group that is to own it, or not at all.
 *
 * @public
 */
export function namedToOwnAs(
  request: Pick<ServiceRequest, 'serviceOwner' | 'ownerGroup'>,
  actor: RequestActor,
): 'service owner' | 'owner group' | undefined {
  if (memberOf(actor, [request.serviceOwner])) return 'service owner';
  return memberOf(actor, [request.ownerGroup]) ? 'owner group' : undefined;
}

/**
 * Why the actor may not decide on a submitted request, or undefined when they may, keeping the
 * separation of duties: nobody decides on their own request or one from a group they belong to;
 * each approval comes from a member of its groups; and one person gives at most one of the
 * approvals a request needs (they may still turn it down).
 *
 * @public
 */
export function requestDeciderRefusal(
  request: Pick<ServiceRequest, 'requester' | 'requestingTeam' | 'approvals'>,
  decision: RequestDecision,
  actor: RequestActor,
): RequestRefusal | undefined {
  if (lower(request.requester) === lower(actor.userRef)) {
    return {
      kind: 'forbidden',
      message:
        'You filed this request, so you cannot decide on it: someone else approves it',
    };
  }
  if (memberOf(actor, [request.requestingTeam])) {
    return {
      kind: 'forbidden',
      message: `You belong to the requesting team ${request.requestingTeam}, so you cannot decide on its request: someone outside the team approves it`,
    };
  }
  const pending = request.approvals.filter(a => !a.approvedBy);
  if (!pending.some(a => memberOf(actor, a.groups))) {
    return {
      kind: 'forbidden',
      message: `You are not an approver of this request: it waits for ${pending
        .map(a => `${a.title} (${a.groups.join(', ')})`)
        .join(' and ')}`,
    };
  }
  const already = request.approvals.find(
    a => a.approvedBy && lower(a.approvedBy) === lower(actor.userRef),
  );
  if (decision === 'approve' && already) {
    return {
      kind: 'forbidden',
      message: `You already approved this request for ${already.title}; its other approval must come from someone else`,
    };
  }
  return undefined;
}

/**
 * Whether the actor is among those who approve a request's pending approvals, whether or not
 * the separation of duties lets them decide on this one.
 *
 * @public
 */
export function isPendingApprover(
  request: Pick<ServiceRequest, 'approvals'>,
  actor: RequestActor,
): boolean {
  return request.approvals.some(
    a => !a.approvedBy && memberOf(actor, a.groups),
  );
}

/**
 * Why the actor may not decide a transfer or a retirement, or undefined when they may: the
 * person who filed it never decides it; only its deciders do (the receiving group for a
 * transfer, IT service management for a retirement).
 *
 * @public
 */
export function handoverDeciderRefusal(
  handover: Pick<Handover, 'kind' | 'requester' | 'deciders'>,
  actor: RequestActor,
): RequestRefusal | undefined {
  const what = handover.kind;
  if (lower(handover.requester) === lower(actor.userRef)) {
    return {
      kind: 'forbidden',
      message: `You filed this ${what}, so you cannot decide on it: someone in ${handover.deciders.join(
        ', ',
      )} does`,
    };
  }
  if (!memberOf(actor, handover.deciders)) {
    return {
      kind: 'forbidden',
      message:
        handover.kind === 'transfer'
          ? `Only members of the receiving group ${handover.deciders.join(
              ', ',
            )} may accept or decline this transfer`
          : `Only IT service management (${handover.deciders.join(
              ', ',
            )}) may approve or decline this retirement`,
    };
  }
  return undefined;
}
