/*
 * The whole-path harness for ITSM connector modules: the real social-media backend plugin with a
 * module's connector, started in a test backend and driven through the REST API. The modules'
 * test files import it from `@internal/plugin-social-media-backend/testUtils`; it defines Jest
 * blocks for them to run.
 */
/* eslint-disable jest/no-export */
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import request from 'supertest';
import { socialMediaPlugin } from '../plugin';
import { entity } from './apiTestBackend';

/**
 * The `socialMedia.itsm` config block a module reads, e.g. `{ servicenow: { instanceUrl, auth } }`.
 *
 * @public
 */
export type ItsmConfigBlock = NonNullable<
  mockServices.rootConfig.Options['data']
>;

/** One line a plugin or module logged. @public */
export interface RecordedLogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: unknown;
}

/**
 * All that the backend's plugin and modules logged, child loggers included.
 *
 * @public
 */
export class RecordedLogs {
  readonly entries: RecordedLogEntry[] = [];

  /** Everything logged as one text, errors with their message and stack: to look for secrets. */
  text(): string {
    return JSON.stringify(this.entries, (_key, value) =>
      value instanceof Error
        ? {
            ...value,
            name: value.name,
            message: value.message,
            stack: value.stack,
            cause: (value as { cause?: unknown }).cause,
          }
        : value,
    );
  }

  /** A logger that records here, as the backend's plugin-scoped logger. */
  factory() {
    const record =
      (level: RecordedLogEntry['level'], fields: object) =>
      (message: string, meta?: unknown) => {
        this.entries.push({
          level,
          message,
          ...(meta || Object.keys(fields).length
            ? {
                meta:
                  meta instanceof Error
                    ? meta
                    : { ...fields, ...(meta as object | undefined) },
              }
            : {}),
        });
      };
    const logger = (fields: object): LoggerService => ({
      error: record('error', fields),
      warn: record('warn', fields),
      info: record('info', fields),
      debug: record('debug', fields),
      child: meta => logger({ ...fields, ...meta }),
    });
    return createServiceFactory({
      service: coreServices.logger,
      deps: {},
      factory: () => logger({}),
    });
  }
}

/** A response body of the API, as the tests read it. */
type Body = any;

/**
 * A service to create in the catalogue, mapped to a record of the module's ITSM tool. What is not
 * given is filled in: platform `x`, owned by the marketing group.
 *
 * @public
 */
export interface MappedServiceInput {
  name: string;
  handle: string;
  /** The reference to the record in the ITSM tool the service is mapped to. */
  reference: string;
  platform?: string;
  purpose?: string;
  businessUnit?: string;
  ownerGroup?: string;
  audienceSize?: number;
}

/**
 * The social-media backend running with a connector module, and what a test asks of its API.
 * Every request is made as a signed-in IT service owner.
 *
 * @public
 */
export interface ItsmModuleTestBackend {
  server: Parameters<typeof request>[0];
  /** What the plugin and the module logged since the start. */
  logs: RecordedLogs;
  /** A GET request to the plugin's API, e.g. `get('/itsm/status')`. */
  get(path: string): request.Test;
  /** A POST request to the plugin's API. */
  post(path: string): request.Test;
  /** Creates a service mapped to `reference` in the module's ITSM tool; expects 201. */
  createService(service: MappedServiceInput): Promise<Body>;
  /** Runs the ITSM sync now; expects 200 and returns the connectors' sync states. */
  syncNow(): Promise<Body[]>;
  /** The incidents of a service: open ones, or all with `includeResolved`; expects 200. */
  incidents(
    serviceId: string,
    options?: { includeResolved?: boolean },
  ): Promise<Body[]>;
  /** A service as the API shows it; expects 200. */
  service(serviceId: string): Promise<Body>;
  /** How many open incidents the API counts for a service. */
  openIncidentCount(serviceId: string): Promise<number>;
}

