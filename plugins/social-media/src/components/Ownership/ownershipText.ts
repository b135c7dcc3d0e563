import type {
  OwnershipChange,
  OwnershipProblem,
} from '@internal/plugin-social-media-common';

/** Why there was no valid owner, as a person reads it. */
export const OWNERSHIP_PROBLEM_TEXT: Record<OwnershipProblem, string> = {
  'no-owner-group': 'no owner group',
  'no-service-owner': 'no service owner named',
  'service-owner-left': 'the service owner had left the organisation',
};

/** What the person did, as the end of "when … it": "created", "imported"… */
export function changeVerb(change: OwnershipChange): string {
  switch (change.action) {
    case 'create':
      return 'created it';
    case 'import':
      return 'imported it';
    case 'transfer':
      return 'accepted its transfer';
    case 'update':
      return 'changed its owner';
    case 'leaver-detection':
      return 'found its service owner gone (leaver detection)';
    case 'delete':
      return 'deleted it';
    default:
      return `recorded "${change.action}"`;
  }
}

/** The request behind a change, e.g. "request 3" or "transfer 41". */
export function requestLabel(change: OwnershipChange): string | undefined {
  if (!change.request) return undefined;
  return `${change.request.kind === 'transfer' ? 'transfer' : 'request'} ${
    change.request.id
  }`;
}
