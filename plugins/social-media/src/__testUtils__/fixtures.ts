import { ResponseError } from '@backstage/errors';
import {
  assessRisk,
  evaluateStageCompliance,
  nextTransitions,
  type AccessReview,
  type PortfolioDashboard,
  type RiskHistoryEntry,
  type ServiceRequest,
  type ItsmConnectorInfo,
  type SocialMediaStatus,
  type SocialService,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import type { ServiceRequestPreview, SocialMediaApi } from '../api';

/**
 * A service as the list returns it; override what the test is about. Its
 * stage compliance comes from the real rules unless the test gives one.
 */
export function aService(
  overrides: Partial<SocialService> = {},
): SocialService {
  const service: Omit<SocialService, 'compliance'> = {
    id: 'corporate-x',
    name: 'Corporate X account',
    platform: 'x',
    handle: '@acme',
    profileUrl: 'https://x.com/acme',
    purpose: 'Company news and customer questions',
    businessUnit: 'Corporate Communications',
    ownerGroup: 'group:default/corporate-communications',
    serviceOwner: 'user:default/service-owner',
    businessRequester: 'user:default/campaign-manager',
    audienceSize: 120000,
    tags: ['brand', 'emea'],
    lifecycleStage: 'transition',
    controls: {
      mfaEnabled: true,
      mfaMethod: 'authenticator-app',
      ssoEnabled: false,
      credentialVaultRef: undefined,
      sharedLogin: false,
      thirdPartyApps: [
        {
          name: 'Scheduler',
          scopes: ['publish', 'read_insights'],
          lastReviewedAt: '2026-10-01T00:00:00.000Z',
        },
      ],
      verified: true,
      recoveryOwnedByCompany: true,
      regulatedContent: false,
      brandLevel: false,
      lastAccessReviewAt: '2026-09-01T00:00:00.000Z',
      accessRevoked: false,
      accountStatus: 'active',
    },
    itsm: { system: 'servicenow', reference: 'Corporate X account' },
    riskRating: 'high',
    leaverCount: 1,
    accessReviewDueAt: '2026-12-01T00:00:00.000Z',
    openIncidentCount: 2,
    adminCount: 2,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-20T10:30:00.000Z',
    version: 4,
    ...overrides,
  };
  return {
    ...service,
    compliance: overrides.compliance ?? evaluateStageCompliance(service),
  };
}

/**
 * The rating of the service below, from the real risk model: no vault (+2)
 * and one leaver with access (+3) on a large X account give "high".
 */
export const aRisk = {
  ...assessRisk({
    platform: 'x',
    mfaEnabled: true,
    mfaMethod: 'authenticator-app',
    credentialsInVault: false,
    sharedLogin: false,
    adminCount: 2,
    leaversWithAccess: 1,
    unreviewedThirdPartyApps: 0,
    accessReviewOverdueDays: 0,
    recentSecurityIncidents: 0,
    verified: true,
    recoveryOwnedByCompany: true,
    audienceSize: 120000,
    regulatedContent: false,
    brandLevel: false,
  }),
  assessedAt: '2026-11-20T10:30:00.000Z',
};

/**
 * A service whose owner group was changed in the database to Finance, where its audit trail set
 * Corporate Communications: as the backend answers it.
 */
export function aServiceWithOwnerChangedOutside(): SocialServiceDetails {
  return aServiceDetails({
    ownerGroup: 'group:default/finance',
    recordProblems: [
      {
        field: 'ownerGroup',
        stored: 'group:default/finance',
        shownAs:
          'stored (the audit trail\'s last change set "group:default/communications")',
      },
    ],
  });
}

/** A service as its page reads it, with next transitions from the real rules. */
export function aServiceDetails(
  overrides: Partial<SocialServiceDetails> = {},
): SocialServiceDetails {
  const service = aService(overrides);
  return {
    admins: [
      {
        account: 'acme-social',
        userRef: 'user:default/service-owner',
        role: 'owner',
        inOrganisation: true,
        addedAt: '2026-11-01T09:00:00.000Z',
      },
      {
        account: 'old-intern',
        userRef: 'user:default/intern',
        role: 'editor',
        inOrganisation: false,
        addedAt: '2026-03-01T09:00:00.000Z',
      },
    ],
    transitions: [
      {
        serviceId: service.id,
        from: 'strategy',
        to: 'design',
        actor: 'user:default/service-owner',
        reason: 'Approved by the brand board',
        at: '2026-11-02T09:00:00.000Z',
      },
      {
        serviceId: service.id,
        from: 'design',
        to: 'transition',
        actor: 'user:default/campaign-manager',
        reason: 'Profile ready for launch',
        at: '2026-11-10T09:00:00.000Z',
      },
    ],
    nextTransitions: nextTransitions(service),
    risk: aRisk,
    accessReview: {
      status: 'current',
      lastReviewedAt: '2026-09-01T00:00:00.000Z',
      dueAt: '2026-12-01T00:00:00.000Z',
      overdueDays: 0,
      intervalDays: 90,
    },
    leavers: [
      {
        role: 'admin',
        userRef: 'user:default/intern',
        account: 'old-intern',
      },
    ],
    ...service,
    ...overrides,
  };
}

/** Two changes of the rating, newest first. */
export const aRiskHistory: RiskHistoryEntry[] = [
  {
    serviceId: 'corporate-x',
    rating: 'high',
    previousRating: 'medium',
    likelihoodLevel: 3,
    impactLevel: 3,
    reasons: aRisk.factors
      .filter(f => f.contribution > 0 && f.kind === 'likelihood')
      .sort((a, b) => b.contribution - a.contribution),
    trigger: 'leaver-detection',
    at: '2026-11-20T10:30:00.000Z',
  },
  {
    serviceId: 'corporate-x',
    rating: 'medium',
    likelihoodLevel: 2,
    impactLevel: 3,
    reasons: aRisk.factors.filter(f => f.id === 'vault'),
    trigger: 'update',
    at: '2026-11-01T09:00:00.000Z',
  },
];

/** A completed access review of the service. */
export const anAccessReview: AccessReview = {
  id: 1,
  serviceId: 'corporate-x',
  reviewer: 'user:default/service-owner',
  at: '2026-09-01T00:00:00.000Z',
  decisions: [
    {
      account: 'acme-social',
      userRef: 'user:default/service-owner',
      decision: 'keep',
    },
    { account: 'former-agency', decision: 'remove' },
  ],
  note: 'Agency contract ended',
};

/** What the portfolio dashboard shows for a small portfolio. */
export const aDashboard: PortfolioDashboard = {
  totalServices: 7,
  byStageAndRisk: [
    { stage: 'strategy', low: 1, medium: 0, high: 0, critical: 0, unrated: 0 },
    { stage: 'design', low: 1, medium: 1, high: 0, critical: 0, unrated: 0 },
    {
      stage: 'transition',
      low: 0,
      medium: 0,
      high: 0,
      critical: 0,
      unrated: 0,
    },
    { stage: 'operation', low: 1, medium: 0, high: 1, critical: 1, unrated: 0 },
    {
      stage: 'improvement',
      low: 0,
      medium: 0,
      high: 0,
      critical: 0,
      unrated: 1,
    },
    { stage: 'retired', low: 0, medium: 0, high: 0, critical: 0, unrated: 0 },
  ],
  riskTrend: [
    { date: '2026-11-18', low: 3, medium: 2, high: 1, critical: 0 },
    { date: '2026-11-19', low: 3, medium: 1, high: 1, critical: 1 },
    { date: '2026-11-20', low: 3, medium: 1, high: 1, critical: 1 },
  ],
  accessReviews: { current: 4, due: 1, overdue: 2 },
  outOfCompliance: 2,
  changedOutside: 1,
  servicesWithLeavers: 1,
  overdueReviews: [
    {
      serviceId: 'corporate-x',
      name: 'Corporate X account',
      platform: 'x',
      ownerGroup: 'group:default/corporate-communications',
      serviceOwner: 'user:default/service-owner',
      riskRating: 'critical',
      review: {
        status: 'overdue',
        lastReviewedAt: '2026-05-01T00:00:00.000Z',
        dueAt: '2026-08-01T00:00:00.000Z',
        overdueDays: 111,
        intervalDays: 90,
      },
    },
    {
      serviceId: 'careers-linkedin',
      name: 'Careers LinkedIn page',
      platform: 'linkedin',
      ownerGroup: 'group:default/hr',
      riskRating: 'medium',
      review: {
        status: 'overdue',
        dueAt: '2026-11-10T00:00:00.000Z',
        overdueDays: 10,
        intervalDays: 90,
      },
    },
  ],
};

export const aStatus: SocialMediaStatus = {
  status: 'ready',
  database: {
    client: 'better-sqlite3',
    latestMigration: '20261125140000_catalogue.js',
    inMemory: false,
    storage: { kind: 'file', file: 'social-media.sqlite' },
  },
  services: {
    total: 7,
    byStage: {
      strategy: 1,
      design: 2,
      transition: 0,
      operation: 3,
      improvement: 1,
      retired: 0,
    },
  },
  connectors: ['servicenow'],
};

/** The ServiceNow connector as its module describes itself; installed, as in aStatus. */
export const aServiceNowConnector: ItsmConnectorInfo = {
  id: 'servicenow',
  displayName: 'ServiceNow',
  reference: {
    label: 'Business service or CI',
    help: 'The business service (or configuration item) the incidents of this service are filed against, by its name or its sys_id.',
    example: 'Corporate X account',
  },
  incidentLinking:
    "Set the incident's Business service to the mapped record; incidents reported from the portal are filed against it.",
  cmdbExport: false,
};

/** A fourth ITSM tool, added by a connector module of its own (not installed by default). */
export const aFreshserviceConnector: ItsmConnectorInfo = {
  id: 'freshservice',
  displayName: 'Freshservice',
  reference: {
    label: 'Freshservice service id',
    help: 'The numeric id of the service in the Freshservice service catalogue.',
    example: '42',
    pattern: '[0-9]+',
  },
  incidentLinking:
    "Set the ticket's affected service to the mapped one; tickets reported from the portal are raised against it.",
  cmdbExport: false,
};

/**
 * What the backend predicts for the TikTok account requested below, from the
 * real risk model: the requirements of operation, one approval.
 */
const requestAssessment = assessRisk({
  platform: 'tiktok',
  mfaEnabled: true,
  mfaMethod: 'authenticator-app',
  credentialsInVault: true,
  sharedLogin: false,
  adminCount: 0,
  leaversWithAccess: 0,
  unreviewedThirdPartyApps: 1,
  accessReviewOverdueDays: 0,
  recentSecurityIncidents: 0,
  verified: false,
  recoveryOwnedByCompany: true,
  audienceSize: 5000,
  regulatedContent: false,
  brandLevel: false,
});

export const aRequestPreview: ServiceRequestPreview = {
  prediction: {
    rating: requestAssessment.rating,
    assessment: requestAssessment,
    requirements: [
      'MFA enabled',
      'credentials in a vault',
      'personal admin access instead of a shared login',
    ],
  },
  approvals: [
    {
      role: 'service-management',
      title: 'IT service management',
      groups: ['group:default/it-service-management'],
      reason: 'Every new social service is approved by IT service management',
    },
  ],
};

/**
 * A request for a TikTok account that the marketing lead filed for the
 * marketing team and submitted; override what the test is about.
 */
export function aServiceRequest(
  overrides: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    id: 7,
    platform: 'tiktok',
    name: 'Spring campaign TikTok',
    handle: '@springcampaign',
    purpose: 'Short videos for the spring campaign',
    audience: 'Young adults in EMEA',
    regions: ['EMEA', 'France'],
    businessUnit: 'Marketing',
    requestingTeam: 'group:default/marketing',
    ownerGroup: 'group:default/marketing',
    serviceOwner: 'user:default/marketing-lead',
    targetDate: '2027-03-01',
    questionnaire: {
      regulatedContent: false,
      brandLevel: false,
      expectedAudience: 5000,
      whoPosts: 'The social media team',
      thirdPartyTools: ['Hootsuite'],
    },
    status: 'submitted',
    requester: 'user:default/marketing-lead',
    prediction: aRequestPreview.prediction,
    approvals: aRequestPreview.approvals,
    steps: [
      {
        action: 'create',
        actor: 'user:default/marketing-lead',
        at: '2026-11-20T09:00:00.000Z',
        to: 'draft',
      },
      {
        action: 'submit',
        actor: 'user:default/marketing-lead',
        at: '2026-11-20T09:05:00.000Z',
        from: 'draft',
        to: 'submitted',
        comment: 'Ready for the spring launch',
      },
    ],
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:05:00.000Z',
    version: 2,
    ...overrides,
  };
}

