/*
 * The CMDB export, the whole path: the social-media backend with this module exports services to
 * a local server that speaks ServiceNow's Table API, as CSDM business service offerings.
 */
// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { createItsmModuleTestBackend } from '@internal/plugin-social-media-backend/testUtils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { toCsdmLifecycle } from '@internal/plugin-social-media-common';
import request from 'supertest';
import { ServerResponse } from 'node:http';
import { FakeRecord, FakeServiceNow } from './testUtils/FakeServiceNow';
import { socialMediaModuleServiceNow } from './module';

jest.setTimeout(60_000);

const PASSWORD = 'integration-password-s3cret';
const PARENT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const OFFERINGS = '/api/now/table/service_offering';

const servicenow = new FakeServiceNow();
beforeAll(() => servicenow.start());
afterAll(() => servicenow.stop());

let owner: FakeRecord;
let marketing: FakeRecord;
beforeEach(() => {
  for (const table of servicenow.tables.values()) table.clear();
  servicenow.requests.length = 0;
  servicenow.faults.length = 0;
  servicenow.readOnlyTables.clear();
  owner = servicenow.addRecord('sys_user', {
    user_name: 'marketing-lead',
    active: 'true',
  });
  // A deactivated namesake is never chosen.
  servicenow.addRecord('sys_user', {
    user_name: 'communications-lead',
    active: 'false',
  });
  marketing = servicenow.addRecord('sys_user_group', {
    name: 'Marketing',
    active: 'true',
  });
});

const harness = createItsmModuleTestBackend({
  module: socialMediaModuleServiceNow,
  connectorId: 'servicenow',
  itsm: () => ({
    servicenow: {
      instanceUrl: servicenow.url,
      auth: { username: 'integration', password: PASSWORD },
      maxRetries: 1,
      timeoutMs: 1000,
      csdm: {
        parentBusinessService: PARENT,
        // The communications group is called otherwise in ServiceNow, and is not there.
        groups: [
          { entityRef: 'group:default/communications', servicenow: 'Comms' },
        ],
      },
    },
  }),
  secrets: [PASSWORD],
  entities: [
    'Group:marketing',
    'Group:communications',
    'User:marketing-lead',
    'User:communications-lead',
  ].map(spec => {
    const [kind, name] = spec.split(':');
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, namespace: 'default' },
      spec: {},
    };
  }),
});

type Backend = Awaited<ReturnType<typeof harness.start>>;

async function createService(
  backend: Backend,
  body: Record<string, unknown>,
): Promise<any> {
  const res = await backend.post('/services').send({
    platform: 'x',
    purpose: 'Brand stories',
    businessUnit: 'Marketing',
    ownerGroup: 'marketing',
    ...body,
  });
  expect({ status: res.status, body: res.body }).toMatchObject({
    status: 201,
  });
  return res.body;
}

const exportNow = (backend: Backend, body: Record<string, unknown>) =>
  backend.post('/itsm/connectors/servicenow/cmdb-export').send(body);

const offeringOf = (serviceId: string) =>
  servicenow
    .records('service_offering')
    .find(r => r.correlation_id === serviceId);

/** Three services: unmapped, mapped to another record, and owned by a group ServiceNow lacks. */
async function threeServices(backend: Backend) {
  const brand = await createService(backend, {
    name: 'Brand X',
    handle: '@brand',
    serviceOwner: 'marketing-lead',
  });
  const mapped = await createService(backend, {
    name: 'Careers X',
    handle: '@careers',
    itsm: { system: 'servicenow', reference: 'Careers business service' },
  });
  const comms = await createService(backend, {
    name: 'Press X',
    handle: '@press',
    ownerGroup: 'communications',
    serviceOwner: 'communications-lead',
  });
  return { brand, mapped, comms };
}

