/*
 * Paging the catalogue list by cursor through the API, as the catalog's entity provider reads
 * it: the same services as by offset, and a cursor that is not one refused with a 400 naming
 * `after`, never a 500, on SQLite and PostgreSQL.
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SERVICE_SORT_FIELDS } from '@internal/plugin-social-media-common';
import fc from 'fast-check';
import request from 'supertest';
import { apiTestBackend, VALID } from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/social-media';

const cursor = (parts: unknown) =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

describe.each(ids)('the list by cursor on %s', databaseId => {
  const api = apiTestBackend(databases, databaseId);
  const { start, asUser } = api;

  async function setUp() {
    const { server } = await start({ permission: AuthorizeResult.ALLOW });
    for (let i = 0; i < 7; i++) {
      const created = await asUser(
        request(server).post(`${BASE}/services`),
      ).send({
        ...VALID,
        name: `Brand account ${i}`,
        handle: `examplebrand${i}`,
        profileUrl: `https://www.instagram.com/examplebrand${i}`,
        // Sizes repeat, so that the pages' ends fall inside ties.
        audienceSize: 1000 * (i % 3),
      });
      expect(created.status).toBe(201);
    }
    return server;
  }

  it('answers every service once, in the order of one read, page after page', async () => {
    const server = await setUp();
    for (const sort of ['name', 'audienceSize', 'updatedAt']) {
      const all = await asUser(
        request(server).get(
          `${BASE}/services?sort=${sort}&order=desc&limit=200`,
        ),
      );
      expect(all.status).toBe(200);
      expect(all.body.nextAfter).toBeUndefined();
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await asUser(
          request(server).get(
            `${BASE}/services?sort=${sort}&order=desc&limit=3${
              after ? `&after=${after}` : ''
            }`,
          ),
        );
        expect(page.status).toBe(200);
        expect(page.body.totalCount).toBe(7);
        seen.push(...page.body.items.map((s: { id: string }) => s.id));
        after = page.body.nextAfter;
        pages += 1;
      } while (after && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(all.body.items.map((s: { id: string }) => s.id));
    }
  });

  it('pages past a service whose name is 200 characters outside ASCII', async () => {
    const server = await setUp();
    const long = await asUser(request(server).post(`${BASE}/services`)).send({
      ...VALID,
      id: 'long-name',
      name: '社'.repeat(200),
      handle: 'examplebrandlong',
      profileUrl: 'https://www.instagram.com/examplebrandlong',
    });
    expect(long.status).toBe(201);
    const seen: string[] = [];
    const cursorLengths: number[] = [];
    let after: string | undefined;
    do {
      const page = await asUser(
        request(server).get(
          `${BASE}/services?sort=name&order=desc&limit=1${
            after ? `&after=${after}` : ''
          }`,
        ),
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((s: { id: string }) => s.id));
      after = page.body.nextAfter;
      if (after) cursorLengths.push(after.length);
    } while (after && seen.length < 20);
    expect(seen).toHaveLength(8);
    expect(seen[0]).toBe(long.body.id);
    // The cursor after it holds the name: 600 bytes of UTF-8, over 800 characters as base64url.
    expect(Math.max(...cursorLengths)).toBeGreaterThan(800);
  });

  it.each<[string, string, string, RegExp]>([
    ['characters no cursor has', 'name', 'abc$def', /after/],
    [
      'a cursor of another sort',
      'name',
      cursor(['platform', 'asc', 'x', 'a']),
      /sorted by platform \(asc\), not by name/,
    ],
    [
      'NUL in its value',
      'name',
      cursor(['name', 'asc', 'a\u0000b', 'a']),
      /not a cursor/,
    ],
    [
      'a lone surrogate in its id',
      'name',
      cursor(['name', 'asc', 'a', 'a\ud800']),
      /not a cursor/,
    ],
    [
      'text where a number sorts',
      'audienceSize',
      cursor(['audienceSize', 'asc', 'many', 'a']),
      /not a cursor/,
    ],
    [
      'a time as text',
      'updatedAt',
      cursor(['updatedAt', 'asc', 'yesterday', 'a']),
      /not a cursor/,
    ],
  ])(
    'refuses %s with a 400 naming after',
    async (_what, sort, after, message) => {
      const server = await setUp();
      const res = await asUser(
        request(server).get(`${BASE}/services?sort=${sort}&after=${after}`),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([
        { field: 'after', message: expect.stringMatching(message) },
      ]);
    },
  );

  it('answers any cursor a client could forge with its page or a 400, never a 500', async () => {
    const server = await setUp();
    // Text of any characters, NUL and halves of surrogate pairs among them.
    const text = (maxLength?: number) =>
      fc.string({
        unit: fc.oneof(
          fc.constantFrom('\u0000', '\ud800', '\udfff'),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        ),
        maxLength,
      });
    // Cursors shaped as the list makes them, with any sort, order, value and id in them.
    const forged = fc
      .tuple(
        fc.constantFrom(...SERVICE_SORT_FIELDS),
        fc.constantFrom('asc', 'desc'),
        fc.oneof(
          text(),
          fc.integer(),
          fc.double(),
          fc.constant(null),
          fc.jsonValue(),
        ),
        fc.oneof(text(70), fc.jsonValue()),
      )
      .map(([sort, order, value, id]) => ({
        sort,
        order,
        after: cursor([sort, order, value, id]),
      }));
    await fc.assert(
      fc.asyncProperty(forged, async ({ sort, order, after }) => {
        const res = await asUser(
          request(server).get(
            `${BASE}/services?sort=${sort}&order=${order}&after=${after}`,
          ),
        );
        // The page, or a 400 that names the cursor.
        const answer =
          res.status === 400
            ? `400 naming ${res.body.error.fields?.[0]?.field}`
            : String(res.status);
        expect(['200', '400 naming after']).toContain(answer);
      }),
      { seed: 20261201, numRuns: 300, endOnFailure: true },
    );
  });
});
