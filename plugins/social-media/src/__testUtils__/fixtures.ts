import { ResponseError } from '@backstage/errors';
import {
  nextTransitions,
  type SocialMediaStatus,
  type SocialService,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import type { SocialMediaApi } from '../api';

/** A service as the list returns it; override what the test is about. */
export function aService(
  overrides: Partial<SocialService> = {},
): SocialService {
  return {
    id: 'corporate-x',
    name: 'Corporate X account',
    platform: 'x',
    handle: '@acme',
    profileUrl: 'https://x.com/acme',
    purpose: 'Company news and customer questions',
    businessUnit: 'Corporate Communications',
    ownerGroup: 'group:default/corporate-communications',
    serviceOwner: 'user:default/service-owner',
    businessRequester: 'user:default/asmith',
    audienceSize: 120000,
    tags: ['brand', 'emea'],
    lifecycleStage: 'transition',
    controls: {
      mfaEnabled: true,
      credentialVaultRef: undefined,
      riskAssessedAt: undefined,
      accessRevoked: false,
      accountStatus: 'active',
    },
    itsm: { system: 'servicenow', reference: 'Corporate X account' },
    riskRating: 'high',
    openIncidentCount: 2,
    adminCount: 2,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-20T10:30:00.000Z',
    version: 4,
    ...overrides,
  };
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
        actor: 'user:default/asmith',
        reason: 'Profile ready for launch',
        at: '2026-11-10T09:00:00.000Z',
      },
    ],
    nextTransitions: nextTransitions(service),
    ...service,
    ...overrides,
  };
}

export const aStatus: SocialMediaStatus = {
  status: 'ready',
  database: {
    client: 'better-sqlite3',
    latestMigration: '20261125140000_catalogue.js',
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
    importServices: notMocked('importServices'),
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
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
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