describe('CMDB export to ServiceNow', () => {
  it('creates a business service offering per service, maps the new ones, and changes nothing when run again', async () => {
    const backend = await harness.start();
    const { brand, mapped, comms } = await threeServices(backend);

    const dry = await exportNow(backend, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.creates.map((c: any) => c.serviceId)).toEqual([
      'brand-x',
      'careers-x',
      'press-x',
    ]);
    expect(servicenow.writeRequests()).toEqual([]);
    expect((await backend.service('brand-x')).itsm).toBeUndefined();

    const real = await exportNow(backend, { dryRun: false });
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({
      dryRun: false,
      updates: [],
      conflicts: [],
    });
    expect(real.body.creates).toHaveLength(3);
    const csdm = toCsdmLifecycle(brand.lifecycleStage);
    expect(offeringOf('brand-x')).toMatchObject({
      name: 'Brand X',
      short_description: 'Brand stories',
      service_classification: 'Business Service',
      parent: PARENT,
      life_cycle_stage: csdm.stage,
      life_cycle_stage_status: csdm.status,
      owned_by: owner.sys_id,
      managed_by_group: marketing.sys_id,
      sys_mod_count: '0',
    });
    // Reads ask for internal values and a few fields only.
    const read = servicenow.listRequests(OFFERINGS)[0];
    expect(read.query.get('sysparm_query')).toBe(
      'correlation_idINbrand-x,careers-x,press-x^ORDERBYsys_id',
    );
    expect(read.query.get('sysparm_display_value')).toBe('false');
    expect(read.query.get('sysparm_fields')).toContain('sys_mod_count');

    // The press office has neither a ServiceNow group nor an active owner: said, not failed.
    expect(offeringOf('press-x')!.managed_by_group).toBeUndefined();
    expect(offeringOf('press-x')!.owned_by).toBeUndefined();
    expect(real.body.unmatched).toEqual([
      expect.objectContaining({
        serviceId: 'press-x',
        field: 'serviceOwner',
        ref: 'user:default/communications-lead',
      }),
      expect.objectContaining({
        serviceId: 'press-x',
        field: 'ownerGroup',
        ref: 'group:default/communications',
        message: expect.stringContaining("configured as 'Comms'"),
      }),
    ]);

    // The new records are now the services' mappings, but where a service maps elsewhere.
    const brandOffering = offeringOf('brand-x')!;
    expect((await backend.service('brand-x')).itsm).toEqual({
      system: 'servicenow',
      reference: brandOffering.sys_id,
    });
    expect((await backend.service('press-x')).itsm).toEqual({
      system: 'servicenow',
      reference: offeringOf('press-x')!.sys_id,
    });
    expect((await backend.service('careers-x')).itsm).toEqual(mapped.itsm);
    expect(real.body.mappings).toEqual([
      expect.objectContaining({ serviceId: 'brand-x', result: 'set' }),
      expect.objectContaining({
        serviceId: 'careers-x',
        result: 'kept',
        message: expect.stringContaining(
          "already maps to servicenow 'Careers business service'",
        ),
      }),
      expect.objectContaining({ serviceId: 'press-x', result: 'set' }),
    ]);
    // Set as a person's edit is: a new version, and an update on the service's history.
    expect((await backend.service('brand-x')).version).toBe(brand.version + 1);
    const history = await backend.get('/services/brand-x/history');
    expect(history.body.items[0]).toMatchObject({
      action: 'update',
      actor: 'user:default/it-service-owner',
      after: expect.objectContaining({
        itsm: { system: 'servicenow', reference: brandOffering.sys_id },
      }),
    });
    expect(comms.itsm).toBeUndefined();

    // The runs are on the audit trail: who, dry or not, counts.
    const trail = await backend.get('/audit/entries?limit=50');
    const runs = trail.body.items.filter(
      (e: any) => e.entityType === 'itsm-export',
    );
    expect(runs.map((e: any) => [e.action, e.after.creates])).toEqual([
      ['cmdb-export', 3],
      ['cmdb-export-dry-run', 3],
    ]);
    expect(runs[0].actor).toBe('user:default/it-service-owner');

    const writes = servicenow.writeRequests().length;
    const again = await exportNow(backend, { dryRun: false });
    expect(again.body).toMatchObject({
      creates: [],
      updates: [],
      conflicts: [],
      unchanged: 3,
      mappings: [],
    });
    expect(servicenow.writeRequests()).toHaveLength(writes);
    expect(servicenow.records('service_offering')).toHaveLength(3);
  });

  it('updates what changed in the catalogue, and leaves what changed in ServiceNow as a conflict', async () => {
    const backend = await harness.start();
    await threeServices(backend);
    await exportNow(backend, { dryRun: false }).expect(200);

    // In the catalogue: the brand account is renamed.
    const brand = await backend.service('brand-x');
    const { controls } = brand;
    const renamed = await request(backend.server)
      .put('/api/social-media/services/brand-x')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/it-service-owner'),
      )
      .send({
        name: 'Brand X Global',
        platform: brand.platform,
        handle: brand.handle,
        purpose: brand.purpose,
        businessUnit: brand.businessUnit,
        ownerGroup: brand.ownerGroup,
        serviceOwner: brand.serviceOwner,
        audienceSize: brand.audienceSize,
        tags: brand.tags,
        controls,
        itsm: brand.itsm,
        version: brand.version,
      });
    expect({ status: renamed.status, body: renamed.body }).toMatchObject({
      status: 200,
    });
    // In ServiceNow: someone retires the careers offering by hand.
    const careers = offeringOf('careers-x')!;
    servicenow.updateRecord('service_offering', careers.sys_id, {
      life_cycle_stage: 'End of Life',
      life_cycle_stage_status: 'Retired',
    });

    const writes = servicenow.writeRequests().length;
    const dry = await exportNow(backend, { dryRun: true });
    expect(dry.body.updates).toEqual([
      expect.objectContaining({
        serviceId: 'brand-x',
        externalId: offeringOf('brand-x')!.sys_id,
        fields: [{ field: 'name', from: 'Brand X', to: 'Brand X Global' }],
      }),
    ]);
    expect(dry.body.conflicts).toEqual([
      expect.objectContaining({
        serviceId: 'careers-x',
        externalId: careers.sys_id,
        reason: expect.stringContaining(
          'Changed in ServiceNow since the last export',
        ),
        fields: expect.arrayContaining([
          expect.objectContaining({
            field: 'life_cycle_stage_status',
            from: 'Retired',
          }),
        ]),
      }),
    ]);
    expect(servicenow.writeRequests()).toHaveLength(writes);

    const real = await exportNow(backend, { dryRun: false });
    expect(real.status).toBe(200);
    expect(real.body.updates.map((u: any) => u.serviceId)).toEqual(['brand-x']);
    expect(real.body.conflicts.map((c: any) => c.serviceId)).toEqual([
      'careers-x',
    ]);
    expect(offeringOf('brand-x')).toMatchObject({
      name: 'Brand X Global',
      sys_mod_count: '1',
    });
    expect(offeringOf('careers-x')!.life_cycle_stage_status).toBe('Retired');
    const patches = servicenow
      .writeRequests()
      .slice(writes)
      .map(r => `${r.method} ${r.path}`);
    expect(patches).toEqual([
      `PATCH ${OFFERINGS}/${offeringOf('brand-x')!.sys_id}`,
    ]);

    // Still a conflict until someone decides; naming it overwrites it.
    const still = await exportNow(backend, { dryRun: true });
    expect(still.body.conflicts.map((c: any) => c.serviceId)).toEqual([
      'careers-x',
    ]);
    expect(still.body.updates).toEqual([]);
    const overwrite = await exportNow(backend, {
      dryRun: false,
      overwrite: ['careers-x'],
    });
    expect(overwrite.body.overwritten.map((c: any) => c.serviceId)).toEqual([
      'careers-x',
    ]);
    expect(overwrite.body.conflicts).toEqual([]);
    expect(offeringOf('careers-x')!.life_cycle_stage_status).not.toBe(
      'Retired',
    );
    const after = await exportNow(backend, { dryRun: true });
    expect(after.body).toMatchObject({
      conflicts: [],
      updates: [],
      creates: [],
    });
  });

  it('refuses a dry run that names conflicts to overwrite, and an unknown service, naming the field', async () => {
    const backend = await harness.start();
    const dry = await exportNow(backend, { dryRun: true, overwrite: ['x'] });
    expect(dry.status).toBe(400);
    expect(dry.body.error.fields).toEqual([
      expect.objectContaining({ field: 'overwrite' }),
    ]);
    const unknown = await exportNow(backend, {
      dryRun: false,
      overwrite: ['no-such-service'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("'no-such-service'");
    expect(servicenow.requests).toEqual([]);
  });

  it('says what to configure when the export is not set up', async () => {
    const backend = await harness.start({
      itsm: {
        servicenow: {
          instanceUrl: servicenow.url,
          auth: { username: 'integration', password: PASSWORD },
        },
      },
    });
    const res = await exportNow(backend, { dryRun: true });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      expect.objectContaining({
        field: 'connectorId',
        message: expect.stringContaining('cannot export services to its CMDB'),
      }),
    ]);
    const other = await backend
      .post('/itsm/connectors/jira/cmdb-export')
      .send({ dryRun: true });
    expect(other.status).toBe(404);
  });

  describe('when ServiceNow fails', () => {
    const json =
      (status: number, body: unknown, headers: Record<string, string> = {}) =>
      (res: ServerResponse) => {
        res.writeHead(status, {
          'Content-Type': 'application/json',
          ...headers,
        });
        res.end(JSON.stringify(body));
      };

    /** Nothing of the services reached ServiceNow or the catalogue's mappings. */
    async function expectNothingWritten(backend: Backend) {
      expect(servicenow.records('service_offering')).toEqual([]);
      expect((await backend.service('brand-x')).itsm).toBeUndefined();
    }

    function expectNoSecret(backend: Backend, body: unknown) {
      const encoded = Buffer.from(`integration:${PASSWORD}`).toString('base64');
      for (const text of [JSON.stringify(body), backend.logs.text()]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(encoded);
      }
    }

    it('refused credentials (401): a clear failure, nothing written', async () => {
      const backend = await harness.start();
      await threeServices(backend);
      servicenow.failNext(
        json(401, { error: { message: 'User Not Authenticated' } }),
        OFFERINGS,
      );
      servicenow.failNext(
        json(401, { error: { message: 'User Not Authenticated' } }),
        OFFERINGS,
      );
      const res = await exportNow(backend, { dryRun: false });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        'could not read what ServiceNow holds, so nothing was written',
      );
      expect(res.body.error.message).toContain(
        'check socialMedia.itsm.servicenow.auth',
      );
      await expectNothingWritten(backend);
      expectNoSecret(backend, res.body);
    });

    it('no create access (403): names the access to grant, nothing written', async () => {
      const backend = await harness.start();
      await threeServices(backend);
      servicenow.readOnlyTables.add('service_offering');
      const res = await exportNow(backend, { dryRun: false });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        'lacks create access to the service_offering table',
      );
      expect(res.body.error.message).toContain(
        '0 records written before it are recorded',
      );
      await expectNothingWritten(backend);
      expectNoSecret(backend, res.body);
      // The failed run is on the audit trail too.
      const trail = await backend.get('/audit/entries?limit=5');
      expect(trail.body.items[0]).toMatchObject({
        entityType: 'itsm-export',
        after: expect.objectContaining({ failedAt: 'brand-x', creates: 0 }),
      });
    });

    it('waits out a 429 with Retry-After and exports', async () => {
      const backend = await harness.start();
      await threeServices(backend);
      servicenow.failNext(
        json(
          429,
          { error: { message: 'Too many requests' } },
          { 'Retry-After': '1' },
        ),
        OFFERINGS,
      );
      const res = await exportNow(backend, { dryRun: false });
      expect(res.status).toBe(200);
      expect(res.body.creates).toHaveLength(3);
      expect(servicenow.records('service_offering')).toHaveLength(3);
    });

    it('a server error part-way keeps what was written, and the next run finishes without duplicates', async () => {
      const backend = await harness.start();
      await threeServices(backend);
      servicenow.failNext(
        json(500, { error: { message: 'Internal error' } }),
        OFFERINGS,
        { method: 'POST', skip: 1 },
      );
      const res = await exportNow(backend, { dryRun: false });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        'The export to ServiceNow stopped at careers-x',
      );
      expect(res.body.error.message).toContain(
        '1 record written before it is recorded',
      );
      expect(servicenow.records('service_offering')).toHaveLength(1);
      // The record that was created is the brand's mapping already.
      expect((await backend.service('brand-x')).itsm?.reference).toBe(
        offeringOf('brand-x')!.sys_id,
      );
      expectNoSecret(backend, res.body);

      const again = await exportNow(backend, { dryRun: false });
      expect(again.status).toBe(200);
      expect(again.body.creates.map((c: any) => c.serviceId)).toEqual([
        'careers-x',
        'press-x',
      ]);
      expect(again.body.unchanged).toBe(1);
      expect(servicenow.records('service_offering')).toHaveLength(3);
    });

    it('a creation that times out is not sent again, and is found by its correlation_id next time', async () => {
      const backend = await harness.start();
      await createService(backend, {
        name: 'Brand X',
        handle: '@brand',
        serviceOwner: 'marketing-lead',
      });
      // ServiceNow creates the record but the answer never comes.
      servicenow.failNext(
        (_res, _context) => {
          servicenow.addRecord('service_offering', {
            name: 'Brand X',
            correlation_id: 'brand-x',
          });
        },
        OFFERINGS,
        { method: 'POST' },
      );
      const res = await exportNow(backend, { dryRun: false });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        'not sent again, since ServiceNow may have acted on it',
      );
      expect(servicenow.requests.filter(r => r.method === 'POST')).toHaveLength(
        1,
      );

      const again = await exportNow(backend, { dryRun: false });
      expect(again.status).toBe(200);
      expect(again.body.creates).toEqual([]);
      expect(again.body.updates).toEqual([
        expect.objectContaining({ serviceId: 'brand-x' }),
      ]);
      expect(servicenow.records('service_offering')).toHaveLength(1);
      expect(offeringOf('brand-x')).toMatchObject({
        service_classification: 'Business Service',
        parent: PARENT,
      });
      expect((await backend.service('brand-x')).itsm?.reference).toBe(
        offeringOf('brand-x')!.sys_id,
      );
    });

    it('a read that times out fails clearly and writes nothing', async () => {
      const backend = await harness.start();
      await threeServices(backend);
      const silent = () => undefined;
      servicenow.failNext(silent, OFFERINGS);
      servicenow.failNext(silent, OFFERINGS);
      const res = await exportNow(backend, { dryRun: true });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain(
        'did not answer GET /api/now/table/service_offering within 1000 ms',
      );
      await expectNothingWritten(backend);
    });
  });
});
