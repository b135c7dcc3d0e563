import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  checklistGaps,
  describeBlockedTransition,
  evaluateTransition,
  Handover,
  handoverDecisionSchema,
  handoverInputSchema,
  HandoverStatus,
  memberOf,
  RequestActor,
  RequestRefusal,
  requestStepSchema,
  SocialService,
  ValidHandoverInput,
} from '@internal/plugin-social-media-common';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { UnitOfWork } from '../changes/UnitOfWork';
import {
  checkHandoverWithdraw,
  decideHandover,
  describeHandoverStatus,
  handoverDeciders,
} from '../domain/handovers';
import { InvalidInputError } from '../domain/InvalidInputError';
import {
  fieldsToColumns,
  ownersAreReadable,
  stageRank,
} from '../domain/serviceRecord';
import { ApprovalPolicy } from '../domain/serviceRequests';
import { HandoverStore } from '../stores/handovers/HandoverStore';
import { EntityDirectory } from './EntityDirectory';
import { parseInput } from './parseInput';
import { RequestNotice, RequestNotifier } from './RequestNotifier';

function refuse(refusal: RequestRefusal): never {
  throw refusal.kind === 'forbidden'
    ? new NotAllowedError(refusal.message)
    : new ConflictError(refusal.message);
}

const KIND_TITLE = { transfer: 'Transfer', retirement: 'Retirement' };

/** Where the portal shows a transfer or retirement. */
export const handoverLink = (id: number) => `/social-media/handovers/${id}`;

/**
 * Transfers of a service to another group and retirements, as requests. A transfer waits for
 * the receiving group, who accepts it only with its checklist complete; a retirement is filed
 * with its checklist complete and waits for IT service management. The accepting step changes
 * the service through the write path, in the same transaction: owner group and service owner for
 * a transfer; access revoked, the account archived or deleted and the move to retired for a
 * retirement. Every step and every checklist answer is on the timeline and in the audit trail.
 */
export class ServiceHandovers {
  constructor(
    private readonly options: {
      handovers: HandoverStore;
      writes: ServiceWritePath;
      directory: EntityDirectory;
      approvals: ApprovalPolicy;
      notifier: RequestNotifier;
    },
  ) {}

  /** Checks a filing's body; the router needs its kind to check the right permission. */
  parse(body: unknown): ValidHandoverInput {
    return parseInput(handoverInputSchema, body, 'request');
  }

  /** Files a transfer or retirement of a service, based on the service version seen. */
  async file(
    serviceId: string,
    input: ValidHandoverInput,
    actor: RequestActor,
  ): Promise<Handover> {
    await this.checkInput(input);
    const id = await this.options.writes.run(actor.userRef, async unit => {
      const service = await unit.lockChecked(serviceId, input.version);
      // The handover names the owners it hands over from, in the audit trail too: they must be
      // the owners the catalogue recorded.
      if (!ownersAreReadable(service)) {
        throw new ConflictError(
          `The stored owner group or service owner of ${serviceId} is not what the catalogue recorded: it was changed in the database outside the catalogue, so no transfer or retirement can be filed until it is put right (its owners edit it back, or a portal administrator restores it from the audit trail).`,
        );
      }
      const open = await unit.handovers.findOpenHandover(serviceId);
      if (open) {
        throw new ConflictError(
          `${KIND_TITLE[open.kind]} ${
            open.id
          } of ${serviceId} is still ${describeHandoverStatus(
            open.kind,
            open.status,
          )}; withdraw or decide it first`,
        );
      }
      if (service.lifecycleStage === 'retired') {
        throw new ConflictError(`${serviceId} is already retired`);
      }
      if (
        input.kind === 'transfer' &&
        input.toOwnerGroup.toLowerCase() === service.ownerGroup.toLowerCase()
      ) {
        throw InvalidInputError.of('request', [
          {
            field: 'toOwnerGroup',
            message: `${serviceId} is already owned by ${service.ownerGroup}`,
          },
        ]);
      }
      const created = await unit.handovers.insertHandover({
        kind: input.kind,
        serviceId,
        serviceName: service.name,
        status: 'submitted',
        requester: actor.userRef,
        reason: input.reason,
        fromOwnerGroup: service.ownerGroup,
        ...(service.serviceOwner
          ? { fromServiceOwner: service.serviceOwner }
          : {}),
        ...(input.kind === 'transfer'
          ? {
              toOwnerGroup: input.toOwnerGroup,
              toServiceOwner: input.toServiceOwner,
              checklist: {},
            }
          : { handle: input.handle, checklist: input.checklist }),
        // Lowercased, as entity refs compare: the inbox finds them by text.
        deciders: handoverDeciders(
          input.kind,
          input.kind === 'transfer' ? input.toOwnerGroup : undefined,
          this.options.approvals,
        ).map(ref => ref.toLowerCase()),
        createdAt: unit.at,
        updatedAt: unit.at,
        version: 1,
      });
      await unit.handovers.addStep(created, {
        action: 'submit',
        actor: actor.userRef,
        at: unit.at,
        to: 'submitted',
        comment: input.reason,
        ...(input.kind === 'retirement' ? { checklist: input.checklist } : {}),
      });
      const { version: _version, ...filed } = input;
      unit.recordHandover(created, {
        action: `${input.kind}-submit`,
        after: { serviceId, ...filed, status: 'submitted' },
      });
      return created;
    });
    const handover = (await this.options.handovers.getHandover(id))!;
    await this.tell(handover);
    return handover;
  }

