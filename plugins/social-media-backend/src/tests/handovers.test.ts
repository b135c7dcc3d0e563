/*
 * Transfers to another group and retirements, as requests through the whole plugin: the owning
 * side files, the receiving group (transfer) or IT service management (retirement) decides with
 * the checklist complete, and the accepted change reaches the service in the same transaction.
 * Runs on SQLite and PostgreSQL.
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

/** Who belongs to which groups in this organisation. */
const PEOPLE: Record<string, string[]> = {
  'marketing-lead': ['marketing'],
  'social-media-manager': ['marketing'],
  'hr-partner': ['hr'],
  'hr-lead': ['hr'],
  'it-service-manager': ['it-service-management'],
  'it-service-analyst': ['it-service-management'],
};
const ref = userRef;

/** A live service of the marketing team, as found in operation. */
const CAREERS = {
  name: 'Careers LinkedIn',
  platform: 'linkedin',
  handle: 'larkmoor-careers',
  profileUrl: 'https://www.linkedin.com/company/larkmoor-careers',
  purpose: 'Job posts and employer brand',
  businessUnit: 'Marketing',
  ownerGroup: 'group:default/marketing',
  serviceOwner: ref('marketing-lead'),
  audienceSize: 40000,
  lifecycleStage: 'operation',
};

const TRANSFER_DONE = {
  'admins-reviewed': true,
  'credentials-rotated': true,
  'recovery-email-changed': true,
  'recovery-phone-changed': true,
};

const RETIREMENT_DONE = {
  'content-archived': true,
  'admins-removed': true,
  'third-party-apps-revoked': true,
  'credentials-removed': true,
};

