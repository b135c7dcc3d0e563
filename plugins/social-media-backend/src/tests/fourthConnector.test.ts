import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  ItsmServiceMapping,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import request from 'supertest';
import { socialMediaPlugin } from '../plugin';
import {
  CATALOG,
  connector,
  connectorsModule,
  VALID,
} from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

/**
 * A fourth ITSM tool, added the way an adopter would add one: a connector that describes itself,
 * registered by a backend module of its own through the extension point. Nothing else in the
 * catalogue knows about Freshservice.
 */
class FreshserviceConnector implements ItsmConnector {
  readonly id = 'freshservice';
  readonly description = {
    displayName: 'Freshservice',
    reference: {
      label: 'Service id',
      help: 'The numeric id of the service in the Freshservice service catalogue.',
      example: '42',
      pattern: '[0-9]+',
    },
    incidentLinking:
      "Set the ticket's affected service to the mapped one; tickets reported from the portal are raised against it.",
  };
  /** The mappings each sync page was asked for. */
  readonly asked: ItsmServiceMapping[][] = [];

  async listIncidentsChangedSince(options: { mappings: ItsmServiceMapping[] }) {
    this.asked.push(options.mappings);
    return { incidents: [], nextCursor: 'end', done: true };
  }

  async getIncident() {
    return undefined;
  }

  async createIncident(): Promise<never> {
    throw new Error('not used in this test');
  }
}

function freshserviceModule(installed: FreshserviceConnector) {
  return createBackendModule({
    pluginId: 'social-media',
    moduleId: 'freshservice',
    register(env) {
      env.registerInit({
        deps: {
          connectors: socialMediaItsmConnectorsExtensionPoint,
          logger: coreServices.logger,
        },
        async init({ connectors }) {
          connectors.addConnector(installed);
        },
      });
    },
  });
}

const INVALID_REFERENCE =
  'ITSM reference is not a valid Freshservice reference (Service id): The numeric id of the service in the Freshservice service catalogue. For example: 42';

