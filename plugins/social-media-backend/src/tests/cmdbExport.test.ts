import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  ItsmExportPlan,
} from '@internal/plugin-social-media-node';
import request from 'supertest';
import { apiTestBackend, connector } from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases } = createTestDatabases();
const api = apiTestBackend(databases, 'SQLITE_3');

const EMPTY_PLAN: ItsmExportPlan = {
  creates: [],
  updates: [],
  conflicts: [],
  unchanged: [],
  unmatched: [],
};

/** A connector that can export, and records what it was asked. */
function exportingConnector(): ItsmConnector & {
  planExport: jest.Mock;
  applyExport: jest.Mock;
} {
  const planExport = jest.fn(async () => EMPTY_PLAN);
  const applyExport = jest.fn(async () => ({ created: [], updated: [] }));
  return {
    ...connector('servicenow'),
    cmdbExport: { planExport, applyExport },
    planExport,
    applyExport,
  };
}

const post = (server: any, connectorId = 'servicenow') =>
  request(server)
    .post(`/api/social-media/itsm/connectors/${connectorId}/cmdb-export`)
    .set(
      'Authorization',
      mockCredentials.user.header('user:default/marketing-lead'),
    );

describe('GET /itsm/connectors', () => {
  it('says of each connector whether it can export to its CMDB', async () => {
    const { server } = await api.start({
      connectors: [exportingConnector(), connector('jira')],
    });
    const res = await request(server)
      .get('/api/social-media/itsm/connectors')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/marketing-lead'),
      );
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((c: { id: string; cmdbExport: boolean }) => [
        c.id,
        c.cmdbExport,
      ]),
    ).toEqual([
      ['jira', false],
      ['servicenow', true],
    ]);
  });
});

describe('POST /itsm/connectors/{connectorId}/cmdb-export', () => {
  it('refuses people without the ITSM sync permission, before asking the connector', async () => {
    const exporting = exportingConnector();
    const { server, auditEvent } = await api.start({
      permission: AuthorizeResult.DENY,
      connectors: [exporting],
    });
    const res = await post(server).send({ dryRun: true });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to export services to the ITSM tool; it takes the ITSM sync permission (social-media.itsm.sync)',
    );
    expect(exporting.planExport).not.toHaveBeenCalled();
    expect(auditEvent.success).not.toHaveBeenCalled();

    const anonymous = await request(server)
      .post('/api/social-media/itsm/connectors/servicenow/cmdb-export')
      .set('Authorization', mockCredentials.none.header())
      .send({ dryRun: true });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a bad body with a 400 naming the field', async () => {
    const exporting = exportingConnector();
    const { server } = await api.start({ connectors: [exporting] });
    const missing = await post(server).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([
      { field: 'dryRun', message: 'is required' },
    ]);
    const wrongType = await post(server).send({ dryRun: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields).toEqual([
      { field: 'dryRun', message: 'must be true or false' },
    ]);
    const extra = await post(server).send({ dryRun: true, force: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain('force');
    expect(exporting.planExport).not.toHaveBeenCalled();
  });

  it('runs a dry run as an audited event and never applies it', async () => {
    const exporting = exportingConnector();
    const { server, auditor, auditEvent } = await api.start({
      connectors: [exporting],
    });
    const created = await api.create(server);
    expect(created.status).toBe(201);
    const res = await post(server).send({ dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      connectorId: 'servicenow',
      dryRun: true,
      creates: [],
      updates: [],
      conflicts: [],
      overwritten: [],
      unmatched: [],
      unchanged: 0,
      mappings: [],
    });
    expect(exporting.planExport).toHaveBeenCalledWith(
      expect.objectContaining({
        services: [
          expect.objectContaining({
            serviceId: created.body.id,
            ownerGroup: 'group:default/marketing',
          }),
        ],
        states: [],
      }),
    );
    expect(exporting.applyExport).not.toHaveBeenCalled();
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        meta: expect.objectContaining({
          queryType: 'itsm-cmdb-export',
          connectorId: 'servicenow',
          dryRun: true,
        }),
      }),
    );
    expect(auditEvent.success).toHaveBeenCalled();
  });

  it('answers 404 for a connector that is not installed, and 400 for one that cannot export', async () => {
    const { server } = await api.start({
      connectors: [connector('servicenow')],
    });
    const unknown = await post(server, 'remedy').send({ dryRun: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "No ITSM connector 'remedy' is installed in this portal",
    );
    const cannot = await post(server).send({ dryRun: true });
    expect(cannot.status).toBe(400);
    expect(cannot.body.error.fields).toEqual([
      expect.objectContaining({ field: 'connectorId' }),
    ]);
  });
});
