/* What the app's tests need of a backend: sign-in, the social media API and the catalog. */

/** An unsigned JWT, shaped like the tokens the auth backend issues. */
export function fakeToken() {
  const encode = (value: object) =>
    btoa(JSON.stringify(value))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'none' })}.${encode({
    sub: 'user:development/guest',
    exp,
  })}.signature`;
}

/** A catalog Component that stands for a social media service. */
const corporateX = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'corporate-x',
    namespace: 'default',
    uid: 'c0ffee',
    annotations: {
      'social-media.backstage.io/service-id': 'corporate-x',
    },
  },
  spec: {
    type: 'social-media',
    lifecycle: 'operation',
    owner: 'group:default/corporate-communications',
  },
};

/** The service as the social media backend gives it. */
const corporateXService = {
  id: 'corporate-x',
  name: 'Corporate X account',
  platform: 'x',
  handle: '@acme',
  profileUrl: 'https://x.com/acme',
  purpose: 'Company news',
  businessUnit: 'Corporate Communications',
  ownerGroup: 'group:default/corporate-communications',
  serviceOwner: 'user:default/service-owner',
  audienceSize: 1000,
  tags: [],
  lifecycleStage: 'operation',
  controls: {
    mfaEnabled: true,
    mfaMethod: 'sms',
    ssoEnabled: false,
    credentialVaultRef: 'vault://social/corp-x',
    sharedLogin: false,
    thirdPartyApps: [],
    verified: true,
    recoveryOwnedByCompany: true,
    regulatedContent: false,
    brandLevel: true,
    accessRevoked: false,
    accountStatus: 'active',
  },
  riskRating: 'medium',
  leaverCount: 0,
  accessReviewDueAt: '2027-01-30T00:00:00.000Z',
  risk: {
    rating: 'medium',
    likelihood: { score: 2, level: 2 },
    impact: { score: 3, level: 3 },
    product: 6,
    assessedAt: '2026-11-01T00:00:00.000Z',
    factors: [
      {
        id: 'mfa-method',
        kind: 'likelihood',
        label: 'MFA method',
        value: 'text message, open to SIM swapping',
        contribution: 1,
      },
      {
        id: 'third-party-apps',
        kind: 'likelihood',
        label: 'Unreviewed third-party apps',
        value: '1 app',
        contribution: 1,
      },
      {
        id: 'brand-level',
        kind: 'impact',
        label: 'Speaks for the whole brand',
        value: 'yes',
        contribution: 1,
      },
    ],
  },
  accessReview: {
    status: 'current',
    dueAt: '2027-01-30T00:00:00.000Z',
    overdueDays: 0,
    intervalDays: 90,
  },
  leavers: [],
  openIncidentCount: 1,
  // in operation with an owner, MFA, a vault, no shared login, company recovery and no leavers
  compliance: { stage: 'operation', compliant: true, missing: [] },
  adminCount: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  version: 3,
  admins: [],
  transitions: [],
  nextTransitions: [
    { to: 'improvement', allowed: true, missing: [] },
    {
      to: 'retired',
      allowed: false,
      missing: ['access revoked', 'the account archived or deleted'],
    },
  ],
};

/** What the backend answers, just enough for the app's first screens. */
export function fakeBackend(url: string): Response {
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  const { pathname } = new URL(url);
  if (pathname === '/api/auth/guest/refresh') {
    return json({
      profile: { displayName: 'Guest' },
      backstageIdentity: {
        token: fakeToken(),
        identity: {
          type: 'user',
          userEntityRef: 'user:development/guest',
          ownershipEntityRefs: ['user:development/guest'],
        },
      },
    });
  }
  if (pathname === '/api/social-media/status') {
    return json({
      status: 'ready',
      database: {
        client: 'better-sqlite3',
        latestMigration: '20261120000000_init.js',
        inMemory: false,
        storage: { kind: 'file', file: 'social-media.sqlite' },
      },
      services: {
        total: 0,
        byStage: {
          strategy: 0,
          design: 0,
          transition: 0,
          operation: 0,
          improvement: 0,
          retired: 0,
        },
      },
      connectors: [],
    });
  }
  if (pathname === '/api/social-media/services') {
    return json({ items: [], totalCount: 0, limit: 25, offset: 0 });
  }
  if (pathname === '/api/social-media/services/corporate-x') {
    return json(corporateXService);
  }
  if (
    pathname === '/api/social-media/services/corporate-x/history' ||
    pathname === '/api/social-media/services/corporate-x/risk-history' ||
    pathname === '/api/social-media/services/corporate-x/access-reviews' ||
    pathname === '/api/social-media/services/corporate-x/incidents'
  ) {
    return json({ items: [] });
  }
  if (
    pathname === '/api/catalog/entities/by-name/component/default/corporate-x'
  ) {
    return json(corporateX);
  }
  if (
    pathname ===
    '/api/catalog/entities/by-name/component/default/corporate-x/ancestry'
  ) {
    return json({
      rootEntityRef: 'component:default/corporate-x',
      items: [{ entity: corporateX, parentEntityRefs: [] }],
    });
  }
  if (pathname === '/api/catalog/entities/by-refs') {
    return json({ items: [] });
  }
  return json({ error: { name: 'NotFoundError', message: 'Not found' } }, 404);
}

/**
 * Starts every test with an empty browser store, the app's config, and a
 * fetch that answers like the backend.
 */
export function useFakeBackend() {
  beforeEach(() => {
    localStorage.clear();
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: {
              title: 'Social media service catalogue',
              baseUrl: 'http://localhost:3000',
            },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    jest
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async input =>
        fakeBackend(input instanceof Request ? input.url : String(input)),
      );
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });
}