describe.each(ids)('a fourth ITSM connector module on %s', databaseId => {
  let knex: Knex;

  async function start(
    features: Array<ReturnType<typeof createBackendModule>>,
  ) {
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        ...features,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: CATALOG }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    return server;
  }

  const as = (req: request.Test) =>
    req.set(
      'Authorization',
      mockCredentials.user.header('user:default/marketing-lead'),
    );

  async function count() {
    const [{ n }] = await knex('social_services').count({ n: '*' });
    return Number(n);
  }

  let freshservice: FreshserviceConnector;
  let server: Awaited<ReturnType<typeof start>>;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    freshservice = new FreshserviceConnector();
    // Beside the modules already installed (placeholders here), one more module.
    server = await start([
      connectorsModule([connector('servicenow')]),
      freshserviceModule(freshservice),
    ]);
  });

  it('is listed with its description among the installed connectors', async () => {
    const res = await as(
      request(server).get('/api/social-media/itsm/connectors'),
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([
      'freshservice',
      'servicenow',
    ]);
    expect(res.body.items[0]).toEqual({
      id: 'freshservice',
      displayName: 'Freshservice',
      reference: {
        label: 'Service id',
        help: 'The numeric id of the service in the Freshservice service catalogue.',
        example: '42',
        pattern: '[0-9]+',
      },
      incidentLinking:
        "Set the ticket's affected service to the mapped one; tickets reported from the portal are raised against it.",
      cmdbExport: false,
    });
  });

  it('lists the connectors to signed-in readers only', async () => {
    const anonymous = await request(server)
      .get('/api/social-media/itsm/connectors')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);

    const denied = await startTestBackend({
      features: [
        socialMediaPlugin,
        freshserviceModule(new FreshserviceConnector()),
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities: CATALOG }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    const res = await as(
      request(denied.server).get('/api/social-media/itsm/connectors'),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to read the social media service catalogue',
    );
  });

  it('maps a service to it with a valid reference, and hands the mapping to the connector', async () => {
    const created = await as(
      request(server).post('/api/social-media/services'),
    ).send({ ...VALID, itsm: { system: 'freshservice', reference: '42' } });
    expect(created.status).toBe(201);
    expect(created.body.itsm).toEqual({
      system: 'freshservice',
      reference: '42',
    });

    const status = await as(
      request(server).get('/api/social-media/itsm/status'),
    );
    expect(
      status.body.items.find(
        (s: { connectorId: string }) => s.connectorId === 'freshservice',
      ),
    ).toMatchObject({ connectorId: 'freshservice', mappedServices: 1 });

    const synced = await as(
      request(server).post('/api/social-media/itsm/sync'),
    );
    expect(synced.status).toBe(200);
    expect(freshservice.asked).toEqual([
      [
        {
          serviceId: created.body.id,
          itsmReference: '42',
          lifecycleStage: 'strategy',
        },
      ],
    ]);
  });

  it('syncs it alone on request, leaving the other connectors as they stood', async () => {
    const created = await as(
      request(server).post('/api/social-media/services'),
    ).send({ ...VALID, itsm: { system: 'freshservice', reference: '42' } });
    expect(created.status).toBe(201);

    const synced = await as(
      request(server).post(
        '/api/social-media/itsm/connectors/freshservice/sync',
      ),
    );
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({
      connectorId: 'freshservice',
      mappedServices: 1,
      incidentsLastRun: 0,
    });
    expect(synced.body.lastSuccessAt).toEqual(expect.any(String));
    expect(freshservice.asked).toHaveLength(1);
    const status = await as(
      request(server).get('/api/social-media/itsm/status'),
    );
    const servicenow = status.body.items.find(
      (s: { connectorId: string }) => s.connectorId === 'servicenow',
    );
    expect(servicenow.lastRunAt).toBeUndefined();

    const unknown = await as(
      request(server).post('/api/social-media/itsm/connectors/zendesk/sync'),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "No ITSM connector 'zendesk' is installed; installed: freshservice, servicenow",
    );
    expect(freshservice.asked).toHaveLength(1);

    const tooLong = await as(
      request(server).post(
        `/api/social-media/itsm/connectors/${'x'.repeat(65)}/sync`,
      ),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/connectorId/);
    expect(freshservice.asked).toHaveLength(1);
  });

  it('refuses a sync of one connector to whoever may not run the sync', async () => {
    const denied = await startTestBackend({
      features: [
        socialMediaPlugin,
        freshserviceModule(freshservice),
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities: CATALOG }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    const res = await as(
      request(denied.server).post(
        '/api/social-media/itsm/connectors/freshservice/sync',
      ),
    );
    expect(res.status).toBe(403);
    expect(freshservice.asked).toEqual([]);
  });

  it('refuses a reference its pattern does not match, naming the field, and writes nothing', async () => {
    const res = await as(
      request(server).post('/api/social-media/services'),
    ).send({
      ...VALID,
      itsm: { system: 'freshservice', reference: 'Corporate X' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.fields).toEqual([
      { field: 'itsm.reference', message: INVALID_REFERENCE },
    ]);
    expect(res.body.error.message).toBe(
      `Invalid service: itsm.reference: ${INVALID_REFERENCE}`,
    );
    expect(await count()).toBe(0);
  });

  it('refuses a system no installed connector has, naming the installed ids', async () => {
    const res = await as(
      request(server).post('/api/social-media/services'),
    ).send({ ...VALID, itsm: { system: 'zendesk', reference: '42' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      {
        field: 'itsm.system',
        message:
          'ITSM system zendesk has no connector installed in this portal; the installed ones are freshservice, servicenow',
      },
    ]);
    expect(await count()).toBe(0);
  });

  it('refuses an update to a bad mapping, and an import row with one', async () => {
    const created = await as(
      request(server).post('/api/social-media/services'),
    ).send(VALID);
    expect(created.status).toBe(201);
    const updated = await as(
      request(server).put(`/api/social-media/services/${created.body.id}`),
    ).send({
      ...VALID,
      version: created.body.version,
      itsm: { system: 'freshservice', reference: 'SRV-42' },
    });
    expect(updated.status).toBe(400);
    expect(updated.body.error.fields).toEqual([
      { field: 'itsm.reference', message: INVALID_REFERENCE },
    ]);

    const csv = [
      'name,platform,handle,purpose,businessUnit,ownerGroup,itsmSystem,itsmReference',
      'Careers X,x,@careers,Recruiting,HR,marketing,freshservice,7',
      'Support X,x,@support,Customer care,Support,marketing,freshservice,help desk',
      'News X,x,@news,News,Comms,marketing,zendesk,7',
    ].join('\n');
    const imported = await as(
      request(server).post('/api/social-media/import'),
    ).send({ format: 'csv', content: csv });
    expect(imported.status).toBe(400);
    expect(imported.body.problems).toEqual([
      { row: 3, field: 'itsm.reference', message: INVALID_REFERENCE },
      {
        row: 4,
        field: 'itsm.system',
        message:
          'ITSM system zendesk has no connector installed in this portal; the installed ones are freshservice, servicenow',
      },
    ]);
    expect(await count()).toBe(1);
  });

  it('still reads and edits a service whose connector was uninstalled since', async () => {
    const created = await as(
      request(server).post('/api/social-media/services'),
    ).send({ ...VALID, itsm: { system: 'freshservice', reference: '42' } });
    expect(created.status).toBe(201);

    // The same database, with the Freshservice module removed.
    const without = await start([connectorsModule([connector('servicenow')])]);
    const id = created.body.id;
    const read = await as(
      request(without).get(`/api/social-media/services/${id}`),
    );
    expect(read.status).toBe(200);
    expect(read.body.itsm).toEqual({ system: 'freshservice', reference: '42' });
    const listed = await as(request(without).get('/api/social-media/services'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([id]);

    // Other fields can be edited while the mapping stays as it was.
    const edited = await as(
      request(without).put(`/api/social-media/services/${id}`),
    ).send({
      ...VALID,
      purpose: 'Brand stories',
      itsm: { system: 'freshservice', reference: '42' },
      version: read.body.version,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.purpose).toBe('Brand stories');

    // Changing the mapping needs an installed connector.
    const remapped = await as(
      request(without).put(`/api/social-media/services/${id}`),
    ).send({
      ...VALID,
      itsm: { system: 'freshservice', reference: '43' },
      version: edited.body.version,
    });
    expect(remapped.status).toBe(400);
    expect(remapped.body.error.fields).toEqual([
      {
        field: 'itsm.system',
        message:
          'ITSM system freshservice has no connector installed in this portal; the installed ones are servicenow',
      },
    ]);
  });

  it('keeps the backend from starting with a connector whose description is broken', async () => {
    const broken = new FreshserviceConnector();
    broken.description.reference.pattern = '[0-9';
    await expect(
      startTestBackend({
        features: [
          socialMediaPlugin,
          freshserviceModule(broken),
          mockServices.database.factory({
            knex: await databases.init(databaseId),
          }),
          catalogServiceMock.factory({ entities: CATALOG }),
        ],
      }),
    ).rejects.toThrow(
      "The ITSM connector 'freshservice' cannot be installed: description.reference.pattern is not a regular expression",
    );
  });
});
