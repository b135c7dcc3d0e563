import type { AuditEntry } from '@internal/plugin-social-media-common';
import { summarizeCaseEntry } from './caseEntrySummary';

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    seq: 1,
    entityType: 'service-request',
    entityId: '7',
    action: 'request-submit',
    actor: 'user:default/marketing-lead',
    at: '2026-11-20T10:00:00.000Z',
    prevHash: '',
    hash: 'abc',
    ...overrides,
  };
}

const FILED = {
  platform: 'tiktok',
  name: 'Spring campaign TikTok',
  handle: '@larkmoorspring',
  purpose: 'Short videos for the spring campaign',
  requestingTeam: 'group:default/marketing',
  ownerGroup: 'group:default/communications',
  serviceOwner: 'user:default/communications-lead',
  questionnaire: { regulatedContent: false, expectedAudience: 20000 },
  status: 'submitted',
  predictedRating: 'low',
};

describe('summarizeCaseEntry', () => {
  it('reads a filed request as what was asked for, by whom it is to be owned, and its prediction', () => {
    expect(summarizeCaseEntry(entry({ after: FILED }))).toEqual({
      action: 'Request submitted',
      changes: [
        'TikTok account @larkmoorspring: Spring campaign TikTok',
        'For marketing; to be owned by communications, with communications-lead as service owner',
        'Predicted rating: Low',
        'Status: Submitted',
      ],
    });
    expect(
      summarizeCaseEntry(
        entry({
          action: 'request-create',
          after: { ...FILED, status: 'draft' },
        }),
      )?.action,
    ).toBe('Request drafted');
  });

  it('reads an edit as the fields that changed, not the parts of the request it left alone', () => {
    const before = {
      ...FILED,
      id: 7,
      approvals: [{ role: 'service-management' }],
      steps: [{ action: 'create' }],
    };
    const { status: _status, predictedRating: _rating, ...input } = FILED;
    expect(
      summarizeCaseEntry(
        entry({
          action: 'request-update',
          before,
          after: {
            ...input,
            purpose: 'Spring campaign, with a moderation plan',
            questionnaire: { regulatedContent: true, expectedAudience: 20000 },
          },
        }),
      ),
    ).toEqual({
      action: 'Request edited',
      changes: [
        'Purpose: Short videos for the spring campaign → Spring campaign, with a moderation plan',
        'Regulated content: no → yes',
      ],
    });
  });

  it('reads a decision as the move between statuses, the service it catalogued and the comment', () => {
    expect(
      summarizeCaseEntry(
        entry({
          action: 'request-approve',
          actor: 'user:default/it-service-manager',
          before: { status: 'submitted' },
          after: {
            status: 'provisioned',
            comment: 'Owner and tools checked',
            serviceId: 'spring-campaign-tiktok',
          },
        }),
      ),
    ).toEqual({
      action: 'Request approved',
      changes: [
        'Status: Submitted → Provisioned',
        'Catalogued as spring-campaign-tiktok',
        'Comment: "Owner and tools checked"',
      ],
    });
    expect(
      summarizeCaseEntry(
        entry({
          action: 'request-request-changes',
          before: { status: 'submitted' },
          after: { status: 'changes-requested' },
        }),
      ),
    ).toEqual({
      action: 'Changes asked for',
      changes: ['Status: Submitted → Changes requested'],
    });
  });

  it('reads a filed transfer and a filed retirement with their checklists by the checklist labels', () => {
    expect(
      summarizeCaseEntry(
        entry({
          entityType: 'service-handover',
          entityId: '4',
          action: 'transfer-submit',
          after: {
            serviceId: 'emea-x-account',
            kind: 'transfer',
            toOwnerGroup: 'group:default/communications',
            toServiceOwner: 'user:default/communications-lead',
            reason: 'Regional news now comes from the corporate newsroom',
            status: 'submitted',
          },
        }),
      ),
    ).toEqual({
      action: 'Transfer filed',
      changes: [
        'Transfer of emea-x-account to communications, with communications-lead as service owner',
        'Reason: Regional news now comes from the corporate newsroom',
        'Status: Waiting to be accepted',
      ],
    });
    expect(
      summarizeCaseEntry(
        entry({
          entityType: 'service-handover',
          entityId: '5',
          action: 'retirement-submit',
          after: {
            serviceId: 'support-youtube-how-to-channel',
            kind: 'retirement',
            handle: 'kept',
            checklist: {
              'content-archived': true,
              'admins-removed': true,
              'third-party-apps-revoked': false,
              'credentials-removed': true,
            },
            reason: 'The how-to videos now play in the help centre',
            status: 'submitted',
          },
        }),
      ),
    ).toEqual({
      action: 'Retirement filed',
      changes: [
        'Retirement of support-youtube-how-to-channel; the account is archived (handle kept)',
        'Checklist confirmed (3 of 4): Content archived; Admins removed; Credentials removed from the vault',
        'Reason: The how-to videos now play in the help centre',
        'Status: Waiting for approval',
      ],
    });
  });

  it('reads the decision on a handover as its outcome, in the words of its kind', () => {
    expect(
      summarizeCaseEntry(
        entry({
          entityType: 'service-handover',
          action: 'retirement-accept',
          before: { status: 'submitted' },
          after: { status: 'completed', comment: 'Archive checked' },
        }),
      ),
    ).toEqual({
      action: 'Retirement approved',
      changes: [
        'Status: Waiting for approval → Retired',
        'Comment: "Archive checked"',
      ],
    });
    expect(
      summarizeCaseEntry(
        entry({
          entityType: 'service-handover',
          action: 'transfer-accept',
          before: { status: 'submitted' },
          after: {
            status: 'completed',
            checklist: {
              'admins-reviewed': true,
              'credentials-rotated': true,
              'recovery-email-changed': true,
              'recovery-phone-changed': true,
            },
          },
        }),
      )?.changes,
    ).toEqual([
      'Status: Waiting to be accepted → Transferred',
      "Checklist confirmed (4 of 4): Admins reviewed: only people who should keep access still have it; Credentials rotated, with the new ones in the vault; Recovery e-mail changed to the new owner's; Recovery phone changed to the new owner's",
    ]);
  });

  it('leaves every other entry to the service history', () => {
    expect(
      summarizeCaseEntry(entry({ entityType: 'service', action: 'update' })),
    ).toBeUndefined();
  });
});
