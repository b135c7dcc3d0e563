import {
  serviceRequestInputSchema,
  toValidationProblems,
  type ServiceRequest,
  type ServiceRequestInput,
  type ServiceRequestStatus,
  type SocialPlatform,
} from '@internal/plugin-social-media-common';

/** The request form's fields as people type them: strings and booleans. */
export interface RequestFormState {
  platform: SocialPlatform | '';
  name: string;
  handle: string;
  profileUrl: string;
  purpose: string;
  audience: string;
  /** Regions separated by commas, e.g. `EMEA, France`. */
  regions: string;
  businessUnit: string;
  requestingTeam: string;
  ownerGroup: string;
  serviceOwner: string;
  /** yyyy-mm-dd, as a date input gives it. */
  targetDate: string;
  regulatedContent: boolean;
  brandLevel: boolean;
  expectedAudience: string;
  whoPosts: string;
  /** Tools separated by commas, e.g. `Hootsuite, Sprout Social`. */
  thirdPartyTools: string;
}

/**
 * Field errors keyed by the schema's dotted path, e.g. `handle` or
 * `questionnaire.expectedAudience`; `''` holds errors about the whole input.
 */
export type RequestFieldErrors = Record<string, string>;

/** A blank request; the requesting team may be filled in from the person's groups. */
export function emptyRequestForm(requestingTeam = ''): RequestFormState {
  return {
    platform: '',
    name: '',
    handle: '',
    profileUrl: '',
    purpose: '',
    audience: '',
    regions: '',
    businessUnit: '',
    requestingTeam,
    ownerGroup: '',
    serviceOwner: '',
    targetDate: '',
    regulatedContent: false,
    brandLevel: false,
    expectedAudience: '',
    whoPosts: '',
    thirdPartyTools: '',
  };
}

/** The form filled in from a request, to edit it. */
export function requestFormFrom(request: ServiceRequest): RequestFormState {
  return {
    platform: request.platform,
    name: request.name,
    handle: request.handle,
    profileUrl: request.profileUrl ?? '',
    purpose: request.purpose,
    audience: request.audience,
    regions: request.regions.join(', '),
    businessUnit: request.businessUnit,
    requestingTeam: request.requestingTeam,
    ownerGroup: request.ownerGroup,
    serviceOwner: request.serviceOwner,
    targetDate: request.targetDate.slice(0, 10),
    regulatedContent: request.questionnaire.regulatedContent,
    brandLevel: request.questionnaire.brandLevel,
    expectedAudience: String(request.questionnaire.expectedAudience),
    whoPosts: request.questionnaire.whoPosts,
    thirdPartyTools: request.questionnaire.thirdPartyTools.join(', '),
  };
}

const commaList = (value: string) =>
  value
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);

const blank = (value: string) => (value.trim() === '' ? undefined : value);

/**
 * The form as the API takes it, before the shared rules check it: a field
 * left empty is sent empty (or left out), for the rules to name it.
 */
export function toRequestInput(state: RequestFormState) {
  const audience = state.expectedAudience.trim();
  return {
    platform: state.platform || undefined,
    name: state.name,
    handle: state.handle,
    profileUrl: blank(state.profileUrl),
    purpose: state.purpose,
    audience: state.audience,
    regions: commaList(state.regions),
    businessUnit: state.businessUnit,
    requestingTeam: state.requestingTeam,
    ownerGroup: state.ownerGroup,
    serviceOwner: state.serviceOwner,
    targetDate: state.targetDate,
    questionnaire: {
      regulatedContent: state.regulatedContent,
      brandLevel: state.brandLevel,
      expectedAudience: audience === '' ? undefined : Number(audience),
      whoPosts: state.whoPosts,
      thirdPartyTools: commaList(state.thirdPartyTools),
    },
  };
}

/**
 * One message per form field, from problems named by dotted paths: a problem
 * with the second region (`regions.1`) is about the regions field.
 */
export function toRequestFieldErrors(
  problems: Array<{ field: string; message: string }>,
): RequestFieldErrors {
  const errors: RequestFieldErrors = {};
  for (const { field, message } of problems) {
    const key = field.replace(
      /^(regions|questionnaire\.thirdPartyTools)\.\d+$/,
      '$1',
    );
    errors[key] ??= message;
  }
  return errors;
}

export type RequestValidation =
  | { ok: true; value: ServiceRequestInput }
  | { ok: false; errors: RequestFieldErrors };

/**
 * Checks the request with the API's own schema, so that people see the same
 * messages; gives the input to send when valid. What only the backend knows
 * (a target date in the past, a team not in the catalog, an account already
 * requested) comes back from it.
 */
export function validateRequest(state: RequestFormState): RequestValidation {
  const input = toRequestInput(state);
  const parsed = serviceRequestInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: toRequestFieldErrors(toValidationProblems(parsed.error)),
    };
  }
  return { ok: true, value: parsed.data };
}

/** The statuses of a request, in words. */
export const REQUEST_STATUS_TITLES: Record<ServiceRequestStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'changes-requested': 'Changes requested',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  provisioned: 'Provisioned',
};

/** The steps of a request's timeline, in words. */
export const REQUEST_STEP_TITLES: Record<string, string> = {
  create: 'Created',
  update: 'Edited',
  submit: 'Submitted',
  approve: 'Approved',
  reject: 'Rejected',
  'request-changes': 'Asked for changes',
  withdraw: 'Withdrawn',
  provision: 'Provisioned',
};

/** Whether the requester side may still edit, submit or withdraw a request in this status. */
export const REQUESTER_MOVES: Record<
  'edit' | 'submit' | 'withdraw',
  ServiceRequestStatus[]
> = {
  edit: ['draft', 'changes-requested'],
  submit: ['draft', 'changes-requested'],
  withdraw: ['draft', 'submitted', 'changes-requested'],
};

/**
 * A request's fields by the schema's paths, in words: for the form's list of what is missing,
 * and for the values of a stored request that do not hold.
 */
export const REQUEST_FIELD_LABELS: Record<string, string> = {
  platform: 'Platform',
  name: 'Proposed name',
  handle: 'Handle',
  profileUrl: 'Profile URL',
  purpose: 'Purpose',
  audience: 'Audience',
  regions: 'Regions',
  businessUnit: 'Business unit',
  requestingTeam: 'Requesting team',
  ownerGroup: 'Owner group',
  serviceOwner: 'Service owner',
  targetDate: 'Target date',
  questionnaire: 'Questionnaire',
  'questionnaire.expectedAudience': 'Expected audience',
  'questionnaire.whoPosts': 'Who will post',
  'questionnaire.thirdPartyTools': 'Third-party tools',
  fields: 'What was requested',
  status: 'Status',
  prediction: 'Predicted rating',
  approvals: 'Approvals',
};
