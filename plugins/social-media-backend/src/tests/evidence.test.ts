/*
 * The evidence about one service over a period, as an auditor reads it: who owned it and who
 * approved the change, its moves and access reviews, through the whole plugin on SQLite and
 * PostgreSQL.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { organisationFactories, userRef } from '../__testUtils__/organisation';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { socialMediaPlugin } from '../plugin';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const api = '/api/social-media';

const PEOPLE: Record<string, string[]> = {
  'marketing-lead': ['marketing'],
  'hr-partner': ['hr'],
  auditor: ['internal-audit'],
};

describe.each(ids)('service evidence on %s', databaseId => {
  let knex: Knex;

  const as = (who: string, req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header(userRef(who)));

  async function start(deny: string[] = []) {
    knex = await databases.init(databaseId);
    const decide = (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({
        result: deny.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async requests => decide(requests) as any,
          authorizeConditional: async requests => decide(requests) as any,
        }).factory,
        ...organisationFactories(PEOPLE),
        auditor.factory,
      ],
    });
    return { server, auditor, event };
  }

  /** A careers page of marketing's, handed to HR, who attest its admins. */
  async function history(server: any) {
    const created = await as(
      'marketing-lead',
      request(server).post(`${api}/services`),
    ).send({
      name: 'Careers LinkedIn',
      platform: 'linkedin',
      handle: 'larkmoor-careers',
      purpose: 'Job posts',
      businessUnit: 'Marketing',
      ownerGroup: 'group:default/marketing',
      serviceOwner: userRef('marketing-lead'),
      audienceSize: 100,
      lifecycleStage: 'operation',
    });
    expect(created.status).toBe(201);
    const filed = await as(
      'marketing-lead',
      request(server).post(`${api}/services/careers-linkedin/handovers`),
    ).send({
      kind: 'transfer',
      toOwnerGroup: 'group:default/hr',
      toServiceOwner: userRef('hr-partner'),
      reason: 'Recruiting runs it',
      version: created.body.version,
    });
    const accepted = await as(
      'hr-partner',
      request(server).post(`${api}/handovers/${filed.body.id}/decisions`),
    ).send({
      decision: 'accept',
      version: 1,
      checklist: {
        'admins-reviewed': true,
        'credentials-rotated': true,
        'recovery-email-changed': true,
        'recovery-phone-changed': true,
      },
    });
    expect(accepted.body.status).toBe('completed');
    const service = await as(
      'hr-partner',
      request(server).get(`${api}/services/careers-linkedin`),
    );
    const reviewed = await as(
      'hr-partner',
      request(server).post(`${api}/services/careers-linkedin/access-reviews`),
    ).send({ version: service.body.version, decisions: [] });
    expect(reviewed.status).toBe(201);
    return filed.body.id as number;
  }

  it('puts together who owned the service, who approved the change, its reviews and its trail', async () => {
    const { server, auditor, event } = await start();
    const transfer = await history(server);
    const res = await as(
      'auditor',
      request(server).get(`${api}/services/careers-linkedin/evidence`),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      service: { id: 'careers-linkedin', ownerGroup: 'group:default/hr' },
      generatedBy: userRef('auditor'),
      owners: [
        {
          ownerGroup: 'group:default/marketing',
          serviceOwner: userRef('marketing-lead'),
          to: expect.any(String),
          setBy: { action: 'create', actor: userRef('marketing-lead') },
          problems: [],
        },
        {
          ownerGroup: 'group:default/hr',
          serviceOwner: userRef('hr-partner'),
          setBy: {
            action: 'transfer',
            actor: userRef('hr-partner'),
            request: {
              id: transfer,
              kind: 'transfer',
              approvedBy: [userRef('hr-partner')],
            },
          },
        },
      ],
      handovers: [{ id: transfer, kind: 'transfer', status: 'completed' }],
      accessReviews: [{ reviewer: userRef('hr-partner'), decisions: [] }],
    });
    expect(res.body.owners[1].to).toBeUndefined();
    expect(res.body.auditEntries.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['create', 'transfer', 'access-review']),
    );
    expect(res.body.riskHistory.length).toBeGreaterThan(0);
    // Reading evidence is itself recorded.
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'service-evidence',
        meta: expect.objectContaining({ serviceId: 'careers-linkedin' }),
      }),
    );
    expect(event.success).toHaveBeenCalled();
  });

  it('keeps to the period asked for: a period before the service existed holds nothing', async () => {
    const { server } = await start();
    await history(server);
    const res = await as(
      'auditor',
      request(server).get(
        `${api}/services/careers-linkedin/evidence?from=2020-01-01&to=2020-12-31`,
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({
      from: '2020-01-01T00:00:00.000Z',
      to: '2020-12-31T23:59:59.999Z',
    });
    expect(res.body).toMatchObject({
      owners: [],
      handovers: [],
      accessReviews: [],
      auditEntries: [],
    });

    // Times typed as they are, ":" not encoded.
    const typed = await as(
      'auditor',
      request(server).get(
        `${api}/services/careers-linkedin/evidence?from=2020-01-01T00:00:00Z&to=2020-12-31T23:59:59.999Z`,
      ),
    );
    expect(typed.status).toBe(200);
    expect(typed.body.period).toEqual(res.body.period);
  });

  it('refuses bad dates, an unknown service and a caller who may not read', async () => {
    const { server } = await start();
    await history(server);
    const bad = await as(
      'auditor',
      request(server).get(
        `${api}/services/careers-linkedin/evidence?from=yesterday&to=2026-01-01`,
      ),
    );
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      'Invalid query: from: from must be a date such as 2026-03-01 or a date and time',
    ]);
    const reversed = await as(
      'auditor',
      request(server).get(
        `${api}/services/careers-linkedin/evidence?from=2026-02-01&to=2026-01-01`,
      ),
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toContain('from must not be after to');
    const unknown = await as(
      'auditor',
      request(server).get(`${api}/services/no-such-service/evidence`),
    );
    expect(unknown.status).toBe(404);

    const denied = await start(['social-media.service.read']);
    const refused = await as(
      'auditor',
      request(denied.server).get(`${api}/services/careers-linkedin/evidence`),
    );
    expect(refused.status).toBe(403);
  });
});
