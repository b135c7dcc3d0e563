import { DEFAULT_RISK_MODEL } from '@internal/plugin-social-media-common';
import {
  checkRequesterMove,
  decideRequest,
  DEFAULT_APPROVAL_POLICY,
  predictRequest,
  requiredApprovals,
} from './serviceRequests';

const questionnaire = {
  regulatedContent: false,
  brandLevel: false,
  expectedAudience: 5000,
  whoPosts: 'The social media team',
  thirdPartyTools: [],
};
const ITSM = 'group:default/it-service-management';
const SECURITY = 'group:default/security-office';
const person = (name: string, ...groups: string[]) => ({
  userRef: `user:default/${name}`,
  claims: [`user:default/${name}`, ...groups.map(g => `group:default/${g}`)],
});
const AT = '2026-11-28T10:00:00.000Z';
/** What a request states of the service: its purpose and owners, without a profile yet. */
const stated = {
  purpose: 'Recruiting in France',
  ownerGroup: 'group:default/marketing',
  serviceOwner: 'user:default/social-media-manager',
};

function submitted(regulatedContent = false) {
  const prediction = predictRequest(
    {
      ...stated,
      platform: 'tiktok',
      questionnaire: { ...questionnaire, regulatedContent },
    },
    DEFAULT_RISK_MODEL,
  );
  return {
    status: 'submitted' as const,
    requester: 'user:default/marketing-lead',
    requestingTeam: 'group:default/marketing',
    approvals: requiredApprovals(
      { questionnaire: { ...questionnaire, regulatedContent } },
      prediction,
      DEFAULT_APPROVAL_POLICY,
    ),
  };
}

describe('predictRequest', () => {
  it('rates the account as it will run with what operation requires, and lists what the request does not already meet', () => {
    const small = predictRequest(
      { ...stated, platform: 'tiktok', questionnaire },
      DEFAULT_RISK_MODEL,
    );
    const large = predictRequest(
      {
        ...stated,
        platform: 'tiktok',
        questionnaire: {
          ...questionnaire,
          expectedAudience: 2_000_000,
          regulatedContent: true,
          brandLevel: true,
          thirdPartyTools: ['Scheduler', 'Analytics', 'Contest app'],
        },
      },
      DEFAULT_RISK_MODEL,
    );
    // The purpose, the owning group and the service owner are in the request; the controls are
    // what the account still needs.
    expect(small.requirements).toEqual([
      'a profile URL',
      'MFA enabled',
      'credentials in a vault',
      'personal admin access instead of a shared login',
      'a recovery e-mail and phone owned by the company',
    ]);
    expect(
      predictRequest(
        {
          ...stated,
          profileUrl: 'https://www.tiktok.com/@brand',
          platform: 'tiktok',
          questionnaire,
        },
        DEFAULT_RISK_MODEL,
      ).requirements,
    ).not.toContain('a profile URL');
    expect(
      predictRequest(
        { ...stated, purpose: ' ', platform: 'tiktok', questionnaire },
        DEFAULT_RISK_MODEL,
      ).requirements,
    ).toContain('a stated purpose');
    // A rating predicted critical does not meet operation's gate either.
    expect(large.requirements.includes('a risk rating below critical')).toBe(
      large.rating === 'critical',
    );
    expect(small.assessment.factors.find(f => f.id === 'mfa')!.value).toBe(
      'on',
    );
    expect(['low', 'medium']).toContain(small.rating);
    expect(['high', 'critical']).toContain(large.rating);
  });
});

describe('requiredApprovals', () => {
  it('asks IT service management always, and the security office for regulated or high-risk accounts', () => {
    expect(submitted().approvals.map(a => a.role)).toEqual([
      'service-management',
    ]);
    const regulated = submitted(true).approvals;
    expect(regulated.map(a => [a.role, a.groups])).toEqual([
      ['service-management', [ITSM]],
      ['security', [SECURITY]],
    ]);
    expect(regulated[1].reason).toContain('regulated content');
    expect(
      requiredApprovals(
        { questionnaire },
        { rating: 'high' },
        DEFAULT_APPROVAL_POLICY,
      )[1].reason,
    ).toContain('the predicted rating is high');
  });
});

describe('decideRequest', () => {
  it('refuses the requester, the requesting team and people who approve nothing', () => {
    const request = submitted();
    for (const [who, message] of [
      [
        person('marketing-lead', 'it-service-management'),
        'You filed this request',
      ],
      [
        person('social-media-manager', 'marketing', 'it-service-management'),
        'You belong to the requesting team',
      ],
      [person('hr-partner', 'hr'), 'You are not an approver of this request'],
    ] as const) {
      expect(decideRequest(request, 'approve', who, AT)).toEqual({
        kind: 'forbidden',
        message: expect.stringContaining(message),
      });
    }
  });

  it('approves a request needing one approval at once', () => {
    expect(
      decideRequest(
        submitted(),
        'approve',
        person('it-service-manager', 'it-service-management'),
        AT,
      ),
    ).toMatchObject({
      status: 'approved',
      approvals: [
        { approvedBy: 'user:default/it-service-manager', approvedAt: AT },
      ],
    });
  });

  it('needs two different people for two approvals', () => {
    const both = person(
      'security-and-it',
      'security-office',
      'it-service-management',
    );
    const first = decideRequest(submitted(true), 'approve', both, AT);
    expect(first).toMatchObject({ status: 'submitted' });
    const afterFirst = {
      ...submitted(true),
      approvals: (first as { approvals: any[] }).approvals,
    };
    expect(decideRequest(afterFirst, 'approve', both, AT)).toEqual({
      kind: 'forbidden',
      message: expect.stringContaining('You already approved this request'),
    });
    expect(
      decideRequest(
        afterFirst,
        'approve',
        person('security-analyst', 'security-office'),
        AT,
      ),
    ).toMatchObject({ status: 'approved' });
  });

  it('rejects or sends back for changes, and decides nothing on a request no longer submitted', () => {
    const approver = person('it-service-manager', 'it-service-management');
    expect(decideRequest(submitted(), 'reject', approver, AT)).toMatchObject({
      status: 'rejected',
    });
    expect(
      decideRequest(submitted(), 'request-changes', approver, AT),
    ).toMatchObject({ status: 'changes-requested' });
    expect(
      decideRequest(
        { ...submitted(), status: 'withdrawn' },
        'approve',
        approver,
        AT,
      ),
    ).toEqual({
      kind: 'conflict',
      message: 'This request is withdrawn; there is nothing left to decide',
    });
  });
});

describe('checkRequesterMove', () => {
  const request = submitted();
  it('lets the requester side withdraw a submitted request but not edit it', () => {
    const teammate = person('social-media-manager', 'marketing');
    expect(checkRequesterMove(request, 'withdraw', teammate)).toBeUndefined();
    expect(checkRequesterMove(request, 'update', teammate)).toEqual({
      kind: 'conflict',
      message: 'This request is submitted; it can no longer be edited',
    });
    expect(
      checkRequesterMove(request, 'withdraw', person('hr-partner', 'hr')),
    ).toEqual({
      kind: 'forbidden',
      message:
        'Only the requester or a member of group:default/marketing may withdraw this request',
    });
  });
});
