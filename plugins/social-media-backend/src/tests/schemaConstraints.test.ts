import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ItsmConnector,
  ItsmIncident,
} from '@internal/plugin-social-media-node';
import request from 'supertest';
import { apiTestBackend, VALID } from '../__testUtils__/apiTestBackend';
import {
  constraintKey,
  listSchemaConstraints,
  listSchemaNames,
  SchemaConstraint,
} from '../__testUtils__/schemaConstraints';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { isViolationOn, uniqueViolationOf } from '../service/databaseErrors';
import { placeholderDescription } from '../__testUtils__/connectorDescription';
import { aNewServiceRequest } from '../__testUtils__/serviceRequestBodies';

/*
 * Issue 11: every constraint of the schema, triggered through the API, answers cleanly. The
 * schema's constraints are read from the migrated database itself and compared with the table
 * of cases below, so that a constraint added later without a case fails here by name. Each case
 * sends through the HTTP API the requests that come closest to breaking its constraints and
 * checks the answer (a 4xx a person can act on, a 409 naming the other record for duplicates,
 * never a 500, never the database's words) and that nothing changed.
 */

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

const migrationsDir = resolvePackagePath(
  '@internal/plugin-social-media-backend',
  'migrations',
);

const BASE = '/api/social-media';

/** Words only the database's own text would bring into an answer. */
const SQL_TEXT =
  /insert into|select |update \S+ set|delete from|sqlite|violates|constraint|duplicate key|foreign key|not null|knex|returning|\$\d/i;

type Api = ReturnType<typeof apiTestBackend>;
type Server = Awaited<ReturnType<Api['start']>>['server'];
type Response = request.Response;

/** What a case works with: the started backend and the checks every case makes. */
interface Probe {
  api: Api;
  server: Server;
  /** A request as the marketing lead, a signed-in user allowed everything. */
  as: (req: request.Test) => request.Test;
  post: (path: string, body: object) => request.Test;
  put: (path: string, body: object) => request.Test;
  /** Checks a refusal: its status and message, and that it holds no database text. */
  refused: (res: Response, status: number, message: string | RegExp) => void;
  /** Row counts of every table and each service's version: to compare before and after. */
  state: () => Promise<Record<string, unknown>>;
  /** Checks any answer for database text. */
  clean: (body: unknown) => void;
  /** The ServiceNow the backend runs with: what it lists and how it answers a report. */
  itsm: ItsmScript;
}

/** The message itself, or any that matches the pattern. */
function matching(message: string | RegExp) {
  return typeof message === 'string' ? message : expect.stringMatching(message);
}

/** One case of the table: the requests closest to breaking some constraints, and the checks. */
interface ConstraintCase {
  title: string;
  /** The constraints this case reaches, as {@link constraintKey} names them. */
  covers: string[];
  /**
   * Why no request can put a value that breaks the constraints into the database, when none
   * can; the case then sends the closest request and checks that it is refused cleanly.
   */
  unreachable?: string;
  run: (probe: Probe) => Promise<void>;
}

const notNull = (table: string, ...columns: string[]) =>
  columns.map(column => `${table}: not null ${column}`);
const serviceKey = (table: string) =>
  `${table}: foreign key (service_id) references social_services (id)`;

/** A service mapped to the ITSM, for the incident cases. */
const MAPPED = { ...VALID, itsm: { system: 'servicenow', reference: 'CI-1' } };

function incident(overrides: Partial<ItsmIncident> = {}): ItsmIncident {
  return {
    externalId: 'sys-1',
    number: 'INC0010001',
    title: 'Password reset requested by someone else',
    priority: '2 - High',
    state: 'New',
    category: 'security',
    openedAt: '2026-11-20T08:00:00Z',
    updatedAt: '2026-11-20T09:00:00Z',
    url: 'https://itsm.example.com/incident/sys-1',
    serviceId: 'brand-instagram',
    ...overrides,
  };
}

/** What the test's ServiceNow lists in its one page of changes, and answers to a report. */
interface ItsmScript {
  page: ItsmIncident[];
  created: ItsmIncident;
  createIncident: jest.Mock;
}

function scriptedItsm(): { script: ItsmScript; connector: ItsmConnector } {
  const script: ItsmScript = {
    page: [],
    created: incident(),
    createIncident: jest.fn(async () => script.created),
  };
  const connector: ItsmConnector = {
    id: 'servicenow',
    description: placeholderDescription('servicenow'),
    listIncidentsChangedSince: async () => ({
      incidents: script.page,
      nextCursor: 'after-page-1',
      done: true,
    }),
    getIncident: async () => undefined,
    createIncident: script.createIncident,
  };
  return { script, connector };
}

const CREATE_FIELDS: Array<[string, string]> = [
  ['name', 'social_services: not null name'],
  ['platform', 'social_services: not null platform'],
  ['handle', 'social_services: not null handle'],
  ['ownerGroup', 'social_services: not null owner_group'],
  ['purpose', 'social_services: not null purpose'],
  ['businessUnit', 'social_services: not null business_unit'],
];

/** The services as they are: id, version and account. */
async function services(api: Api) {
  return api
    .knex('social_services')
    .orderBy('id')
    .select('id', 'version', 'platform', 'handle', 'lifecycle_stage');
}

/**
 * The table of cases. (A function, so that the checks in each case read as the helpers they are:
 * they run inside the test below.)
 */