/** A mocked API whose methods all reject until a test gives them an answer. */
export function mockSocialMediaApi(
  overrides: Partial<SocialMediaApi> = {},
): jest.Mocked<SocialMediaApi> {
  const notMocked = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`${name} is not mocked`)));
  return {
    getStatus: jest.fn(async () => aStatus),
    listServices: notMocked('listServices'),
    getService: notMocked('getService'),
    createService: notMocked('createService'),
    updateService: notMocked('updateService'),
    deleteService: notMocked('deleteService'),
    transitionService: notMocked('transitionService'),
    replaceAdmins: notMocked('replaceAdmins'),
    getServiceHistory: jest.fn(async () => ({ items: [] })),
    verifyAuditTrail: notMocked('verifyAuditTrail'),
    listAuditEntries: notMocked('listAuditEntries'),
    downloadAuditExport: notMocked('downloadAuditExport'),
    importServices: notMocked('importServices'),
    getRiskHistory: jest.fn(async () => ({ items: [] })),
    getAccessReviews: jest.fn(async () => ({ items: [] })),
    submitAccessReview: notMocked('submitAccessReview'),
    listAccessReviews: notMocked('listAccessReviews'),
    getDashboard: notMocked('getDashboard'),
    runGuardianshipSweep: notMocked('runGuardianshipSweep'),
    listIncidents: jest.fn(async () => ({ items: [] })),
    reportIncident: notMocked('reportIncident'),
    // The ServiceNow connector is installed, as in aStatus.
    getItsmStatus: jest.fn(async () => ({
      items: [
        { connectorId: 'servicenow', incidentsLastRun: 0, mappedServices: 1 },
      ],
    })),
    runItsmSync: jest.fn(async () => ({ items: [] })),
    runItsmConnectorSync: notMocked('runItsmConnectorSync'),
    runCmdbExport: notMocked('runCmdbExport'),
    listDemoItsmIncidents: notMocked('listDemoItsmIncidents'),
    getDemoItsmIncident: notMocked('getDemoItsmIncident'),
    listItsmConnectors: jest.fn(async () => ({
      items: [aServiceNowConnector],
    })),
    // Nothing waits for the person's approval, and the preview is the one above.
    previewServiceRequest: jest.fn(async () => aRequestPreview),
    createServiceRequest: notMocked('createServiceRequest'),
    listServiceRequests: jest.fn(async () => ({ items: [], totalCount: 0 })),
    getServiceRequest: notMocked('getServiceRequest'),
    updateServiceRequest: notMocked('updateServiceRequest'),
    submitServiceRequest: notMocked('submitServiceRequest'),
    withdrawServiceRequest: notMocked('withdrawServiceRequest'),
    decideServiceRequest: notMocked('decideServiceRequest'),
    getServiceEvidence: notMocked('getServiceEvidence'),
    getServiceOwnership: notMocked('getServiceOwnership'),
    getOwnershipReport: notMocked('getOwnershipReport'),
    fileHandover: notMocked('fileHandover'),
    // Nothing is being handed over or retired, and nothing waits for the person.
    listServiceHandovers: jest.fn(async () => ({ items: [], totalCount: 0 })),
    listHandovers: jest.fn(async () => ({ items: [], totalCount: 0 })),
    getHandover: notMocked('getHandover'),
    decideHandover: notMocked('decideHandover'),
    withdrawHandover: notMocked('withdrawHandover'),
    ...(Object.fromEntries(
      Object.entries(overrides).map(([key, fn]) => [key, jest.fn(fn as any)]),
    ) as Partial<jest.Mocked<SocialMediaApi>>),
  } as jest.Mocked<SocialMediaApi>;
}

/** A ResponseError as the client throws it for a Backstage error answer. */
export async function aResponseError(
  statusCode: number,
  name: string,
  message: string,
  /** More of the error body, e.g. the `fields` of a refused input. */
  details: Record<string, unknown> = {},
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message, ...details },
    request: { method: 'GET', url: '/api/social-media' },
    response: { statusCode },
  });
  return ResponseError.fromResponse({
    ok: false,
    status: statusCode,
    statusText: name,
    redirected: false,
    type: 'basic',
    url: 'http://localhost:7007/api/social-media',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  });
}
