/*
 * The permission matrix of the social media catalogue's REST API: who may call which operation
 * in this portal. `permissionMatrix.test.ts` calls every case below as every role against the
 * real backend with the portal's policy and configuration, and checks that the README shows
 * exactly this table.
 */
import {
  RETIREMENT_CHECKLIST,
  TRANSFER_CHECKLIST,
} from '@internal/plugin-social-media-common';

/** The roles of the portal, each a person of the demo organisation (examples/org.yaml). */
export const ROLES = [
  {
    key: 'anonymous',
    title: 'No credentials',
    who: 'a call without a token',
  },
  {
    key: 'guest',
    title: 'Guest',
    user: 'user:development/guest',
    who: "Backstage's guest sign-in; `app-config.yaml` makes the guest an administrator and a member of the security office, so that the local portal can be tried out fully",
  },
  {
    key: 'owningGroupMember',
    title: 'Owning group member',
    user: 'user:default/marketing-lead',
    who: 'the marketing lead, a member of Marketing, which owns the service and files the request and the transfer or retirement',
  },
  {
    key: 'serviceOwner',
    title: 'Service owner',
    user: 'user:default/emea-marketing-manager',
    who: 'the EMEA marketing manager, named service owner of the service (and of the requested one) without being a member of Marketing',
  },
  {
    key: 'otherGroupMember',
    title: "Other group's member",
    user: 'user:default/communications-lead',
    who: 'the communications lead, a member of Corporate Communications, the receiving group of the transfer',
  },
  {
    key: 'approver',
    title: 'Approver',
    user: 'user:default/it-service-manager',
    who: 'the IT service manager, a member of IT Service Management, which approves every request and every retirement (`socialMedia.requests.approvers`); that group is also the administrators',
  },
  {
    key: 'securityOffice',
    title: 'Security office',
    user: 'user:default/security-analyst',
    who: 'the security analyst, a member of the Security Office (`socialMedia.permissions.securityOffice`, and approver of high-risk or regulated requests)',
  },
  {
    key: 'auditor',
    title: 'Auditor',
    user: 'user:default/auditor',
    who: 'the auditor, a member of Internal Audit (`socialMedia.permissions.auditors`)',
  },
  {
    key: 'administrator',
    title: 'Administrator',
    user: 'user:default/portal-admin',
    who: 'the portal administrator, a member of IT Service Management (`socialMedia.permissions.administrators`)',
  },
  {
    key: 'serviceToken',
    title: 'Service-to-service',
    who: "another backend plugin or an external caller with a Backstage service token, on no user's behalf",
  },
] as const;

export type RoleKey = (typeof ROLES)[number]['key'];

/** The group that owns every service the matrix acts on. */
export const OWNING_GROUP = 'group:default/marketing';
/** The group a transfer hands the service to. */
export const RECEIVING_GROUP = 'group:default/communications';

const roleUser = (key: RoleKey) => {
  const role = ROLES.find(r => r.key === key)! as { user?: string };
  return role.user!;
};

/** What an operation is called with: path parameters, query and body. */
export interface MatrixCall {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
}

/** A service the matrix made for one call, as the API answered its creation. */
export interface FixtureService {
  id: string;
  version: number;
  riskRating: string;
  /** What it was catalogued with. */
  input: ReturnType<typeof serviceBody>;
}

/** A service's fields as an update sends them: all but its id. */
const updateOf = ({ input, version }: FixtureService) => {
  const { id: _id, ...fields } = input;
  return { ...fields, version };
};

/** A request, transfer or retirement the matrix made for one call. */
export interface FixtureRecord {
  id: number;
  version: number;
}

/**
 * What a case needs before its call, made through the API: fresh records for the writes, so that
 * each call finds its target as the first caller would, and shared ones for the reads.
 */
export interface MatrixFixtures {
  /** A number no other fixture or call used, for names and handles. */
  next(): number;
  /**
   * A new service of the owning group with the service owner role as its named service owner,
   * catalogued by an administrator; in strategy unless a stage is given.
   */
  service(options?: { lifecycleStage?: 'operation' }): Promise<FixtureService>;
  /** A new request of the owning group, filed by its member; a draft unless submitted. */
  serviceRequest(options: {
    submit: boolean;
    regulatedContent?: boolean;
  }): Promise<FixtureRecord>;
  /** A transfer (to the receiving group) or retirement of a new service, filed by its owning group's member. */
  handover(kind: 'transfer' | 'retirement'): Promise<FixtureRecord>;
  /** Made once, for the reads: a service, a submitted request and a transfer. */
  shared: { serviceId: string; requestId: number; handoverId: number };
}