  /**
   * The receiving group accepts or declines a transfer; IT service management approves or
   * declines a retirement. Two people deciding at once: one wins, the other gets 409.
   */
  async decide(
    id: number,
    body: unknown,
    actor: RequestActor,
  ): Promise<Handover> {
    const { decision, comment, checklist, version } = parseInput(
      handoverDecisionSchema,
      body,
      'decision',
    );
    await this.step(id, version, actor, async (unit, handover) => {
      const outcome = decideHandover(handover, decision, actor, checklist);
      if ('kind' in outcome) {
        if (outcome.kind === 'incomplete') {
          throw InvalidInputError.of(
            'decision',
            outcome.missing.map(item => ({
              field: `checklist.${item.id}`,
              message: `Not done yet: ${item.label}`,
            })),
          );
        }
        refuse(outcome);
      }
      if (outcome.status === 'completed') {
        await this.apply(unit, handover, outcome.checklist, actor);
      }
      return {
        handover: {
          ...handover,
          status: outcome.status,
          checklist: outcome.checklist,
        },
        step: {
          action: decision,
          to: outcome.status,
          comment,
          ...(handover.kind === 'transfer' && decision === 'accept'
            ? { checklist: outcome.checklist }
            : {}),
        },
      };
    });
    const handover = (await this.options.handovers.getHandover(id))!;
    await this.tell(handover);
    return handover;
  }

  /** The requester takes a waiting transfer or retirement back. */
  async withdraw(
    id: number,
    body: unknown,
    actor: RequestActor,
  ): Promise<Handover> {
    const { version, comment } = parseInput(requestStepSchema, body, 'step');
    await this.step(id, version, actor, async (_unit, handover) => {
      const refusal = checkHandoverWithdraw(handover, actor);
      if (refusal) refuse(refusal);
      return {
        handover: { ...handover, status: 'withdrawn' },
        step: { action: 'withdraw', to: 'withdrawn', comment },
      };
    });
    const handover = (await this.options.handovers.getHandover(id))!;
    await this.tell(handover);
    return handover;
  }

  async get(id: number): Promise<Handover> {
    const handover = await this.options.handovers.getHandover(id);
    if (!handover) throw new NotFoundError(`No transfer or retirement ${id}`);
    return handover;
  }

  /**
   * `service`: every transfer and retirement of one service (anyone who reads the catalogue
   * sees them, as they see its history); `mine`: those the caller filed; `inbox`: those
   * waiting for the caller's decision.
   */
  async list(
    query:
      | { scope: 'service'; serviceId: string }
      | { scope: 'mine' | 'inbox' },
    actor: RequestActor,
    page: { limit: number; offset: number },
  ): Promise<{ items: Handover[]; totalCount: number }> {
    const { handovers } = this.options;
    if (query.scope === 'service') {
      return handovers.listHandovers({ ...page, serviceId: query.serviceId });
    }
    if (query.scope === 'mine') {
      return handovers.listHandovers({ ...page, requester: actor.userRef });
    }
    // Waiting for one of the caller's groups, and not filed by the caller.
    const waiting = await handovers.listHandovers({
      status: ['submitted'],
      deciders: [actor.userRef, ...actor.claims].map(r => r.toLowerCase()),
      limit: 1000,
      offset: 0,
    });
    const mine = waiting.items.filter(
      h =>
        memberOf(actor, h.deciders) &&
        h.requester.toLowerCase() !== actor.userRef.toLowerCase(),
    );
    return {
      items: mine.slice(page.offset, page.offset + page.limit),
      totalCount: mine.length,
    };
  }

