import { InputError } from '@backstage/errors';
import {
  ItsmIncident,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';
import { FakeIncident, FakeServiceNow } from '../testUtils/FakeServiceNow';
import {
  ServiceNowConnector,
  ServiceNowConnectorOptions,
} from './ServiceNowConnector';

const PASSWORD = 'integration-password-s3cret';
const CLIENT_SECRET = 'oauth-client-s3cret-value';

let fake: FakeServiceNow;
let brandSysId: string;
let supportSysId: string;
let mappings: ItsmServiceMapping[];

beforeEach(async () => {
  fake = new FakeServiceNow();
  await fake.start();
  brandSysId = fake.addCi('Brand Instagram');
  supportSysId = fake.addCi('Support ^ Care X');
  const otherSysId = fake.addCi('Unmapped intranet');
  mappings = [
    {
      serviceId: 'brand-instagram',
      itsmReference: brandSysId,
      lifecycleStage: 'operation',
    },
    {
      // By name, with a caret that must be escaped in the encoded query.
      serviceId: 'support-x',
      itsmReference: 'Support ^ Care X',
      lifecycleStage: 'operation',
    },
  ];
  // 23 mapped incidents; three at a time share a timestamp so that page boundaries fall
  // between records with equal sys_updated_on.
  for (let i = 0; i < 23; i++) {
    const sys_updated_on = i % 3 === 0 ? fake.tick(60) : undefined;
    const last = [...fake.incidents.values()].pop();
    fake.addIncident({
      business_service: i % 2 ? brandSysId : supportSysId,
      sys_updated_on: sys_updated_on ?? last!.sys_updated_on,
      opened_at: sys_updated_on ?? last!.sys_updated_on,
      priority: String((i % 4) + 1),
      state: i % 5 === 0 ? '6' : '2',
      resolved_at: i % 5 === 0 ? sys_updated_on ?? last!.sys_updated_on : '',
    });
  }
  for (let i = 0; i < 4; i++) {
    fake.addIncident({ business_service: otherSysId });
  }
});

afterEach(async () => {
  await fake.stop();
});

function connector(options: Partial<ServiceNowConnectorOptions> = {}) {
  const sleep = jest.fn(async (_ms: number) => {});
  const instance = new ServiceNowConnector({
    instanceUrl: fake.url,
    auth: { type: 'basic', username: 'integration', password: PASSWORD },
    pageSize: 5,
    timeoutMs: 2_000,
    retryBaseDelayMs: 10,
    sleep,
    ...options,
  });
  return { connector: instance, sleep };
}

async function syncAll(
  target: ServiceNowConnector,
  options: { cursor?: string; maxPages?: number } = {},
) {
  const incidents: ItsmIncident[] = [];
  let cursor = options.cursor;
  let pages = 0;
  let done = false;
  while (!done && pages < (options.maxPages ?? 100)) {
    const page = await target.listIncidentsChangedSince({ mappings, cursor });
    incidents.push(...page.incidents);
    cursor = page.nextCursor;
    done = page.done;
    pages++;
  }
  return { incidents, cursor: cursor!, pages, done };
}

const iso = (value: string) => `${value.replace(' ', 'T')}.000Z`;

/** The mapped incidents on the server, as sys_id -> updatedAt. */
function serverSet(): Map<string, string> {
  return new Map(
    [...fake.incidents.values()]
      .filter(
        i =>
          i.business_service === brandSysId ||
          i.business_service === supportSysId,
      )
      .map(i => [i.sys_id, iso(i.sys_updated_on)]),
  );
}

/** Asserts no incident came twice and the synced set equals the server's. */
function expectSameSet(incidents: ItsmIncident[]) {
  const ids = incidents.map(i => i.externalId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Map(incidents.map(i => [i.externalId, i.updatedAt]))).toEqual(
    serverSet(),
  );
}

function sortKey(i: ItsmIncident) {
  return `${i.updatedAt} ${i.externalId}`;
}

/** Any secret that made it into a message. */
const secretsOf = (message: string) =>
  [
    PASSWORD,
    CLIENT_SECRET,
    Buffer.from(`integration:${PASSWORD}`).toString('base64'),
    ...fake.tokens,
  ].filter(secret => message.includes(secret));

describe('ServiceNowConnector', () => {
  describe('listIncidentsChangedSince', () => {
    it('reads every incident of the mapped services across pages, oldest change first', async () => {
      const { connector: target } = connector();
      const { incidents, pages } = await syncAll(target);

      expectSameSet(incidents);
      expect(pages).toBe(5);
      expect(incidents.map(sortKey)).toEqual(incidents.map(sortKey).sort());

      const request = fake.listRequests()[0];
      expect(request.query.get('sysparm_query')).toBe(
        `business_service=${brandSysId}^ORbusiness_service.name=Support ^^ Care X` +
          '^ORDERBYsys_updated_on^ORDERBYsys_id',
      );
      expect(request.query.get('sysparm_limit')).toBe('5');
      expect(request.query.get('sysparm_display_value')).toBe('all');
      expect(request.query.get('sysparm_exclude_reference_link')).toBe('true');
      expect(request.query.get('sysparm_fields')?.split(',')).toEqual(
        expect.arrayContaining([
          'sys_id',
          'number',
          'short_description',
          'priority',
          'state',
          'category',
          'opened_at',
          'resolved_at',
          'sys_updated_on',
          'business_service',
          'cmdb_ci',
        ]),
      );
      // Later pages continue after the last record seen.
      expect(fake.listRequests()[1].query.get('sysparm_query')).toMatch(
        /\^sys_updated_on>=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\^sys_updated_on>[^^]+\^ORsys_id>[0-9a-f]{32}\^ORDERBY/,
      );
    });

    it('maps the fields, taking UTC values and display labels', async () => {
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      const first = [...fake.incidents.values()][0];
      const incident = incidents.find(i => i.externalId === first.sys_id);
      expect(incident).toEqual({
        externalId: first.sys_id,
        number: first.number,
        title: 'Suspicious login',
        priority: '1 - Critical',
        state: 'Resolved',
        category: 'Inquiry',
        openedAt: iso(first.opened_at),
        resolvedAt: iso(first.resolved_at),
        updatedAt: iso(first.sys_updated_on),
        // sys_mod_count: the record was never changed after it was created.
        version: 0,
        url: `${fake.url}/nav_to.do?uri=incident.do?sys_id=${first.sys_id}`,
        serviceId: 'support-x',
      });
      const brand = incidents.filter(i => i.serviceId === 'brand-instagram');
      expect(brand).toHaveLength(11);
      expect(incidents.filter(i => i.resolvedAt)).toHaveLength(5);
    });

    it('accepts plain string fields as well as { value, display_value }', async () => {
      fake.pageFilter = records =>
        records.map(r =>
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [
              k,
              (v as { value: string }).value,
            ]),
          ),
        );
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      const first = [...fake.incidents.values()][0];
      expect(incidents.find(i => i.externalId === first.sys_id)).toMatchObject({
        priority: '1',
        state: '6',
        serviceId: 'support-x',
      });
      expect(incidents.filter(i => i.serviceId === 'support-x')).toHaveLength(
        12,
      );
    });

    it('returns only the changes after the cursor on an incremental sync, including ties with the last timestamp', async () => {
      const { connector: target } = connector();
      const full = await syncAll(target);
      const lastSeen = full.incidents[full.incidents.length - 1];

      const all = [...fake.incidents.values()].filter(i => i.business_service);
      const updated1 = fake.update(all[2].sys_id, { state: '2' });
      const updated2 = fake.update(all[7].sys_id, { priority: '1' });
      const added = fake.addIncident({ business_service: brandSysId });
      // Same second as the last record seen, but after it in sys_id order.
      const tie = fake.addIncident({
        sys_id: 'f'.repeat(32),
        business_service: supportSysId,
        sys_updated_on: lastSeen.updatedAt.slice(0, 19).replace('T', ' '),
      });

      const incremental = await syncAll(target, { cursor: full.cursor });
      expect(incremental.incidents.map(i => i.externalId)).toEqual([
        tie.sys_id,
        updated1.sys_id,
        updated2.sys_id,
        added.sys_id,
      ]);
      expect(incremental.incidents[2].priority).toBe('1 - Critical');

      // Caught up: nothing more, and the cursor stays put.
      const again = await target.listIncidentsChangedSince({
        mappings,
        cursor: incremental.cursor,
      });
      expect(again).toEqual({
        incidents: [],
        nextCursor: incremental.cursor,
        done: true,
      });
    });

    it('reads the overlap before the cursor again at the start of a run, and only then', async () => {
      const { connector: target } = connector({ overlapMs: 120_000 });
      const full = await syncAll(target);
      const cursorSecond = full.incidents[full.incidents.length - 1].updatedAt;
      const within = [...serverSet().entries()]
        .filter(
          ([, updatedAt]) =>
            Date.parse(updatedAt) >= Date.parse(cursorSecond) - 120_000,
        )
        .map(([sysId]) => sysId);
      expect(within.length).toBeGreaterThan(0);
      expect(within.length).toBeLessThan(serverSet().size);

      // Not at the start of a run: nothing after the cursor, the cursor stays put.
      const next = await target.listIncidentsChangedSince({
        mappings,
        cursor: full.cursor,
      });
      expect(next.incidents).toEqual([]);
      expect(next.nextCursor).toBe(full.cursor);

      // At the start of a run: the last two minutes of the instance's clock again.
      const { incidents, cursor } = await (async () => {
        const read: ItsmIncident[] = [];
        let page = await target.listIncidentsChangedSince({
          mappings,
          cursor: full.cursor,
          runStart: true,
        });
        read.push(...page.incidents);
        while (!page.done) {
          page = await target.listIncidentsChangedSince({
            mappings,
            cursor: page.nextCursor,
          });
          read.push(...page.incidents);
        }
        return { incidents: read, cursor: page.nextCursor };
      })();
      expect(incidents.map(i => i.externalId).sort()).toEqual(within.sort());
      expect(cursor).toBe(full.cursor);
    });

    it('resumes after a crash mid-sync with a new connector, without duplicates or gaps', async () => {
      const first = await syncAll(connector().connector, { maxPages: 2 });
      expect(first.done).toBe(false);
      expect(first.incidents).toHaveLength(10);

      // Changes while the backend was down.
      const changed = fake.update([...fake.incidents.keys()][0], {
        state: '7',
      });

      const resumed = await syncAll(connector().connector, {
        cursor: first.cursor,
      });
      const all = [...first.incidents, ...resumed.incidents];
      // The record changed after it was read comes again, newer; nothing else repeats.
      expect(all.filter(i => i.externalId === changed.sys_id)).toHaveLength(2);
      const newest = new Map<string, ItsmIncident>();
      for (const i of all) newest.set(i.externalId, i);
      expectSameSet([...newest.values()]);
      expect(all).toHaveLength(serverSet().size + 1);
    });

    it('matches on cmdb_ci when configured', async () => {
      const ci = fake.addCi('Brand Instagram account', 'cmdb_ci');
      const onCi = [
        fake.addIncident({ cmdb_ci: ci }),
        fake.addIncident({ cmdb_ci: ci, business_service: brandSysId }),
      ];
      const { connector: target } = connector({ mappingField: 'cmdb_ci' });
      const page = await target.listIncidentsChangedSince({
        mappings: [
          {
            serviceId: 'brand-instagram',
            itsmReference: 'Brand Instagram account',
            lifecycleStage: 'operation',
          },
        ],
      });
      expect(fake.listRequests()[0].query.get('sysparm_query')).toBe(
        'cmdb_ci.name=Brand Instagram account^ORDERBYsys_updated_on^ORDERBYsys_id',
      );
      expect(page.done).toBe(true);
      expect(page.incidents.map(i => i.externalId)).toEqual(
        onCi.map(i => i.sys_id),
      );
      expect(page.incidents.every(i => i.serviceId === 'brand-instagram')).toBe(
        true,
      );
    });

    it('asks nothing when no service is mapped', async () => {
      const { connector: target } = connector();
      const page = await target.listIncidentsChangedSince({ mappings: [] });
      expect(page.incidents).toEqual([]);
      expect(page.done).toBe(true);
      expect(fake.requests).toHaveLength(0);
    });

    it('rejects a cursor it did not make', async () => {
      const { connector: target } = connector();
      await expect(
        target.listIncidentsChangedSince({ mappings, cursor: 'offset=40' }),
      ).rejects.toThrow(InputError);
    });
  });

  describe('unreliable servers', () => {
    it('drops a repeated page and keeps going', async () => {
      let previous: Array<Record<string, unknown>> = [];
      let calls = 0;
      fake.pageFilter = records => {
        calls++;
        // The third answer repeats the second page (e.g. a stale cache).
        const sent = calls === 3 ? previous : records;
        previous = records;
        return sent;
      };
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      expect(fake.listRequests()).toHaveLength(6);
    });

    it('gives up rather than loop when the server keeps repeating a page', async () => {
      let first: Array<Record<string, unknown>> | undefined;
      fake.pageFilter = records => (first ??= records);
      const { connector: target } = connector();
      const page1 = await target.listIncidentsChangedSince({ mappings });
      await expect(
        target.listIncidentsChangedSince({
          mappings,
          cursor: page1.nextCursor,
        }),
      ).rejects.toThrow(/no incident after the cursor/);
    });

    it('sorts a reordered page and keeps the newest of duplicated records', async () => {
      let calls = 0;
      fake.pageFilter = records => {
        calls++;
        if (calls !== 2) return records;
        const stale = {
          ...records[1],
          sys_updated_on: { value: '2020-01-01 00:00:00', display_value: '' },
        };
        return [stale, ...records.reverse(), records[0]];
      };
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      expect(incidents.map(sortKey)).toEqual(incidents.map(sortKey).sort());
    });
  });

  describe('errors and retries', () => {
    it('reports refused credentials without retrying or leaking the password', async () => {
      const { connector: target, sleep } = connector({
        auth: { type: 'basic', username: 'integration', password: PASSWORD },
      });
      fake.auth = {
        type: 'basic',
        username: 'integration',
        password: 'rotated',
      };
      const error = await target
        .listIncidentsChangedSince({ mappings })
        .catch(e => e);
      expect(error.message).toMatch(/ServiceNow refused the credentials/);
      expect(secretsOf(error.message)).toEqual([]);
      expect(secretsOf(error.stack)).toEqual([]);
      expect(fake.listRequests()).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('reports missing read access on 403 without retrying', async () => {
      fake.failNext(res => {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: 'Operation Failed', detail: 'ACL Exception' },
            status: 'failure',
          }),
        );
      });
      const { connector: target, sleep } = connector();
      const error = await target
        .listIncidentsChangedSince({ mappings })
        .catch(e => e);
      expect(error.message).toMatch(/lacks read access to the incident table/);
      expect(secretsOf(error.message)).toEqual([]);
      expect(fake.listRequests()).toHaveLength(1);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('keeps secrets echoed by the server out of 500 errors', async () => {
      for (let i = 0; i < 3; i++) {
        fake.failNext(res => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              error: {
                message: `Script error with password ${PASSWORD} and header Basic ${Buffer.from(
                  `integration:${PASSWORD}`,
                ).toString('base64')}`,
              },
            }),
          );
        });
      }
      const { connector: target, sleep } = connector({ maxRetries: 2 });
      const error = await target
        .listIncidentsChangedSince({ mappings })
        .catch(e => e);
      expect(error.message).toMatch(/HTTP 500.*gave up after 3 attempts/);
      expect(error.message).toContain('***');
      expect(secretsOf(error.message)).toEqual([]);
      expect(sleep.mock.calls.map(c => c[0])).toEqual([10, 20]);
    });

    it('honours Retry-After in seconds on 429', async () => {
      fake.failNext(res => {
        res.writeHead(429, { 'Retry-After': '7' });
        res.end();
      });
      const { connector: target, sleep } = connector();
      const page = await target.listIncidentsChangedSince({ mappings });
      expect(page.incidents).toHaveLength(5);
      expect(sleep).toHaveBeenCalledTimes(1);
      expect(sleep.mock.calls[0][0]).toBe(7_000);
      expect(fake.listRequests()).toHaveLength(2);
    });

    it('honours Retry-After as an HTTP date on 429', async () => {
      fake.failNext(res => {
        res.writeHead(429, {
          'Retry-After': new Date(Date.now() + 30_000).toUTCString(),
        });
        res.end();
      });
      const { connector: target, sleep } = connector();
      await target.listIncidentsChangedSince({ mappings });
      expect(sleep.mock.calls[0][0]).toBeGreaterThan(27_000);
      expect(sleep.mock.calls[0][0]).toBeLessThanOrEqual(30_000);
    });

    it('stops when asked to wait longer than it is willing to', async () => {
      fake.failNext(res => {
        res.writeHead(429, { 'Retry-After': '3600' });
        res.end();
      });
      const { connector: target, sleep } = connector();
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/asked to wait 3600 s/);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('retries a 500 with backoff, then succeeds', async () => {
      fake.failNext(res => {
        res.writeHead(503);
        res.end('Service Unavailable');
      });
      const { connector: target, sleep } = connector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      expect(sleep.mock.calls.map(c => c[0])).toEqual([10]);
    });

    it('times out on a server that never answers, then retries', async () => {
      fake.failNext(() => {
        // no answer at all
      });
      const { connector: target, sleep } = connector({ timeoutMs: 300 });
      const started = Date.now();
      const page = await target.listIncidentsChangedSince({ mappings });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(page.incidents).toHaveLength(5);
      expect(sleep).toHaveBeenCalledTimes(1);
      expect(fake.listRequests()).toHaveLength(2);
    });

    it('reports a timeout once the retries are spent', async () => {
      fake.failNext(() => {});
      fake.failNext(() => {});
      const { connector: target } = connector({
        timeoutMs: 200,
        maxRetries: 1,
      });
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/did not answer .* within 200 ms; gave up after 2/);
    });

    it('rejects malformed JSON without accepting anything', async () => {
      fake.failNext(res => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"result": [{"sys_id": ');
      });
      const { connector: target, sleep } = connector();
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/malformed JSON/);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('rejects an HTML page served with 200', async () => {
      fake.failNext(res => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Your instance is hibernating</body></html>');
      });
      const { connector: target } = connector();
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/malformed JSON .*<html>/);
    });

    it('treats a body cut short of its Content-Length as truncated and retries', async () => {
      const truncate = (
        res: Parameters<Parameters<FakeServiceNow['failNext']>[0]>[0],
        context: { records?: unknown[] },
      ) => {
        const text = JSON.stringify({ result: context.records });
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(text)),
        });
        res.write(text.slice(0, text.length / 2), () => res.socket?.destroy());
      };
      fake.failNext(truncate);
      const { connector: target, sleep } = connector();
      const page = await target.listIncidentsChangedSince({ mappings });
      expect(page.incidents).toHaveLength(5);
      expect(sleep).toHaveBeenCalledTimes(1);

      fake.failNext(truncate);
      fake.failNext(truncate);
      const { connector: strict } = connector({ maxRetries: 1 });
      await expect(
        strict.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/truncated/);
    });

    it('rejects an answer without a result array', async () => {
      fake.failNext(res => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ records: [] }));
      });
      const { connector: target } = connector();
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/no 'result' array/);
    });

    it('rejects a page with a record lacking sys_updated_on', async () => {
      fake.pageFilter = records => [
        ...records.slice(0, 2),
        { ...records[2], sys_updated_on: { value: '', display_value: '' } },
      ];
      const { connector: target } = connector();
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/without a valid sys_id and sys_updated_on/);
    });

    it('stops at once when the caller aborts', async () => {
      fake.failNext(() => {});
      const { connector: target, sleep } = connector({ timeoutMs: 5_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('sync cancelled')), 100);
      await expect(
        target.listIncidentsChangedSince({
          mappings,
          signal: controller.signal,
        }),
      ).rejects.toThrow('sync cancelled');
      expect(sleep).not.toHaveBeenCalled();
    });
  });

  describe('OAuth client credentials', () => {
    beforeEach(() => {
      fake.auth = {
        type: 'oauth',
        clientId: 'social-media-catalogue',
        clientSecret: CLIENT_SECRET,
      };
    });

    const oauthConnector = (clientSecret = CLIENT_SECRET) =>
      connector({
        auth: {
          type: 'oauth',
          clientId: 'social-media-catalogue',
          clientSecret,
        },
      });

    it('gets a token once, reuses it, and renews it once on 401', async () => {
      const { connector: target } = oauthConnector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      expect(fake.listRequests('/oauth_token.do')).toHaveLength(1);
      const token = [...fake.tokens][0];
      expect(
        fake.listRequests().every(r => r.authorization === `Bearer ${token}`),
      ).toBe(true);

      fake.tokens.clear(); // revoked on the instance
      const page = await target.listIncidentsChangedSince({ mappings });
      expect(page.incidents).toHaveLength(5);
      expect(fake.listRequests('/oauth_token.do')).toHaveLength(2);
    });

    it('reports refused client credentials without the secret', async () => {
      const { connector: target, sleep } = oauthConnector('wrong-s3cret-xyz');
      const error = await target
        .listIncidentsChangedSince({ mappings })
        .catch(e => e);
      expect(error.message).toMatch(
        /ServiceNow refused the OAuth client credentials/,
      );
      expect(error.message).not.toContain('wrong-s3cret-xyz');
      expect(sleep).not.toHaveBeenCalled();
      expect(fake.listRequests()).toHaveLength(0);
    });

    it('reports a token that is refused even when fresh, without the token', async () => {
      const { connector: target } = oauthConnector();
      await target.listIncidentsChangedSince({ mappings });
      fake.failNext(res => {
        res.writeHead(401);
        res.end();
      });
      fake.failNext(res => {
        res.writeHead(401);
        res.end();
      });
      const error = await target
        .listIncidentsChangedSince({ mappings })
        .catch(e => e);
      expect(error.message).toMatch(/refused the OAuth access token/);
      expect(secretsOf(error.message)).toEqual([]);
      expect(fake.listRequests('/oauth_token.do')).toHaveLength(2);
    });
  });

  describe('getIncident', () => {
    it('returns the incident, or undefined when ServiceNow does not know it', async () => {
      const { connector: target } = connector();
      const known = [...fake.incidents.values()][1] as FakeIncident;
      const incident = await target.getIncident(known.sys_id, { mappings });
      expect(incident).toMatchObject({
        externalId: known.sys_id,
        number: known.number,
        serviceId: 'brand-instagram',
        updatedAt: iso(known.sys_updated_on),
      });
      await expect(
        target.getIncident('0'.repeat(32), { mappings }),
      ).resolves.toBe(undefined);
      const requests = fake.requests.length;
      await expect(
        target.getIncident('../sys_user', { mappings }),
      ).resolves.toBe(undefined);
      expect(fake.requests).toHaveLength(requests);
    });
  });

  describe('createIncident', () => {
    it('files the incident against a service mapped by sys_id and returns its number', async () => {
      const { connector: target } = connector();
      const created = await target.createIncident({
        mapping: mappings[0],
        title: 'Suspected account takeover',
        description: 'Posts we did not write appeared at 03:00.',
        category: 'security',
        reportedBy: 'user:default/social-media-manager',
      });
      expect(created.number).toMatch(/^INC\d{7}$/);
      expect(created).toMatchObject({
        title: 'Suspected account takeover',
        category: 'Security',
        state: 'New',
        serviceId: 'brand-instagram',
      });
      const stored = fake.incidents.get(created.externalId)!;
      expect(stored.business_service).toBe(brandSysId);
      expect(stored.description).toContain(
        'Posts we did not write appeared at 03:00.',
      );
      expect(stored.description).toContain(
        'Reported by user:default/social-media-manager',
      );
    });

    it('looks up a service mapped by name', async () => {
      const { connector: target } = connector();
      const created = await target.createIncident({
        mapping: mappings[1],
        title: 'Phishing DMs',
        description: 'Customers report phishing messages.',
        reportedBy: 'user:default/support-lead',
      });
      expect(fake.incidents.get(created.externalId)!.business_service).toBe(
        supportSysId,
      );
      expect(created.serviceId).toBe('support-x');

      await expect(
        target.createIncident({
          mapping: { ...mappings[1], itsmReference: 'No such service' },
          title: 'x',
          description: 'y',
          reportedBy: 'user:default/support-lead',
        }),
      ).rejects.toThrow(/no cmdb_ci_service record named 'No such service'/);
    });

    it('reports missing create access on 403', async () => {
      fake.failNext(res => {
        res.writeHead(403);
        res.end();
      });
      const { connector: target } = connector();
      await expect(
        target.createIncident({
          mapping: mappings[0],
          title: 'x',
          description: 'y',
          reportedBy: 'user:default/support-lead',
        }),
      ).rejects.toThrow(/lacks create access to the incident table/);
    });
  });
});