describe.each(ids)('transfers and retirements on %s', databaseId => {
  let knex: Knex;

  const as = (who: string, req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header(ref(who)));

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
    const created = await as(
      'marketing-lead',
      request(server).post(`${api}/services`),
    ).send(CAREERS);
    expect(created.status).toBe(201);
    return server;
  }

  /** Everything a refusal must leave as it was. */
  const state = async () => ({
    handovers: await knex('social_service_handovers').orderBy('id'),
    steps: Number(
      (await knex('social_service_handover_steps').count({ n: '*' }))[0].n,
    ),
    service: await knex('social_services')
      .where({ id: 'careers-linkedin' })
      .first('owner_group', 'service_owner', 'lifecycle_stage', 'version'),
    audit: Number(
      (await knex('social_media_audit_log').count({ n: '*' }))[0].n,
    ),
  });

  const service = async (server: any) =>
    (
      await as(
        'marketing-lead',
        request(server).get(`${api}/services/careers-linkedin`),
      )
    ).body;

  const file = async (server: any, who: string, body: object) =>
    as(
      who,
      request(server).post(`${api}/services/careers-linkedin/handovers`),
    ).send({ version: (await service(server)).version, ...body });

  const transferToHr = (server: any, who = 'marketing-lead') =>
    file(server, who, {
      kind: 'transfer',
      toOwnerGroup: 'group:default/hr',
      toServiceOwner: ref('hr-partner'),
      reason: 'Recruiting now runs the careers page',
    });

  const decideAs = (
    server: any,
    who: string,
    id: number,
    body: { decision: string; version: number; checklist?: object },
  ) =>
    as(who, request(server).post(`${api}/handovers/${id}/decisions`)).send({
      comment: `${body.decision} by ${who}`,
      ...body,
    });

  it('hands a service to the group that accepts it with the checklist complete, audited with every answer', async () => {
    const server = await start();
    const filed = await transferToHr(server);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      kind: 'transfer',
      status: 'submitted',
      requester: ref('marketing-lead'),
      fromOwnerGroup: 'group:default/marketing',
      toOwnerGroup: 'group:default/hr',
      toServiceOwner: ref('hr-partner'),
      deciders: ['group:default/hr'],
      version: 1,
    });

    const inbox = (who: string) =>
      as(who, request(server).get(`${api}/handovers?scope=inbox`)).then(r =>
        r.body.items.map((h: any) => h.id),
      );
    expect(await inbox('hr-partner')).toEqual([filed.body.id]);
    expect(await inbox('it-service-manager')).toEqual([]);
    expect(await inbox('marketing-lead')).toEqual([]);

    const accepted = await decideAs(server, 'hr-partner', filed.body.id, {
      decision: 'accept',
      version: 1,
      checklist: TRANSFER_DONE,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'completed',
      checklist: TRANSFER_DONE,
      version: 2,
    });
    expect(
      accepted.body.steps.map((s: any) => [s.action, s.actor, s.to]),
    ).toEqual([
      ['submit', ref('marketing-lead'), 'submitted'],
      ['accept', ref('hr-partner'), 'completed'],
    ]);
    expect(accepted.body.steps[1].checklist).toEqual(TRANSFER_DONE);

    expect(await service(server)).toMatchObject({
      ownerGroup: 'group:default/hr',
      serviceOwner: ref('hr-partner'),
    });
    const history = await as(
      'marketing-lead',
      request(server).get(`${api}/services/careers-linkedin/history`),
    );
    const transfer = history.body.items.find(
      (e: any) => e.action === 'transfer',
    );
    expect(transfer).toMatchObject({
      actor: ref('hr-partner'),
      before: { ownerGroup: 'group:default/marketing' },
      after: {
        ownerGroup: 'group:default/hr',
        request: {
          id: filed.body.id,
          kind: 'transfer',
          requestedBy: ref('marketing-lead'),
          decidedBy: ref('hr-partner'),
          checklist: TRANSFER_DONE,
        },
      },
    });
    const verified = await as(
      'marketing-lead',
      request(server).get(`${api}/audit/verify`),
    );
    expect(verified.body.intact).toBe(true);

    const again = await decideAs(server, 'hr-lead', filed.body.id, {
      decision: 'accept',
      version: 1,
      checklist: TRANSFER_DONE,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(
      `Transfer ${
        filed.body.id
      } changed since version 1: it is now completed (accept by ${ref(
        'hr-partner',
      )}`,
    );
  });

  it('still lists and shows a transfer whose stored checklist and deciders were changed outside the catalogue, saying so', async () => {
    const server = await start();
    const filed = (await transferToHr(server)).body;
    await knex('social_service_handovers')
      .where({ id: filed.id })
      .update({ checklist_json: 'not json', deciders_json: '{"a":1}' });
    await knex('social_service_handover_steps')
      .where({ handover_id: filed.id })
      .update({ checklist_json: '[true]' });
    const mine = await as(
      'marketing-lead',
      request(server).get(`${api}/handovers?scope=mine`),
    );
    expect(mine.status).toBe(200);
    const [listed] = mine.body.items;
    expect(listed.id).toBe(filed.id);
    const shown = await as(
      'hr-partner',
      request(server).get(`${api}/handovers/${filed.id}`),
    );
    expect(shown.status).toBe(200);
    expect([shown.body.checklist, shown.body.deciders]).toEqual([{}, []]);
    expect(
      shown.body.recordProblems.map((p: { field: string }) => p.field),
    ).toEqual(['checklist', 'deciders', 'steps.checklist']);
    expect(listed.recordProblems).toEqual(shown.body.recordProblems);
  });

  it('refuses to accept a transfer with the checklist incomplete, from outside the receiving group or by its filer, writing nothing', async () => {
    const server = await start();
    const filed = (await transferToHr(server)).body;
    const before = await state();

    const incomplete = await decideAs(server, 'hr-partner', filed.id, {
      decision: 'accept',
      version: 1,
      checklist: { ...TRANSFER_DONE, 'recovery-phone-changed': false },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.message).toBe(
      "Invalid decision: checklist.recovery-phone-changed: Not done yet: Recovery phone changed to the new owner's",
    );
    const none = await decideAs(server, 'hr-partner', filed.id, {
      decision: 'accept',
      version: 1,
    });
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toHaveLength(4);

    const outsider = await decideAs(server, 'it-service-manager', filed.id, {
      decision: 'accept',
      version: 1,
      checklist: TRANSFER_DONE,
    });
    expect([outsider.status, outsider.body.error.message]).toEqual([
      403,
      'Only members of the receiving group group:default/hr may accept or decline this transfer',
    ]);

    // The filer belongs to the receiving group as well: still not theirs to accept.
    PEOPLE['marketing-lead'].push('hr');
    try {
      const own = await decideAs(server, 'marketing-lead', filed.id, {
        decision: 'accept',
        version: 1,
        checklist: TRANSFER_DONE,
      });
      expect(own.status).toBe(403);
      expect(own.body.error.message).toContain(
        'You filed this transfer, so you cannot decide on it',
      );
    } finally {
      PEOPLE['marketing-lead'].pop();
    }
    expect(await state()).toEqual(before);

    const declined = await decideAs(server, 'hr-lead', filed.id, {
      decision: 'decline',
      version: 1,
    });
    expect(declined.body).toMatchObject({ status: 'declined', version: 2 });
    expect((await service(server)).ownerGroup).toBe('group:default/marketing');
  });

  it('retires a service once IT service management approves, revoking access and releasing the handle', async () => {
    const server = await start();
    const before = await state();
    const incomplete = await file(server, 'marketing-lead', {
      kind: 'retirement',
      reason: 'The careers site replaces it',
      handle: 'released',
      checklist: { ...RETIREMENT_DONE, 'content-archived': false },
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.message).toBe(
      'Invalid request: checklist.content-archived: Not done yet: Content archived',
    );
    expect(await state()).toEqual(before);

    const filed = await file(server, 'marketing-lead', {
      kind: 'retirement',
      reason: 'The careers site replaces it',
      handle: 'released',
      checklist: RETIREMENT_DONE,
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      kind: 'retirement',
      handle: 'released',
      checklist: RETIREMENT_DONE,
      deciders: ['group:default/it-service-management'],
    });

    const notIt = await decideAs(server, 'hr-partner', filed.body.id, {
      decision: 'accept',
      version: 1,
    });
    expect(notIt.status).toBe(403);
    expect(notIt.body.error.message).toContain(
      'Only IT service management (group:default/it-service-management) may approve or decline this retirement',
    );

    const approved = await decideAs(
      server,
      'it-service-manager',
      filed.body.id,
      {
        decision: 'accept',
        version: 1,
      },
    );
    expect(approved.body.status).toBe('completed');
    const retired = await service(server);
    expect(retired).toMatchObject({
      lifecycleStage: 'retired',
      controls: { accessRevoked: true, accountStatus: 'deleted' },
    });
    expect(retired.transitions[0]).toMatchObject({
      from: 'operation',
      to: 'retired',
      actor: ref('it-service-manager'),
      reason: `Retirement ${filed.body.id}: The careers site replaces it`,
    });

    // Nothing is left to hand over once a service is retired.
    const afterwards = await transferToHr(server);
    expect([afterwards.status, afterwards.body.error.message]).toEqual([
      409,
      'careers-linkedin is already retired',
    ]);
  });

  it('refuses to retire a live service by a plain lifecycle move, pointing to a retirement request, writing nothing', async () => {
    const server = await start();
    const before = await state();
    const moved = await as(
      'marketing-lead',
      request(server).post(`${api}/services/careers-linkedin/transitions`),
    ).send({
      to: 'retired',
      reason: 'The careers site replaces it',
      version: (await service(server)).version,
    });
    expect([moved.status, moved.body.error]).toEqual([
      409,
      expect.objectContaining({
        name: 'ConflictError',
        message:
          'careers-linkedin is live: retire it with a retirement request, which IT service management approves (POST /services/careers-linkedin/handovers with kind retirement)',
      }),
    ]);
    expect(await state()).toEqual(before);
    // The service page offers the move as not possible, saying how it is done.
    expect(
      (await service(server)).nextTransitions.find(
        (t: any) => t.to === 'retired',
      ),
    ).toEqual({
      to: 'retired',
      allowed: false,
      missing: [],
      notReachable:
        'a live service is retired by a retirement request, which IT service management approves',
    });

    // An idea dropped before launch is retired directly.
    const idea = await as(
      'marketing-lead',
      request(server).post(`${api}/services`),
    ).send({
      ...CAREERS,
      name: 'Careers TikTok',
      platform: 'tiktok',
      handle: '@larkmoorcareers',
      profileUrl: undefined,
      lifecycleStage: 'strategy',
      controls: { accessRevoked: true, accountStatus: 'archived' },
    });
    expect(idea.status).toBe(201);
    const dropped = await as(
      'marketing-lead',
      request(server).post(`${api}/services/careers-tiktok/transitions`),
    ).send({ to: 'retired', reason: 'Campaign dropped', version: 1 });
    expect([dropped.status, dropped.body.lifecycleStage]).toEqual([
      200,
      'retired',
    ]);
  });

  it('keeps one transfer or retirement waiting per service, and lets only its filer withdraw it', async () => {
    const server = await start();
    const filed = (await transferToHr(server)).body;
    const second = await file(server, 'marketing-lead', {
      kind: 'retirement',
      reason: 'No longer needed',
      handle: 'kept',
      checklist: RETIREMENT_DONE,
    });
    expect([second.status, second.body.error.message]).toEqual([
      409,
      `Transfer ${filed.id} of careers-linkedin is still waiting for the receiving group; withdraw or decide it first`,
    ]);

    const before = await state();
    const notTheirs = await as(
      'social-media-manager',
      request(server).post(`${api}/handovers/${filed.id}/withdraw`),
    ).send({ version: 1 });
    expect(notTheirs.status).toBe(403);
    expect(await state()).toEqual(before);

    const withdrawn = await as(
      'marketing-lead',
      request(server).post(`${api}/handovers/${filed.id}/withdraw`),
    ).send({ version: 1, comment: 'Recruiting keeps its own page' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 2 });
    const late = await decideAs(server, 'hr-partner', filed.id, {
      decision: 'accept',
      version: 2,
      checklist: TRANSFER_DONE,
    });
    expect([late.status, late.body.error.message]).toEqual([
      409,
      'This transfer is withdrawn; there is nothing left to decide',
    ]);
    const mine = await as(
      'marketing-lead',
      request(server).get(`${api}/handovers?scope=mine`),
    );
    expect(mine.body.items.map((h: any) => [h.id, h.status])).toEqual([
      [filed.id, 'withdrawn'],
    ]);
    const ofService = await as(
      'hr-partner',
      request(server).get(`${api}/services/careers-linkedin/handovers`),
    );
    expect(ofService.body.totalCount).toBe(1);
  });

  it('lets exactly one of two people deciding at once win', async () => {
    const server = await start();
    const filed = (await transferToHr(server)).body;
    const answers = await Promise.all([
      decideAs(server, 'hr-partner', filed.id, {
        decision: 'accept',
        version: 1,
        checklist: TRANSFER_DONE,
      }),
      decideAs(server, 'hr-lead', filed.id, {
        decision: 'decline',
        version: 1,
      }),
    ]);
    expect(answers.map(a => a.status).sort()).toEqual([200, 409]);
    const stored = await as(
      'hr-lead',
      request(server).get(`${api}/handovers/${filed.id}`),
    );
    expect(stored.body.steps).toHaveLength(2);
    const owner = (await service(server)).ownerGroup;
    expect(owner).toBe(
      stored.body.status === 'completed'
        ? 'group:default/hr'
        : 'group:default/marketing',
    );
  });

  it('refuses bad input, unknown records, a stale service version and a caller without permission, writing nothing', async () => {
    const server = await start({ deny: ['social-media.service.update'] });
    const before = await state();
    const denied = await transferToHr(server);
    expect([denied.status, denied.body.error.message]).toEqual([
      403,
      'You are not allowed to change this social media service',
    ]);
    const cases: Array<[object, number, string]> = [
      [{ kind: 'sale' }, 400, 'kind: must be one of transfer, retirement'],
      [
        {
          kind: 'retirement',
          reason: 'x',
          handle: 'sold',
          checklist: RETIREMENT_DONE,
        },
        400,
        'handle: must be one of kept, released',
      ],
      [
        {
          kind: 'retirement',
          reason: 'x',
          handle: 'kept',
          checklist: { ...RETIREMENT_DONE, 'sold-the-account': true },
        },
        400,
        'sold-the-account',
      ],
      [
        {
          kind: 'retirement',
          reason: 'x',
          handle: 'kept',
          checklist: RETIREMENT_DONE,
          version: 99,
        },
        409,
        'Service careers-linkedin changed since version 99',
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await file(server, 'marketing-lead', body);
      expect([res.status, res.body.error.message]).toEqual([
        status,
        expect.stringContaining(message),
      ]);
    }
    expect(await state()).toEqual(before);
  });

  it('files no transfer or retirement from owners written into the database, writing nothing, until they are put right', async () => {
    const server = await start();
    await knex('social_services')
      .where({ id: 'careers-linkedin' })
      .update({ owner_group: 'group:default/hr' });
    const before = await state();
    const retirement = {
      kind: 'retirement',
      reason: 'The page is closed',
      handle: 'kept',
      checklist: RETIREMENT_DONE,
    };
    for (const body of [
      {
        kind: 'transfer',
        toOwnerGroup: 'group:default/it-service-management',
        toServiceOwner: ref('it-service-manager'),
        reason: 'IT runs it now',
      },
      retirement,
    ]) {
      const refused = await file(server, 'marketing-lead', body);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain(
        'The stored owner group or service owner of careers-linkedin is not what the catalogue recorded',
      );
    }
    expect(await state()).toEqual(before);

    // Put back by hand, the retirement is filed from the owners the catalogue recorded.
    await knex('social_services')
      .where({ id: 'careers-linkedin' })
      .update({ owner_group: 'group:default/marketing' });
    const filed = await file(server, 'marketing-lead', retirement);
    expect(filed.status).toBe(201);
    expect(filed.body.fromOwnerGroup).toBe('group:default/marketing');
  });

  it('refuses a receiving group that is not in the catalog or already owns the service, and unknown ids', async () => {
    const server = await start();
    const before = await state();
    const unknown = await file(server, 'marketing-lead', {
      kind: 'transfer',
      toOwnerGroup: 'group:default/legal',
      toServiceOwner: ref('nobody'),
      reason: 'Legal takes it',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([
      {
        field: 'toOwnerGroup',
        message:
          'Receiving group group:default/legal is not in the Backstage catalog',
      },
      {
        field: 'toServiceOwner',
        message:
          'New service owner user:default/nobody is not in the Backstage catalog',
      },
    ]);
    const same = await file(server, 'marketing-lead', {
      kind: 'transfer',
      toOwnerGroup: 'group:default/marketing',
      toServiceOwner: ref('social-media-manager'),
      reason: 'New owner',
    });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toContain(
      'careers-linkedin is already owned by group:default/marketing',
    );
    const noService = await as(
      'marketing-lead',
      request(server).post(`${api}/services/no-such-service/handovers`),
    ).send({ kind: 'retirement', reason: 'x', handle: 'kept', version: 1 });
    expect(noService.status).toBe(404);
    const noHandover = await as(
      'marketing-lead',
      request(server).get(`${api}/handovers/999`),
    );
    expect(noHandover.status).toBe(404);
    const notANumber = await as(
      'marketing-lead',
      request(server).post(`${api}/handovers/abc/withdraw`),
    ).send({ version: 1 });
    expect(notANumber.status).toBe(400);
    expect(await state()).toEqual(before);
  });
});
