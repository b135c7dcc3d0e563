import {
  LIFECYCLE_STAGES,
  LifecycleStage,
  SocialService,
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
 * is not yet live, between operation and continual improvement, and to retirement from anywhere.
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
 * The part of a service the lifecycle gates look at. The rating and the leaver count are kept
 * by the catalogue; a service not rated yet does not meet the operation gate.
 */
export type GateSubject = Pick<
  SocialService,
  'purpose' | 'ownerGroup' | 'serviceOwner' | 'profileUrl' | 'controls'
> &
  Partial<Pick<SocialService, 'riskRating' | 'leaverCount'>>;

interface Gate {
  /** What is missing, in words, when the gate is not met. */
  missing: string;
  met: (service: GateSubject) => boolean;
}

const hasOwner: Gate = {
  missing: 'a named service owner',
  met: s => Boolean(s.serviceOwner),
};

/**
 * What a service must have before it may enter each stage.
 *
 * @public
 */
export const LIFECYCLE_GATES: Record<LifecycleStage, Gate[]> = {
  strategy: [],
  design: [
    { missing: 'a stated purpose', met: s => Boolean(s.purpose?.trim()) },
    { missing: 'an owning group', met: s => Boolean(s.ownerGroup) },
  ],
  transition: [
    hasOwner,
    { missing: 'a profile URL', met: s => Boolean(s.profileUrl) },
  ],
  operation: [
    hasOwner,
    { missing: 'MFA enabled', met: s => s.controls.mfaEnabled },
    {
      missing: 'credentials in a vault',
      met: s => Boolean(s.controls.credentialVaultRef),
    },
    {
      missing: 'personal admin access instead of a shared login',
      met: s => !s.controls.sharedLogin,
    },
    {
      missing: 'a recovery e-mail and phone owned by the company',
      met: s => s.controls.recoveryOwnedByCompany,
    },
    {
      missing: 'access removed from everyone who left the organisation',
      met: s => (s.leaverCount ?? 0) === 0,
    },
    {
      missing: 'a risk rating below critical',
      met: s => s.riskRating !== undefined && s.riskRating !== 'critical',
    },
  ],
  improvement: [],
  retired: [
    { missing: 'access revoked', met: s => s.controls.accessRevoked },
    {
      missing: 'the account archived or deleted',
      met: s => s.controls.accountStatus !== 'active',
    },
  ],
};

/**
 * Whether a service in stage `from` may move to `to`, and if not, what it lacks.
 *
 * @public
 */
export function evaluateTransition(
  service: GateSubject & { lifecycleStage: LifecycleStage },
  to: LifecycleStage,
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
    const options = LIFECYCLE_TRANSITIONS[from];
    return {
      to,
      allowed: false,
      missing: [],
      notReachable: options.length
        ? `${from} can only move to ${options.join(' or ')}`
        : `${from} is the end of the lifecycle`,
    };
  }
  const missing = LIFECYCLE_GATES[to]
    .filter(gate => !gate.met(service))
    .map(gate => gate.missing);
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
