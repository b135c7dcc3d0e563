import type { RecordProblem } from './types';

/**
 * Handing a live service to another group, and retiring one: requests of their own, each with
 * a checklist that must be complete before the change is made.
 *
 * @public
 */
export const HANDOVER_KINDS = ['transfer', 'retirement'] as const;

/** @public */
export type HandoverKind = (typeof HANDOVER_KINDS)[number];

/**
 * Where a transfer or a retirement stands: waiting for the receiving group (transfer) or the
 * IT service management approvers (retirement), then done, declined or withdrawn.
 *
 * @public
 */
export const HANDOVER_STATUSES = [
  'submitted',
  'completed',
  'declined',
  'withdrawn',
] as const;

/** @public */
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/**
 * What the person accepting or deciding may do.
 *
 * @public
 */
export const HANDOVER_DECISIONS = ['accept', 'decline'] as const;

/** @public */
export type HandoverDecision = (typeof HANDOVER_DECISIONS)[number];

/**
 * One item of a checklist.
 *
 * @public
 */
export interface ChecklistItem {
  id: string;
  /** What must have been done, as the person ticking it reads it. */
  label: string;
}

/**
 * What the receiving group confirms before it takes a service over.
 *
 * @public
 */
export const TRANSFER_CHECKLIST: readonly ChecklistItem[] = [
  {
    id: 'admins-reviewed',
    label: 'Admins reviewed: only people who should keep access still have it',
  },
  {
    id: 'credentials-rotated',
    label: 'Credentials rotated, with the new ones in the vault',
  },
  {
    id: 'recovery-email-changed',
    label: "Recovery e-mail changed to the new owner's",
  },
  {
    id: 'recovery-phone-changed',
    label: "Recovery phone changed to the new owner's",
  },
];

/**
 * What the owning side confirms when it asks to retire a service.
 *
 * @public
 */
export const RETIREMENT_CHECKLIST: readonly ChecklistItem[] = [
  { id: 'content-archived', label: 'Content archived' },
  { id: 'admins-removed', label: 'Admins removed' },
  { id: 'third-party-apps-revoked', label: 'Third-party apps revoked' },
  { id: 'credentials-removed', label: 'Credentials removed from the vault' },
];

/**
 * What becomes of a retired account's handle: kept (the account stays, archived, so nobody
 * else can take the name) or released (the account is deleted).
 *
 * @public
 */
export const HANDLE_DISPOSITIONS = ['kept', 'released'] as const;

/** @public */
export type HandleDisposition = (typeof HANDLE_DISPOSITIONS)[number];

/**
 * A checklist as answered: every item's id with whether it was done.
 *
 * @public
 */
export type ChecklistAnswers = Record<string, boolean>;

/**
 * One step on a transfer's or retirement's timeline.
 *
 * @public
 */
export interface HandoverStep {
  /** `submit`, `accept`, `decline` or `withdraw`. */
  action: string;
  actor: string;
  at: string;
  from?: HandoverStatus;
  to: HandoverStatus;
  comment?: string;
  /** The checklist as answered with this step. */
  checklist?: ChecklistAnswers;
}

/**
 * A request to hand a service to another group, or to retire it.
 *
 * @public
 */
export interface Handover {
  id: number;
  kind: HandoverKind;
  serviceId: string;
  /** The service's name when the request was filed. */
  serviceName: string;
  status: HandoverStatus;
  /** Entity ref of who filed it. */
  requester: string;
  reason: string;
  /** The owner group and service owner when it was filed. */
  fromOwnerGroup?: string;
  fromServiceOwner?: string;
  /** Transfer: who takes the service over. */
  toOwnerGroup?: string;
  toServiceOwner?: string;
  /** Retirement: what becomes of the handle. */
  handle?: HandleDisposition;
  /** The checklist as last answered (retirement: when filed; transfer: when accepted). */
  checklist: ChecklistAnswers;
  /** Who must decide: the receiving group (transfer) or the approvers (retirement). */
  deciders: string[];
  steps: HandoverStep[];
  createdAt: string;
  updatedAt: string;
  /** Increases with every step; a step must name the version it was based on. */
  version: number;
  /**
   * Stored values the catalogue never writes (a change made in the database outside it), each
   * with what is shown instead. Absent on a sound record.
   */
  recordProblems?: RecordProblem[];
}

/**
 * The checklist a kind of request asks for.
 *
 * @public
 */
export function checklistFor(kind: HandoverKind): readonly ChecklistItem[] {
  return kind === 'transfer' ? TRANSFER_CHECKLIST : RETIREMENT_CHECKLIST;
}

/**
 * The items of a checklist not yet done, in the checklist's order.
 *
 * @public
 */
export function checklistGaps(
  kind: HandoverKind,
  answers: ChecklistAnswers,
): ChecklistItem[] {
  return checklistFor(kind).filter(item => answers[item.id] !== true);
}
