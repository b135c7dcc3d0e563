import {
  assessRisk,
  GateSubject,
  isRequesterSide,
  memberOf,
  namedToOwnAs,
  RequestActor,
  RequestDecision,
  RequestPrediction,
  RequestRefusal,
  requestDeciderRefusal,
  RequiredApproval,
  RiskModelConfig,
  ServiceRequest,
  ServiceRequestFields,
  ServiceRequestStatus,
  stageRequirements,
} from '@internal/plugin-social-media-common';

/**
 * Who approves requests, from `socialMedia.requests` in app-config: the IT service management
 * group always, the security office as well when the predicted rating is high or critical or the
 * content is regulated.
 */
export interface ApprovalPolicy {
  serviceManagement: string[];
  securityOffice: string[];
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  serviceManagement: ['group:default/it-service-management'],
  securityOffice: ['group:default/security-office'],
};

/**
 * The rating a requested service will have once live with the controls operation requires
 * (MFA, a vault, personal admins, company-owned recovery), and what of operation's requirements
 * the request does not already meet: what the requester sees before submitting and what the
 * approvers weigh.
 */
export function predictRequest(
  request: Pick<
    ServiceRequestFields,
    | 'platform'
    | 'questionnaire'
    | 'purpose'
    | 'ownerGroup'
    | 'serviceOwner'
    | 'profileUrl'
  >,
  model: RiskModelConfig,
): RequestPrediction {
  const { questionnaire } = request;
  const assessment = assessRisk(
    {
      platform: request.platform,
      mfaEnabled: true,
      mfaMethod: 'authenticator-app',
      credentialsInVault: true,
      sharedLogin: false,
      adminCount: 0,
      leaversWithAccess: 0,
      unreviewedThirdPartyApps: questionnaire.thirdPartyTools.length,
      accessReviewOverdueDays: 0,
      recentSecurityIncidents: 0,
      verified: false,
      recoveryOwnedByCompany: true,
      audienceSize: questionnaire.expectedAudience,
      regulatedContent: questionnaire.regulatedContent,
      brandLevel: questionnaire.brandLevel,
    },
    model,
  );
  // What the request states (purpose, owners, profile) meets its requirements already; no control
  // is in place before the account is set up, and a new account has no leavers yet.
  const asRequested: GateSubject = {
    purpose: request.purpose,
    ownerGroup: request.ownerGroup,
    serviceOwner: request.serviceOwner,
    profileUrl: request.profileUrl,
    controls: {
      mfaEnabled: false,
      ssoEnabled: false,
      sharedLogin: true,
      thirdPartyApps: [],
      verified: false,
      recoveryOwnedByCompany: false,
      regulatedContent: questionnaire.regulatedContent,
      brandLevel: questionnaire.brandLevel,
      accessRevoked: false,
      accountStatus: 'active',
    },
    riskRating: assessment.rating,
    leaverCount: 0,
  };
  return {
    rating: assessment.rating,
    assessment,
    requirements: stageRequirements('operation')
      .filter(requirement => !requirement.met(asRequested))
      .map(requirement => requirement.missing),
  };
}

/** The approvals a request needs, none given yet. */
export function requiredApprovals(
  request: Pick<ServiceRequestFields, 'questionnaire'>,
  prediction: Pick<RequestPrediction, 'rating'>,
  policy: ApprovalPolicy,
): RequiredApproval[] {
  const approvals: RequiredApproval[] = [
    {
      role: 'service-management',
      title: 'IT service management',
      groups: policy.serviceManagement,
      reason: 'Every new social service is approved by IT service management',
    },
  ];
  const reasons = [
    prediction.rating === 'high' || prediction.rating === 'critical'
      ? `the predicted rating is ${prediction.rating}`
      : '',
    request.questionnaire.regulatedContent
      ? 'the account will publish regulated content'
      : '',
  ].filter(Boolean);
  if (reasons.length) {
    approvals.push({
      role: 'security',
      title: 'Security office',
      groups: policy.securityOffice,
      reason: `The security office approves too: ${reasons.join(' and ')}`,
    });
  }
  return approvals;
}

/**
 * The service owner the request names, or a member of the group that is to own the service: the
 * people who will run it, who follow it once it is submitted (a draft is still the requester's).
 */
export function isNamedToOwn(
  request: Pick<ServiceRequest, 'status' | 'serviceOwner' | 'ownerGroup'>,
  actor: RequestActor,
): boolean {
  return (
    request.status !== 'draft' && namedToOwnAs(request, actor) !== undefined
  );
}

