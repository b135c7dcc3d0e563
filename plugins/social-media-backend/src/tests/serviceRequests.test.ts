/*
 * Requests for new social services through the whole plugin, as the people of an organisation
 * make them: a marketing requester files, IT service management (and the security office for a
 * high-risk account) approves with separation of duties, and the last approval provisions the
 * service in design. Runs on SQLite and PostgreSQL.
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
import { aNewServiceRequest } from '../__testUtils__/serviceRequestBodies';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const api = '/api/social-media';

/** Who belongs to which groups in this organisation. */
const PEOPLE: Record<string, string[]> = {
  'marketing-lead': ['marketing'],
  'social-media-manager': ['marketing'],
  'it-service-manager': ['it-service-management'],
  'it-service-analyst': ['it-service-management'],
  'security-analyst': ['security-office'],
  'security-and-it': ['security-office', 'it-service-management'],
  'hr-partner': ['hr'],
  'finance-analyst': ['finance'],
};
const ref = userRef;

const TIKTOK = aNewServiceRequest();

describe.each(ids)('service requests on %s', databaseId => {
  let knex: Knex;

  async function start(options: { deny?: string[] } = {}) {
    knex = await databases.init(databaseId);
    const deny = options.deny ?? [];
    const decide = (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({
        result: deny.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async requests => decide(requests) as any,
          authorizeConditional: async requests => decide(requests) as any,
        }).factory,
        ...organisationFactories(PEOPLE),
      ],
    });
    return server;
  }

  const as = (who: string, req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header(ref(who)));

  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);

  async function file(server: any, body: object = TIKTOK, submit = true) {
    const res = await as(
      'marketing-lead',
      request(server).post(`${api}/requests`),
    ).send({ ...body, submit });
    expect(res.status).toBe(201);
    return res.body;
  }

  const decideAs = (
    server: any,
    who: string,
    id: number,
    version: number,
    decision = 'approve',
  ) =>
    as(who, request(server).post(`${api}/requests/${id}/decisions`)).send({
      decision,
      comment: `${decision} by ${who}`,
      version,
    });

  it('files, approves and provisions a service in design, with the request in its history', async () => {
    const server = await start();
    const filed = await file(server);
    expect(filed).toMatchObject({
      status: 'submitted',
      requester: ref('marketing-lead'),
      handle: '@springcampaign',
      approvals: [{ role: 'service-management' }],
      prediction: { rating: expect.any(String) },
    });
    expect(filed.prediction.requirements).toContain('MFA enabled');

    const approved = await decideAs(
      server,
      'it-service-manager',
      filed.id,
      filed.version,
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'provisioned',
      serviceId: 'spring-campaign-tiktok',
      approvals: [{ approvedBy: ref('it-service-manager') }],
    });
    expect(
      approved.body.steps.map((s: any) => [s.action, s.actor, s.to]),
    ).toEqual([
      ['create', ref('marketing-lead'), 'draft'],
      ['submit', ref('marketing-lead'), 'submitted'],
      ['approve', ref('it-service-manager'), 'approved'],
      ['provision', ref('it-service-manager'), 'provisioned'],
    ]);

    const service = await as(
      'marketing-lead',
      request(server).get(`${api}/services/spring-campaign-tiktok`),
    );
    expect(service.body).toMatchObject({
      lifecycleStage: 'design',
      ownerGroup: 'group:default/marketing',
      serviceOwner: ref('marketing-lead'),
      businessRequester: ref('marketing-lead'),
    });
    const history = await as(
      'marketing-lead',
      request(server).get(`${api}/services/spring-campaign-tiktok/history`),
    );
    expect(history.body.items[0].after.request).toEqual({
      id: filed.id,
      requestedBy: ref('marketing-lead'),
      approvedBy: [
        {
          role: 'IT service management',
          by: ref('it-service-manager'),
          at: expect.any(String),
        },
      ],
    });
    const verified = await as(
      'marketing-lead',
      request(server).get(`${api}/audit/verify`),
    );
    expect(verified.body.intact).toBe(true);
  });

  it('keeps the separation of duties: no self-approval, nobody from the requesting team', async () => {
    const server = await start();
    const filed = await file(server);
    const own = await decideAs(
      server,
      'marketing-lead',
      filed.id,
      filed.version,
    );
    expect([own.status, own.body.error.message]).toEqual([
      403,
      'You filed this request, so you cannot decide on it: someone else approves it',
    ]);
    const team = await decideAs(server, 'social-media-manager', filed.id, 1);
    expect(team.status).toBe(403);
    expect(team.body.error.message).toContain(
      'You belong to the requesting team group:default/marketing',
    );
    const outsider = await decideAs(server, 'hr-partner', filed.id, 1);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toContain(
      'You are not an approver of this request: it waits for IT service management',
    );
    const unchanged = await as(
      'marketing-lead',
      request(server).get(`${api}/requests/${filed.id}`),
    );
    expect(unchanged.body).toMatchObject({ status: 'submitted', version: 1 });
    expect(await count('social_services')).toBe(0);
  });

  it('needs the security office too for a high-risk or regulated account, from two different people', async () => {
    const server = await start();
    const filed = await file(server, {
      ...TIKTOK,
      questionnaire: { ...TIKTOK.questionnaire, regulatedContent: true },
    });
    expect(filed.approvals.map((a: any) => a.role)).toEqual([
      'service-management',
      'security',
    ]);
    const first = await decideAs(server, 'security-and-it', filed.id, 1);
    expect(first.body).toMatchObject({ status: 'submitted', version: 2 });
    const again = await decideAs(server, 'security-and-it', filed.id, 2);
    expect(again.status).toBe(403);
    expect(again.body.error.message).toContain('You already approved');
    const second = await decideAs(server, 'security-analyst', filed.id, 2);
    expect(second.body.status).toBe('provisioned');
  });

  it('lets exactly one of two approvers deciding at once win; the other gets 409 with the outcome', async () => {
    const server = await start();
    const filed = await file(server);
    const answers = await Promise.all([
      decideAs(server, 'it-service-manager', filed.id, 1),
      decideAs(server, 'it-service-analyst', filed.id, 1, 'reject'),
    ]);
    const statuses = answers.map(a => a.status).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = answers.find(a => a.status === 409)!;
    expect(loser.body.error.message).toMatch(
      /changed since version 1: it is now (provisioned|rejected) \((provision|reject) by user:default\/it-service-(manager|analyst)/,
    );
    expect(await count('social_service_requests')).toBe(1);
    expect(await count('social_services')).toBeLessThanOrEqual(1);
  });

  it('goes back for changes, is edited and resubmitted, and can be withdrawn', async () => {
    const server = await start();
    const filed = await file(server);
    const back = await decideAs(
      server,
      'it-service-manager',
      filed.id,
      1,
      'request-changes',
    );
    expect(back.body.status).toBe('changes-requested');
    const edited = await as(
      'social-media-manager',
      request(server).put(`${api}/requests/${filed.id}`),
    ).send({
      ...TIKTOK,
      purpose: 'Spring campaign, with a moderation plan',
      version: 2,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.purpose).toBe('Spring campaign, with a moderation plan');
    const resubmitted = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/${filed.id}/submit`),
    ).send({ version: 3, comment: 'Moderation plan added' });
    expect(resubmitted.body.status).toBe('submitted');
    const withdrawn = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/${filed.id}/withdraw`),
    ).send({ version: 4 });
    expect(withdrawn.body.status).toBe('withdrawn');
    const late = await decideAs(server, 'it-service-manager', filed.id, 5);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe(
      'This request is withdrawn; there is nothing left to decide',
    );
  });

  it('refuses bad input, a catalogued or already requested account, and writes nothing', async () => {
    const server = await start();
    await file(server);
    const before = await count('social_service_requests');
    const cases: Array<[object, number, string]> = [
      [{ ...TIKTOK, handle: 'has spaces' }, 400, 'handle'],
      [
        { ...TIKTOK, handle: 'other', targetDate: '2020-01-01' },
        400,
        'is in the past',
      ],
      [
        { ...TIKTOK, handle: 'other', requestingTeam: 'group:default/ghosts' },
        400,
        'is not in the Backstage catalog',
      ],
      [
        { ...TIKTOK, handle: 'other', regions: [] },
        400,
        'Name at least one region',
      ],
      [
        { ...TIKTOK, handle: '@SpringCampaign' },
        409,
        'already requested in request',
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await as(
        'marketing-lead',
        request(server).post(`${api}/requests`),
      ).send(body);
      expect([res.status, res.body.error.message]).toEqual([
        status,
        expect.stringContaining(message),
      ]);
    }
    expect(await count('social_service_requests')).toBe(before);
  });

  it('shows a request only to the people it concerns, and every request only to those who read all', async () => {
    const server = await start({ deny: ['social-media.request.read-all'] });
    const filed = await file(server);
    const hidden = await as(
      'hr-partner',
      request(server).get(`${api}/requests/${filed.id}`),
    );
    expect(hidden.status).toBe(404);
    const team = await as(
      'social-media-manager',
      request(server).get(`${api}/requests?scope=mine`),
    );
    expect(team.body.items.map((r: any) => r.id)).toEqual([filed.id]);
    const inbox = await as(
      'it-service-manager',
      request(server).get(`${api}/requests?scope=inbox`),
    );
    expect(inbox.body.items.map((r: any) => r.id)).toEqual([filed.id]);
    const notMine = await as(
      'marketing-lead',
      request(server).get(`${api}/requests?scope=inbox`),
    );
    expect(notMine.body.items).toEqual([]);
    const all = await as(
      'hr-partner',
      request(server).get(`${api}/requests?scope=all`),
    );
    expect(all.status).toBe(403);
  });

  it('lets the people named to run the service follow the request once it is submitted, without acting for the requester', async () => {
    const server = await start({ deny: ['social-media.request.read-all'] });
    const draft = await file(
      server,
      aNewServiceRequest({
        serviceOwner: ref('hr-partner'),
        ownerGroup: 'group:default/hr',
      }),
      false,
    );
    const read = (who: string) =>
      as(who, request(server).get(`${api}/requests/${draft.id}`));
    const mine = async (who: string) =>
      (
        await as(who, request(server).get(`${api}/requests?scope=mine`))
      ).body.items.map((r: any) => r.id);

    // A draft is still the requester's own.
    expect((await read('hr-partner')).status).toBe(404);
    expect(await mine('hr-partner')).toEqual([]);

    const submitted = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/${draft.id}/submit`),
    ).send({ version: draft.version });
    expect(submitted.status).toBe(200);
    const followed = await read('hr-partner');
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({
      status: 'submitted',
      serviceOwner: ref('hr-partner'),
    });
    expect(await mine('hr-partner')).toEqual([draft.id]);
    // Still nobody else's.
    expect((await read('finance-analyst')).status).toBe(404);
    expect(await mine('finance-analyst')).toEqual([]);

    // Following is not acting for the requester.
    const withdrawn = await as(
      'hr-partner',
      request(server).post(`${api}/requests/${draft.id}/withdraw`),
    ).send({ version: submitted.body.version, comment: 'not mine to stop' });
    expect(withdrawn.status).toBe(403);
    expect((await read('hr-partner')).body.status).toBe('submitted');
  });

  it('previews only for those who may request, and refuses edits and steps by people outside the request', async () => {
    const denied = await start({ deny: ['social-media.request.create'] });
    const preview = await as(
      'marketing-lead',
      request(denied).post(`${api}/requests/preview`),
    ).send(TIKTOK);
    expect([preview.status, preview.body.error.message]).toEqual([
      403,
      'You are not allowed to request social media services',
    ]);
    expect(await count('social_service_requests')).toBe(0);

    const server = await start();
    const shown = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/preview`),
    ).send(TIKTOK);
    expect(shown.status).toBe(200);
    expect(shown.body.approvals.map((a: any) => a.role)).toEqual([
      'service-management',
    ]);
    const bad = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/preview`),
    ).send({ ...TIKTOK, questionnaire: undefined });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid request: questionnaire/);
    expect(await count('social_service_requests')).toBe(0);

    const filed = await file(server, TIKTOK, false);
    const outsider = await as(
      'hr-partner',
      request(server).put(`${api}/requests/${filed.id}`),
    ).send({ ...TIKTOK, purpose: 'Taken over', version: filed.version });
    expect([outsider.status, outsider.body.error.message]).toEqual([
      403,
      'Only the requester or a member of group:default/marketing may update this request',
    ]);
    const withdrawn = await as(
      'hr-partner',
      request(server).post(`${api}/requests/${filed.id}/withdraw`),
    ).send({ version: filed.version });
    expect(withdrawn.status).toBe(403);
    const stale = await as(
      'marketing-lead',
      request(server).post(`${api}/requests/${filed.id}/submit`),
    ).send({ version: filed.version + 1 });
    expect(stale.status).toBe(409);
    const after = await as(
      'marketing-lead',
      request(server).get(`${api}/requests/${filed.id}`),
    );
    expect(after.body).toMatchObject({
      status: 'draft',
      version: filed.version,
      purpose: TIKTOK.purpose,
    });
    expect(after.body.steps).toHaveLength(1);
  });

  it('refuses decisions to someone without the decide permission', async () => {
    const server = await start({ deny: ['social-media.request.decide'] });
    const filed = await file(server);
    const res = await decideAs(server, 'it-service-manager', filed.id, 1);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to decide on social media service requests',
    );
    const missing = await decideAs(server, 'it-service-manager', 999, 1);
    expect(missing.status).toBe(403);
  });

  describe('a request changed in the database outside the catalogue', () => {
    const REQUESTS = 'social_service_requests';
    const tamper = (id: number, columns: Record<string, string>) =>
      knex(REQUESTS).where({ id }).update(columns);
    const read = (server: any, id: number, who = 'marketing-lead') =>
      as(who, request(server).get(`${api}/requests/${id}`));
    const fieldsOf = (body: { recordProblems?: Array<{ field: string }> }) =>
      body.recordProblems?.map(p => p.field);

    it('keeps a sound request free of record problems through every step', async () => {
      const server = await start();
      const filed = await file(server, {
        ...TIKTOK,
        questionnaire: { ...TIKTOK.questionnaire, regulatedContent: true },
      });
      await decideAs(
        server,
        'it-service-manager',
        filed.id,
        1,
        'request-changes',
      );
      const steps = [
        await as(
          'marketing-lead',
          request(server).put(`${api}/requests/${filed.id}`),
        ).send({ ...TIKTOK, questionnaire: filed.questionnaire, version: 2 }),
        await as(
          'marketing-lead',
          request(server).post(`${api}/requests/${filed.id}/submit`),
        ).send({ version: 3 }),
        await decideAs(server, 'it-service-manager', filed.id, 4),
        await decideAs(server, 'security-analyst', filed.id, 5),
      ];
      expect(steps.map(s => [s.status, s.body.status])).toEqual([
        [200, 'changes-requested'],
        [200, 'submitted'],
        [200, 'submitted'],
        [200, 'provisioned'],
      ]);
      expect(steps.map(s => s.body.recordProblems)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('shows an approval typed into the database as not given, and lets no decision count on the request', async () => {
      const server = await start();
      const filed = await file(server, {
        ...TIKTOK,
        questionnaire: { ...TIKTOK.questionnaire, regulatedContent: true },
      });
      const first = await decideAs(server, 'it-service-manager', filed.id, 1);
      expect(first.body.recordProblems).toBeUndefined();
      // The security office's sign-off, typed in by hand, and the request set to approved.
      const [itApproval, security] = first.body.approvals;
      const forged = {
        ...security,
        approvedBy: ref('security-analyst'),
        approvedAt: itApproval.approvedAt,
      };
      await tamper(filed.id, {
        status: 'approved',
        approvals_json: JSON.stringify([itApproval, forged]),
      });

      const shown = await read(server, filed.id);
      expect(shown.status).toBe(200);
      expect(shown.body.status).toBe('submitted');
      expect(shown.body.approvals).toEqual([itApproval, security]);
      expect(shown.body.recordProblems).toEqual([
        {
          field: 'status',
          stored: 'approved',
          shownAs: 'submitted, where its timeline ends',
        },
        {
          field: 'approvals[1]',
          stored: `approved by ${ref('security-analyst')} at ${
            itApproval.approvedAt
          }`,
          shownAs: 'not given: no step of the timeline gives it',
        },
      ]);

      const decided = await decideAs(server, 'security-analyst', filed.id, 2);
      expect(decided.status).toBe(409);
      expect(decided.body.error.message).toBe(
        'This request holds values changed outside the catalogue (status, approvals[1]); it cannot be decided on until it is put right: an administrator corrects the stored record',
      );
      expect(await count('social_services')).toBe(0);
      const inbox = await as(
        'security-analyst',
        request(server).get(`${api}/requests?scope=inbox`),
      );
      expect(inbox.body.totalCount).toBe(0);
      const withdrawn = await as(
        'marketing-lead',
        request(server).post(`${api}/requests/${filed.id}/withdraw`),
      ).send({ version: 2 });
      expect(withdrawn.status).toBe(409);
      expect((await read(server, filed.id)).body.version).toBe(2);
    });

    it('lists and shows a request whose fields are not JSON, from its columns, until the requester edits it right', async () => {
      const server = await start();
      const draft = await file(server, TIKTOK, false);
      await tamper(draft.id, { fields_json: '{"platform": "tiktok", broken' });

      const mine = await as(
        'marketing-lead',
        request(server).get(`${api}/requests?scope=mine`),
      );
      expect(mine.status).toBe(200);
      const [listed] = mine.body.items;
      expect(listed).toMatchObject({
        id: draft.id,
        platform: 'tiktok',
        handle: '@springcampaign',
        requestingTeam: 'group:default/marketing',
        ownerGroup: 'group:default/marketing',
        serviceOwner: ref('marketing-lead'),
        purpose: '',
        regions: [],
        questionnaire: { regulatedContent: true, brandLevel: true },
      });
      expect(listed.recordProblems).toEqual([
        {
          field: 'fields',
          stored: '{"platform": "tiktok", broken',
          shownAs: "what the request's columns hold",
        },
      ]);
      expect((await read(server, draft.id)).body).toEqual(listed);

      const submitted = await as(
        'marketing-lead',
        request(server).post(`${api}/requests/${draft.id}/submit`),
      ).send({ version: 1 });
      expect(submitted.status).toBe(409);
      expect(submitted.body.error.message).toBe(
        'This request holds values changed outside the catalogue (fields); it cannot be submitted until it is put right: the requester edits it, or an administrator corrects the stored record',
      );

      const edited = await as(
        'marketing-lead',
        request(server).put(`${api}/requests/${draft.id}`),
      ).send({ ...TIKTOK, version: 1 });
      expect(edited.status).toBe(200);
      expect(edited.body.recordProblems).toBeUndefined();
      expect(edited.body.purpose).toBe(TIKTOK.purpose);
      const history = await knex('social_media_audit_log')
        .where({ action: 'request-update' })
        .first();
      expect(JSON.parse(history.before_json).recordProblems).toEqual(
        listed.recordProblems,
      );
      const now = await as(
        'marketing-lead',
        request(server).post(`${api}/requests/${draft.id}/submit`),
      ).send({ version: 2 });
      expect([now.status, now.body.status]).toEqual([200, 'submitted']);
    });

    it('predicts again a prediction that does not read, and names each field of the wrong kind', async () => {
      const server = await start();
      const filed = await file(server);
      const fields = JSON.parse(
        (await knex(REQUESTS).where({ id: filed.id }).first()).fields_json,
      );
      await tamper(filed.id, { prediction_json: '"low"' });
      const predicted = await read(server, filed.id);
      expect(predicted.body.prediction).toEqual(filed.prediction);
      expect(predicted.body.recordProblems).toEqual([
        {
          field: 'prediction',
          stored: '"low"',
          shownAs: `predicted again: ${filed.prediction.rating}`,
        },
      ]);

      await tamper(filed.id, {
        requesting_team: 'group:default/hr',
        fields_json: JSON.stringify({
          ...fields,
          regions: 'EMEA',
          questionnaire: { ...fields.questionnaire, regulatedContent: 'no' },
          approvedBy: 'user:default/nobody',
        }),
      });

      const shown = await read(server, filed.id, 'hr-partner');
      expect(shown.status).toBe(200);
      // Predicted again from the answers as shown: regulated content, the cautious reading.
      expect(
        shown.body.prediction.assessment.factors.find(
          (f: { id: string }) => f.id === 'regulated-content',
        ).value,
      ).toBe('yes');
      expect(shown.body).toMatchObject({
        regions: [],
        questionnaire: { regulatedContent: true },
      });
      expect(shown.body).not.toHaveProperty('approvedBy');
      expect(fieldsOf(shown.body)).toEqual([
        'regions',
        'questionnaire.regulatedContent',
        'approvedBy',
        'requestingTeam',
        'prediction',
      ]);
      expect(shown.body.recordProblems[3]).toEqual({
        field: 'requestingTeam',
        stored: 'group:default/hr in the column lists are searched by',
        shownAs: 'group:default/marketing, as the request states it',
      });
    });
  });
});
