import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  isRequesterSide,
  RequestActor,
  requestDecisionSchema,
  RequestRefusal,
  requestStepSchema,
  RequestPrediction,
  RequiredApproval,
  RiskModelConfig,
  ServiceRequest,
  serviceRequestInputSchema,
  ServiceRequestStatus,
  slugify,
  socialServiceInputSchema,
  ValidServiceRequestInput,
} from '@internal/plugin-social-media-common';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { UnitOfWork } from '../changes/UnitOfWork';
import { Clock } from '../domain/clock';
import { InvalidInputError } from '../domain/InvalidInputError';
import { requestNotice, RequestNoticeStep } from '../domain/requestNotices';
import { auditSnapshot } from '../domain/serviceRecord';
import {
  ApprovalPolicy,
  checkRequesterMove,
  decideRequest,
  describeStatus,
  isApprover,
  isNamedToOwn,
  predictRequest,
  requiredApprovals,
} from '../domain/serviceRequests';
import { RequestStore } from '../stores/requests/RequestStore';
import { ServiceStore } from '../stores/services/ServiceStore';
import { EntityDirectory } from './EntityDirectory';
import { parseInput } from './parseInput';
import { RequestNotifier, silentNotifier } from './RequestNotifier';

const REFS = [
  ['requestingTeam', 'Requesting team'],
  ['ownerGroup', 'Owner group'],
  ['serviceOwner', 'Service owner'],
] as const;

function refuse(refusal: RequestRefusal): never {
  throw refusal.kind === 'forbidden'
    ? new NotAllowedError(refusal.message)
    : new ConflictError(refusal.message);
}

/** What a request's newest step was, for a 409: who did what, when. */
function lastStep(request: ServiceRequest): string {
  const step = request.steps[request.steps.length - 1];
  return step ? ` (${step.action} by ${step.actor} at ${step.at})` : '';
}

/**
 * Requests for new social services: a business team files one, IT approves it with separation
 * of duties, and the last approval provisions the service in design through the write path.
 * Every step is one unit of work: the request, its timeline, the audit trail and (when it is
 * provisioned) the new service are written together or not at all. Once it is committed, the
 * people the step concerns are notified (see `requestNotice`); a notice never undoes a step.
 */
export class ServiceRequests {
  constructor(
    private readonly options: {
      requests: RequestStore;
      services: ServiceStore;
      writes: ServiceWritePath;
      directory: EntityDirectory;
      clock: Clock;
      riskModel: RiskModelConfig;
      approvals: ApprovalPolicy;
      /** Tells approvers and requesters about steps; silent by default. */
      notifier?: RequestNotifier;
    },
  ) {}

  /** The rating the model predicts and the approvals the request would need, without filing it. */
  preview(body: unknown): {
    prediction: RequestPrediction;
    approvals: RequiredApproval[];
  } {
    const input = parseInput(serviceRequestInputSchema, body, 'request');
    const prediction = predictRequest(input, this.options.riskModel);
    return {
      prediction,
      approvals: requiredApprovals(input, prediction, this.options.approvals),
    };
  }

