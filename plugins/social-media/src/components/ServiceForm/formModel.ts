import {
  socialServiceInputSchema,
  socialServiceUpdateSchema,
  toValidationProblems,
  type AccountStatus,
  type ItsmSystem,
  type MfaMethod,
  type SocialPlatform,
  type SocialService,
  type SocialServiceInput,
  type SocialServiceUpdate,
  type ThirdPartyApp,
} from '@internal/plugin-social-media-common';

/** One row of the third-party apps editor, as people type it. */
export interface ThirdPartyAppRow {
  /** Identifies the row while it is edited; not sent. */
  key: string;
  name: string;
  /** Scopes separated by commas, e.g. `publish, read_insights`. */
  scopes: string;
  /** yyyy-mm-dd, as a date input gives it. */
  lastReviewedAt: string;
}

let rowCounter = 0;

/** A row of the apps editor, blank or filled in from an app. */
export function appRow(app?: ThirdPartyApp): ThirdPartyAppRow {
  rowCounter += 1;
  return {
    key: `app-${rowCounter}`,
    name: app?.name ?? '',
    scopes: app?.scopes.join(', ') ?? '',
    lastReviewedAt: app?.lastReviewedAt?.slice(0, 10) ?? '',
  };
}

/** The form's fields as people type them: strings and booleans. */
export interface ServiceFormState {
  id: string;
  name: string;
  platform: SocialPlatform | '';
  handle: string;
  profileUrl: string;
  purpose: string;
  businessUnit: string;
  ownerGroup: string;
  serviceOwner: string;
  businessRequester: string;
  audienceSize: string;
  tags: string;
  lifecycleStage: 'strategy' | 'design';
  mfaEnabled: boolean;
  /** Sent only while MFA is on. */
  mfaMethod: MfaMethod | '';
  ssoEnabled: boolean;
  credentialVaultRef: string;
  sharedLogin: boolean;
  thirdPartyApps: ThirdPartyAppRow[];
  verified: boolean;
  recoveryOwnedByCompany: boolean;
  regulatedContent: boolean;
  brandLevel: boolean;
  // No date of the last access review and no risk sign-off: events record them
  // (an access review, a sign-off on the service page); nobody types them in.
  accessRevoked: boolean;
  accountStatus: AccountStatus;
  itsmSystem: ItsmSystem | '';
  itsmReference: string;
}

/**
 * Field errors keyed by the schema's dotted path, e.g. `handle` or
 * `controls.credentialVaultRef`; `''` holds errors about the whole input.
 */
export type FieldErrors = Record<string, string>;

export function emptyForm(): ServiceFormState {
  return {
    id: '',
    name: '',
    platform: '',
    handle: '',
    profileUrl: '',
    purpose: '',
    businessUnit: '',
    ownerGroup: '',
    serviceOwner: '',
    businessRequester: '',
    audienceSize: '',
    tags: '',
    lifecycleStage: 'strategy',
    mfaEnabled: false,
    mfaMethod: '',
    ssoEnabled: false,
    credentialVaultRef: '',
    sharedLogin: false,
    thirdPartyApps: [],
    verified: false,
    recoveryOwnedByCompany: false,
    regulatedContent: false,
    brandLevel: false,
    accessRevoked: false,
    accountStatus: 'active',
    itsmSystem: '',
    itsmReference: '',
  };
}

/** The form filled in from a service, to edit it. */
export function formFromService(service: SocialService): ServiceFormState {
  return {
    id: service.id,
    name: service.name,
    platform: service.platform,
    handle: service.handle,
    profileUrl: service.profileUrl ?? '',
    purpose: service.purpose,
    businessUnit: service.businessUnit,
    ownerGroup: service.ownerGroup,
    serviceOwner: service.serviceOwner ?? '',
    businessRequester: service.businessRequester ?? '',
    audienceSize: String(service.audienceSize ?? ''),
    tags: service.tags.join(', '),
    lifecycleStage: service.lifecycleStage === 'design' ? 'design' : 'strategy',
    mfaEnabled: service.controls.mfaEnabled,
    mfaMethod: service.controls.mfaMethod ?? '',
    ssoEnabled: service.controls.ssoEnabled ?? false,
    credentialVaultRef: service.controls.credentialVaultRef ?? '',
    sharedLogin: service.controls.sharedLogin ?? false,
    thirdPartyApps: (service.controls.thirdPartyApps ?? []).map(appRow),
    verified: service.controls.verified ?? false,
    recoveryOwnedByCompany: service.controls.recoveryOwnedByCompany ?? false,
    regulatedContent: service.controls.regulatedContent ?? false,
    brandLevel: service.controls.brandLevel ?? false,
    accessRevoked: service.controls.accessRevoked,
    accountStatus: service.controls.accountStatus,
    itsmSystem: service.itsm?.system ?? '',
    itsmReference: service.itsm?.reference ?? '',
  };
}

