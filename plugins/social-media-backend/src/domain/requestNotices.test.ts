import {
  DEFAULT_RISK_MODEL,
  RiskRating,
  ServiceRequest,
} from '@internal/plugin-social-media-common';
import { requestNotice } from './requestNotices';
import {
  DEFAULT_APPROVAL_POLICY,
  predictRequest,
  requiredApprovals,
} from './serviceRequests';

const ITSM = 'group:default/it-service-management';
const SECURITY = 'group:default/security-office';
const REQUESTER = 'user:default/marketing-lead';
const MANAGER = 'user:default/it-service-manager';
const ANALYST = 'user:default/security-analyst';
const AT = '2026-11-28T10:00:00.000Z';

/** Request 12 for a TikTok account; regulated content adds the security office's approval. */
function request(
  fields: Partial<ServiceRequest> & { regulatedContent?: boolean } = {},
): ServiceRequest {
  const { regulatedContent = false, ...rest } = fields;
  const questionnaire = {
    regulatedContent,
    brandLevel: false,
    expectedAudience: 5000,
    whoPosts: 'The social media team',
    thirdPartyTools: [],
  };
  const prediction = predictRequest(
    {
      platform: 'tiktok',
      questionnaire,
      purpose: 'Short videos for the spring campaign',
      ownerGroup: 'group:default/marketing',
      serviceOwner: REQUESTER,
    },
    DEFAULT_RISK_MODEL,
  );
  return {
    id: 12,
    platform: 'tiktok',
    name: 'Spring campaign TikTok',
    handle: '@springcampaign',
    purpose: 'Short videos for the spring campaign',
    audience: 'Young adults in EMEA',
    regions: ['EMEA'],
    businessUnit: 'Marketing',
    requestingTeam: 'group:default/marketing',
    ownerGroup: 'group:default/marketing',
    serviceOwner: REQUESTER,
    targetDate: '2027-03-01',
    questionnaire,
    status: 'submitted',
    requester: REQUESTER,
    prediction,
    approvals: requiredApprovals(
      { questionnaire },
      prediction,
      DEFAULT_APPROVAL_POLICY,
    ),
    steps: [],
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...rest,
  };
}

const withRating = (rating: RiskRating, base = request()) => ({
  ...base,
  prediction: { ...base.prediction, rating },
});

/** The request once the IT service manager gave every approval and it was catalogued. */
function provisioned(before: ServiceRequest): ServiceRequest {
  return {
    ...before,
    status: 'provisioned',
    serviceId: 'spring-campaign-tiktok',
    approvals: before.approvals.map(a => ({
      ...a,
      approvedBy: MANAGER,
      approvedAt: AT,
    })),
  };
}