  // --- internals -------------------------------------------------------------------------

  private async checkInput(input: ValidHandoverInput) {
    const problems: Array<{ field: string; message: string }> = [];
    if (input.kind === 'retirement') {
      for (const item of checklistGaps('retirement', input.checklist)) {
        problems.push({
          field: `checklist.${item.id}`,
          message: `Not done yet: ${item.label}`,
        });
      }
    } else {
      const missing = await this.options.directory.findMissing([
        input.toOwnerGroup,
        input.toServiceOwner,
      ]);
      if (missing.has(input.toOwnerGroup.toLowerCase())) {
        problems.push({
          field: 'toOwnerGroup',
          message: `Receiving group ${input.toOwnerGroup} is not in the Backstage catalog`,
        });
      }
      if (missing.has(input.toServiceOwner.toLowerCase())) {
        problems.push({
          field: 'toServiceOwner',
          message: `New service owner ${input.toServiceOwner} is not in the Backstage catalog`,
        });
      }
    }
    if (problems.length) throw InvalidInputError.of('request', problems);
  }

  /** Makes the accepted change to the service, audited with every checklist answer. */
  private async apply(
    unit: UnitOfWork,
    handover: Handover,
    checklist: Record<string, boolean>,
    actor: RequestActor,
  ) {
    const before = await unit.lock(handover.serviceId);
    const request = {
      id: handover.id,
      kind: handover.kind,
      requestedBy: handover.requester,
      decidedBy: actor.userRef,
      checklist,
    };
    if (handover.kind === 'transfer') {
      if (
        before.ownerGroup.toLowerCase() !==
        (handover.fromOwnerGroup ?? '').toLowerCase()
      ) {
        throw new ConflictError(
          `${before.id} is now owned by ${before.ownerGroup}, not ${handover.fromOwnerGroup} as when the transfer was filed; decline it and file a new one`,
        );
      }
      const after = await unit.update(
        before.id,
        {
          owner_group: handover.toOwnerGroup!,
          service_owner: handover.toServiceOwner!,
          service_owner_in_organisation: true,
        },
        'transfer',
      );
      unit.record({
        serviceId: before.id,
        action: 'transfer',
        before: {
          ownerGroup: before.ownerGroup,
          serviceOwner: before.serviceOwner,
          version: before.version,
        },
        after: {
          ownerGroup: after.ownerGroup,
          serviceOwner: after.serviceOwner,
          version: after.version,
          request,
        },
      });
      return;
    }
    const retired: SocialService = {
      ...before,
      controls: {
        ...before.controls,
        accessRevoked: true,
        accountStatus: handover.handle === 'released' ? 'deleted' : 'archived',
      },
    };
    const option = evaluateTransition(retired, 'retired', {
      byRetirementRequest: true,
    });
    if (!option.allowed) {
      const message = describeBlockedTransition(option);
      throw new ConflictError(message);
    }
    const after = await unit.update(
      before.id,
      {
        controls: fieldsToColumns(retired).controls,
        lifecycle_stage: 'retired',
        stage_rank: stageRank('retired'),
      },
      'transition',
    );
    await unit.services.addTransition({
      service_id: before.id,
      from_stage: before.lifecycleStage,
      to_stage: 'retired',
      actor: actor.userRef,
      reason: `Retirement ${handover.id}: ${handover.reason}`,
      at: unit.at,
    });
    unit.record({
      serviceId: before.id,
      action: 'transition',
      before: {
        lifecycleStage: before.lifecycleStage,
        controls: {
          accessRevoked: before.controls.accessRevoked,
          accountStatus: before.controls.accountStatus,
        },
        version: before.version,
      },
      after: {
        lifecycleStage: after.lifecycleStage,
        controls: {
          accessRevoked: after.controls.accessRevoked,
          accountStatus: after.controls.accountStatus,
        },
        version: after.version,
        reason: handover.reason,
        request: { ...request, handle: handover.handle },
      },
    });
  }

