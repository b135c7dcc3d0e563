/*
 * The permission matrix (issue 15): every operation of the social media catalogue's REST API, read
 * from its OpenAPI spec, called over HTTP as every role of the portal, each role a person of the
 * demo organisation (examples/org.yaml) signed in with their groups. The backend is the real one:
 * Backstage's permission backend with the portal's policy, the social-media plugin on SQLite, and
 * the portal's own configuration (app-config.yaml) for administrators, the security office,
 * auditors and approvers. A refused call must change nothing; the README shows the matrix.
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Config } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import socialMediaPolicyModule from '@internal/plugin-permission-backend-module-social-media';
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import { socialMediaOpenApiSpec } from '@internal/plugin-social-media-backend/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { authWithActors } from './__testUtils__/authWithActors';
import {
  caseName,
  expectedOutcome,
  FixtureRecord,
  FixtureService,
  MatrixCall,
  MatrixCase,
  MatrixFixtures,
  MATRIX_CASES,
  OWNING_GROUP,
  Outcome,
  README_END,
  README_START,
  RECEIVING_GROUP,
  renderMatrix,
  requestBody,
  retirementBody,
  RoleKey,
  ROLES,
  serviceBody,
  transferBody,
} from './__testUtils__/permissionMatrix';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
type Knex = Awaited<ReturnType<typeof databases.init>>;

const repoRoot = path.resolve(__dirname, '../../..');
const README = path.join(repoRoot, 'README.md');
const API = '/api/social-media';

/** Rewrites the README's matrix instead of failing when it differs: `=write`. */
const WRITE_README = process.env.SOCIAL_MEDIA_PERMISSION_MATRIX === 'write';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Method = (typeof METHODS)[number];

/** Every operation of the spec: its id, method and path. */
function specOperations() {
  const operations: { operationId: string; method: Method; path: string }[] =
    [];
  const paths = socialMediaOpenApiSpec.paths as Record<
    string,
    Partial<Record<string, { operationId?: string }>>
  >;
  for (const [specPath, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) {
        throw new Error(
          `${method.toUpperCase()} ${specPath} has no operationId`,
        );
      }
      operations.push({
        operationId: operation.operationId,
        method,
        path: specPath,
      });
    }
  }
  return operations;
}

const OPERATIONS = specOperations();
const operationOf = (c: MatrixCase) => {
  const operation = OPERATIONS.find(o => o.operationId === c.operationId);
  if (!operation) {
    throw new Error(`${c.operationId} is not an operation of the OpenAPI spec`);
  }
  return operation;
};
const requestOf = (c: MatrixCase) => {
  const { method, path: specPath } = operationOf(c);
  return `${method.toUpperCase()} ${specPath}`;
};

/** The demo organisation's Users and Groups, with the relations the catalog derives. */
function demoOrganisation(): Entity[] {
  const file = path.join(repoRoot, 'examples/org.yaml');
  const entities: Entity[] = [];
  for (const result of parseEntityYaml(fs.readFileSync(file), {
    type: 'file',
    target: file,
  })) {
    if (result.type !== 'entity') {
      throw new Error(`examples/org.yaml: ${JSON.stringify(result)}`);
    }
    entities.push(result.entity);
  }
  return entities.map(entity => {
    if (entity.kind !== 'User') return entity;
    const groups = (entity.spec?.memberOf as string[] | undefined) ?? [];
    return {
      ...entity,
      metadata: { namespace: 'default', ...entity.metadata },
      relations: groups.map(group => ({
        type: 'memberOf',
        targetRef: `group:default/${group}`,
      })),
    };
  });
}

const ORGANISATION = demoOrganisation();

/** Each User's ownership as the catalog sign-in resolves it: the User and their groups. */
const OWNERSHIP = new Map(
  ORGANISATION.filter(e => e.kind === 'User').map(user => [
    stringifyEntityRef(user),
    [stringifyEntityRef(user), ...(user.relations ?? []).map(r => r.targetRef)],
  ]),
);

const userInfoFromOrganisation = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const userEntityRef = credentials.principal.userEntityRef as string;
      return {
        userEntityRef,
        // The guest is no User of the catalog: it owns through itself only.
        ownershipEntityRefs: OWNERSHIP.get(userEntityRef) ?? [userEntityRef],
      };
    },
  }),
});