describe('requestNotice', () => {
  const link = '/social-media/requests/12';
  const topic = 'social-media-request-12';

  it('tells the groups of every needed approval that a submitted request waits for them, never its requester', () => {
    const submitted = request({ regulatedContent: true });
    expect(
      requestNotice(undefined, submitted, {
        action: 'submit',
        actor: REQUESTER,
      }),
    ).toEqual({
      recipients: [ITSM, SECURITY],
      excludeRecipients: [REQUESTER],
      title:
        'Service request 12 waits for your approval: Spring campaign TikTok (TikTok)',
      description:
        `Submitted by marketing-lead for marketing: @springcampaign. Predicted rating: ` +
        `${submitted.prediction.rating}. Approvals needed: IT service management and Security office.`,
      link,
      topic,
      severity: 'normal',
    });
  });

  it('marks the approval notice high when the predicted rating is high or critical', () => {
    const notice = (rating: RiskRating) =>
      requestNotice(undefined, withRating(rating), {
        action: 'submit',
        actor: REQUESTER,
      })?.severity;
    expect(
      (['low', 'medium', 'high', 'critical'] as const).map(notice),
    ).toEqual(['normal', 'normal', 'high', 'high']);
  });

  it('says a request changed and submitted again waits again, for every approval', () => {
    const before = request({ status: 'changes-requested' });
    const notice = requestNotice(before, request({ status: 'submitted' }), {
      action: 'submit',
      actor: 'user:default/social-media-manager',
    });
    expect(notice?.recipients).toEqual([ITSM]);
    expect(notice?.description).toMatch(
      /^Changed and submitted again by marketing-lead for marketing/,
    );
  });

  it('names each group once even when two approvals share it', () => {
    const shared = request({
      approvals: [
        { role: 'service-management', title: 'IT', groups: [ITSM], reason: '' },
        {
          role: 'security',
          title: 'Security',
          groups: ['Group:default/IT-Service-Management', SECURITY],
          reason: '',
        },
      ],
    });
    expect(
      requestNotice(undefined, shared, { action: 'submit', actor: REQUESTER })
        ?.recipients,
    ).toEqual([ITSM, SECURITY]);
  });

  it('tells the requester of a first approval and what the request still waits for, without telling the approvers again', () => {
    const before = request({ regulatedContent: true });
    const after = {
      ...before,
      version: 2,
      approvals: before.approvals.map(a =>
        a.role === 'security'
          ? { ...a, approvedBy: ANALYST, approvedAt: AT }
          : a,
      ),
    };
    expect(
      requestNotice(before, after, {
        action: 'approve',
        actor: ANALYST,
        comment: 'Regulated content plan reviewed',
      }),
    ).toEqual({
      recipients: [REQUESTER],
      title:
        'Service request 12: Security office approved Spring campaign TikTok (TikTok)',
      description:
        'Approved by security-analyst: "Regulated content plan reviewed". It still waits for IT service management.',
      link,
      topic,
      severity: 'normal',
    });
  });

  it('tells the requester that the last approval catalogued the service, naming it', () => {
    const before = request();
    const after = provisioned(before);
    expect(
      requestNotice(before, after, {
        action: 'approve',
        actor: MANAGER,
        comment: 'Owner, audience and tools checked',
      }),
    ).toMatchObject({
      recipients: [REQUESTER],
      title:
        'Service request 12 approved: Spring campaign TikTok (TikTok) is catalogued as spring-campaign-tiktok',
      description:
        'Approved by it-service-manager: "Owner, audience and tools checked". The service spring-campaign-tiktok starts in design, owned by marketing-lead.',
      link,
    });
  });

  it('tells the service owner the request names, when another person filed it, that the service is theirs', () => {
    const owner = 'user:default/community-manager';
    const before = request({ serviceOwner: owner });
    const after = provisioned(before);
    expect(
      requestNotice(before, after, { action: 'approve', actor: MANAGER }),
    ).toMatchObject({
      recipients: [REQUESTER, owner],
      description:
        'Approved by it-service-manager. The service spring-campaign-tiktok starts in design, owned by community-manager.',
    });
  });

  it('tells the requester of a rejection and of a request for changes, with the comment or without one', () => {
    const before = request();
    expect(
      requestNotice(before, request({ status: 'rejected' }), {
        action: 'reject',
        actor: MANAGER,
        comment: 'The brand already has a TikTok account',
      }),
    ).toMatchObject({
      recipients: [REQUESTER],
      title: 'Service request 12 was rejected: Spring campaign TikTok (TikTok)',
      description:
        'Rejected by it-service-manager: "The brand already has a TikTok account".',
    });
    expect(
      requestNotice(before, request({ status: 'changes-requested' }), {
        action: 'request-changes',
        actor: MANAGER,
      }),
    ).toMatchObject({
      recipients: [REQUESTER],
      title:
        'Service request 12 needs changes: Spring campaign TikTok (TikTok)',
      description:
        'Changes asked for by it-service-manager. Edit the request and submit it again.',
    });
  });

  it('tells the approvers still waiting that a submitted request was withdrawn', () => {
    const before = request({ regulatedContent: true });
    const partly = {
      ...before,
      approvals: before.approvals.map(a =>
        a.role === 'service-management'
          ? { ...a, approvedBy: MANAGER, approvedAt: AT }
          : a,
      ),
    };
    expect(
      requestNotice(
        partly,
        { ...partly, status: 'withdrawn' },
        { action: 'withdraw', actor: REQUESTER, comment: 'Campaign cancelled' },
      ),
    ).toEqual({
      recipients: [SECURITY],
      excludeRecipients: [REQUESTER],
      title:
        'Service request 12 was withdrawn: Spring campaign TikTok (TikTok)',
      description:
        'Withdrawn by marketing-lead: "Campaign cancelled". It no longer waits for your approval.',
      link,
      topic,
      severity: 'low',
    });
  });

  it('tells nobody of steps no one waits on: a draft, an edit, withdrawing a draft or a request sent back', () => {
    const draft = request({ status: 'draft' });
    expect(
      requestNotice(undefined, draft, { action: 'create', actor: REQUESTER }),
    ).toBeUndefined();
    expect(
      requestNotice(draft, draft, { action: 'update', actor: REQUESTER }),
    ).toBeUndefined();
    for (const status of ['draft', 'changes-requested'] as const) {
      expect(
        requestNotice(request({ status }), request({ status: 'withdrawn' }), {
          action: 'withdraw',
          actor: REQUESTER,
        }),
      ).toBeUndefined();
    }
  });

  it('tells nobody when there is no one to tell', () => {
    const nobody = request({
      approvals: [
        { role: 'service-management', title: 'IT', groups: [], reason: '' },
      ],
    });
    expect(
      requestNotice(undefined, nobody, { action: 'submit', actor: REQUESTER }),
    ).toBeUndefined();
  });
});