/** What an allowed call does to the catalogue's records. */
export type Effect = 'writes' | 'reads' | 'either';

/** One row of the matrix: an operation of the OpenAPI spec, called in one way. */
export interface MatrixCase {
  operationId: string;
  /** Which way the operation is called, when a row of its own shows a different rule. */
  variant?: string;
  /** The roles whose call gets past every permission check; every other role is refused. */
  allowed: readonly RoleKey[];
  /** The answers of an allowed call. */
  answers: readonly number[];
  /**
   * How a refusal answers a signed-in caller: 403, or 404 where the API hides what the caller may
   * not see (a call without credentials always gets 401).
   */
  refusal?: 403 | 404;
  /** Whether an allowed call changes records; a refused one never does. */
  effect: Effect;
  /** Makes the call's fixtures and says how to call. */
  prepare(fixtures: MatrixFixtures): Promise<MatrixCall>;
}

const SIGNED_IN: RoleKey[] = ROLES.filter(r => r.key !== 'anonymous').map(
  r => r.key,
);
const EVERYONE: RoleKey[] = ROLES.map(r => r.key);
/** Everyone signed in as a person (no service token). */
const PEOPLE: RoleKey[] = SIGNED_IN.filter(r => r !== 'serviceToken');
/** Administrators: the guest (local configuration) and IT Service Management. */
const ADMINISTRATORS: RoleKey[] = ['guest', 'approver', 'administrator'];
/** Who changes a service: administrators, its owning group and its named service owner. */
const SERVICE_EDITORS: RoleKey[] = [
  'guest',
  'owningGroupMember',
  'serviceOwner',
  'approver',
  'administrator',
];
/** Who files a request or an incident: every person who does not audit. */
const REQUESTERS: RoleKey[] = PEOPLE.filter(r => r !== 'auditor');

/** A service of the owning group, as an administrator catalogues it. */
export function serviceBody(n: number) {
  return {
    id: `emea-launch-${n}`,
    name: `EMEA launch Instagram ${n}`,
    platform: 'instagram',
    handle: `larkmoor.emea${n}`,
    profileUrl: `https://www.instagram.com/larkmoor.emea${n}`,
    purpose: 'Product launches in the EMEA region',
    businessUnit: 'Marketing',
    ownerGroup: OWNING_GROUP,
    serviceOwner: roleUser('serviceOwner'),
    audienceSize: 85000,
    tags: ['launch'],
  };
}

/** A request of the owning group for a new TikTok account. */
export function requestBody(n: number, regulatedContent = false) {
  return {
    platform: 'tiktok',
    name: `EMEA campaign TikTok ${n}`,
    handle: `larkmoorcampaign${n}`,
    purpose: 'Short videos for the spring campaign',
    audience: 'Young adults in the EMEA region',
    regions: ['EMEA'],
    businessUnit: 'Marketing',
    requestingTeam: OWNING_GROUP,
    ownerGroup: OWNING_GROUP,
    serviceOwner: roleUser('serviceOwner'),
    targetDate: '2099-03-01',
    questionnaire: {
      regulatedContent,
      brandLevel: false,
      expectedAudience: 5000,
      whoPosts: 'The regional social media team',
      thirdPartyTools: [],
    },
  };
}

/** Every item of a checklist, done. */
const done = (items: readonly { id: string }[]) =>
  Object.fromEntries(items.map(item => [item.id, true]));

/** A transfer of a service to the receiving group. */
export function transferBody(version: number) {
  return {
    kind: 'transfer',
    toOwnerGroup: RECEIVING_GROUP,
    toServiceOwner: roleUser('otherGroupMember'),
    reason: 'Corporate Communications runs the regional launches from now on',
    version,
  };
}

/** A retirement of a service, its checklist done. */
export function retirementBody(version: number) {
  return {
    kind: 'retirement',
    reason: 'The launch is over',
    handle: 'kept',
    checklist: done(RETIREMENT_CHECKLIST),
    version,
  };
}

/**
 * The matrix: every operation of the API (at least one row each), in the spec's order. Rows
 * with a variant show a second rule on the same operation.
 */
