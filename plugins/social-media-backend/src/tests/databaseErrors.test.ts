import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { apiTestBackend, VALID } from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

/** Words that only database text would bring into an answer. */
const DATABASE_TEXT =
  /insert into|select |update |delete from|social_service|sqlite|violates|constraint|knex|\$\d|returning/i;

describe.each(ids)('no database text in any answer, on %s', databaseId => {
  const api = apiTestBackend(databases, databaseId);
  const { start, asUser, count, create } = api;

  it('answers 409 naming the service that already has the id a new name gives', async () => {
    const { server } = await start();
    expect((await create(server)).status).toBe(201);
    const again = await create(server, {
      ...VALID,
      handle: 'otherbrand',
      profileUrl: undefined,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'A service with id brand-instagram already exists: Brand Instagram (instagram @examplebrand). Give the new service another name, or an id of its own.',
    );
    expect(await count()).toBe(1);
  });

  it('lets one of several people creating the same service at once win, and tells the others who did', async () => {
    const { server } = await start();
    const sameName = await Promise.all(
      ['one', 'two', 'three', 'four'].map(handle =>
        create(server, { ...VALID, handle, profileUrl: undefined }),
      ),
    );
    expect(sameName.map(r => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const refused of sameName.filter(r => r.status === 409)) {
      expect(refused.body.error.message).toMatch(
        /^A service with id brand-instagram already exists: Brand Instagram/,
      );
    }
    const sameAccount = await Promise.all(
      ['Alpha', 'Beta', 'Gamma'].map(name =>
        create(server, { ...VALID, name, handle: 'samehandle' }),
      ),
    );
    expect(sameAccount.map(r => r.status).sort()).toEqual([201, 409, 409]);
    const winner = sameAccount.find(r => r.status === 201)!.body.id;
    for (const refused of sameAccount.filter(r => r.status === 409)) {
      expect(refused.body.error.message).toBe(
        `The instagram account @samehandle is already catalogued as ${winner}`,
      );
    }
    expect(await count()).toBe(2);
  });

  it('reports rows that collide with a concurrent import instead of failing', async () => {
    const { server } = await start();
    const inventory = (handle: string) => ({
      format: 'yaml',
      content: `- name: Support X\n  platform: x\n  handle: "@${handle}"\n  purpose: Customer care\n  businessUnit: Support\n  ownerGroup: group:default/communications\n`,
    });
    const results = await Promise.all(
      ['support1', 'support2'].map(handle =>
        asUser(request(server).post('/api/social-media/import')).send(
          inventory(handle),
        ),
      ),
    );
    expect(results.map(r => r.status).sort()).toEqual([200, 400]);
    const refused = results.find(r => r.status === 400)!;
    expect(refused.body.problems).toEqual([
      {
        row: 1,
        field: 'id',
        message: 'A service with id support-x already exists',
      },
    ]);
    expect(await count()).toBe(1);
  });

  it('refuses values longer than the catalogue keeps, naming the field', async () => {
    const { server } = await start();
    const longHost = `${'a'.repeat(60)}.`.repeat(5);
    const cases: Array<[object, string]> = [
      [
        {
          ...VALID,
          platform: 'mastodon',
          handle: `@brand@${longHost}social`,
          profileUrl: undefined,
        },
        'Invalid service: handle: Handle must be at most 255 characters',
      ],
      [
        {
          ...VALID,
          platform: 'blog',
          handle: `${longHost}example.com`,
          profileUrl: undefined,
        },
        'Invalid service: handle: Handle must be at most 255 characters',
      ],
      [
        // Entity names have at most 63 characters, so a valid ref always fits.
        { ...VALID, ownerGroup: `group:default/${'g'.repeat(250)}` },
        'Invalid service: ownerGroup: Owner group must be a catalog Group such as group:default/marketing',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await create(server, body);
      expect([res.status, res.body.error.message]).toEqual([400, message]);
    }
    // At the limits, everything is stored as given.
    const atLimits = await create(server, {
      ...VALID,
      name: 'N'.repeat(200),
      businessUnit: 'B'.repeat(200),
      purpose: 'P'.repeat(2000),
      profileUrl: `https://www.instagram.com/${'p'.repeat(2048 - 26)}`,
      itsm: { system: 'servicenow', reference: 'R'.repeat(255) },
    });
    expect(atLimits.status).toBe(201);
    expect(atLimits.body.itsm.reference).toHaveLength(255);
  });

  it('answers a plain 500 with a reference when the database refuses a statement, and logs the details', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await start({ logger });
    // The table of rating changes is gone: every create fails inside the database.
    await api.knex.schema.dropTable('social_service_risk_history');
    const res = await create(server);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toMatch(
      /^The social media catalogue could not complete the request; an administrator finds the details in the backend log under reference [0-9a-f]{8}$/,
    );
    expect(JSON.stringify(res.body)).not.toMatch(DATABASE_TEXT);
    const reference = /reference ([0-9a-f]{8})/.exec(
      res.body.error.message,
    )![1];
    expect(logger.error).toHaveBeenCalledWith(
      `POST /api/social-media/services failed (reference ${reference})`,
      // The database's own error, whole, for the administrator.
      expect.objectContaining({ message: expect.any(String) }),
    );
    expect(await count()).toBe(0);
  });

  it('answers 503 without database text when the database cannot be reached', async () => {
    const { server } = await start();
    await api.knex.destroy();
    const res = await asUser(request(server).get('/api/social-media/services'));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /^The social media catalogue's database is not reachable; try again shortly \(reference [0-9a-f]{8}\)$/,
    );
    expect(JSON.stringify(res.body)).not.toMatch(DATABASE_TEXT);
  });
});