/** Whether the actor approves requests at all, under the policy. */
export function isApprover(actor: RequestActor, policy: ApprovalPolicy) {
  return memberOf(actor, [
    ...policy.serviceManagement,
    ...policy.securityOffice,
  ]);
}

/** What a decision does to a request. */
export type DecisionOutcome =
  | { status: 'submitted'; approvals: RequiredApproval[] }
  | { status: 'approved'; approvals: RequiredApproval[] }
  | { status: 'rejected' | 'changes-requested'; approvals: RequiredApproval[] };

/**
 * Decides on a submitted request, keeping the separation of duties of
 * {@link requestDeciderRefusal}: an approval is given for the first pending role the actor is
 * an approver of.
 */
export function decideRequest(
  request: Pick<
    ServiceRequest,
    'status' | 'requester' | 'requestingTeam' | 'approvals'
  >,
  decision: RequestDecision,
  actor: RequestActor,
  at: string,
): DecisionOutcome | RequestRefusal {
  if (request.status !== 'submitted') {
    return {
      kind: 'conflict',
      message: `This request is ${describeStatus(
        request.status,
      )}; there is nothing left to decide`,
    };
  }
  const refusal =
    damagedRequestRefusal(request, 'decided on') ??
    requestDeciderRefusal(request, decision, actor);
  if (refusal) return refusal;
  if (decision !== 'approve') {
    return {
      status: decision === 'reject' ? 'rejected' : 'changes-requested',
      approvals: request.approvals,
    };
  }
  const [role] = request.approvals.filter(
    a => !a.approvedBy && memberOf(actor, a.groups),
  );
  const approvals = request.approvals.map(a =>
    a === role ? { ...a, approvedBy: actor.userRef, approvedAt: at } : a,
  );
  return {
    status: approvals.every(a => a.approvedBy) ? 'approved' : 'submitted',
    approvals,
  };
}

/** The moves a requester makes on their request, and from where. */
const REQUESTER_MOVES: Record<
  'submit' | 'withdraw' | 'update',
  ServiceRequestStatus[]
> = {
  submit: ['draft', 'changes-requested'],
  withdraw: ['draft', 'submitted', 'changes-requested'],
  update: ['draft', 'changes-requested'],
};

const PAST = { submit: 'submitted', withdraw: 'withdrawn', update: 'edited' };

/** Whether the requester side may submit, withdraw or edit the request now. */
export function checkRequesterMove(
  request: Pick<
    ServiceRequest,
    'status' | 'requester' | 'requestingTeam' | 'recordProblems'
  >,
  move: keyof typeof REQUESTER_MOVES,
  actor: RequestActor,
): RequestRefusal | undefined {
  if (!isRequesterSide(request, actor)) {
    return {
      kind: 'forbidden',
      message: `Only the requester or a member of ${request.requestingTeam} may ${move} this request`,
    };
  }
  if (!REQUESTER_MOVES[move].includes(request.status)) {
    return {
      kind: 'conflict',
      message: `This request is ${describeStatus(
        request.status,
      )}; it can no longer be ${PAST[move]}`,
    };
  }
  // Editing writes every field again from the form: it is how a requester puts the record right.
  return move === 'update'
    ? undefined
    : damagedRequestRefusal(request, PAST[move]);
}

/**
 * A request holding values changed in the database outside the catalogue moves no further (no
 * approval counts on it, nothing is provisioned from it) until it is put right: by the requester
 * editing it while it is a draft or waiting for changes, else by an administrator in the database.
 */
export function damagedRequestRefusal(
  request: Pick<ServiceRequest, 'status' | 'recordProblems'>,
  past: string,
): RequestRefusal | undefined {
  const problems = request.recordProblems ?? [];
  if (problems.length === 0) return undefined;
  const fields = [...new Set(problems.map(p => p.field))].join(', ');
  const putRight = REQUESTER_MOVES.update.includes(request.status)
    ? 'the requester edits it, or an administrator corrects the stored record'
    : 'an administrator corrects the stored record';
  return {
    kind: 'conflict',
    message: `This request holds values changed outside the catalogue (${fields}); it cannot be ${past} until it is put right: ${putRight}`,
  };
}

export function describeStatus(status: ServiceRequestStatus): string {
  return status === 'changes-requested' ? 'waiting for changes' : status;
}
