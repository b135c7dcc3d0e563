/*
 * What the fuzzing of the write endpoints found, as plain cases on SQLite and PostgreSQL: text
 * a database cannot store as sent (NUL, lone surrogates) in a path, a query or a body; unknown
 * keys in the ITSM mapping and in an import request; formulas in a CSV inventory; formulas in
 * the filter an audit export's header repeats; offsets past what a database can take.
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { apiTestBackend, VALID } from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { spec } from '../schema/openapi.generated';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/social-media';

/** Every list the spec pages by offset: the paths of its GET operations with an `offset`. */
const pagedByOffset = Object.entries(spec.paths)
  .filter(([, item]) =>
    ((item as { get?: { parameters?: unknown[] } }).get?.parameters ?? []).some(
      p => (p as { name?: string }).name === 'offset',
    ),
  )
  .map(([path]) => path);

/** A query value with every reserved character encoded, as the API asks. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

describe.each(ids)('hostile input on %s', databaseId => {
  const api = apiTestBackend(databases, databaseId);
  const { start, asUser, count } = api;

  /** How many entries the audit trail holds. */
  async function trailLength() {
    const [{ n }] = await api.knex('social_media_audit_log').count({ n: '*' });
    return Number(n);
  }

  async function setUp() {
    const { server } = await start({ permission: AuthorizeResult.ALLOW });
    const created = await asUser(request(server).post(`${BASE}/services`)).send(
      VALID,
    );
    expect(created.status).toBe(201);
    return { server, service: created.body };
  }

  it.each<[string, string]>([
    ['NUL', 'Brand\u0000Instagram'],
    ['a lone surrogate', 'Brand \ud800 Instagram'],
  ])(
    'refuses %s in a body field with a 400 naming it, and stores nothing',
    async (_what, name) => {
      const { server, service } = await setUp();
      const [services, trail] = [await count(), await trailLength()];
      const created = await asUser(
        request(server).post(`${BASE}/services`),
      ).send({ ...VALID, handle: 'otherbrand', name });
      expect(created.status).toBe(400);
      expect(created.body.error.message).toMatch(/^Invalid service: name: /);
      expect(created.body.error.fields).toEqual([
        { field: 'name', message: expect.any(String) },
      ]);
      const edited = await asUser(
        request(server).put(`${BASE}/services/${service.id}`),
      ).send({
        ...VALID,
        controls: { thirdPartyApps: [{ name: 'Scheduler', scopes: [name] }] },
        version: service.version,
      });
      expect(edited.status).toBe(400);
      expect(edited.body.error.fields).toEqual([
        {
          field: 'controls.thirdPartyApps.0.scopes.0',
          message: expect.any(String),
        },
      ]);
      expect([await count(), await trailLength()]).toEqual([services, trail]);
    },
  );

  it('pages every list by offset up to ten million, and refuses a deeper offset with a 400 naming it', async () => {
    // SQLite refused an offset past a 64-bit integer with an error: the lists of requests and
    // handovers answered a 500.
    expect(pagedByOffset).toEqual(
      expect.arrayContaining([
        '/services',
        '/requests',
        '/handovers',
        '/access-reviews',
        '/guardianship/facts',
      ]),
    );
    const { server } = await setUp();
    for (const path of pagedByOffset) {
      const deepest = await asUser(
        request(server).get(`${BASE}${path}?offset=10000000`),
      );
      expect([path, deepest.status, deepest.body.items]).toEqual([
        path,
        200,
        [],
      ]);
      for (const offset of ['10000001', '99999999999999999999']) {
        const refused = await asUser(
          request(server).get(`${BASE}${path}?offset=${offset}`),
        );
        expect([path, offset, refused.status]).toEqual([path, offset, 400]);
        expect(refused.body.error.fields).toEqual([
          { field: 'offset', message: expect.any(String) },
        ]);
      }
    }
  });

  it('refuses NUL in a path parameter or a query with a 400 naming it, not a 500', async () => {
    const { server, service } = await setUp();
    const trail = await trailLength();
    const deleted = await asUser(
      request(server).delete(`${BASE}/services/%00?version=1`),
    );
    expect(deleted.status).toBe(400);
    expect(deleted.body.error.fields).toEqual([
      { field: 'id', message: expect.stringMatching(/NUL/) },
    ]);
    const read = await asUser(request(server).get(`${BASE}/services/a%00b`));
    expect(read.status).toBe(400);
    const filtered = await asUser(
      request(server).get(`${BASE}/audit/entries?actor=a%00`),
    );
    expect(filtered.status).toBe(400);
    expect(filtered.body.error.fields).toEqual([
      { field: 'actor', message: expect.stringMatching(/NUL/) },
    ]);
    expect(await trailLength()).toBe(trail);
    const still = await asUser(
      request(server).get(`${BASE}/services/${service.id}`),
    );
    expect(still.status).toBe(200);
  });

  it('refuses unknown keys in the ITSM mapping instead of dropping them', async () => {
    const { server } = await setUp();
    const services = await count();
    const res = await asUser(request(server).post(`${BASE}/services`)).send({
      ...VALID,
      handle: 'otherbrand',
      itsm: { system: 'servicenow', reference: 'Brand', priority: 'high' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      { field: 'itsm', message: 'Unknown field: priority' },
    ]);
    expect(await count()).toBe(services);
  });

  it('refuses an import request with a misspelt dryRun instead of importing for real', async () => {
    const { server } = await setUp();
    const [services, trail] = [await count(), await trailLength()];
    const res = await asUser(request(server).post(`${BASE}/import`)).send({
      format: 'csv',
      content:
        'name,platform,handle,purpose,businessUnit,ownerGroup\nCareers,linkedin,example-careers,Jobs,HR,marketing\n',
      dryrun: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid import: Unknown field: dryrun',
    );
    expect([await count(), await trailLength()]).toEqual([services, trail]);
  });

  it('refuses formula cells in a CSV import, naming row and field, and writes nothing', async () => {
    const { server } = await setUp();
    const [services, trail] = [await count(), await trailLength()];
    const res = await asUser(request(server).post(`${BASE}/import`)).send({
      format: 'csv',
      content: [
        'name,platform,handle,purpose,businessUnit,ownerGroup',
        'Careers,linkedin,example-careers,Jobs,HR,marketing',
        `"=cmd|' /C calc'!A0",linkedin,example-other,Jobs,"-1+HYPERLINK(""http://example.invalid"")",marketing`,
      ].join('\n'),
    });
    expect(res.status).toBe(400);
    expect(res.body.valid).toBe(false);
    expect(
      res.body.problems.map((p: { row: number; field: string }) => [
        p.row,
        p.field,
      ]),
    ).toEqual([
      [3, 'name'],
      [3, 'businessUnit'],
    ]);
    expect([await count(), await trailLength()]).toEqual([services, trail]);
  });

  it('writes the filter into a CSV export header so that no cell starts a formula', async () => {
    const { server } = await setUp();
    const actor = "x,=cmd|' /C calc'!A0";
    const res = await asUser(
      request(server).get(
        `${BASE}/audit/export?format=csv&actor=${encode(actor)}&action=${encode(
          "@SUM(1+1)*cmd|' /C calc'!A0",
        )}`,
      ),
    );
    expect(res.status).toBe(200);
    const header = res.text.split('\n')[0];
    for (const cell of header.split(',')) {
      expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(JSON.parse(header.slice(2)).filter).toEqual({
      actor,
      action: ["@SUM(1+1)*cmd|' /C calc'!A0"],
    });
  });
});
