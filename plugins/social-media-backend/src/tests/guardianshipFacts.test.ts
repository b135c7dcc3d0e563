import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { apiTestBackend, VALID } from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const url = '/api/social-media/guardianship/facts';

/** An incident row as the ITSM sync stores it, linked to a service. */
function incidentRow(
  serviceId: string,
  externalId: string,
  fields: { title: string; category?: string; open: boolean },
) {
  return {
    connector_id: 'servicenow',
    external_id: externalId,
    service_id: serviceId,
    number: `INC${externalId}`,
    title: fields.title,
    priority: '2 - High',
    state: fields.open ? 'In Progress' : 'Resolved',
    category: fields.category ?? null,
    is_open: fields.open,
    opened_at: '2026-11-20T10:00:00.000Z',
    resolved_at: fields.open ? null : '2026-11-21T10:00:00.000Z',
    updated_at: '2026-11-21T10:00:00.000Z',
    url: `https://itsm.example.com/${externalId}`,
    seen_at: '2026-11-21T10:00:00.000Z',
  };
}

describe.each(ids)('GET /guardianship/facts on %s', databaseId => {
  const api = apiTestBackend(databases, databaseId);
  const { start, asUser, create } = api;

  it("gives every service's guardianship facts as the catalogue records them", async () => {
    const { server } = await start();
    // A guarded service: MFA, a vault, its only admin reviewed and kept.
    const guarded = await create(server, {
      ...VALID,
      controls: {
        mfaEnabled: true,
        mfaMethod: 'security-key',
        credentialVaultRef: 'vault://social/brand-instagram',
        sharedLogin: false,
      },
    });
    expect(guarded.status).toBe(201);
    const admins = await asUser(
      request(server).put('/api/social-media/services/brand-instagram/admins'),
    ).send({
      version: guarded.body.version,
      admins: [
        {
          account: 'marketing-lead',
          userRef: 'user:default/marketing-lead',
          role: 'owner',
        },
      ],
    });
    expect(admins.status).toBe(200);
    const review = await asUser(
      request(server).post(
        '/api/social-media/services/brand-instagram/access-reviews',
      ),
    ).send({
      version: admins.body.version,
      decisions: [{ account: 'marketing-lead', decision: 'keep' }],
    });
    expect(review.status).toBe(201);

    // An exposed one: no MFA, a shared login, a leaver among its admins, never reviewed.
    const exposed = await create(server, {
      ...VALID,
      name: 'Corporate X',
      platform: 'x',
      handle: '@examplecorp',
      profileUrl: 'https://x.com/examplecorp',
      controls: { mfaEnabled: false, sharedLogin: true },
    });
    expect(exposed.status).toBe(201);
    const leaver = await asUser(
      request(server).put('/api/social-media/services/corporate-x/admins'),
    ).send({
      version: exposed.body.version,
      admins: [
        {
          account: 'ex-intern',
          userRef: 'user:default/former-intern',
          role: 'editor',
        },
      ],
    });
    expect(leaver.status).toBe(200);
    await api.knex('social_service_incidents').insert([
      incidentRow('corporate-x', '1', {
        title: 'Suspected account takeover',
        open: true,
      }),
      incidentRow('corporate-x', '2', {
        title: 'Scheduler outage',
        open: true,
      }),
      incidentRow('corporate-x', '3', {
        title: 'Fake support account',
        category: 'Phishing',
        open: false,
      }),
    ]);

    const res = await asUser(request(server).get(url));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalCount: 2, limit: 50, offset: 0 });
    const [first, second] = res.body.items;
    expect(first).toMatchObject({
      serviceId: 'brand-instagram',
      mfaEnabled: true,
      credentialsInVault: true,
      sharedLogin: false,
      leaverCount: 0,
      openSecurityIncidentCount: 0,
    });
    expect(Date.parse(first.lastAccessReviewAt)).not.toBeNaN();
    expect(second).toMatchObject({
      serviceId: 'corporate-x',
      mfaEnabled: false,
      credentialsInVault: false,
      sharedLogin: true,
      leaverCount: 1,
      // The open takeover counts; the outage is no security incident, the phishing one is resolved.
      openSecurityIncidentCount: 1,
    });
    expect(second).not.toHaveProperty('lastAccessReviewAt');
    // The facts agree with what the service list shows for the same services.
    const list = await asUser(
      request(server).get('/api/social-media/services?sort=name'),
    );
    for (const item of list.body.items) {
      const facts = res.body.items.find((f: any) => f.serviceId === item.id);
      expect(facts).toMatchObject({
        lifecycleStage: item.lifecycleStage,
        leaverCount: item.leaverCount,
        openIncidentCount: item.openIncidentCount,
        stageCompliant: item.compliance.compliant,
        stageMissing: item.compliance.missing,
      });
      expect(facts.riskRating).toBe(item.riskRating);
      // A rated service has the score behind its rating; an unrated one has none.
      expect(
        item.riskRating
          ? facts.riskScore >= 1 && facts.riskScore <= 16
          : facts.riskScore === undefined,
      ).toBe(true);
    }
  });

  it('pages through the services in id order', async () => {
    const { server } = await start();
    for (const name of ['Gamma', 'Alpha', 'Beta']) {
      const res = await create(server, {
        ...VALID,
        name,
        handle: name.toLowerCase(),
        profileUrl: `https://www.instagram.com/${name.toLowerCase()}`,
      });
      expect(res.status).toBe(201);
    }
    const first = await asUser(request(server).get(`${url}?limit=2`));
    const second = await asUser(request(server).get(`${url}?limit=2&offset=2`));
    expect(first.body.items.map((f: any) => f.serviceId)).toEqual([
      'alpha',
      'beta',
    ]);
    expect(second.body).toMatchObject({ totalCount: 3, limit: 2, offset: 2 });
    expect(second.body.items.map((f: any) => f.serviceId)).toEqual(['gamma']);
    expect(second.body.nextAfter).toBeUndefined();

    // The same pages by cursor: the first page's nextAfter leads to the next.
    expect(first.body.nextAfter).toEqual(expect.any(String));
    const next = await asUser(
      request(server).get(`${url}?limit=2&after=${first.body.nextAfter}`),
    );
    expect(next.body).toMatchObject({ totalCount: 3, limit: 2, offset: 0 });
    expect(next.body.items.map((f: any) => f.serviceId)).toEqual(['gamma']);
    expect(next.body.nextAfter).toBeUndefined();

    const tooLarge = await asUser(request(server).get(`${url}?limit=500`));
    expect(tooLarge.status).toBe(400);
    for (const [query, message] of [
      [`after=${first.body.nextAfter}&offset=2`, /cannot be combined/],
      [
        `after=${Buffer.from('["a\\u0000"]').toString('base64url')}`,
        /not a cursor/,
      ],
      ['after=not-a-cursor', /not a cursor/],
    ] as const) {
      const refused = await asUser(request(server).get(`${url}?${query}`));
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields).toEqual([
        { field: 'after', message: expect.stringMatching(message) },
      ]);
    }
  });

  it('is read by services and by those who may read the catalogue, no one else', async () => {
    const { server } = await start();
    await create(server);
    const asService = await request(server)
      .get(url)
      .set(
        'Authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:tech-insights'),
          targetPluginId: 'social-media',
        }),
      );
    expect(asService.status).toBe(200);
    expect(asService.body.totalCount).toBe(1);
    const anonymous = await request(server)
      .get(url)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);

    const { server: denied } = await start({
      permission: AuthorizeResult.DENY,
    });
    const res = await asUser(request(denied).get(url));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to read the social media service catalogue',
    );
  });
});