const blank = (value: string) => (value.trim() === '' ? undefined : value);

/** The shared fields of a new service and of a change, as the API takes them. */
function toFields(state: ServiceFormState) {
  const audience = state.audienceSize.trim();
  return {
    name: state.name,
    platform: (state.platform || undefined) as SocialPlatform,
    handle: state.handle,
    profileUrl: blank(state.profileUrl),
    purpose: state.purpose,
    businessUnit: state.businessUnit,
    ownerGroup: state.ownerGroup,
    serviceOwner: blank(state.serviceOwner),
    businessRequester: blank(state.businessRequester),
    audienceSize: audience === '' ? undefined : Number(audience),
    tags: state.tags
      .split(/[,;\s]+/)
      .map(tag => tag.trim())
      .filter(Boolean),
    controls: {
      mfaEnabled: state.mfaEnabled,
      // the method is kept while MFA is switched off, but only sent when on
      mfaMethod: state.mfaEnabled ? state.mfaMethod || undefined : undefined,
      ssoEnabled: state.ssoEnabled,
      credentialVaultRef: blank(state.credentialVaultRef),
      sharedLogin: state.sharedLogin,
      thirdPartyApps: state.thirdPartyApps.map(row => ({
        name: row.name,
        scopes: row.scopes
          .split(',')
          .map(scope => scope.trim())
          .filter(Boolean),
        lastReviewedAt: blank(row.lastReviewedAt),
      })),
      verified: state.verified,
      recoveryOwnedByCompany: state.recoveryOwnedByCompany,
      regulatedContent: state.regulatedContent,
      brandLevel: state.brandLevel,
      accessRevoked: state.accessRevoked,
      accountStatus: state.accountStatus,
    },
    itsm: state.itsmSystem
      ? { system: state.itsmSystem, reference: state.itsmReference }
      : undefined,
  };
}

/** Checks that only the form can get wrong, before the shared schema. */
function formOnlyErrors(state: ServiceFormState): FieldErrors {
  const errors: FieldErrors = {};
  if (!state.itsmSystem && state.itsmReference.trim()) {
    errors['itsm.system'] =
      'Choose the ITSM system the reference belongs to, or clear the reference';
  }
  return errors;
}

/** One message per form field, from problems named by dotted paths. */
export function toFieldErrors(
  problems: Array<{ field: string; message: string }>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of problems) {
    // one message per field: tags.3 is about the tags field, and
    // controls.thirdPartyApps.0.scopes.2 about the scopes of the first app
    const key = field.startsWith('tags.')
      ? 'tags'
      : field.replace(/^(controls\.thirdPartyApps\.\d+\.scopes)\..*$/, '$1');
    errors[key] ??= message;
  }
  return errors;
}

export type ValidationResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldErrors };

/**
 * Validates a new service with the same schema as the API, so that people
 * see the same messages; gives the input to send when valid.
 */
export function validateCreate(
  state: ServiceFormState,
): ValidationResult<SocialServiceInput> {
  const input = {
    ...toFields(state),
    id: blank(state.id),
    lifecycleStage: state.lifecycleStage,
  };
  const parsed = socialServiceInputSchema.safeParse(input);
  const errors = {
    ...(parsed.success
      ? {}
      : toFieldErrors(toValidationProblems(parsed.error))),
    ...formOnlyErrors(state),
  };
  if (!parsed.success || Object.keys(errors).length) {
    return { ok: false, errors };
  }
  return { ok: true, value: parsed.data };
}

/**
 * Validates a change to a service based on `version`, as the API would. The
 * date of the last access review is never sent: only access reviews set it.
 */
export function validateUpdate(
  state: ServiceFormState,
  version: number,
): ValidationResult<SocialServiceUpdate> {
  const parsed = socialServiceUpdateSchema.safeParse({
    ...toFields(state),
    version,
  });
  const errors = {
    ...(parsed.success
      ? {}
      : toFieldErrors(toValidationProblems(parsed.error))),
    ...formOnlyErrors(state),
  };
  if (!parsed.success || Object.keys(errors).length) {
    return { ok: false, errors };
  }
  return { ok: true, value: parsed.data };
}