  /** One step as a unit of work: lock, check the version seen, change, timeline, audit. */
  private async step(
    id: number,
    expectedVersion: number,
    actor: RequestActor,
    change: (
      unit: UnitOfWork,
      handover: Handover,
    ) => Promise<{
      handover: Handover;
      step: {
        action: string;
        to: HandoverStatus;
        comment?: string;
        checklist?: Record<string, boolean>;
      };
    }>,
  ) {
    await this.options.writes.run(actor.userRef, async unit => {
      const handover = await unit.handovers.lockHandover(id);
      if (!handover) throw new NotFoundError(`No transfer or retirement ${id}`);
      if (handover.version !== expectedVersion) {
        const last = handover.steps[handover.steps.length - 1];
        throw new ConflictError(
          `${
            KIND_TITLE[handover.kind]
          } ${id} changed since version ${expectedVersion}: it is now ${describeHandoverStatus(
            handover.kind,
            handover.status,
          )}${
            last ? ` (${last.action} by ${last.actor} at ${last.at})` : ''
          }. Reload it to see the outcome.`,
        );
      }
      const result = await change(unit, handover);
      const { id: _id, steps: _steps, ...record } = result.handover;
      await unit.handovers.updateHandover(id, {
        ...record,
        updatedAt: unit.at,
        version: handover.version + 1,
      });
      await unit.handovers.addStep(id, {
        ...result.step,
        actor: actor.userRef,
        at: unit.at,
        from: handover.status,
      });
      unit.recordHandover(id, {
        action: `${handover.kind}-${result.step.action}`,
        before: { status: handover.status },
        after: {
          status: result.handover.status,
          ...(result.step.comment ? { comment: result.step.comment } : {}),
          ...(result.step.checklist
            ? { checklist: result.step.checklist }
            : {}),
        },
      });
    });
  }

  /** Tells the people a step concerns, once it is committed. */
  private async tell(handover: Handover) {
    const notice = handoverNotice(handover);
    if (notice) await this.options.notifier.notify(notice);
  }
}

/**
 * Who hears of a transfer's or retirement's latest step: the deciders when it is filed, the
 * requester and the handing-over group of the decision, the deciders of a withdrawal.
 */
export function handoverNotice(handover: Handover): RequestNotice | undefined {
  const step = handover.steps[handover.steps.length - 1];
  if (!step) return undefined;
  const what =
    handover.kind === 'transfer'
      ? `Transfer of ${handover.serviceName} to ${handover.toOwnerGroup}`
      : `Retirement of ${handover.serviceName}`;
  const base = {
    link: handoverLink(handover.id),
    topic: `social-media-handover-${handover.id}`,
  };
  const said = step.comment ? `: "${step.comment}"` : '';
  // People by name, as the notifications page reads best: "marketing-lead asks: …".
  const who = step.actor.replace(/^[^/]*\//, '');
  switch (step.action) {
    case 'submit':
      return {
        ...base,
        recipients: handover.deciders,
        excludeRecipients: [handover.requester],
        title:
          handover.kind === 'transfer'
            ? `${what} waits for your group to accept it`
            : `${what} waits for your approval`,
        description: `${who} asks${said}`,
      };
    case 'accept':
    case 'decline':
      return {
        ...base,
        recipients: [
          handover.requester,
          ...(handover.fromOwnerGroup ? [handover.fromOwnerGroup] : []),
        ],
        excludeRecipients: [step.actor],
        title: `${what} ${step.action === 'accept' ? 'completed' : 'declined'}`,
        description: `${who} ${
          step.action === 'accept' ? 'accepted' : 'declined'
        } it${said}`,
      };
    case 'withdraw':
      return {
        ...base,
        recipients: handover.deciders,
        excludeRecipients: [step.actor],
        title: `${what} withdrawn`,
        description: `${who} withdrew it${said}`,
      };
    default:
      return undefined;
  }
}
