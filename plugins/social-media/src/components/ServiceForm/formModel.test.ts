import { HANDLE_RULES } from '@internal/plugin-social-media-common';
import { aService } from '../../__testUtils__/fixtures';
import {
  emptyForm,
  formFromService,
  validateCreate,
  validateUpdate,
} from './formModel';

describe('service form model', () => {
  it('gives the schema messages per field for an empty form', () => {
    const result = validateCreate(emptyForm());
    expect(result.ok).toBe(false);
    const errors = (result as { errors: Record<string, string> }).errors;
    expect(errors.name).toBe('Name is required');
    expect(errors.platform).toMatch(/^Platform must be one of/);
    expect(errors.purpose).toBe('Purpose is required');
    expect(errors.businessUnit).toBe('Business unit is required');
    expect(errors.ownerGroup).toBe('Owner group is required');
  });

  it('checks handles and profile URLs per platform', () => {
    const result = validateCreate({
      ...emptyForm(),
      name: 'Corporate X',
      platform: 'x',
      handle: 'this handle is far too long',
      profileUrl: 'http://x.com/acme',
      purpose: 'News',
      businessUnit: 'Comms',
      ownerGroup: 'comms',
      tags: 'ok, NOT OK',
      itsmReference: 'INC-1',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        handle: HANDLE_RULES.x.message,
        profileUrl: 'Profile URL must use https',
        tags: 'Tags are 1 to 63 lowercase letters, digits or the characters : + # -',
        'itsm.system':
          'Choose the ITSM system the reference belongs to, or clear the reference',
      },
    });
  });

  it('gives the normalised input to send when valid', () => {
    const result = validateCreate({
      ...emptyForm(),
      name: ' Corporate X ',
      platform: 'x',
      handle: '@acme',
      purpose: 'News',
      businessUnit: 'Comms',
      ownerGroup: 'comms',
      serviceOwner: 'user:service-owner',
      audienceSize: '1200',
      tags: 'brand, emea',
      lifecycleStage: 'design',
      mfaEnabled: true,
      itsmSystem: 'servicenow',
      itsmReference: 'Corporate X',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Corporate X',
        platform: 'x',
        handle: '@acme',
        purpose: 'News',
        businessUnit: 'Comms',
        ownerGroup: 'group:default/comms',
        serviceOwner: 'user:default/service-owner',
        audienceSize: 1200,
        tags: ['brand', 'emea'],
        lifecycleStage: 'design',
        controls: {
          mfaEnabled: true,
          ssoEnabled: false,
          sharedLogin: false,
          thirdPartyApps: [],
          verified: false,
          recoveryOwnedByCompany: false,
          regulatedContent: false,
          brandLevel: false,
          accessRevoked: false,
          accountStatus: 'active',
        },
        itsm: { system: 'servicenow', reference: 'Corporate X' },
      },
    });
  });

  it('round-trips a service through the edit form with its version', () => {
    const controls = {
      mfaEnabled: true,
      mfaMethod: 'security-key' as const,
      ssoEnabled: true,
      credentialVaultRef: 'vault://social/corp-x',
      sharedLogin: false,
      thirdPartyApps: [
        {
          name: 'Scheduler',
          scopes: ['publish', 'read_insights'],
          lastReviewedAt: '2026-10-01T00:00:00.000Z',
        },
        { name: 'Inbox', scopes: [] },
      ],
      verified: true,
      recoveryOwnedByCompany: true,
      regulatedContent: true,
      brandLevel: false,
      accessRevoked: false,
      accountStatus: 'active' as const,
    };
    const service = aService({
      controls: { ...controls, lastAccessReviewAt: '2026-09-01T00:00:00.000Z' },
    });
    const result = validateUpdate(formFromService(service), service.version);
    expect(result).toEqual({
      ok: true,
      value: {
        name: service.name,
        platform: service.platform,
        handle: service.handle,
        profileUrl: service.profileUrl,
        purpose: service.purpose,
        businessUnit: service.businessUnit,
        ownerGroup: service.ownerGroup,
        serviceOwner: service.serviceOwner,
        businessRequester: service.businessRequester,
        audienceSize: service.audienceSize,
        tags: service.tags,
        // the last access review is recorded by access reviews, never sent
        controls,
        itsm: service.itsm,
        version: 4,
      },
    });
  });

  it('never sends the dates that events record, even for a service that has them', () => {
    const service = aService({
      lifecycleStage: 'design',
      controls: {
        ...aService().controls,
        lastAccessReviewAt: '2026-09-01T00:00:00.000Z',
      },
    });
    const state = formFromService(service);
    expect(Object.keys(state)).not.toEqual(
      expect.arrayContaining(['lastAccessReviewAt']),
    );
    expect(Object.keys(state)).not.toEqual(
      expect.arrayContaining(['riskAssessedAt']),
    );
    const update = validateUpdate(state, service.version);
    expect(update.ok).toBe(true);
    expect(update.ok && update.value.controls).not.toHaveProperty(
      'lastAccessReviewAt',
    );
    expect(update.ok && update.value.controls).not.toHaveProperty(
      'riskAssessedAt',
    );
    const create = validateCreate({ ...state, id: 'corporate-x-copy' });
    expect(create.ok).toBe(true);
    expect(create.ok && create.value.controls).not.toHaveProperty(
      'lastAccessReviewAt',
    );
    expect(create.ok && create.value.controls).not.toHaveProperty(
      'riskAssessedAt',
    );
  });

  it('sends the MFA method only while MFA is on', () => {
    const base = {
      ...emptyForm(),
      name: 'Corporate X',
      platform: 'x' as const,
      handle: '@acme',
      purpose: 'News',
      businessUnit: 'Comms',
      ownerGroup: 'comms',
      mfaMethod: 'sms' as const,
    };
    const on = validateCreate({ ...base, mfaEnabled: true });
    expect(on.ok && on.value.controls?.mfaMethod).toBe('sms');
    const off = validateCreate({ ...base, mfaEnabled: false });
    expect(off.ok && off.value.controls).toMatchObject({ mfaEnabled: false });
    expect(off.ok && off.value.controls).not.toHaveProperty('mfaMethod');
  });

  it('reads third-party apps from their rows and reports problems per row', () => {
    const base = {
      ...emptyForm(),
      name: 'Corporate X',
      platform: 'x' as const,
      handle: '@acme',
      purpose: 'News',
      businessUnit: 'Comms',
      ownerGroup: 'comms',
    };
    const valid = validateCreate({
      ...base,
      thirdPartyApps: [
        {
          key: 'a',
          name: 'Scheduler',
          scopes: ' publish, read_insights ,',
          lastReviewedAt: '2026-10-01',
        },
      ],
    });
    expect(valid.ok && valid.value.controls).toMatchObject({
      thirdPartyApps: [
        {
          name: 'Scheduler',
          scopes: ['publish', 'read_insights'],
          lastReviewedAt: '2026-10-01T00:00:00.000Z',
        },
      ],
    });

    const invalid = validateCreate({
      ...base,
      thirdPartyApps: [
        { key: 'a', name: 'Scheduler', scopes: '', lastReviewedAt: '' },
        { key: 'b', name: 'scheduler', scopes: '', lastReviewedAt: 'soon' },
        { key: 'c', name: ' ', scopes: 'x'.repeat(101), lastReviewedAt: '' },
      ],
    });
    expect(invalid).toEqual({
      ok: false,
      errors: {
        'controls.thirdPartyApps.1.name': 'App scheduler is listed twice',
        'controls.thirdPartyApps.1.lastReviewedAt':
          'Last reviewed must be a date such as 2026-11-25',
        'controls.thirdPartyApps.2.name': 'App name is required',
        'controls.thirdPartyApps.2.scopes':
          'A scope must be at most 100 characters',
      },
    });
  });
});