/** Keeps the configuration the backend runs with, to check the roles against it. */
let portalConfig: Config | undefined;
const configProbe = createBackendModule({
  pluginId: 'social-media',
  moduleId: 'permission-matrix-config',
  register(env) {
    env.registerInit({
      deps: { config: coreServices.rootConfig },
      async init({ config }) {
        portalConfig = config;
      },
    });
  },
});

/** The credentials of a role, as an Authorization header (none without credentials). */
function authorizationOf(role: RoleKey): string | undefined {
  if (role === 'anonymous') return undefined;
  if (role === 'serviceToken') return mockCredentials.service.header();
  const { user } = ROLES.find(r => r.key === role) as { user: string };
  return mockCredentials.user.header(user);
}

const userOf = (role: RoleKey) =>
  (ROLES.find(r => r.key === role) as { user: string }).user;

/** The portal's backend on a fresh SQLite database, configured by app-config.yaml. */
async function startPortal() {
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      socialMediaPolicyModule,
      socialMediaPlugin,
      configProbe,
      rootConfigServiceFactory({
        argv: ['--config', path.join(repoRoot, 'app-config.yaml')],
      }),
      mockServices.database.factory({ knex }),
      // As in a real backend, a call without a token has no credentials (the mock's default
      // would be a signed-in mock user).
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      userInfoFromOrganisation,
      authWithActors,
      catalogServiceMock.factory({ entities: ORGANISATION }),
    ],
  });
  return { server, knex };
}

/** Every record of the plugin, to tell whether a call changed anything. */
async function snapshot(knex: Knex, tables: string[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    parts.push(JSON.stringify(await knex(table).select()));
  }
  return parts.join('\n');
}

/** The plugin's tables, but the checkpoints of the audit trail (a background task writes them). */
async function pluginTables(knex: Knex): Promise<string[]> {
  const rows: { name: string }[] = await knex('sqlite_master')
    .where({ type: 'table' })
    .select('name');
  return rows
    .map(r => r.name)
    .filter(
      name =>
        name.startsWith('social_') && name !== 'social_media_audit_checkpoints',
    )
    .sort();
}

interface Observation {
  status: number;
  outcome: Outcome;
  /** Whether any record of the plugin changed. */
  changed: boolean;
  /** How many entries the call added to the audit trail. */
  auditEntries: number;
  message?: string;
}