export const MATRIX_CASES: readonly MatrixCase[] = [
  {
    operationId: 'getHealth',
    allowed: EVERYONE,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({}),
  },
  {
    operationId: 'getReadiness',
    allowed: EVERYONE,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({}),
  },
  {
    operationId: 'getStatus',
    // Status is a read permission, and auditors read everything.
    allowed: [...ADMINISTRATORS, 'auditor'],
    answers: [200],
    effect: 'reads',
    prepare: async () => ({}),
  },
  {
    operationId: 'listServices',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { ownerGroup: OWNING_GROUP } }),
  },
  {
    operationId: 'createService',
    allowed: ADMINISTRATORS,
    answers: [201],
    effect: 'writes',
    prepare: async f => ({ body: serviceBody(f.next()) }),
  },
  {
    operationId: 'getService',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { id: f.shared.serviceId } }),
  },
  {
    operationId: 'updateService',
    variant: 'details',
    allowed: SERVICE_EDITORS,
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        body: {
          ...updateOf(service),
          purpose: 'Product launches and events in the EMEA region',
        },
      };
    },
  },
  {
    operationId: 'updateService',
    variant: 'to another owner group',
    allowed: ADMINISTRATORS,
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        body: {
          ...updateOf(service),
          ownerGroup: RECEIVING_GROUP,
          serviceOwner: roleUser('otherGroupMember'),
        },
      };
    },
  },
  {
    operationId: 'deleteService',
    allowed: ADMINISTRATORS,
    answers: [204],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        query: { version: String(service.version) },
      };
    },
  },
  {
    operationId: 'transitionService',
    allowed: SERVICE_EDITORS,
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        body: {
          to: 'design',
          reason: 'The launch plan is approved',
          version: service.version,
        },
      };
    },
  },
  {
    operationId: 'replaceServiceAdmins',
    allowed: SERVICE_EDITORS,
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        body: {
          admins: [
            {
              account: 'emea.marketing@larkmoor.com',
              userRef: roleUser('serviceOwner'),
              role: 'owner',
            },
            {
              account: 'marketing.lead@larkmoor.com',
              userRef: roleUser('owningGroupMember'),
              role: 'admin',
            },
          ],
          version: service.version,
        },
      };
    },
  },
  {
    operationId: 'getServiceHistory',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { id: f.shared.serviceId } }),
  },
  {
    operationId: 'getServiceOwnership',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { id: f.shared.serviceId } }),
  },
  {
    operationId: 'getOwnershipReport',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({
      query: { group: OWNING_GROUP, from: '2026-01-01', to: '2099-12-31' },
    }),
  },
  {
    operationId: 'listServiceIncidents',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({
      params: { id: f.shared.serviceId },
      query: { includeResolved: 'true' },
    }),
  },
  {
    operationId: 'reportServiceIncident',
    // Anyone who notices a takeover reports it, as at a service desk; auditors change nothing.
    allowed: REQUESTERS,
    // Past the permission check, the service's missing ITSM mapping stops the report.
    answers: [409],
    effect: 'reads',
    prepare: async f => ({
      params: { id: f.shared.serviceId },
      body: {
        title: 'Phishing messages sent in our name',
        description: 'Customers forwarded messages from a look-alike account.',
        category: 'phishing',
      },
    }),
  },
  {
    operationId: 'listItsmConnectors',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({}),
  },
  {
    operationId: 'getItsmStatus',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({}),
  },
  {
    operationId: 'runItsmSync',
    allowed: ADMINISTRATORS,
    answers: [200],
    effect: 'either',
    prepare: async () => ({}),
  },
  {
    // The portal runs without an ITSM connector here: who may sync one gets as far as 404.
    operationId: 'runItsmConnectorSync',
    allowed: ADMINISTRATORS,
    answers: [404],
    effect: 'reads',
    prepare: async () => ({ params: { connectorId: 'servicenow' } }),
  },
  {
    // The portal runs without an ITSM connector here: who may export gets as far as 404.
    operationId: 'runCmdbExport',
    allowed: ADMINISTRATORS,
    answers: [404],
    effect: 'reads',
    prepare: async () => ({
      params: { connectorId: 'servicenow' },
      body: { dryRun: true },
    }),
  },
  {
    operationId: 'verifyAuditTrail',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({}),
  },
  {
    operationId: 'listAuditEntries',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { limit: '20' } }),
  },
  {
    operationId: 'exportAuditTrail',
    allowed: SIGNED_IN,
    answers: [200],
    // Each export is recorded in the trail.
    effect: 'writes',
    prepare: async f => ({
      query: { format: 'json', serviceId: f.shared.serviceId },
    }),
  },
  {
    operationId: 'importServices',
    allowed: ADMINISTRATORS,
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const n = f.next();
      return {
        body: {
          format: 'csv',
          content: [
            'name,platform,handle,purpose,businessUnit,ownerGroup,serviceOwner',
            `EMEA events X ${n},x,@lm_events${n},Event coverage,Marketing,${OWNING_GROUP},${roleUser(
              'serviceOwner',
            )}`,
          ].join('\n'),
        },
      };
    },
  },
  {
    operationId: 'getServiceEvidence',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { id: f.shared.serviceId } }),
  },
  {
    operationId: 'getRiskHistory',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { id: f.shared.serviceId } }),
  },
  {
    operationId: 'getAccessReviews',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { id: f.shared.serviceId } }),
  },
  {
    operationId: 'submitAccessReview',
    allowed: SERVICE_EDITORS,
    answers: [201],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        body: { version: service.version, decisions: [] },
      };
    },
  },
  {
    operationId: 'signOffRisk',
    // The named service owner or the security office; administrators as such do not.
    allowed: ['guest', 'serviceOwner', 'securityOffice'],
    answers: [201],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        body: {
          rating: service.riskRating,
          note: 'Controls reviewed for the launch',
        },
      };
    },
  },
  {
    operationId: 'previewServiceRequest',
    allowed: REQUESTERS,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ body: requestBody(f.next()) }),
  },
  {
    operationId: 'listServiceRequests',
    variant: 'mine',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { scope: 'mine' } }),
  },
  {
    operationId: 'listServiceRequests',
    variant: 'all',
    // social-media.request.read-all: administrators, the security office and auditors.
    allowed: [...ADMINISTRATORS, 'securityOffice', 'auditor'],
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { scope: 'all' } }),
  },
  {
    operationId: 'fileServiceRequest',
    allowed: REQUESTERS,
    answers: [201],
    effect: 'writes',
    prepare: async f => ({ body: { ...requestBody(f.next()), submit: true } }),
  },
  {
    operationId: 'getServiceRequest',
    // The requesting team, the service owner it names (once submitted), approvers and those who
    // read every request.
    allowed: [
      'guest',
      'owningGroupMember',
      'serviceOwner',
      'approver',
      'securityOffice',
      'auditor',
      'administrator',
    ],
    answers: [200],
    refusal: 404,
    effect: 'reads',
    prepare: async f => ({ params: { requestId: f.shared.requestId } }),
  },
  {
    operationId: 'editServiceRequest',
    // The requester side only.
    allowed: ['owningGroupMember'],
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const draft = await f.serviceRequest({ submit: false });
      return {
        params: { requestId: draft.id },
        body: {
          ...requestBody(f.next()),
          purpose: 'Short videos for the spring and summer campaigns',
          version: draft.version,
        },
      };
    },
  },
  {
    operationId: 'submitServiceRequest',
    allowed: ['owningGroupMember'],
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const draft = await f.serviceRequest({ submit: false });
      return {
        params: { requestId: draft.id },
        body: { version: draft.version, comment: 'Ready for approval' },
      };
    },
  },
  {
    operationId: 'withdrawServiceRequest',
    allowed: ['owningGroupMember'],
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const submitted = await f.serviceRequest({ submit: true });
      return {
        params: { requestId: submitted.id },
        body: { version: submitted.version, comment: 'Campaign cancelled' },
      };
    },
  },
  {
    operationId: 'decideServiceRequest',
    // A regulated request waits for IT Service Management and the security office; nobody on
    // the requesting team decides it.
    allowed: ['approver', 'securityOffice', 'administrator'],
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const submitted = await f.serviceRequest({
        submit: true,
        regulatedContent: true,
      });
      return {
        params: { requestId: submitted.id },
        body: {
          decision: 'approve',
          comment: 'Controls and audience fit the policy',
          version: submitted.version,
        },
      };
    },
  },
  {
    operationId: 'fileHandover',
    variant: 'transfer',
    allowed: SERVICE_EDITORS,
    answers: [201],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service();
      return {
        params: { id: service.id },
        body: transferBody(service.version),
      };
    },
  },
  {
    operationId: 'fileHandover',
    variant: 'retirement',
    allowed: SERVICE_EDITORS,
    answers: [201],
    effect: 'writes',
    prepare: async f => {
      const service = await f.service({ lifecycleStage: 'operation' });
      return {
        params: { id: service.id },
        body: retirementBody(service.version),
      };
    },
  },
  {
    operationId: 'listServiceHandovers',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { id: f.shared.serviceId } }),
  },
  {
    operationId: 'listHandovers',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { scope: 'inbox' } }),
  },
  {
    operationId: 'getHandover',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async f => ({ params: { handoverId: f.shared.handoverId } }),
  },
  {
    operationId: 'decideHandover',
    variant: 'transfer',
    // The receiving group accepts a transfer, nobody else.
    allowed: ['otherGroupMember'],
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const transfer = await f.handover('transfer');
      return {
        params: { handoverId: transfer.id },
        body: {
          decision: 'accept',
          comment: 'We take it over',
          checklist: done(TRANSFER_CHECKLIST),
          version: transfer.version,
        },
      };
    },
  },
  {
    operationId: 'decideHandover',
    variant: 'retirement',
    // IT Service Management approves a retirement.
    allowed: ['approver', 'administrator'],
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const retirement = await f.handover('retirement');
      return {
        params: { handoverId: retirement.id },
        body: {
          decision: 'accept',
          comment: 'Checklist verified',
          version: retirement.version,
        },
      };
    },
  },
  {
    operationId: 'withdrawHandover',
    // The person who filed it.
    allowed: ['owningGroupMember'],
    answers: [200],
    effect: 'writes',
    prepare: async f => {
      const transfer = await f.handover('transfer');
      return {
        params: { handoverId: transfer.id },
        body: { version: transfer.version, comment: 'Plans changed' },
      };
    },
  },
  {
    operationId: 'listAccessReviews',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { status: 'due' } }),
  },
  {
    operationId: 'getDashboard',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { days: '30' } }),
  },
  {
    operationId: 'runGuardianshipSweep',
    allowed: ADMINISTRATORS,
    answers: [200],
    effect: 'either',
    prepare: async () => ({}),
  },
  {
    operationId: 'listGuardianshipFacts',
    allowed: SIGNED_IN,
    answers: [200],
    effect: 'reads',
    prepare: async () => ({ query: { limit: '50' } }),
  },
];