  /** Files a request as a draft, or submits it at once. */
  async create(
    body: unknown,
    actor: RequestActor,
    options: { submit?: boolean } = {},
  ): Promise<ServiceRequest> {
    const input = await this.checkedInput(body);
    await this.assertAccountFree(input);
    const id = await this.options.writes.run(actor.userRef, async unit => {
      const at = unit.at;
      const prediction = predictRequest(input, this.options.riskModel);
      const status: ServiceRequestStatus = options.submit
        ? 'submitted'
        : 'draft';
      const created = await unit.requests.insertRequest({
        ...input,
        status,
        requester: actor.userRef,
        prediction,
        approvals: requiredApprovals(input, prediction, this.options.approvals),
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      await unit.requests.addStep(created, {
        action: 'create',
        actor: actor.userRef,
        at,
        to: 'draft',
      });
      if (options.submit) {
        await unit.requests.addStep(created, {
          action: 'submit',
          actor: actor.userRef,
          at,
          from: 'draft',
          to: 'submitted',
        });
      }
      unit.recordRequest(created, {
        action: options.submit ? 'request-submit' : 'request-create',
        after: { ...input, status, predictedRating: prediction.rating },
      });
      return created;
    });
    const filed = (await this.options.requests.getRequest(id))!;
    if (options.submit) {
      await this.tell(undefined, filed, {
        action: 'submit',
        actor: actor.userRef,
      });
    }
    return filed;
  }

  /** Changes a draft, or a request sent back for changes, based on the version named. */
  async update(
    id: number,
    body: unknown,
    actor: RequestActor,
  ): Promise<ServiceRequest> {
    const { version, ...fields } = (body ?? {}) as Record<string, unknown>;
    const { version: expected } = parseInput(
      requestStepSchema,
      { version },
      'request',
    );
    const input = await this.checkedInput(fields);
    await this.assertAccountFree(input, id);
    return this.step(id, expected, actor, async (_unit, request) => {
      const refusal = checkRequesterMove(request, 'update', actor);
      if (refusal) refuse(refusal);
      const prediction = predictRequest(input, this.options.riskModel);
      return {
        request: {
          ...request,
          ...input,
          prediction,
          approvals: requiredApprovals(
            input,
            prediction,
            this.options.approvals,
          ),
        },
        step: { action: 'update', to: request.status },
        audit: { before: request, after: input },
      };
    });
  }

  /** Sends a draft, or a changed request, to the approvers; earlier approvals start again. */
  async submit(id: number, body: unknown, actor: RequestActor) {
    const { version, comment } = parseInput(requestStepSchema, body, 'step');
    return this.step(id, version, actor, async (_unit, request) => {
      const refusal = checkRequesterMove(request, 'submit', actor);
      if (refusal) refuse(refusal);
      return {
        request: {
          ...request,
          status: 'submitted',
          approvals: request.approvals.map(
            ({ approvedBy: _by, approvedAt: _at, ...a }) => a,
          ),
        },
        step: { action: 'submit', to: 'submitted', comment },
      };
    });
  }

  /** The requester takes the request back. */
  async withdraw(id: number, body: unknown, actor: RequestActor) {
    const { version, comment } = parseInput(requestStepSchema, body, 'step');
    return this.step(id, version, actor, async (_unit, request) => {
      const refusal = checkRequesterMove(request, 'withdraw', actor);
      if (refusal) refuse(refusal);
      return {
        request: { ...request, status: 'withdrawn' },
        step: { action: 'withdraw', to: 'withdrawn', comment },
      };
    });
  }

  /**
   * An approver approves, rejects or asks for changes. The last approval provisions the service
   * in design, in the same transaction: two approvers deciding at once cannot both win.
   */
  async decide(id: number, body: unknown, actor: RequestActor) {
    const { decision, comment, version } = parseInput(
      requestDecisionSchema,
      body,
      'decision',
    );
    return this.step(id, version, actor, async (unit, request) => {
      const outcome = decideRequest(request, decision, actor, unit.at);
      if ('kind' in outcome) refuse(outcome);
      if (outcome.status !== 'approved') {
        return {
          request: {
            ...request,
            status: outcome.status,
            approvals: outcome.approvals,
          },
          step: { action: decision, to: outcome.status, comment },
        };
      }
      const serviceId = await this.provision(unit, {
        ...request,
        approvals: outcome.approvals,
      });
      return {
        request: {
          ...request,
          status: 'provisioned',
          approvals: outcome.approvals,
          serviceId,
        },
        step: { action: decision, to: 'approved', comment },
        then: {
          action: 'provision',
          to: 'provisioned',
          comment: `Catalogued as ${serviceId} in design`,
        },
      };
    });
  }

  /** A request, for the people it concerns: 404 for anyone else, as if it did not exist. */
  async get(
    id: number,
    actor: RequestActor,
    readsAll: boolean,
  ): Promise<ServiceRequest> {
    const request = await this.options.requests.getRequest(id);
    if (
      !request ||
      !(
        readsAll ||
        isRequesterSide(request, actor) ||
        isNamedToOwn(request, actor) ||
        isApprover(actor, this.options.approvals)
      )
    ) {
      throw new NotFoundError(`No service request ${id}`);
    }
    return request;
  }

  /**
   * `mine`: the requester's and their teams' requests; `inbox`: submitted requests waiting for
   * an approval the caller may give; `all`: every request (for those who read all).
   */
  async list(
    scope: 'mine' | 'inbox' | 'all',
    actor: RequestActor,
    readsAll: boolean,
    page: { limit: number; offset: number },
  ): Promise<{ items: ServiceRequest[]; totalCount: number }> {
    const { requests } = this.options;
    if (scope === 'all') {
      if (!readsAll) {
        throw new NotAllowedError(
          'You are not allowed to read every service request; "mine" and "inbox" show yours',
        );
      }
      return requests.listRequests(page);
    }
    if (scope === 'mine') {
      return requests.listRequests({
        ...page,
        requesterSide: {
          userRef: actor.userRef,
          teams: actor.claims.filter(c => c.startsWith('group:')),
        },
        namedToOwn: true,
      });
    }
    // The inbox is small (submitted requests only) and judged by the same rule as a decision.
    const submitted = await requests.listRequests({
      status: ['submitted'],
      limit: 1000,
      offset: 0,
    });
    const waiting = submitted.items.filter(
      r => !('kind' in decideRequest(r, 'approve', actor, '')),
    );
    return {
      items: waiting.slice(page.offset, page.offset + page.limit),
      totalCount: waiting.length,
    };
  }

  // --- internals -------------------------------------------------------------------------

  private async checkedInput(body: unknown): Promise<ValidServiceRequestInput> {
    const input = parseInput(serviceRequestInputSchema, body, 'request');
    const problems: Array<{ field: string; message: string }> = [];
    const today = this.options.clock.now().toISOString().slice(0, 10);
    if (input.targetDate < today) {
      problems.push({
        field: 'targetDate',
        message: `Target date ${input.targetDate} is in the past`,
      });
    }
    const missing = await this.options.directory.findMissing(
      REFS.map(([field]) => input[field]),
    );
    for (const [field, label] of REFS) {
      if (missing.has(input[field].toLowerCase())) {
        problems.push({
          field,
          message: `${label} ${input[field]} is not in the Backstage catalog`,
        });
      }
    }
    if (problems.length) throw InvalidInputError.of('request', problems);
    return input;
  }

  /** A catalogued account, or one already requested and pending, is refused, naming the other. */
  private async assertAccountFree(
    input: ValidServiceRequestInput,
    exceptRequest?: number,
  ) {
    const holder = await this.options.services.findAccountHolder({
      id: '',
      platform: input.platform,
      handle: input.handle,
    });
    if (holder) {
      throw new ConflictError(
        `The ${input.platform} account ${input.handle} is already catalogued as ${holder}`,
      );
    }
    const pending = await this.options.requests.findPendingRequestFor(
      input.platform,
      input.handle,
      exceptRequest,
    );
    if (pending !== undefined) {
      throw new ConflictError(
        `The ${input.platform} account ${input.handle} is already requested in request ${pending}`,
      );
    }
  }

  /**
   * One step on a request, as a unit of work: lock it, check the version the person saw, apply
   * the change, append the timeline and the audit entry.
   */
  private async step(
    id: number,
    expectedVersion: number,
    actor: RequestActor,
    change: (
      unit: UnitOfWork,
      request: ServiceRequest,
    ) => Promise<{
      request: ServiceRequest;
      step: { action: string; to: ServiceRequestStatus; comment?: string };
      then?: { action: string; to: ServiceRequestStatus; comment?: string };
      audit?: { before?: unknown; after?: unknown };
    }>,
  ): Promise<ServiceRequest> {
    const done = await this.options.writes.run(actor.userRef, async unit => {
      const request = await unit.requests.lockRequest(id);
      if (!request) throw new NotFoundError(`No service request ${id}`);
      if (request.version !== expectedVersion) {
        throw new ConflictError(
          `Request ${id} changed since version ${expectedVersion}: it is now ${describeStatus(
            request.status,
          )}${lastStep(request)}. Reload it to see the outcome.`,
        );
      }
      const result = await change(unit, request);
      const { id: _id, steps: _steps, ...record } = result.request;
      await unit.requests.updateRequest(id, {
        ...record,
        updatedAt: unit.at,
        version: request.version + 1,
      });
      const from = request.status;
      await unit.requests.addStep(id, {
        ...result.step,
        actor: actor.userRef,
        at: unit.at,
        from,
      });
      if (result.then) {
        await unit.requests.addStep(id, {
          ...result.then,
          actor: actor.userRef,
          at: unit.at,
          from: result.step.to,
        });
      }
      unit.recordRequest(id, {
        action: `request-${result.step.action}`,
        before: result.audit?.before ?? { status: from },
        after: result.audit?.after ?? {
          status: result.request.status,
          ...(result.step.comment ? { comment: result.step.comment } : {}),
          ...(result.request.serviceId
            ? { serviceId: result.request.serviceId }
            : {}),
        },
      });
      return { before: request, step: result.step };
    });
    // Committed: now, and only now, the people concerned hear of it.
    const after = (await this.options.requests.getRequest(id))!;
    await this.tell(done.before, after, {
      action: done.step.action,
      actor: actor.userRef,
      comment: done.step.comment,
    });
    return after;
  }

  /** Sends the notice a committed step calls for, if any. */
  private async tell(
    before: ServiceRequest | undefined,
    after: ServiceRequest,
    step: RequestNoticeStep,
  ) {
    const notice = requestNotice(before, after, step);
    if (notice) {
      await (this.options.notifier ?? silentNotifier).notify(notice);
    }
  }

  /** Catalogues the requested service in design, naming its request in the audit trail. */
  private async provision(
    unit: UnitOfWork,
    request: ServiceRequest,
  ): Promise<string> {
    const id = slugify(request.name);
    const [taken] = await unit.lockAll([id]);
    if (taken) {
      throw new ConflictError(
        `A service with id ${id} already exists; the request's name must give another id before it is approved`,
      );
    }
    const holder = await unit.services.findAccountHolder({
      id,
      platform: request.platform,
      handle: request.handle,
    });
    if (holder) {
      throw new ConflictError(
        `The ${request.platform} account ${request.handle} is already catalogued as ${holder}`,
      );
    }
    const input = socialServiceInputSchema.parse({
      name: request.name,
      platform: request.platform,
      handle: request.handle,
      ...(request.profileUrl ? { profileUrl: request.profileUrl } : {}),
      purpose: request.purpose,
      businessUnit: request.businessUnit,
      ownerGroup: request.ownerGroup,
      serviceOwner: request.serviceOwner,
      businessRequester: request.requester.startsWith('user:')
        ? request.requester
        : undefined,
      audienceSize: request.questionnaire.expectedAudience,
      lifecycleStage: 'design',
      controls: {
        regulatedContent: request.questionnaire.regulatedContent,
        brandLevel: request.questionnaire.brandLevel,
      },
    });
    const [created] = await unit.create([{ ...input, id }], 'request');
    unit.record({
      serviceId: id,
      action: 'create',
      after: {
        ...auditSnapshot(created),
        request: {
          id: request.id,
          requestedBy: request.requester,
          approvedBy: request.approvals.map(a => ({
            role: a.title,
            by: a.approvedBy,
            at: a.approvedAt,
          })),
        },
      },
    });
    return id;
  }
}