/**
 * What a connector module's tests start the backend with.
 *
 * @public
 */
export interface ItsmModuleTestBackendOptions {
  /** The connector module under test. */
  module: BackendFeature;
  /** The id of the connector the module installs, e.g. `servicenow`. */
  connectorId: string;
  /**
   * The `socialMedia.itsm` config block, or a function that gives it at each start (the address
   * of a vendor-format test server is known only once it runs).
   */
  itsm: ItsmConfigBlock | (() => ItsmConfigBlock);
  /** The secrets in that config: never to be shown in responses or logs. */
  secrets: string[];
  /** The catalog's entities; by default the marketing group, which owns the services created. */
  entities?: Entity[];
  /** Where the plugin stores its data; by default a new SQLite database at each start. */
  databases?: { databases: TestDatabases; id: TestDatabaseId };
}

/**
 * A harness that starts the social-media backend with a connector module. Call it where Jest
 * collects tests (a file's top level or a `describe` body), not inside a test.
 *
 * @public
 */
export function createItsmModuleTestBackend(
  options: ItsmModuleTestBackendOptions,
) {
  const store = options.databases ?? {
    databases: TestDatabases.create({ ids: ['SQLITE_3'] }),
    id: 'SQLITE_3' as const,
  };
  const api = '/api/social-media';
  return {
    ...options,
    /**
     * Starts the backend; sync runs only when a test asks for one. `permission` is the answer to
     * every permission check (allow by default); `itsm` replaces the config block, `{}` leaves it
     * out.
     */
    async start(
      startOptions: {
        permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
        itsm?: ItsmConfigBlock;
      } = {},
    ): Promise<ItsmModuleTestBackend> {
      const itsm =
        startOptions.itsm ??
        (typeof options.itsm === 'function' ? options.itsm() : options.itsm);
      const logs = new RecordedLogs();
      const { server } = await startTestBackend({
        features: [
          socialMediaPlugin,
          options.module,
          mockServices.rootConfig.factory({
            data: Object.keys(itsm).length ? { socialMedia: { itsm } } : {},
          }),
          mockServices.database.factory({
            knex: await store.databases.init(store.id),
          }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.factory({
            result: startOptions.permission ?? AuthorizeResult.ALLOW,
          }),
          catalogServiceMock.factory({
            entities: options.entities ?? [entity('Group', 'marketing')],
          }),
          logs.factory(),
        ],
      });
      const as = (req: request.Test) =>
        req.set(
          'Authorization',
          mockCredentials.user.header('user:default/it-service-owner'),
        );
      /** The body of a response with the expected status; on another, fails showing both. */
      const expectStatus = async (req: request.Test, status: number) => {
        const res = await req;
        expect({ status: res.status, body: res.body }).toMatchObject({
          status,
        });
        return res.body;
      };
      const backend: ItsmModuleTestBackend = {
        server,
        logs,
        get: path => as(request(server).get(`${api}${path}`)),
        post: path => as(request(server).post(`${api}${path}`)),
        createService: ({ reference, ...service }) =>
          expectStatus(
            backend.post('/services').send({
              platform: 'x',
              purpose: 'Brand stories',
              businessUnit: 'Marketing',
              ownerGroup: 'marketing',
              ...service,
              itsm: { system: options.connectorId, reference },
            }),
            201,
          ),
        syncNow: async () =>
          (await expectStatus(backend.post('/itsm/sync'), 200)).items,
        incidents: async (serviceId, { includeResolved = false } = {}) =>
          (
            await expectStatus(
              backend.get(
                `/services/${serviceId}/incidents${
                  includeResolved ? '?includeResolved=true' : ''
                }`,
              ),
              200,
            )
          ).items,
        service: serviceId =>
          expectStatus(backend.get(`/services/${serviceId}`), 200),
        openIncidentCount: async serviceId =>
          (await backend.service(serviceId)).openIncidentCount,
      };
      return backend;
    },
  };
}

/** @public */
export type ItsmModuleTestHarness = ReturnType<
  typeof createItsmModuleTestBackend
>;

/**
 * Starts a connector module alone, with a stand-in for the social-media backend's extension
 * point: the connectors it hands over, and what it logged. Rejects where the module fails
 * start-up.
 *
 * @public
 */
export async function startItsmModuleAlone(
  module: BackendFeature,
  itsm: ItsmConfigBlock,
): Promise<{ connectors: ItsmConnector[]; logs: RecordedLogs }> {
  const connectors: ItsmConnector[] = [];
  const logs = new RecordedLogs();
  await startTestBackend({
    extensionPoints: [
      [
        socialMediaItsmConnectorsExtensionPoint,
        { addConnector: (...added) => connectors.push(...added.flat()) },
      ],
    ],
    features: [
      module,
      mockServices.rootConfig.factory({ data: { socialMedia: { itsm } } }),
      logs.factory(),
    ],
  });
  return { connectors, logs };
}

/**
 * The cases every connector module passes when it is installed in the social-media backend:
 * with its config block, the backend lists its connector and the module logs how it connects,
 * without the secrets; without the block, it installs nothing and says so.
 *
 * @public
 */
export function describeItsmModuleInstallation(
  harness: ItsmModuleTestHarness,
  expected: {
    /** What the module logs when it installs the connector from the harness's config. */
    installedLog: string;
    /** What it logs when the config block is absent. */
    notInstalledLog: string;
  },
) {
  describe(`the ${harness.connectorId} module in the social-media backend`, () => {
    it('installs the connector and logs how it connects, without the secrets', async () => {
      const backend = await harness.start();
      const status = await backend.get('/status');
      expect(status.status).toBe(200);
      expect(status.body.connectors).toEqual([harness.connectorId]);
      expect(backend.logs.text()).toContain(expected.installedLog);
      for (const secret of harness.secrets) {
        expect(backend.logs.text()).not.toContain(secret);
      }
    });

    it('installs nothing and says so when the config block is absent', async () => {
      const backend = await harness.start({ itsm: {} });
      const status = await backend.get('/status');
      expect(status.body.connectors).toEqual([]);
      expect(backend.logs.entries).toContainEqual(
        expect.objectContaining({
          level: 'info',
          message: expected.notInstalledLog,
        }),
      );
    });
  });
}

type Awaitable<T> = T | Promise<T>;

/**
 * What the shared sync cases ask of the module's vendor-format test server, in the tool's own
 * terms. The server runs for the whole test file (started in its `beforeAll`); each case adds
 * records of its own, under the name it gives.
 *
 * @public
 */
export interface ItsmModuleSyncAdapter {
  /** The tool's name, e.g. `ServiceNow`. */
  toolName: string;
  /** What a reference names in the tool, e.g. `business service`, `component`. */
  recordName: string;
  /** The unit of the tool's change timestamps the sync cursor is in: `second`, `minute`. */
  cursorUnit: string;
  /**
   * Adds a record named `name` with three incidents, oldest first: an open account takeover of
   * the highest priority, a resolved one, and an open impersonation (both open ones security
   * incidents); and an open incident on another record. Returns the record's reference, the open
   * incidents as the API should list them (newest first, in the fields the connector maps), and
   * a way to resolve the takeover.
   */
  accountWithIncidents(name: string): Awaitable<{
    reference: string;
    open: [Record<string, unknown>, Record<string, unknown>];
    resolveTakeover(): Awaitable<void>;
  }>;
  /**
   * Adds a record named `name` with two open incidents. Returns two different references to that
   * record (the tool's id and its name, two spellings), the incidents' ids as the connector reports
   * them, and a way to resolve the first incident.
   */
  recordWithTwoIncidents(name: string): Awaitable<{
    references: [string, string];
    incidentIds: string[];
    resolveFirst(): Awaitable<void>;
  }>;
  /**
   * Adds a record named `name` with ten open incidents, changed a little apart; the newest change
   * is where a sync's cursor ends. Returns the record's reference and two later changes, each made
   * after a sync run:
   * - `resolveAllAtCursor`: all ten resolved within the cursor's own unit, and listed by the tool
   *   only after the run read that unit;
   * - `addLateIncident`: a new incident stamped two minutes before the newest change the run saw
   *   (a change committed or listed late, within the overlap a run reads again).
   */
  tenIncidentsAtCursor(name: string): Awaitable<{
    reference: string;
    resolveAllAtCursor(): Awaitable<void>;
    addLateIncident(): Awaitable<void>;
  }>;
  /** Makes the tool refuse the configured credentials; returns what undoes it. */
  refuseCredentials(): () => void;
  /** What a run's error says when the tool refuses the credentials. */
  refusedCredentialsError: RegExp;
}

/**
 * The cases every connector module passes on the whole path, from its vendor-format server
 * through the sync to the API: a mapped service's incidents are stored, listed open first and
 * rated, and a resolve reaches them; incidents reach every service mapped to one record; a
 * burst at the cursor and a late change are not missed; a sync needs its permission; a refused
 * login is a failed run that shows no secret in responses or logs.
 *
 * @public
 */
export function describeItsmModuleSync(
  harness: ItsmModuleTestHarness,
  tool: ItsmModuleSyncAdapter,
) {
  const { connectorId } = harness;

  /** Starts the backend and creates the services, each mapped as it says. */
  async function startWith(...services: MappedServiceInput[]) {
    const backend = await harness.start();
    for (const service of services) await backend.createService(service);
    return backend;
  }

  describe(`incident sync through the API from ${tool.toolName}`, () => {
    it('stores the incidents of the mapped service and lists them, open first', async () => {
      const account = await tool.accountWithIncidents('Brand X account');
      const backend = await startWith({
        name: 'Brand X',
        handle: '@brandx',
        audienceSize: 250000,
        reference: account.reference,
      });
      expect(await backend.syncNow()).toEqual([
        expect.objectContaining({
          connectorId,
          incidentsLastRun: 3,
          mappedServices: 1,
          lastSuccessAt: expect.any(String),
        }),
      ]);

      expect(await backend.incidents('brand-x')).toEqual(
        account.open.map(fields =>
          expect.objectContaining({ connectorId, open: true, ...fields }),
        ),
      );
      expect(
        await backend.incidents('brand-x', { includeResolved: true }),
      ).toHaveLength(3);
      const service = await backend.service('brand-x');
      expect(service.openIncidentCount).toBe(2);
      // Two security incidents (takeover, impersonation) raise the rating.
      expect(
        service.risk.factors.find((f: Body) => f.id === 'security-incidents'),
      ).toMatchObject({ value: '2 incidents', contribution: 6 });

      // Resolving one in the tool reaches the catalogue on the next run, and only it is fetched.
      await account.resolveTakeover();
      expect(await backend.syncNow()).toEqual([
        expect.objectContaining({
          incidentsLastRun: 1,
          lastSuccessAt: expect.any(String),
        }),
      ]);
      expect(await backend.openIncidentCount('brand-x')).toBe(1);
    });

    it(`lists an incident for every service mapped to its ${tool.recordName}, by either reference`, async () => {
      const forum = await tool.recordWithTwoIncidents('Community forum');
      const community = {
        purpose: 'Community support',
        businessUnit: 'Customer Care',
      };
      const backend = await startWith(
        {
          name: 'Forum Europe',
          handle: '@forum_eu',
          reference: forum.references[0],
          ...community,
        },
        {
          name: 'Forum Asia',
          handle: '@forum_asia',
          reference: forum.references[1],
          ...community,
        },
      );
      const services = ['forum-europe', 'forum-asia'];

      const [state] = await backend.syncNow();
      expect(state).toMatchObject({ connectorId, mappedServices: 2 });
      expect(state.lastError).toBeUndefined();
      for (const id of services) {
        const incidents = await backend.incidents(id);
        expect(incidents.map(i => i.externalId).sort()).toEqual(
          [...forum.incidentIds].sort(),
        );
        expect(await backend.openIncidentCount(id)).toBe(2);
      }

      // Resolving one in the tool reaches both services on the next run.
      await forum.resolveFirst();
      await backend.syncNow();
      for (const id of services) {
        expect(await backend.openIncidentCount(id)).toBe(1);
      }
    });

    it(`never misses a change stamped in the cursor’s own ${tool.cursorUnit} or listed late within the overlap`, async () => {
      const careers = await tool.tenIncidentsAtCursor('Careers page');
      const backend = await startWith({
        name: 'Careers page',
        platform: 'linkedin',
        handle: 'example-careers',
        purpose: 'Hiring',
        businessUnit: 'Human Resources',
        reference: careers.reference,
      });
      const sync = async () => (await backend.syncNow())[0].incidentsLastRun;
      const openCount = () => backend.openIncidentCount('careers-page');
      expect(await sync()).toBe(10);
      expect(await openCount()).toBe(10);

      // A burst in the cursor's own unit: a keyset that starts strictly after the cursor, or a
      // search that drops what lies before it, would skip some.
      await careers.resolveAllAtCursor();
      expect(await sync()).toBe(10);
      expect(await openCount()).toBe(0);

      await careers.addLateIncident();
      // Only the change is stored: what the overlap reads again unchanged is dropped.
      expect(await sync()).toBe(1);
      expect(await openCount()).toBe(1);
      expect(await sync()).toBe(0);
    });

    it('refuses a sync without the permission, and a bad incidents filter', async () => {
      const denied = await harness.start({ permission: AuthorizeResult.DENY });
      const refused = await denied.post('/itsm/sync');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'You are not allowed to run the ITSM incident sync',
      );

      const allowed = await harness.start();
      const bad = await allowed.get(
        '/services/anything/incidents?includeResolved=maybe',
      );
      expect(bad.status).toBe(400);
    });

    it('records a refused login as a failed run, and shows the connector without secrets in responses or logs', async () => {
      const brand = await tool.recordWithTwoIncidents('Brand Y account');
      const backend = await startWith({
        name: 'Brand Y',
        handle: '@brandy',
        reference: brand.references[0],
      });

      const undo = tool.refuseCredentials();
      let failed: Body[];
      try {
        failed = await backend.syncNow();
      } finally {
        undo();
      }
      expect(failed).toEqual([
        expect.objectContaining({
          connectorId,
          lastError: expect.stringMatching(tool.refusedCredentialsError),
          incidentsLastRun: 0,
        }),
      ]);
      expect(failed[0].lastSuccessAt).toBeUndefined();

      // With the credentials accepted again, the next run brings what the failed one could not.
      const [recovered] = await backend.syncNow();
      expect(recovered).toMatchObject({
        incidentsLastRun: 2,
        lastSuccessAt: expect.any(String),
      });
      expect(await backend.openIncidentCount('brand-y')).toBe(2);

      const status = await backend.get('/itsm/status');
      expect(status.status).toBe(200);
      expect(status.body.items).toEqual([
        expect.objectContaining({
          connectorId,
          lastError: expect.stringMatching(tool.refusedCredentialsError),
          lastSuccessAt: recovered.lastSuccessAt,
        }),
      ]);
      // The failed run is logged; below, no log line shows a secret.
      expect(backend.logs.entries).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: expect.stringMatching(tool.refusedCredentialsError),
        }),
      );
      const shown = [
        JSON.stringify(failed),
        JSON.stringify(status.body),
        backend.logs.text(),
      ];
      for (const secret of harness.secrets) {
        for (const text of shown) expect(text).not.toContain(secret);
      }
    });
  });
}
