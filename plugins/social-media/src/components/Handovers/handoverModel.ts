import type {
  Handover,
  HandoverKind,
  HandoverStatus,
} from '@internal/plugin-social-media-common';

export const HANDOVER_KIND_TITLES: Record<HandoverKind, string> = {
  transfer: 'Transfer',
  retirement: 'Retirement',
};

/** Where a transfer or retirement stands, in words. */
export function handoverStatusTitle(
  kind: HandoverKind,
  status: HandoverStatus,
): string {
  switch (status) {
    case 'submitted':
      return kind === 'transfer'
        ? 'Waiting to be accepted'
        : 'Waiting for approval';
    case 'completed':
      return kind === 'transfer' ? 'Transferred' : 'Retired';
    case 'declined':
      return 'Declined';
    default:
      return 'Withdrawn';
  }
}

/** A step on the timeline, in words. */
export function handoverStepTitle(kind: HandoverKind, action: string): string {
  switch (action) {
    case 'submit':
      return 'Filed';
    case 'accept':
      return kind === 'transfer' ? 'Accepted' : 'Approved';
    case 'decline':
      return 'Declined';
    case 'withdraw':
      return 'Withdrawn';
    default:
      return action;
  }
}

/** e.g. "Transfer 3: Careers LinkedIn page". */
export function handoverTitle(handover: Handover): string {
  return `${HANDOVER_KIND_TITLES[handover.kind]} ${handover.id}: ${
    handover.serviceName
  }`;
}
