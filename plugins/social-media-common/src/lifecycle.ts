import {
  LIFECYCLE_STAGES,
  LifecycleStage,
  SocialService,
  StageCompliance,
  TransitionOption,
} from './types';

/**
 * ServiceNow CSDM life cycle stage and status a catalogue stage corresponds to, so that an ITSM
 * can be kept in step with the catalogue.
 *
 * @public
 */
export interface CsdmLifecycle {
  stage: 'Ideation' | 'Design' | 'Deploy' | 'Operational' | 'End of Life';
  status: string;
}

const CSDM_BY_STAGE: Record<LifecycleStage, CsdmLifecycle> = {
  strategy: { stage: 'Ideation', status: 'Planning' },
  design: { stage: 'Design', status: 'Design' },
  transition: { stage: 'Deploy', status: 'In Deployment' },
  operation: { stage: 'Operational', status: 'In Use' },
  improvement: { stage: 'Operational', status: 'In Maintenance' },
  retired: { stage: 'End of Life', status: 'Retired' },
};

/**
 * Maps a catalogue lifecycle stage to its ServiceNow CSDM stage/status pair.
 *
 * @public
 */
export function toCsdmLifecycle(stage: LifecycleStage): CsdmLifecycle {
  return CSDM_BY_STAGE[stage];
}

/**
 * True when `value` names a known lifecycle stage.
 *
 * @public
 */
export function isLifecycleStage(value: unknown): value is LifecycleStage {
  return (
    typeof value === 'string' &&
    (LIFECYCLE_STAGES as readonly string[]).includes(value)
  );
}

/**
 * The moves the ITIL lifecycle allows from each stage: forward, back one step while a service
 * is not yet live, between operation and continual improvement, and to retirement from anywhere
 * (a live service only through a retirement request: see {@link retirementNeedsRequest}).
 *
 * @public
 */
export const LIFECYCLE_TRANSITIONS: Record<LifecycleStage, LifecycleStage[]> = {
  strategy: ['design', 'retired'],
  design: ['transition', 'strategy', 'retired'],
  transition: ['operation', 'design', 'retired'],
  operation: ['improvement', 'retired'],
  improvement: ['operation', 'retired'],
  retired: [],
};

/**
 * The stages in which a service is live: people follow it and the organisation speaks through it.
 *
 * @public
 */
export const LIVE_STAGES: readonly LifecycleStage[] = [
  'operation',
  'improvement',
];

/**
 * True when a service in `stage` is live.
 *
 * @public
 */
export function isLiveStage(stage: LifecycleStage): boolean {
  return LIVE_STAGES.includes(stage);
}

/**
 * Why a live service cannot simply be moved to retired, in words that follow "Not possible: ".
 *
 * @public
 */
export const RETIREMENT_BY_REQUEST =
  'a live service is retired by a retirement request, which IT service management approves';

/**
 * True when the move from `from` to `to` is a live service's retirement, which is made only by
 * a retirement request that IT service management approves (its checklist answered, the
 * approval on record), never by a plain lifecycle move. A service that was never live may
 * still be retired directly: an idea dropped before launch.
 *
 * @public
 */
export function retirementNeedsRequest(
  from: LifecycleStage,
  to: LifecycleStage,
): boolean {
  return to === 'retired' && isLiveStage(from);
}

/**
 * The part of a service the lifecycle gates look at. The rating and the leaver count are kept
 * by the catalogue; a service not rated yet does not meet the operation gate.
 */
export type GateSubject = Pick<
  SocialService,
  'purpose' | 'ownerGroup' | 'serviceOwner' | 'profileUrl' | 'controls'
> &
  Partial<Pick<SocialService, 'riskRating' | 'leaverCount'>>;

/**
 * One requirement of a lifecycle stage.
 *
 * @public
 */
export interface StageRequirement {
  id: string;
  /** What is missing, in words, when the requirement is not met. */
  missing: string;
  met: (service: GateSubject) => boolean;
}

const purpose: StageRequirement = {
  id: 'purpose',
  missing: 'a stated purpose',
  met: s => Boolean(s.purpose?.trim()),
};
const ownerGroup: StageRequirement = {
  id: 'owner-group',
  missing: 'an owning group',
  met: s => Boolean(s.ownerGroup),
};
const serviceOwner: StageRequirement = {
  id: 'service-owner',
  missing: 'a named service owner',
  met: s => Boolean(s.serviceOwner),
};

/**
 * The id of the requirement that the rating itself meets or fails; the rating weighs every
 * other requirement, so this one is left out of what the rating weighs.
 *
 * @public
 */
export const RATING_REQUIREMENT_ID = 'rating-below-critical';

/**
 * What a service must have before it may enter each stage, beyond what the stages before it
 * asked for.
 *
 * @public
 */
