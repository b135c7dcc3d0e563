import type { AuditEntry } from '@internal/plugin-social-media-common';
import { requestIdOf, summarizeEntry } from './historySummary';

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    seq: 1,
    entityType: 'service',
    entityId: 'corporate-x',
    action: 'update',
    actor: 'user:default/service-owner',
    at: '2026-11-20T10:00:00.000Z',
    prevHash: '',
    hash: 'abc',
    ...overrides,
  };
}

describe('summarizeEntry', () => {
  it('describes an access review: what was kept, who was removed, the note', () => {
    expect(
      summarizeEntry(
        entry({
          action: 'access-review',
          after: {
            decisions: [
              { account: 'marketing-lead', decision: 'keep' },
              { account: 'former-campaign-manager', decision: 'remove' },
            ],
            note: 'Campaign over',
            lastAccessReviewAt: '2026-11-25T09:00:00.000Z',
            version: 4,
          },
        }),
      ),
    ).toEqual({
      action: 'Access reviewed',
      changes: [
        'Attested 2 admins: kept 1, removed 1',
        'Removed: former-campaign-manager',
        'Note: Campaign over',
      ],
    });
  });

  it('describes leavers found and people back', () => {
    expect(
      summarizeEntry(
        entry({
          action: 'leaver-detection',
          actor: 'plugin:social-media/guardianship-sweep',
          after: {
            leftTheOrganisation: ['user:default/campaign-manager'],
            backInTheOrganisation: ['user:default/marketing-lead'],
          },
        }),
      ),
    ).toEqual({
      action: 'Leaver detection',
      changes: [
        'Left the organisation, still holding access: user:default/campaign-manager',
        'Back in the organisation: user:default/marketing-lead',
      ],
    });
  });

  it('describes an incident reported from the portal with its ITSM number', () => {
    const reported = entry({
      action: 'incident-reported',
      before: undefined,
      after: {
        connectorId: 'servicenow',
        number: 'INC0010042',
        title: 'Password reset nobody requested',
        category: 'account-takeover',
      },
    });
    expect(
      summarizeEntry(reported, [
        { id: 'servicenow', displayName: 'ServiceNow' },
      ]),
    ).toEqual({
      action: 'Incident reported',
      changes: [
        'INC0010042 raised in ServiceNow: Password reset nobody requested',
      ],
    });
    // A tool whose connector is no longer installed is named by its id.
    expect(summarizeEntry(reported, []).changes).toEqual([
      'INC0010042 raised in servicenow: Password reset nobody requested',
    ]);
  });

  it('names a changed ITSM system by the name its installed connector gives it', () => {
    expect(
      summarizeEntry(
        entry({
          action: 'update',
          before: { itsm: { system: 'servicenow', reference: 'Corporate X' } },
          after: { itsm: { system: 'freshservice', reference: '42' } },
        }),
        [
          { id: 'servicenow', displayName: 'ServiceNow' },
          { id: 'freshservice', displayName: 'Freshservice' },
        ],
      ).changes,
    ).toEqual(
      expect.arrayContaining(['ITSM system: ServiceNow → Freshservice']),
    );
  });

  it('describes a transfer and a retirement with their requests and every checklist answer', () => {
    expect(
      summarizeEntry(
        entry({
          action: 'transfer',
          before: {
            ownerGroup: 'group:default/marketing',
            serviceOwner: 'user:default/marketing-lead',
          },
          after: {
            ownerGroup: 'group:default/communications',
            serviceOwner: 'user:default/communications-lead',
            request: {
              id: 6,
              kind: 'transfer',
              requestedBy: 'user:default/marketing-lead',
              decidedBy: 'user:default/communications-lead',
              checklist: {
                'admins-reviewed': true,
                'credentials-rotated': true,
                'recovery-email-changed': true,
                'recovery-phone-changed': true,
              },
            },
          },
        }),
      ),
    ).toEqual({
      action: 'Handed over',
      changes: [
        'Owner group: marketing → communications',
        'Service owner: marketing-lead → communications-lead',
        'Transfer 6 asked by marketing-lead, accepted by communications-lead',
        "Checklist confirmed (4 of 4): Admins reviewed: only people who should keep access still have it; Credentials rotated, with the new ones in the vault; Recovery e-mail changed to the new owner's; Recovery phone changed to the new owner's",
      ],
    });
    const retirement = summarizeEntry(
      entry({
        action: 'transition',
        before: {
          lifecycleStage: 'operation',
          controls: { accessRevoked: false, accountStatus: 'active' },
        },
        after: {
          lifecycleStage: 'retired',
          controls: { accessRevoked: true, accountStatus: 'archived' },
          reason: 'The newsroom replaces the blog',
          request: {
            id: 7,
            kind: 'retirement',
            requestedBy: 'user:default/communications-lead',
            decidedBy: 'user:default/it-service-manager',
            handle: 'kept',
            checklist: { 'content-archived': true, 'admins-removed': true },
          },
        },
      }),
    );
    expect(retirement.changes).toEqual(
      expect.arrayContaining([
        'Access revoked: no → yes',
        'Account status: Active → Archived',
        'Reason: The newsroom replaces the blog',
        'Retirement 7 asked by communications-lead, approved by it-service-manager',
        'Checklist confirmed (2 of 4): Content archived; Admins removed',
      ]),
    );
  });

  it('describes a transition with its reason', () => {
    expect(
      summarizeEntry(
        entry({
          action: 'transition',
          before: { lifecycleStage: 'design', version: 2 },
          after: {
            lifecycleStage: 'transition',
            version: 3,
            reason: 'Profile ready',
          },
        }),
      ),
    ).toEqual({
      action: 'Moved',
      changes: [
        'Lifecycle stage: Design → Transition',
        'Reason: Profile ready',
      ],
    });
  });

  it('lists changed fields of an update, nested ones included', () => {
    const before = {
      name: 'Corporate X',
      tags: ['brand'],
      controls: { mfaEnabled: false, accountStatus: 'active' },
      version: 3,
      updatedAt: 'a',
    };
    const after = {
      name: 'Corporate X',
      tags: ['brand', 'emea'],
      serviceOwner: 'user:default/service-owner',
      controls: { mfaEnabled: true, accountStatus: 'archived' },
      version: 4,
      updatedAt: 'b',
    };
    expect(summarizeEntry(entry({ before, after }))).toEqual({
      action: 'Updated',
      changes: [
        'Tags: brand → brand, emea',
        'MFA enabled: no → yes',
        'Account status: Active → Archived',
        'Service owner: not set → service-owner',
      ],
    });
  });

  it('names every guardianship control in words, and connected apps by name', () => {
    const before = {
      controls: {
        recoveryOwnedByCompany: false,
        sharedLogin: true,
        thirdPartyApps: [],
        lastAccessReviewAt: undefined,
      },
    };
    const after = {
      controls: {
        recoveryOwnedByCompany: true,
        sharedLogin: false,
        thirdPartyApps: [
          { name: 'Scheduler', scopes: ['publish'] },
          { name: 'Inbox', scopes: ['read'] },
        ],
        someLaterControl: true,
      },
    };
    const { changes } = summarizeEntry(entry({ before, after }));
    expect(changes).toEqual([
      'Recovery e-mail and phone owned by the company: no → yes',
      'Shared login: yes → no',
      'Third-party apps: none → Scheduler, Inbox',
      'Some later control: not set → yes',
    ]);
    expect(changes.join(' ')).not.toMatch(/controls\./);
  });

  it('reads a review of a connected app as one, with its date', () => {
    const app = (lastReviewedAt: string) => ({
      controls: {
        thirdPartyApps: [
          { name: 'Publishing suite', scopes: ['publish'], lastReviewedAt },
        ],
      },
    });
    const { changes } = summarizeEntry(
      entry({
        before: app('2026-01-19T00:00:00.000Z'),
        after: app('2026-07-06T00:00:00.000Z'),
      }),
    );
    expect(changes).toEqual([
      'Third-party apps: Publishing suite (reviewed Jan 19, 2026) → Publishing suite (reviewed Jul 6, 2026)',
    ]);
  });

  it('describes creation and admin changes', () => {
    expect(
      summarizeEntry(
        entry({
          action: 'create',
          after: {
            lifecycleStage: 'strategy',
            platform: 'x',
            handle: '@acme',
            ownerGroup: 'group:default/comms',
          },
        }),
      ).changes,
    ).toEqual([
      'Catalogued in Strategy',
      'X account @acme',
      'Owner group: comms',
    ]);
    expect(
      summarizeEntry(
        entry({
          action: 'update-admins',
          before: {
            admins: [
              { account: 'a', role: 'owner' },
              { account: 'b', role: 'editor' },
            ],
          },
          after: {
            admins: [
              { account: 'a', role: 'admin' },
              { account: 'c', role: 'analyst' },
            ],
          },
        }),
      ),
    ).toEqual({
      action: 'Admins changed',
      changes: [
        'Changed a from owner to admin',
        'Added c as analyst',
        'Removed b',
      ],
    });
  });

  it('names the request a service came from, who requested it and who approved it', () => {
    const created = entry({
      action: 'create',
      actor: 'user:default/security-analyst',
      after: {
        lifecycleStage: 'design',
        platform: 'tiktok',
        handle: '@springcampaign',
        ownerGroup: 'group:default/marketing',
        request: {
          id: 7,
          requestedBy: 'user:default/marketing-lead',
          approvedBy: [
            {
              role: 'IT service management',
              by: 'user:default/it-service-manager',
              at: '2026-11-21T10:00:00.000Z',
            },
            {
              role: 'Security office',
              by: 'user:default/security-analyst',
              at: '2026-11-22T10:00:00.000Z',
            },
          ],
        },
      },
    });
    expect(summarizeEntry(created)).toEqual({
      action: 'Created',
      changes: [
        'Catalogued in Design',
        'TikTok account @springcampaign',
        'Owner group: marketing',
        'Requested in request 7 by marketing-lead; approved by it-service-manager (IT service management) on Nov 21, 2026 and security-analyst (Security office) on Nov 22, 2026',
      ],
    });
    // The service page links its details to that request.
    expect(requestIdOf([entry({ action: 'update', seq: 2 }), created])).toBe(7);
    expect(requestIdOf([entry({ action: 'create', after: {} })])).toBe(
      undefined,
    );
  });

  it('describes a sign-off: the rating signed, how it was worked out, the note', () => {
    expect(
      summarizeEntry(
        entry({
          action: 'sign-off',
          actor: 'user:default/security-officer',
          after: {
            rating: 'high',
            likelihoodLevel: 3,
            impactLevel: 3,
            note: 'Vault migration booked for December',
          },
        }),
      ),
    ).toEqual({
      action: 'Risk signed off',
      changes: [
        'Rating signed off: High (likelihood level 3 × impact level 3)',
        'Note: Vault migration booked for December',
      ],
    });
  });

  it('names the sign-off a new one replaces', () => {
    const { changes } = summarizeEntry(
      entry({
        action: 'sign-off',
        before: {
          signedBy: 'user:default/service-owner',
          signedAt: '2026-10-02T12:00:00.000Z',
          rating: 'medium',
        },
        after: { rating: 'high', note: 'Re-rated after the leaver' },
      }),
    );
    expect(changes).toEqual([
      'Rating signed off: High',
      'Note: Re-rated after the leaver',
      'Replaces the sign-off of Oct 2, 2026 (Medium)',
    ]);
  });

  it.each(['create', 'import'])(
    'says when a service was recorded as found, out of compliance with its stage (%s)',
    action => {
      const { changes } = summarizeEntry(
        entry({
          action,
          after: {
            lifecycleStage: 'operation',
            platform: 'facebook',
            handle: 'acme',
            ownerGroup: 'group:default/marketing',
            outOfCompliance: {
              stage: 'operation',
              missing: ['MFA enabled', 'credentials in a vault'],
              reason:
                'Catalogued in operation as found, without MFA enabled, credentials in a vault',
            },
          },
        }),
      );
      expect(changes).toEqual([
        'Catalogued in Operation',
        'Facebook account acme',
        'Owner group: marketing',
        'Recorded as found, out of compliance: operation requires MFA enabled and credentials in a vault',
      ]);
    },
  );

  it('says nothing of compliance for a service catalogued within its stage', () => {
    const { changes } = summarizeEntry(
      entry({ action: 'import', after: { lifecycleStage: 'design' } }),
    );
    expect(changes).toEqual(['Catalogued in Design']);
  });

  it('still reads old entries with the dates the forms no longer take, in words', () => {
    const { changes } = summarizeEntry(
      entry({
        before: { controls: { riskAssessedAt: undefined } },
        after: {
          controls: {
            riskAssessedAt: '2026-11-28T12:00:00.000Z',
            lastAccessReviewAt: '2026-07-31T12:00:00.000Z',
          },
        },
      }),
    );
    expect(changes).toEqual([
      'Risk assessed at: not set → Nov 28, 2026',
      'Last access review at: not set → Jul 31, 2026',
    ]);
  });
});