describe('the permission matrix of the social media catalogue', () => {
  let savedEnv: NodeJS.ProcessEnv;
  beforeAll(() => {
    savedEnv = process.env;
    // The portal's configuration as it is, without the demo portfolio seeded at start.
    process.env = {
      ...process.env,
      APP_CONFIG_socialMedia_demoData_enabled: 'false',
    };
    jest.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterAll(() => {
    process.env = savedEnv;
    jest.restoreAllMocks();
  });

  it('has a row for every operation of the OpenAPI spec, and no row for an unknown one', () => {
    const covered = new Set(MATRIX_CASES.map(c => c.operationId));
    expect(
      OPERATIONS.map(o => o.operationId).filter(id => !covered.has(id)),
    ).toEqual([]);
    const known = new Set(OPERATIONS.map(o => o.operationId));
    expect(
      MATRIX_CASES.map(c => c.operationId).filter(id => !known.has(id)),
    ).toEqual([]);
    const names = MATRIX_CASES.map(caseName);
    expect(new Set(names).size).toBe(names.length);
    // The matrix sees all of the API: more than a handful of operations.
    expect(OPERATIONS.length).toBeGreaterThan(40);
  });

  it('shows the matrix in the README', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const rendered = renderMatrix(MATRIX_CASES, requestOf);
    const shown = readme.slice(start + README_START.length, end).trim();
    // Compared cell by cell: prettier may pad the table differently.
    const normalise = (markdown: string) =>
      markdown
        .split('\n')
        .map(line =>
          line.startsWith('|')
            ? line
                .split('|')
                .map(cell => cell.trim().replace(/^-{3,}$/, '---'))
                .join('|')
            : line.trim(),
        )
        .join('\n');
    if (WRITE_README && normalise(shown) !== normalise(rendered)) {
      fs.writeFileSync(
        README,
        `${readme.slice(
          0,
          start + README_START.length,
        )}\n\n${rendered}\n\n${readme.slice(end)}`,
      );
      return;
    }
    expect(normalise(shown)).toBe(normalise(rendered));
  });

  it('allows and refuses every operation for every role as the matrix says, and a refusal changes nothing', async () => {
    const { server, knex } = await startPortal();

    // The roles are who the matrix says they are, in this organisation and configuration.
    const config = portalConfig!;
    const refs = (role: RoleKey) =>
      OWNERSHIP.get(userOf(role)) ?? [userOf(role)];
    const listed = (key: string) => config.getOptionalStringArray(key) ?? [];
    const isIn = (role: RoleKey, key: string) =>
      refs(role).some(ref => listed(key).includes(ref));
    expect(refs('owningGroupMember')).toContain(OWNING_GROUP);
    for (const role of ['serviceOwner', 'otherGroupMember'] as const) {
      expect(refs(role)).not.toContain(OWNING_GROUP);
    }
    expect(refs('otherGroupMember')).toContain(RECEIVING_GROUP);
    expect(
      isIn('approver', 'socialMedia.requests.approvers.serviceManagement'),
    ).toBe(true);
    expect(
      isIn('securityOffice', 'socialMedia.requests.approvers.securityOffice'),
    ).toBe(true);
    expect(
      isIn('securityOffice', 'socialMedia.permissions.securityOffice'),
    ).toBe(true);
    expect(isIn('auditor', 'socialMedia.permissions.auditors')).toBe(true);
    expect(
      isIn('administrator', 'socialMedia.permissions.administrators'),
    ).toBe(true);
    for (const role of [
      'owningGroupMember',
      'serviceOwner',
      'otherGroupMember',
      'securityOffice',
      'auditor',
    ] as const) {
      expect({
        role,
        administrator: isIn(role, 'socialMedia.permissions.administrators'),
      }).toEqual({ role, administrator: false });
    }
    expect(config.getOptionalBoolean('socialMedia.demoData.enabled')).toBe(
      false,
    );

    const call = async (
      role: RoleKey,
      method: Method,
      url: string,
      body?: unknown,
    ) => {
      let req = request(server)[method](url);
      const authorization = authorizationOf(role);
      if (authorization) req = req.set('Authorization', authorization);
      return body === undefined ? req : req.send(body as object);
    };
    /** A fixture step, which must succeed. */
    const make = async (
      role: RoleKey,
      method: Method,
      url: string,
      body: unknown,
      status: number,
    ) => {
      const res = await call(role, method, `${API}${url}`, body);
      if (res.status !== status) {
        throw new Error(
          `Fixture ${method.toUpperCase()} ${url} as ${role}: ${
            res.status
          } ${JSON.stringify(res.body)}`,
        );
      }
      return res.body;
    };

    let counter = 0;
    const next = () => ++counter;
    const newService = async (
      options: { lifecycleStage?: 'operation' } = {},
    ): Promise<FixtureService> => {
      const input = serviceBody(next());
      const created = await make(
        'administrator',
        'post',
        '/services',
        { ...input, ...options },
        201,
      );
      return {
        id: created.id,
        version: created.version,
        riskRating: created.riskRating,
        input,
      };
    };
    const newRequest = async (options: {
      submit: boolean;
      regulatedContent?: boolean;
    }): Promise<FixtureRecord> => {
      const filed = await make(
        'owningGroupMember',
        'post',
        '/requests',
        {
          ...requestBody(next(), options.regulatedContent),
          submit: options.submit,
        },
        201,
      );
      return { id: filed.id, version: filed.version };
    };
    const newHandover = async (
      kind: 'transfer' | 'retirement',
    ): Promise<FixtureRecord> => {
      const service = await newService(
        kind === 'retirement' ? { lifecycleStage: 'operation' } : {},
      );
      const filed = await make(
        'owningGroupMember',
        'post',
        `/services/${service.id}/handovers`,
        kind === 'transfer'
          ? transferBody(service.version)
          : retirementBody(service.version),
        201,
      );
      return { id: filed.id, version: filed.version };
    };

    const sharedService = await newService();
    const fixtures: MatrixFixtures = {
      next,
      service: newService,
      serviceRequest: newRequest,
      handover: newHandover,
      shared: {
        serviceId: sharedService.id,
        requestId: (await newRequest({ submit: true })).id,
        handoverId: (await newHandover('transfer')).id,
      },
    };

    const tables = await pluginTables(knex);
    expect(tables).toEqual(
      expect.arrayContaining([
        'social_services',
        'social_media_audit_log',
        'social_service_requests',
        'social_service_handovers',
      ]),
    );

    const urlOf = (c: MatrixCase, { params = {}, query }: MatrixCall) => {
      const { path: specPath } = operationOf(c);
      const filled = specPath.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (params[name] === undefined) {
          throw new Error(`${caseName(c)} gives no ${name}`);
        }
        return encodeURIComponent(String(params[name]));
      });
      const search = query ? `?${new URLSearchParams(query)}` : '';
      return `${API}${filled}${search}`;
    };

    const auditCount = async () =>
      Number((await knex('social_media_audit_log').count({ n: '*' }))[0].n);

    const observed = new Map<string, Map<RoleKey, Observation>>();
    for (const c of MATRIX_CASES) {
      const row = new Map<RoleKey, Observation>();
      observed.set(caseName(c), row);
      for (const { key: role } of ROLES) {
        const prepared = await c.prepare(fixtures);
        const trailBefore = await auditCount();
        const before = await snapshot(knex, tables);
        const res = await call(
          role,
          operationOf(c).method,
          urlOf(c, prepared),
          prepared.body,
        );
        const after = await snapshot(knex, tables);
        const trailAfter = await auditCount();
        const refusal =
          res.status === 401 ||
          res.status === 403 ||
          (res.status === 404 && c.refusal === 404);
        row.set(role, {
          status: res.status,
          outcome: refusal ? 'deny' : 'allow',
          changed: before !== after,
          auditEntries: trailAfter - trailBefore,
          message:
            res.body?.error?.message ??
            (res.status >= 400
              ? JSON.stringify(res.body).slice(0, 400)
              : undefined),
        });
      }
    }

    const cells = MATRIX_CASES.flatMap(c =>
      ROLES.map(({ key: role }) => ({
        name: caseName(c),
        c,
        role,
        expected: expectedOutcome(c, role),
        ...observed.get(caseName(c))!.get(role)!,
      })),
    );
    const describeCell = (cell: (typeof cells)[number]) =>
      `${cell.name} as ${cell.role}: ${cell.status}${
        cell.message ? ` (${cell.message})` : ''
      }`;

    const problems = {
      // No role gets past a check the matrix says refuses it...
      unexpectedAllows: cells
        .filter(cell => cell.expected === 'deny' && cell.outcome === 'allow')
        .map(describeCell),
      // ...and none is refused what the matrix allows it.
      unexpectedRefusals: cells
        .filter(cell => cell.expected === 'allow' && cell.outcome === 'deny')
        .map(describeCell),
      // An allowed call did what it was asked (realistic bodies); a refused one said so the way
      // the API refuses: 401 without credentials, else 403 (or 404 where records are hidden).
      unexpectedAnswers: cells
        .filter(cell => cell.expected === cell.outcome)
        .filter(cell =>
          cell.expected === 'allow'
            ? !cell.c.answers.includes(cell.status)
            : cell.status !==
              (cell.role === 'anonymous' ? 401 : cell.c.refusal ?? 403),
        )
        .map(describeCell),
      // A refused call changes no record and leaves no audit entry.
      refusalsThatChangedRecords: cells
        .filter(
          cell =>
            cell.outcome === 'deny' &&
            (cell.changed || cell.auditEntries !== 0),
        )
        .map(describeCell),
      // An allowed write changes records and is audited; an allowed read changes nothing.
      allowedCallsWithUnexpectedEffect: cells
        .filter(cell => cell.outcome === 'allow' && cell.c.effect !== 'either')
        .filter(cell =>
          cell.c.effect === 'writes'
            ? !cell.changed || cell.auditEntries < 1
            : cell.changed,
        )
        .map(
          cell =>
            `${describeCell(cell)}: ${
              cell.changed ? 'changed records' : 'changed nothing'
            }, ${cell.auditEntries} audit entries`,
        ),
    };
    expect(problems).toEqual({
      unexpectedAllows: [],
      unexpectedRefusals: [],
      unexpectedAnswers: [],
      refusalsThatChangedRecords: [],
      allowedCallsWithUnexpectedEffect: [],
    });
  });
});