/** A row's name: the operation, with its variant. */
export const caseName = (c: Pick<MatrixCase, 'operationId' | 'variant'>) =>
  c.variant ? `${c.operationId} (${c.variant})` : c.operationId;

/** Allowed or refused, as the matrix shows a cell. */
export type Outcome = 'allow' | 'deny';

/** The outcome the matrix expects for a role. */
export const expectedOutcome = (c: MatrixCase, role: RoleKey): Outcome =>
  c.allowed.includes(role) ? 'allow' : 'deny';

/** Where the README's copy of the matrix starts and ends. */
export const README_START =
  '<!-- permission-matrix:start (generated by packages/backend/src/permissionMatrix.test.ts) -->';
export const README_END = '<!-- permission-matrix:end -->';

/**
 * The matrix as Markdown: a row per case with its method and path, a column per role; ✓ where
 * the call is allowed, ✗ where it is refused (✗ 404 where the refusal hides the record).
 */
export function renderMatrix(
  cases: readonly MatrixCase[],
  requestOf: (c: MatrixCase) => string,
): string {
  const header = ['Operation', 'Request', ...ROLES.map(r => r.title)];
  const rows = cases.map(c => [
    caseName(c),
    `\`${requestOf(c)}\``,
    ...ROLES.map(role => {
      if (expectedOutcome(c, role.key) === 'allow') return '✓';
      return c.refusal === 404 && role.key !== 'anonymous' ? '✗ 404' : '✗';
    }),
  ]);
  const legend = ROLES.map(r => {
    const { user } = r as { user?: string };
    return `- **${r.title}**${user ? ` (\`${user}\`)` : ''}: ${r.who}.`;
  });
  return [...legend, '', markdownTable([header, ...rows])].join('\n');
}

/** A Markdown table with its columns padded as prettier pads them. */
function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.max(3, ...rows.map(row => [...row[i]].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length))
      .join(' | ')} |`;
  return [
    line(rows[0]),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ].join('\n');
}