function constraintCases(): ConstraintCase[] {
  return [
    {
      title:
        'a new service with the id of an existing one, also several at once, answers 409 naming the service that has it',
      covers: [
        'social_services: primary key (id)',
        ...notNull('social_services', 'id'),
      ],
      async run({ api, server, as, post, put, refused, state }) {
        const first = await api.create(server);
        expect(first.status).toBe(201);
        const before = await state();
        const taken =
          'A service with id brand-instagram already exists: Brand Instagram (instagram @examplebrand). Give the new service another name, or an id of its own.';
        const other = { ...VALID, handle: 'otherbrand', profileUrl: undefined };
        refused(await api.create(server, other), 409, taken);
        refused(
          await api.create(server, {
            ...other,
            name: 'Corporate X',
            platform: 'x',
            id: 'brand-instagram',
          }),
          409,
          taken,
        );
        // No id at all, or one that is blank, is an input error, never a row without an id.
        refused(
          await api.create(server, { ...other, id: null }),
          400,
          'Invalid service: id: must be text',
        );
        refused(
          await api.create(server, { ...other, id: '' }),
          400,
          'Invalid service: id: Id must be 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit',
        );
        refused(
          await api.create(server, { ...other, name: '!!!' }),
          400,
          'Invalid service: name: Name must contain letters or digits to derive an id from',
        );
        // The id of a service never changes.
        refused(
          await put('/services/brand-instagram', {
            ...VALID,
            id: 'corporate-x',
            version: 1,
          }),
          400,
          'Invalid service: id: The id of a service cannot change',
        );
        // An inventory row with the id of an existing service is named; nothing is imported.
        const imported = await post('/import', {
          format: 'yaml',
          content:
            '- name: Brand Instagram\n  platform: x\n  handle: "@brandx"\n  purpose: Brand\n  businessUnit: Marketing\n  ownerGroup: group:default/marketing\n',
        });
        expect([imported.status, imported.body.problems]).toEqual([
          400,
          [
            {
              row: 1,
              field: 'id',
              message: 'A service with id brand-instagram already exists',
            },
          ],
        ]);
        expect(await state()).toEqual(before);

        // Several people catalogue services of the same name at the same moment: one wins.
        const race = await Promise.all(
          ['one', 'two', 'three', 'four'].map(handle =>
            as(request(server).post(`${BASE}/services`)).send({
              ...VALID,
              name: 'Support Instagram',
              handle,
              profileUrl: undefined,
            }),
          ),
        );
        expect(race.map(r => r.status).sort()).toEqual([201, 409, 409, 409]);
        const winner = race.find(r => r.status === 201)!.body;
        for (const lost of race.filter(r => r.status === 409)) {
          refused(
            lost,
            409,
            `A service with id support-instagram already exists: Support Instagram (instagram ${winner.handle}). Give the new service another name, or an id of its own.`,
          );
        }
        expect((await services(api)).map(s => s.id)).toEqual([
          'brand-instagram',
          'support-instagram',
        ]);
      },
    },
    {
      title:
        'a second service for the same platform account, in any case of the handle and also at the same moment, answers 409 naming the service that has it',
      covers: [
        'social_services: unique (platform, handle)',
        'social_services: unique (platform, lower(handle))',
      ],
      async run({ api, server, as, post, put, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        for (const handle of [
          '@examplebrand',
          'examplebrand',
          '@ExampleBrand',
          'EXAMPLEBRAND',
        ]) {
          const normalized = handle.startsWith('@') ? handle : `@${handle}`;
          refused(
            await api.create(server, {
              ...VALID,
              name: 'Second Instagram',
              handle,
              profileUrl: undefined,
            }),
            409,
            `The instagram account ${normalized} is already catalogued as brand-instagram`,
          );
        }
        // An inventory naming the account in another case, or one account twice, imports nothing.
        const inventory = (...handles: string[]) => ({
          format: 'yaml',
          content: handles
            .map(
              (handle, i) =>
                `- name: Imported ${i}\n  platform: instagram\n  handle: "${handle}"\n  purpose: Brand\n  businessUnit: Marketing\n  ownerGroup: group:default/marketing\n`,
            )
            .join(''),
        });
        const known = await post('/import', inventory('@EXAMPLEBRAND'));
        expect([known.status, known.body.problems]).toEqual([
          400,
          [
            {
              row: 1,
              field: 'handle',
              message:
                'The instagram account @EXAMPLEBRAND is already catalogued as brand-instagram',
            },
          ],
        ]);
        const twice = await post(
          '/import',
          inventory('@newbrand', '@NewBrand'),
        );
        expect([twice.status, twice.body.problems]).toEqual([
          400,
          [
            {
              row: 2,
              field: 'handle',
              message: 'instagram handle @NewBrand is already used by row 1',
            },
          ],
        ]);
        expect(await state()).toEqual(before);

        // The same handle on another platform is another account.
        const onX = await api.create(server, {
          ...VALID,
          name: 'Brand X',
          platform: 'x',
          handle: '@ExampleBrand',
          profileUrl: undefined,
        });
        expect(onX.status).toBe(201);
        // Moving it onto the Instagram account is refused, and it stays as it was.
        refused(
          await put('/services/brand-x', {
            ...VALID,
            name: 'Brand X',
            handle: '@EXAMPLEBRAND',
            profileUrl: undefined,
            version: 1,
          }),
          409,
          'The instagram account @EXAMPLEBRAND is already catalogued as brand-instagram',
        );

        // Several people catalogue one account at the same moment, each typing it differently.
        const race = await Promise.all(
          ['@Campaign', '@campaign', '@CAMPAIGN', 'campaign'].map((handle, i) =>
            as(request(server).post(`${BASE}/services`)).send({
              ...VALID,
              name: `Campaign ${i}`,
              platform: 'tiktok',
              handle,
              profileUrl: undefined,
            }),
          ),
        );
        expect(race.map(r => r.status).sort()).toEqual([201, 409, 409, 409]);
        const winner = race.find(r => r.status === 201)!.body.id;
        for (const lost of race.filter(r => r.status === 409)) {
          refused(
            lost,
            409,
            new RegExp(
              `^The tiktok account @campaign is already catalogued as ${winner}$`,
              'i',
            ),
          );
        }
        expect(
          (await services(api)).map(s => [s.id, s.platform, s.version]),
        ).toEqual([
          ['brand-instagram', 'instagram', 1],
          ['brand-x', 'x', 1],
          [winner, 'tiktok', 1],
        ]);
      },
    },
    {
      title:
        'a service without a name, platform, handle, owner group, purpose or business unit is refused, naming the field',
      covers: [
        ...CREATE_FIELDS.map(([, key]) => key),
        ...notNull(
          'social_services',
          'audience_size',
          'tags',
          'controls',
          'lifecycle_stage',
        ),
      ],
      async run({ api, server, put, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        const other = {
          ...VALID,
          name: 'Other',
          handle: 'other',
          profileUrl: undefined,
        };
        const fieldsOf = (res: Response) =>
          (res.body.error?.fields ?? []).map((f: { field: string }) => f.field);
        for (const [field] of CREATE_FIELDS) {
          const { [field]: _left, ...without } = other as Record<
            string,
            unknown
          >;
          for (const body of [
            without,
            { ...other, [field]: null },
            { ...other, [field]: '   ' },
          ]) {
            const created = await api.create(server, body);
            refused(created, 400, /^Invalid service: /);
            expect(fieldsOf(created)).toContain(field);
            const updated = await put('/services/brand-instagram', {
              ...body,
              version: 1,
            });
            refused(updated, 400, /^Invalid service: /);
            expect(fieldsOf(updated)).toContain(field);
          }
        }
        // Fields with a default may be left out, but not sent empty.
        for (const [field, message] of [
          [
            'audienceSize',
            'Invalid service: audienceSize: must be a whole number',
          ],
          ['tags', 'Invalid service: tags: must be a list'],
          ['controls', 'Invalid service: controls: must be an object'],
          ['lifecycleStage', /^Invalid service: lifecycleStage: must be text/],
        ] as Array<[string, string | RegExp]>) {
          refused(
            await api.create(server, { ...other, [field]: null }),
            400,
            message,
          );
        }
        expect(await state()).toEqual(before);
        const { audienceSize, tags, ...minimal } = other;
        const created = await api.create(server, minimal);
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          audienceSize: 0,
          tags: [],
          lifecycleStage: 'strategy',
          controls: { mfaEnabled: false, accountStatus: 'active' },
        });
      },
    },
    {
      title:
        'a change without the version it is based on is refused; one based on an old version answers 409',
      covers: notNull('social_services', 'version'),
      async run({ api, server, as, put, post, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        const path = '/services/brand-instagram';
        refused(
          await put(path, VALID),
          400,
          'Invalid service: version: is required',
        );
        refused(
          await put(path, { ...VALID, version: null }),
          400,
          'Invalid service: version: must be a whole number',
        );
        refused(
          await post(`${path}/transitions`, { to: 'design', reason: 'Ready' }),
          400,
          'Invalid transition: version: is required',
        );
        refused(
          await as(request(server).delete(`${BASE}${path}`)),
          400,
          'Invalid query: version: is required',
        );
        refused(
          await api.create(server, { ...VALID, name: 'Other', version: 7 }),
          400,
          'Invalid service: Unknown field: version',
        );
        refused(
          await put(path, { ...VALID, version: 2 }),
          409,
          'Service brand-instagram changed since version 2 (it is now at version 1). Reload it and apply your change again.',
        );
        expect(await state()).toEqual(before);
      },
    },
    {
      title:
        'what the backend works out itself (times, counts, sort keys, the leaver and changed-outside flags) cannot be sent',
      covers: notNull(
        'social_services',
        'created_at',
        'updated_at',
        'open_incident_count',
        'admin_count',
        'leaver_count',
        'sort_name',
        'search_text',
        'stage_rank',
        'service_owner_in_organisation',
        'changed_outside',
      ),
      unreachable:
        'the backend derives these columns from the service, its admins, its incidents, its audit trail and the clock; no request names them',
      async run({ api, server, put, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        const derived = {
          createdAt: null,
          updatedAt: null,
          openIncidentCount: null,
          adminCount: null,
          leaverCount: null,
          sortName: null,
          searchText: null,
          stageRank: null,
          serviceOwnerInOrganisation: null,
          changedOutside: null,
        };
        const unknown =
          'Unknown fields: createdAt, updatedAt, openIncidentCount, adminCount, leaverCount, sortName, searchText, stageRank, serviceOwnerInOrganisation, changedOutside';
        refused(
          await api.create(server, { ...VALID, name: 'Other', ...derived }),
          400,
          `Invalid service: ${unknown}`,
        );
        refused(
          await put('/services/brand-instagram', {
            ...VALID,
            version: 1,
            ...derived,
          }),
          400,
          `Invalid service: ${unknown}`,
        );
        expect(await state()).toEqual(before);
        const row = await api
          .knex('social_services')
          .where({ id: 'brand-instagram' })
          .first();
        expect(row).toMatchObject({
          sort_name: 'brand instagram',
          search_text: expect.stringContaining('@examplebrand'),
        });
        expect(Number(row.admin_count)).toBe(0);
        expect(Number(row.open_incident_count)).toBe(0);
        expect(Boolean(row.changed_outside)).toBe(false);
      },
    },
    {
      title:
        'an admin list naming one account twice, in any case, is refused; two lists sent at once do not both apply',
      covers: [
        'social_service_admins: unique (service_id, account_key)',
        ...notNull('social_service_admins', 'account_key'),
      ],
      async run({ api, server, put, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const path = '/services/brand-instagram/admins';
        const before = await state();
        refused(
          await put(path, {
            version: 1,
            admins: [
              { account: 'social-team', role: 'admin' },
              { account: 'Social-Team', role: 'owner' },
            ],
          }),
          400,
          'Invalid admin list: admins.1.account: Account Social-Team is listed twice',
        );
        refused(
          await put(path, {
            version: 1,
            admins: [
              { account: 'agency', role: 'editor' },
              { account: '  AGENCY ', role: 'editor' },
            ],
          }),
          400,
          'Invalid admin list: admins.1.account: Account AGENCY is listed twice',
        );
        expect(await state()).toEqual(before);

        // The same account may hold access to two services.
        expect(
          (
            await api.create(server, {
              ...VALID,
              name: 'Brand X',
              platform: 'x',
              handle: '@brand',
              profileUrl: undefined,
            })
          ).status,
        ).toBe(201);
        const list = {
          version: 1,
          admins: [{ account: 'agency', role: 'admin' }],
        };
        expect((await put('/services/brand-x/admins', list)).status).toBe(200);

        // Two people save the list at the same moment: the second is told to reload.
        const both = await Promise.all([
          put(path, list),
          put(path, {
            version: 1,
            admins: [{ account: 'Agency', role: 'owner' }],
          }),
        ]);
        expect(both.map(r => r.status).sort()).toEqual([200, 409]);
        refused(
          both.find(r => r.status === 409)!,
          409,
          'Service brand-instagram changed since version 1 (it is now at version 2). Reload it and apply your change again.',
        );
        const admins = await api
          .knex('social_service_admins')
          .where({ service_id: 'brand-instagram' });
        expect(admins.map(a => a.account_key)).toEqual(['agency']);
      },
    },
    {
      title: 'an admin without an account or a role is refused',
      covers: notNull('social_service_admins', 'account', 'role'),
      async run({ api, server, put, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        const path = '/services/brand-instagram/admins';
        const cases: Array<[object, string]> = [
          [
            { role: 'admin' },
            'Invalid admin list: admins.0.account: is required',
          ],
          [
            { account: null, role: 'admin' },
            'Invalid admin list: admins.0.account: must be text',
          ],
          [
            { account: '   ', role: 'admin' },
            'Invalid admin list: admins.0.account: Account is required',
          ],
          [
            { account: 'social-team' },
            'Invalid admin list: admins.0.role: is required',
          ],
          [
            { account: 'social-team', role: null },
            /^Invalid admin list: admins\.0\.role: must be text/,
          ],
        ] as Array<[object, string]>;
        for (const [admin, message] of cases) {
          refused(
            await put(path, { version: 1, admins: [admin] }),
            400,
            message,
          );
        }
        expect(await state()).toEqual(before);
      },
    },
    {
      title:
        'what the backend records about an admin (when, whether still in the organisation) cannot be sent',
      covers: [
        'social_service_admins: primary key (id)',
        ...notNull(
          'social_service_admins',
          'id',
          'in_organisation',
          'added_at',
        ),
      ],
      unreachable:
        'the surrogate id comes from the database, the time from the clock and the flag from the catalog; the admin list names accounts and roles only',
      async run({ api, server, put, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        refused(
          await put('/services/brand-instagram/admins', {
            version: 1,
            admins: [
              {
                id: 1,
                account: 'social-team',
                role: 'admin',
                inOrganisation: null,
                addedAt: null,
              },
            ],
          }),
          400,
          'Invalid admin list: admins.0: Unknown fields: id, inOrganisation, addedAt',
        );
        expect(await state()).toEqual(before);
      },
    },
    {
      title:
        'every change to a service that was deleted, also one racing the deletion, answers 404 and leaves nothing behind',
      covers: [
        ...[
          'social_service_admins',
          'social_service_transitions',
          'social_service_incidents',
          'social_service_risk_history',
          'social_service_access_reviews',
          'social_service_sign_offs',
        ].flatMap(table => [
          // The incidents' copies have no foreign key: deleting a service deletes them.
          ...(table === 'social_service_incidents' ? [] : [serviceKey(table)]),
          `${table}: not null service_id`,
        ]),
      ],
      async run({ api, server, as, post, put, refused, state, itsm }) {
        expect((await api.create(server, MAPPED)).status).toBe(201);
        itsm.page = [incident({ serviceId: 'gone' })];
        const removed = await as(
          request(server).delete(`${BASE}/services/brand-instagram?version=1`),
        );
        expect(removed.status).toBe(204);
        // The ITSM lists an incident of a service the catalogue does not have: it is left out.
        const synced = await post('/itsm/sync', {});
        expect(synced.status).toBe(200);
        expect(synced.body.items[0]).toMatchObject({ incidentsLastRun: 0 });
        expect(synced.body.items[0]).not.toHaveProperty('lastError');
        const before = await state();
        const gone = "No social media service with id 'brand-instagram'";
        const path = '/services/brand-instagram';
        const changes = () => [
          put(`${path}/admins`, {
            version: 1,
            admins: [{ account: 'social-team', role: 'admin' }],
          }),
          post(`${path}/transitions`, {
            to: 'design',
            reason: 'Design it',
            version: 1,
          }),
          post(`${path}/incidents`, {
            title: 'Account taken over',
            description: 'The password was changed by someone else',
            category: 'account-takeover',
          }),
          put(path, { ...MAPPED, version: 1 }),
          post(`${path}/access-reviews`, { version: 1, decisions: [] }),
          post(`${path}/sign-offs`, {
            rating: 'medium',
            note: 'Accepted for the campaign',
          }),
        ];
        for (const change of changes()) refused(await change, 404, gone);
        expect(await state()).toEqual(before);

        // Changes racing the deletion: the deletion or one change wins, the others are refused.
        expect((await api.create(server, MAPPED)).status).toBe(201);
        const race = await Promise.all([
          as(request(server).delete(`${BASE}${path}?version=1`)),
          ...changes(),
        ]);
        for (const res of race.filter(r => r.status >= 400)) {
          expect([404, 409]).toContain(res.status);
          refused(
            res,
            res.status,
            /^(No social media service|Service brand-instagram changed since version 1|The rating of this service is now)/,
          );
        }
        const orphans = await Promise.all(
          [
            'social_service_admins',
            'social_service_transitions',
            'social_service_incidents',
            'social_service_risk_history',
            'social_service_access_reviews',
            'social_service_sign_offs',
          ].map(table =>
            api
              .knex(table)
              .whereNotIn(
                'service_id',
                api.knex('social_services').select('id'),
              )
              .count({ n: '*' })
              .then(([{ n }]) => [table, Number(n)]),
          ),
        );
        expect(orphans.filter(([, n]) => n !== 0)).toEqual([]);
      },
    },
    {
      title:
        'a transition without a target stage or a reason is refused; the stage it came from, who and when are the backend’s',
      covers: [
        'social_service_transitions: primary key (id)',
        ...notNull(
          'social_service_transitions',
          'id',
          'to_stage',
          'reason',
          'from_stage',
          'actor',
          'at',
        ),
      ],
      async run({ api, server, post, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        const path = '/services/brand-instagram/transitions';
        const cases: Array<[object, string | RegExp]> = [
          [
            { reason: 'Ready', version: 1 },
            'Invalid transition: to: is required',
          ],
          [
            { to: null, reason: 'Ready', version: 1 },
            /^Invalid transition: to: must be text/,
          ],
          [
            { to: 'design', version: 1 },
            'Invalid transition: reason: is required',
          ],
          [
            { to: 'design', reason: null, version: 1 },
            'Invalid transition: reason: must be text',
          ],
          [
            { to: 'design', reason: '   ', version: 1 },
            'Invalid transition: reason: Reason must say why, in at least 3 characters',
          ],
          [
            {
              to: 'design',
              reason: 'Ready',
              version: 1,
              id: 1,
              from: 'strategy',
              actor: 'user:default/communications-lead',
              at: '2026-01-01T00:00:00Z',
            },
            'Invalid transition: Unknown fields: id, from, actor, at',
          ],
        ];
        for (const [body, message] of cases) {
          refused(await post(path, body), 400, message);
        }
        expect(await state()).toEqual(before);
        const moved = await post(path, {
          to: 'design',
          reason: 'Ready',
          version: 1,
        });
        expect(moved.status).toBe(200);
        expect(moved.body.transitions).toEqual([
          expect.objectContaining({
            from: 'strategy',
            to: 'design',
            actor: 'user:default/marketing-lead',
            reason: 'Ready',
          }),
        ]);
      },
    },
    {
      title:
        'the same ITSM incident twice (in one page, in syncs at the same moment, reported again) is kept once for each service mapped to its record',
      covers: [
        'social_service_incidents: primary key (connector_id, external_id, service_id)',
        ...notNull('social_service_incidents', 'connector_id', 'external_id'),
        'social_media_itsm_sync: primary key (connector_id)',
        ...notNull(
          'social_media_itsm_sync',
          'connector_id',
          'incidents_last_run',
        ),
        // Both services are noted as due to be rated by each sync's page, once each.
        'social_service_rating_due: primary key (service_id)',
        serviceKey('social_service_rating_due'),
        ...notNull('social_service_rating_due', 'service_id', 'since'),
      ],
      async run({ api, server, as, post, clean, itsm }) {
        expect((await api.create(server, MAPPED)).status).toBe(201);
        // Brand Facebook's incidents are filed against the same ITSM record.
        expect(
          (
            await api.create(server, {
              ...MAPPED,
              name: 'Brand Facebook',
              platform: 'facebook',
              profileUrl: 'https://www.facebook.com/examplebrand',
            })
          ).status,
        ).toBe(201);
        // One copy per service mapped to the record, each listed twice (two changes).
        const copies = (changes: Partial<ItsmIncident>) => [
          incident(changes),
          incident({ ...changes, serviceId: 'brand-facebook' }),
        ];
        itsm.page = [
          ...copies({}),
          ...copies({
            state: 'In Progress',
            updatedAt: '2026-11-20T10:00:00Z',
          }),
        ];
        const syncs = await Promise.all(
          [1, 2, 3].map(() => post('/itsm/sync', {})),
        );
        // One run of a connector at a time: a sync asked for while another runs answers 409.
        const busy = syncs.filter(sync => sync.status === 409);
        for (const sync of busy) {
          expect(sync.body.error.message).toMatch(
            /^The servicenow incident sync is already running \(since 20\d\d-/,
          );
        }
        const ran = syncs.filter(sync => sync.status !== 409);
        expect(ran.length).toBeGreaterThanOrEqual(1);
        for (const sync of ran) {
          expect(sync.status).toBe(200);
          clean(sync.body);
          expect(sync.body.items).toEqual([
            expect.objectContaining({
              connectorId: 'servicenow',
              mappedServices: 2,
            }),
          ]);
          expect(sync.body.items[0]).not.toHaveProperty('lastError');
        }
        const stored = () =>
          api
            .knex('social_service_incidents')
            .orderBy('service_id')
            .select('external_id', 'state', 'service_id');
        expect(await stored()).toEqual([
          {
            external_id: 'sys-1',
            state: 'In Progress',
            service_id: 'brand-facebook',
          },
          {
            external_id: 'sys-1',
            state: 'In Progress',
            service_id: 'brand-instagram',
          },
        ]);
        // What people see: each service lists the incident and counts it as open.
        for (const id of ['brand-instagram', 'brand-facebook']) {
          const listed = await as(
            request(server).get(`${BASE}/services/${id}/incidents`),
          );
          expect(listed.body.items).toEqual([
            expect.objectContaining({
              externalId: 'sys-1',
              number: 'INC0010001',
              state: 'In Progress',
              open: true,
            }),
          ]);
          const read = await as(request(server).get(`${BASE}/services/${id}`));
          expect(read.body.openIncidentCount).toBe(1);
        }
        expect(
          (await api.knex('social_media_itsm_sync').select('connector_id')).map(
            r => r.connector_id,
          ),
        ).toEqual(['servicenow']);
        // Rated at the end of the run: none is left due.
        expect(await api.knex('social_service_rating_due').select()).toEqual(
          [],
        );

        // The ITSM answers a report with the incident it already has (it merged the two).
        itsm.created = incident({
          state: 'In Progress',
          updatedAt: '2026-11-20T11:00:00Z',
          title: 'Account taken over',
        });
        const report = {
          title: 'Account taken over',
          description: 'The password was changed by someone else',
          category: 'account-takeover',
        };
        const reports = await Promise.all([
          post('/services/brand-instagram/incidents', report),
          post('/services/brand-instagram/incidents', report),
        ]);
        expect(reports.map(r => [r.status, r.body.externalId])).toEqual([
          [201, 'sys-1'],
          [201, 'sys-1'],
        ]);
        // Still one copy for each service: the reporting one's is the report's.
        expect(await stored()).toEqual([
          {
            external_id: 'sys-1',
            state: 'In Progress',
            service_id: 'brand-facebook',
          },
          {
            external_id: 'sys-1',
            state: 'In Progress',
            service_id: 'brand-instagram',
          },
        ]);
        expect(
          (
            await api
              .knex('social_service_incidents')
              .where({ service_id: 'brand-instagram' })
              .first('title')
          ).title,
        ).toBe('Account taken over');
      },
    },
    {
      title:
        'an incident the ITSM answers without a number, title or time is not stored; the report says so, and the sync stores the rest',
      covers: notNull(
        'social_service_incidents',
        'number',
        'title',
        'priority',
        'state',
        'is_open',
        'opened_at',
        'updated_at',
        'url',
      ),
      async run({ api, server, post, refused, clean, state, itsm }) {
        expect((await api.create(server, MAPPED)).status).toBe(201);
        const before = await state();
        const path = '/services/brand-instagram/incidents';
        const report = {
          title: 'Account taken over',
          description: 'The password was changed by someone else',
          category: 'account-takeover',
        };
        // What the person leaves out is refused before the ITSM is asked.
        refused(
          await post(path, { ...report, title: '   ' }),
          400,
          'Invalid incident report: title: Title must be at least 5 characters',
        );
        refused(
          await post(path, { ...report, title: null }),
          400,
          'Invalid incident report: title: must be text',
        );
        expect(itsm.createIncident).not.toHaveBeenCalled();
        // What the ITSM leaves out is named.
        itsm.created = incident({
          externalId: 'sys-9',
          number: undefined as unknown as string,
          openedAt: 'not a time',
        });
        refused(
          await post(path, report),
          503,
          'servicenow raised the incident sys-9 but answered without a usable number, openedAt; it is linked to the service when the next ITSM sync brings it',
        );
        expect(await state()).toEqual(before);

        itsm.page = [
          incident({
            externalId: 'sys-2',
            title: undefined as unknown as string,
          }),
          incident({ externalId: 'sys-3', url: '' }),
          incident({ externalId: 'sys-4', updatedAt: 'yesterday' }),
          incident({ externalId: 'sys-5' }),
        ];
        const synced = await post('/itsm/sync', {});
        expect(synced.status).toBe(200);
        clean(synced.body);
        expect(synced.body.items[0]).toMatchObject({ incidentsLastRun: 1 });
        expect(synced.body.items[0]).not.toHaveProperty('lastError');
        const stored = await api.knex('social_service_incidents').select();
        expect(stored.map(r => r.external_id)).toEqual(['sys-5']);
        expect(Boolean(stored[0].is_open)).toBe(true);
      },
    },
    {
      title:
        'a risk rating is never sent, only worked out; each change records a complete rating',
      covers: [
        'social_service_risk_history: primary key (id)',
        ...notNull(
          'social_service_risk_history',
          'id',
          'rating',
          'likelihood_level',
          'impact_level',
          'reasons_json',
          'trigger',
          'at',
        ),
      ],
      unreachable:
        'the backend rates services with its own risk model; no request carries a rating, its levels or reasons',
      async run({ api, server, as, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        refused(
          await api.create(server, {
            ...VALID,
            name: 'Other',
            riskRating: 'low',
            risk: null,
          }),
          400,
          'Invalid service: Unknown fields: riskRating, risk',
        );
        expect(await state()).toEqual(before);
        const history = await as(
          request(server).get(`${BASE}/services/brand-instagram/risk-history`),
        );
        expect(history.body.items).toEqual([
          expect.objectContaining({
            rating: expect.stringMatching(/^(low|medium|high|critical)$/),
            trigger: 'create',
            likelihoodLevel: expect.any(Number),
            impactLevel: expect.any(Number),
          }),
        ]);
      },
    },
    {
      title:
        'an access review without decisions is refused; the reviewer is whoever is signed in',
      covers: [
        'social_service_access_reviews: primary key (id)',
        ...notNull(
          'social_service_access_reviews',
          'id',
          'decisions_json',
          'reviewer',
          'at',
        ),
      ],
      async run({ api, server, post, put, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        expect(
          (
            await put('/services/brand-instagram/admins', {
              version: 1,
              admins: [{ account: 'social-team', role: 'admin' }],
            })
          ).status,
        ).toBe(200);
        const before = await state();
        const path = '/services/brand-instagram/access-reviews';
        const cases: Array<[object, string | RegExp]> = [
          [{ version: 2 }, 'Invalid access review: decisions: is required'],
          [
            { version: 2, decisions: null },
            'Invalid access review: decisions: must be a list',
          ],
          [
            { version: 2, decisions: [] },
            'Decide keep or remove for every admin; missing: social-team',
          ],
          [
            {
              version: 2,
              decisions: [{ account: 'social-team', decision: 'keep' }],
              reviewer: 'user:default/communications-lead',
              at: '2026-01-01T00:00:00Z',
            },
            'Invalid access review: Unknown fields: reviewer, at',
          ],
        ];
        for (const [body, message] of cases) {
          refused(await post(path, body), 400, message);
        }
        expect(await state()).toEqual(before);
        const reviewed = await post(path, {
          version: 2,
          decisions: [{ account: 'social-team', decision: 'keep' }],
        });
        expect(reviewed.status).toBe(201);
        expect(reviewed.body.review.reviewer).toBe(
          'user:default/marketing-lead',
        );
      },
    },
    {
      title:
        'a risk sign-off without a rating or a note is refused; who signed and when are the backend’s',
      covers: [
        'social_service_sign_offs: primary key (id)',
        ...notNull(
          'social_service_sign_offs',
          'id',
          'rating',
          'note',
          'signed_by',
          'signed_at',
        ),
      ],
      async run({ api, server, post, refused, state }) {
        const created = await api.create(server);
        expect(created.status).toBe(201);
        const rating = created.body.risk.rating;
        const before = await state();
        const path = '/services/brand-instagram/sign-offs';
        const cases: Array<[object, string | RegExp]> = [
          [
            { note: 'Accepted for now' },
            'Invalid sign-off: rating: is required',
          ],
          [
            { rating: null, note: 'Accepted for now' },
            /^Invalid sign-off: rating: must be/,
          ],
          [{ rating }, 'Invalid sign-off: note: is required'],
          [{ rating, note: null }, 'Invalid sign-off: note: must be text'],
          [
            { rating, note: '   ' },
            'Invalid sign-off: note: Note must say why you accept this rating, in at least 3 characters',
          ],
          [
            {
              rating,
              note: 'Accepted for now',
              signedBy: 'user:default/communications-lead',
              signedAt: '2026-01-01T00:00:00Z',
            },
            'Invalid sign-off: Unknown fields: signedBy, signedAt',
          ],
        ];
        for (const [body, message] of cases) {
          refused(await post(path, body), 400, message);
        }
        expect(await state()).toEqual(before);
        const signed = await post(path, { rating, note: 'Accepted for now' });
        expect(signed.status).toBe(201);
        expect(signed.body.signOff).toMatchObject({
          signedBy: 'user:default/marketing-lead',
          rating,
        });
      },
    },
    {
      title:
        'a service request without its fields, or a step on one that does not exist, is refused; its requester, steps, status and numbers are the backend’s',
      covers: [
        'social_service_requests: primary key (id)',
        ...notNull(
          'social_service_requests',
          'id',
          'status',
          'version',
          'requester',
          'requesting_team',
          'platform',
          'handle_key',
          'fields_json',
          'prediction_json',
          'approvals_json',
          'created_at',
          'updated_at',
        ),
        'social_service_request_steps: primary key (id)',
        'social_service_request_steps: foreign key (request_id) references social_service_requests (id)',
        ...notNull(
          'social_service_request_steps',
          'id',
          'request_id',
          'action',
          'actor',
          'at',
          'to_status',
        ),
      ],
      async run({ server, post, refused, state }) {
        const asked = aNewServiceRequest({ audience: 'Young adults' });
        const before = await state();
        const cases: Array<[object, string | RegExp]> = [
          [{ ...asked, platform: null }, /^Invalid request: platform: /],
          [{ ...asked, handle: '  ' }, /^Invalid request: handle: /],
          [
            { ...asked, requestingTeam: undefined },
            /^Invalid request: requestingTeam: /,
          ],
          [
            { ...asked, questionnaire: undefined },
            /^Invalid request: questionnaire: /,
          ],
          [
            { ...asked, requester: 'user:default/communications-lead' },
            'Invalid request: Unknown field: requester',
          ],
          [
            { ...asked, status: 'provisioned', version: 9 },
            'Invalid request: Unknown fields: status, version',
          ],
        ];
        for (const [body, message] of cases) {
          refused(await post('/requests', body), 400, message);
        }
        // Steps on a request that does not exist find nothing to hang on.
        refused(
          await post('/requests/41/submit', { version: 1 }),
          404,
          'No service request 41',
        );
        refused(
          await post('/requests/41/decisions', {
            decision: 'approve',
            comment: 'Fine',
            version: 1,
          }),
          404,
          'No service request 41',
        );
        expect(await state()).toEqual(before);
        const filed = await post('/requests', asked);
        expect(filed.status).toBe(201);
        expect(filed.body).toMatchObject({
          id: expect.any(Number),
          status: 'draft',
          version: 1,
          requester: 'user:default/marketing-lead',
          steps: [{ action: 'create', actor: 'user:default/marketing-lead' }],
        });
        expect(server).toBeDefined();
      },
    },
    {
      title:
        'a transfer or retirement of a service that does not exist, of an unknown kind or status, or without its fields is refused; its numbers, steps and deciders are the backend’s',
      covers: [
        'social_service_handovers: primary key (id)',
        'social_service_handovers: foreign key (service_id) references social_services (id)',
        'social_service_handovers: check social_service_handovers_kind_check',
        'social_service_handovers: check social_service_handovers_status_check',
        ...notNull(
          'social_service_handovers',
          'id',
          'kind',
          'service_id',
          'service_name',
          'status',
          'version',
          'requester',
          'reason',
          'checklist_json',
          'deciders_json',
          'created_at',
          'updated_at',
        ),
        'social_service_handover_steps: primary key (id)',
        'social_service_handover_steps: foreign key (handover_id) references social_service_handovers (id)',
        ...notNull(
          'social_service_handover_steps',
          'id',
          'handover_id',
          'action',
          'actor',
          'at',
          'to_status',
        ),
      ],
      async run({ api, server, post, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const transfer = {
          kind: 'transfer',
          toOwnerGroup: 'group:default/communications',
          toServiceOwner: 'user:default/communications-lead',
          reason: 'Communications runs the brand now',
          version: 1,
        };
        const before = await state();
        const cases: Array<[string, object, number, string | RegExp]> = [
          [
            '/services/no-such-service/handovers',
            transfer,
            404,
            "No social media service with id 'no-such-service'",
          ],
          [
            '/services/brand-instagram/handovers',
            { ...transfer, kind: 'sale' },
            400,
            /kind: must be one of transfer, retirement/,
          ],
          [
            '/services/brand-instagram/handovers',
            { ...transfer, reason: '   ' },
            400,
            'Invalid request: reason: Reason is required',
          ],
          [
            '/services/brand-instagram/handovers',
            { ...transfer, toOwnerGroup: undefined },
            400,
            /^Invalid request: toOwnerGroup: /,
          ],
          [
            '/services/brand-instagram/handovers',
            { ...transfer, status: 'completed', deciders: ['user:default/x'] },
            400,
            /Unknown fields: status, deciders/,
          ],
          [
            '/handovers/41/decisions',
            { decision: 'accept', version: 1 },
            404,
            'No transfer or retirement 41',
          ],
          [
            '/handovers/41/decisions',
            { decision: 'done', version: 1 },
            400,
            /decision: must be one of accept, decline/,
          ],
          [
            '/handovers/41/withdraw',
            { version: 1 },
            404,
            'No transfer or retirement 41',
          ],
        ];
        for (const [path, body, status, message] of cases) {
          refused(await post(path, body), status, message);
        }
        expect(await state()).toEqual(before);
        const filed = await post(
          '/services/brand-instagram/handovers',
          transfer,
        );
        expect(filed.status).toBe(201);
        expect(filed.body).toMatchObject({
          id: expect.any(Number),
          status: 'submitted',
          version: 1,
          requester: 'user:default/marketing-lead',
          deciders: ['group:default/communications'],
          steps: [{ action: 'submit', actor: 'user:default/marketing-lead' }],
        });
      },
    },
    {
      title:
        'many changes at the same moment each get their own place in the audit trail, which stays intact',
      covers: [
        'social_media_audit_log: primary key (seq)',
        ...notNull(
          'social_media_audit_log',
          'seq',
          'entity_type',
          'entity_id',
          'action',
          'actor',
          'at',
          'prev_hash',
          'hash',
          'hash_format',
        ),
        'social_media_audit_head: primary key (id)',
        ...notNull('social_media_audit_head', 'id', 'seq', 'hash'),
      ],
      unreachable:
        'the backend writes the audit trail: each change appends its entries after the one row of the head, which the migration writes and every change locks; no request names an entry',
      async run({ api, server, as, post }) {
        expect((await api.create(server)).status).toBe(201);
        const results = await Promise.all([
          ...['a', 'b', 'c', 'd', 'e', 'f'].map(suffix =>
            api.create(server, {
              ...VALID,
              name: `Regional ${suffix}`,
              handle: `regional${suffix}`,
              profileUrl: undefined,
            }),
          ),
          post('/services/brand-instagram/transitions', {
            to: 'design',
            reason: 'Design it',
            version: 1,
          }),
        ]);
        expect(results.map(r => r.status)).toEqual([
          201, 201, 201, 201, 201, 201, 200,
        ]);
        const verified = await as(request(server).get(`${BASE}/audit/verify`));
        expect(verified.body).toEqual({
          intact: true,
          entries: 8,
          checkpoints: { configured: false, count: 0 },
        });
        const seqs = (
          await api.knex('social_media_audit_log').orderBy('seq').select('seq')
        ).map(r => Number(r.seq));
        expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        // Every entry names the hash format it was written in: the current one.
        const formats = await api
          .knex('social_media_audit_log')
          .distinct('hash_format');
        expect(formats.map(r => Number(r.hash_format))).toEqual([2]);
        const head = await api.knex('social_media_audit_head').select();
        expect(head.map(r => [Number(r.id), Number(r.seq)])).toEqual([[1, 8]]);
      },
    },
    {
      title:
        'the ownership timeline is written by the backend with every change of owner, and outlives a deleted service',
      covers: [
        'social_service_ownership_periods: primary key (id)',
        ...notNull(
          'social_service_ownership_periods',
          'id',
          'service_id',
          'service_name',
          'owner_in_organisation',
          'from_at',
          'action',
        ),
      ],
      unreachable:
        "the write path derives every period from the service it changes (its id, name, owners and leaver flag) and the unit of work's time and action; no request names a period",
      async run({ api, server, as, refused, state }) {
        expect((await api.create(server)).status).toBe(201);
        const before = await state();
        refused(
          await as(
            request(server).get(
              `${BASE}/services/brand-instagram/ownership?at=soon`,
            ),
          ),
          400,
          'Invalid query: at: must be an ISO 8601 date or date-time, such as 2026-03-01T09:00:00Z; got "soon"',
        );
        expect(await state()).toEqual(before);
        const deleted = await as(
          request(server).delete(`${BASE}/services/brand-instagram?version=1`),
        );
        expect(deleted.status).toBe(204);
        const periods = await api
          .knex('social_service_ownership_periods')
          .select('service_id', 'action', 'ended_by_action');
        expect(periods).toEqual([
          {
            service_id: 'brand-instagram',
            action: 'create',
            ended_by_action: 'delete',
          },
        ]);
      },
    },
    {
      title:
        "what an export to the CMDB stored is written from the connector's answer alone; a refused export stores nothing",
      covers: [
        'social_media_itsm_exports: primary key (connector_id, service_id)',
        ...notNull(
          'social_media_itsm_exports',
          'connector_id',
          'service_id',
          'external_id',
          'external_version',
          'exported_at',
        ),
      ],
      unreachable:
        "the export stores the record id and version the connector answers for each service it exported, under the connector's id and the service's; a request names neither a record nor a version",
      async run({ api, server, post, refused, state }) {
        expect((await api.create(server, MAPPED)).status).toBe(201);
        const before = await state();
        refused(
          await post('/itsm/connectors/servicenow/cmdb-export', {
            dryRun: 'yes',
          }),
          400,
          /dryRun/,
        );
        refused(
          await post('/itsm/connectors/servicenow/cmdb-export', {
            dryRun: false,
            overwrite: ['brand-instagram'],
            externalId: 'sys-1',
          }),
          400,
          /externalId/,
        );
        // This portal's connector does not export: refused before anything is read or stored.
        refused(
          await post('/itsm/connectors/servicenow/cmdb-export', {
            dryRun: false,
          }),
          400,
          /cannot export services to its CMDB/,
        );
        expect(await state()).toEqual(before);
        expect(await api.knex('social_media_itsm_exports').select()).toEqual(
          [],
        );
      },
    },
    {
      title:
        "the audit trail's checkpoints are written by the backend alone, and only with a configured key",
      covers: [
        'social_media_audit_checkpoints: primary key (id)',
        ...notNull(
          'social_media_audit_checkpoints',
          'id',
          'seq',
          'hash',
          'at',
          'mac',
        ),
      ],
      unreachable:
        'a scheduled task signs the head of the chain with the key from configuration; no request names a checkpoint',
      async run({ api, server, as }) {
        expect((await api.create(server)).status).toBe(201);
        const verified = await as(request(server).get(`${BASE}/audit/verify`));
        expect(verified.body.checkpoints).toEqual({
          configured: false,
          count: 0,
        });
        expect(
          await api.knex('social_media_audit_checkpoints').select(),
        ).toEqual([]);
      },
    },
  ];
}

const CASES = constraintCases();

describe.each(ids)(
  'every constraint of the schema, reached through the API, on %s',
  databaseId => {
    const api = apiTestBackend(databases, databaseId);
    let schema: SchemaConstraint[];
    let schemaNames: RegExp;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: migrationsDir,
        loadExtensions: ['.js'],
      });
      schema = await listSchemaConstraints(knex);
      // Table names and snake_case column names: what only the database would say.
      schemaNames = new RegExp(
        `\\b(${(await listSchemaNames(knex)).join('|')})\\b`,
        'i',
      );
    });

    it('has a case for every constraint the migrations create, and none for one they do not', () => {
      const covered = new Map<string, string>();
      for (const c of CASES) {
        for (const key of c.covers) covered.set(key, c.title);
      }
      const missing = schema
        .filter(c => !covered.has(constraintKey(c)))
        .map(
          c =>
            `constraint ${constraintKey(c).replace(/^[^:]+: /, '')}${
              c.name ? ` (${c.name})` : ''
            } of table ${c.table} has no API case`,
        );
      const keys = new Set(schema.map(constraintKey));
      const stale = [...covered.keys()]
        .filter(key => !keys.has(key))
        .map(key => `a case covers "${key}", which the schema does not have`);
      expect([...missing, ...stale]).toEqual([]);
      // The introspection reads each kind the schema has.
      expect([...new Set(schema.map(c => c.kind))]).toEqual(
        expect.arrayContaining([
          'primary key',
          'unique',
          'foreign key',
          'not null',
        ]),
      );
    });

    it('recognises a duplicate on each unique index of the services as one, on its table', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: migrationsDir,
        loadExtensions: ['.js'],
      });
      const row = (id: string, handle: string) => ({
        id,
        name: id,
        platform: 'x',
        handle,
        owner_group: 'group:default/marketing',
        lifecycle_stage: 'design',
        version: 1,
        created_at: new Date(),
        updated_at: new Date(),
      });
      await knex('social_services').insert(row('brand-x', '@Brand'));
      const refusal = (duplicate: object) =>
        knex('social_services')
          .insert(duplicate)
          .then(() => undefined)
          .catch(e => uniqueViolationOf(e));
      const sameId = await refusal(row('brand-x', '@other'));
      expect(sameId?.columns).toEqual(['id']);
      expect(isViolationOn(sameId, 'social_services')).toBe(true);
      // Either index of the account may refuse the same handle first.
      for (const handle of ['@Brand', '@BRAND']) {
        const sameAccount = await refusal(row(`brand-x-${handle}`, handle));
        expect(isViolationOn(sameAccount, 'social_services')).toBe(true);
      }
    });

    it.each(
      CASES.map(
        c =>
          [
            c.unreachable
              ? `${c.title} (unreachable: ${c.unreachable})`
              : c.title,
            c,
          ] as const,
      ),
    )('%s', async (_title, c) => {
      const logger = mockServices.logger.mock();
      const { script, connector } = scriptedItsm();
      const { server } = await api.start({ logger, connectors: [connector] });
      const as = api.asUser;
      const clean = (body: unknown) => {
        const text = JSON.stringify(body);
        expect(text).not.toMatch(SQL_TEXT);
        expect(text).not.toMatch(schemaNames);
      };
      const tables = [...new Set(schema.map(s => s.table))].sort();
      await c.run({
        api,
        server,
        itsm: script,
        as,
        post: (path, body) =>
          as(request(server).post(`${BASE}${path}`)).send(body),
        put: (path, body) =>
          as(request(server).put(`${BASE}${path}`)).send(body),
        clean,
        refused(res, status, message) {
          expect({
            status: res.status,
            message: res.body?.error?.message,
          }).toEqual({ status, message: matching(message) });
          clean(res.body);
        },
        async state() {
          const counts: Record<string, unknown> = {};
          for (const table of tables) {
            const [{ n }] = await api.knex(table).count({ n: '*' });
            counts[table] = Number(n);
          }
          return {
            counts,
            services: (await services(api)).map(s => ({
              ...s,
              version: Number(s.version),
            })),
          };
        },
      });
      // Nothing reached the database's error path: no 500 was logged.
      expect(logger.error).not.toHaveBeenCalled();
    });
  },
);