export const LIFECYCLE_GATES: Record<LifecycleStage, StageRequirement[]> = {
  strategy: [],
  design: [purpose, ownerGroup],
  transition: [
    serviceOwner,
    {
      id: 'profile-url',
      missing: 'a profile URL',
      met: s => Boolean(s.profileUrl),
    },
  ],
  operation: [
    serviceOwner,
    {
      id: 'mfa',
      missing: 'MFA enabled',
      met: s => s.controls.mfaEnabled,
    },
    {
      id: 'vault',
      missing: 'credentials in a vault',
      met: s => Boolean(s.controls.credentialVaultRef),
    },
    {
      id: 'personal-access',
      missing: 'personal admin access instead of a shared login',
      met: s => !s.controls.sharedLogin,
    },
    {
      id: 'recovery',
      missing: 'a recovery e-mail and phone owned by the company',
      met: s => s.controls.recoveryOwnedByCompany,
    },
    {
      id: 'no-leavers',
      missing: 'access removed from everyone who left the organisation',
      met: s => (s.leaverCount ?? 0) === 0,
    },
    {
      id: RATING_REQUIREMENT_ID,
      missing: 'a risk rating below critical',
      met: s => s.riskRating !== undefined && s.riskRating !== 'critical',
    },
  ],
  improvement: [],
  retired: [
    {
      id: 'access-revoked',
      missing: 'access revoked',
      met: s => s.controls.accessRevoked,
    },
    {
      id: 'account-closed',
      missing: 'the account archived or deleted',
      met: s => s.controls.accountStatus !== 'active',
    },
  ],
};

/** The stages whose gates a service in each stage must still meet. */
const GATES_HELD_IN: Record<LifecycleStage, LifecycleStage[]> = {
  strategy: [],
  design: ['design'],
  transition: ['design', 'transition'],
  operation: ['design', 'transition', 'operation'],
  // Continual improvement runs the live service: it is held to operation's requirements.
  improvement: ['design', 'transition', 'operation'],
  retired: ['retired'],
};

/**
 * Everything a service in `stage` must have: the gate of the stage and of every stage before it
 * on the way there (a service in operation still needs the owner its transition asked for).
 *
 * @public
 */
export function stageRequirements(stage: LifecycleStage): StageRequirement[] {
  const byId = new Map<string, StageRequirement>();
  for (const held of GATES_HELD_IN[stage]) {
    for (const requirement of LIFECYCLE_GATES[held]) {
      byId.set(requirement.id, requirement);
    }
  }
  return [...byId.values()];
}

/**
 * Whether a service meets the requirements of the stage it is in, and what it lacks. A service
 * catalogued as it was found (an import, say) or whose controls weakened after a move can be
 * in a stage it would not be let into today; it is then out of compliance.
 *
 * `ignoreRating` leaves out the requirement that the rating meets, for the rating itself.
 *
 * @public
 */
export function evaluateStageCompliance(
  service: GateSubject & { lifecycleStage: LifecycleStage },
  options: { ignoreRating?: boolean } = {},
): StageCompliance {
  const missing = stageRequirements(service.lifecycleStage)
    .filter(r => !(options.ignoreRating && r.id === RATING_REQUIREMENT_ID))
    .filter(r => !r.met(service))
    .map(r => r.missing);
  return {
    stage: service.lifecycleStage,
    compliant: missing.length === 0,
    missing,
  };
}

/**
 * "operation lacks MFA enabled and credentials in a vault": what a service out of compliance
 * lacks, in one sentence.
 *
 * @public
 */
export function describeCompliance(compliance: StageCompliance): string {
  if (compliance.compliant) {
    return `Meets every requirement of ${compliance.stage}`;
  }
  const items = compliance.missing;
  const list =
    items.length === 1
      ? items[0]
      : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${compliance.stage} requires ${list}`;
}

/**
 * Whether a service in stage `from` may move to `to`, and if not, what it lacks.
 *
 * A live service's retirement is not reachable by a plain move; `byRetirementRequest` is for
 * the approved retirement request itself, which still has to meet the retirement gate.
 *
 * @public
 */
export function evaluateTransition(
  service: GateSubject & { lifecycleStage: LifecycleStage },
  to: LifecycleStage,
  options: { byRetirementRequest?: boolean } = {},
): TransitionOption {
  const from = service.lifecycleStage;
  if (from === to) {
    return {
      to,
      allowed: false,
      missing: [],
      notReachable: `the service is already in ${to}`,
    };
  }
  if (!LIFECYCLE_TRANSITIONS[from].includes(to)) {
    const reachable = LIFECYCLE_TRANSITIONS[from];
    return {
      to,
      allowed: false,
      missing: [],
      notReachable: reachable.length
        ? `${from} can only move to ${reachable.join(' or ')}`
        : `${from} is the end of the lifecycle`,
    };
  }
  if (!options.byRetirementRequest && retirementNeedsRequest(from, to)) {
    return {
      to,
      allowed: false,
      missing: [],
      notReachable: RETIREMENT_BY_REQUEST,
    };
  }
  // Continual improvement is where a live service is put right, so nothing stops it going
  // there; every other stage asks for everything it will be held to.
  const requirements = to === 'improvement' ? [] : stageRequirements(to);
  const missing = requirements
    .filter(requirement => !requirement.met(service))
    .map(requirement => requirement.missing);
  return { to, allowed: missing.length === 0, missing };
}

/**
 * Every move the service could make next, allowed or not: the forward move first, then the
 * way back, then retirement (the order of {@link LIFECYCLE_TRANSITIONS}).
 *
 * @public
 */
export function nextTransitions(
  service: GateSubject & { lifecycleStage: LifecycleStage },
): TransitionOption[] {
  return LIFECYCLE_TRANSITIONS[service.lifecycleStage].map(to =>
    evaluateTransition(service, to),
  );
}

/**
 * The sentence that says why a move is refused, e.g.
 * "operation needs: MFA enabled, credentials in a vault".
 *
 * @public
 */
export function describeBlockedTransition(option: TransitionOption): string {
  if (option.notReachable) {
    return `Cannot move to ${option.to}: ${option.notReachable}`;
  }
  return `${option.to} needs: ${option.missing.join(', ')}`;
}
