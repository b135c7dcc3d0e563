import {
  ItsmIncident,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';
import { FakeIncident, FakeServiceNow } from '../testUtils/FakeServiceNow';
import { buildIncidentQuery, MAX_REQUEST_URL_LENGTH } from './query';
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

/** Reads page after page until done; `runStart` marks the first page as the start of a run. */
async function syncAll(
  target: ServiceNowConnector,
  options: { cursor?: string; maxPages?: number; runStart?: boolean } = {},
) {
  const incidents: ItsmIncident[] = [];
  let cursor = options.cursor;
  let pages = 0;
  let done = false;
  while (!done && pages < (options.maxPages ?? 100)) {
    const page = await target.listIncidentsChangedSince({
      mappings,
      cursor,
      ...(options.runStart && pages === 0 ? { runStart: true } : {}),
    });
    incidents.push(...page.incidents);
    cursor = page.nextCursor;
    done = page.done;
    pages++;
  }
  return { incidents, cursor: cursor!, pages, done };
}

const iso = (value: string) => `${value.replace(' ', 'T')}.000Z`;

/** Orders two records as the sync does: by sys_updated_on, then sys_id. */
function compareKeys(
  a: { u: string; id: string },
  b: { u: string; id: string },
) {
  if (a.u !== b.u) return a.u < b.u ? -1 : 1;
  return a.id < b.id ? -1 : 1;
}

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
      const { incidents, cursor } = await syncAll(target, {
        cursor: full.cursor,
        runStart: true,
      });
      expect(incidents.map(i => i.externalId).sort()).toEqual(within.sort());
      expect(cursor).toBe(full.cursor);
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

    it('gives every service mapped to a record its own copy of each incident, all in the same page', async () => {
      const shared: ItsmServiceMapping[] = [
        ...mappings,
        // The same business service by name (another case) and by the same sys_id again.
        {
          serviceId: 'brand-instagram-emea',
          itsmReference: 'BRAND instagram',
          lifecycleStage: 'operation',
        },
        {
          serviceId: 'brand-instagram-apac',
          itsmReference: brandSysId.toUpperCase(),
          lifecycleStage: 'operation',
        },
      ];
      const { connector: target } = connector();
      const pages: ItsmIncident[][] = [];
      let cursor: string | undefined;
      for (let done = false; !done; ) {
        const page = await target.listIncidentsChangedSince({
          mappings: shared,
          cursor,
        });
        pages.push(page.incidents);
        cursor = page.nextCursor;
        done = page.done;
      }
      const brandIncidents = [...fake.incidents.values()].filter(
        i => i.business_service === brandSysId,
      );
      expect(brandIncidents).toHaveLength(11);
      for (const incident of brandIncidents) {
        const copies = pages.map(page =>
          page.filter(i => i.externalId === incident.sys_id),
        );
        // One page holds all three copies; no other page has any.
        expect(copies.filter(c => c.length > 0)).toHaveLength(1);
        const page = copies.find(c => c.length > 0)!;
        expect(page.map(i => i.serviceId).sort()).toEqual([
          'brand-instagram',
          'brand-instagram-apac',
          'brand-instagram-emea',
        ]);
        expect(new Set(page.map(i => i.number))).toEqual(
          new Set([incident.number]),
        );
      }
      // The support incidents still go to their one service.
      const all = pages.flat();
      expect(all.filter(i => i.serviceId === 'support-x')).toHaveLength(12);
      expect(all).toHaveLength(12 + 3 * 11);
    });
  });

  describe('any number of mappings', () => {
    const MANY = 5000;
    let many: ItsmServiceMapping[];
    /** The business services mapped, with the services mapped to each. */
    let cis: Array<{ sysId: string; name: string; services: string[] }>;

    /**
     * 5,000 services: 4,990 on business services of their own, every other one by sys_id and the
     * rest by a name with spaces, accents and a caret; ten more share a business service with
     * one of them, by the other kind of reference, by the name in capitals or by the same one.
     */
    beforeEach(() => {
      many = [];
      cis = [];
      for (let i = 0; i < MANY - 10; i++) {
        const name = `Brand ${String(i).padStart(4, '0')} – Café ^ account`;
        const sysId = fake.addCi(name);
        const serviceId = `service-${i}`;
        cis.push({ sysId, name, services: [serviceId] });
        many.push({
          serviceId,
          itsmReference: i % 2 ? sysId : name,
          lifecycleStage: 'operation',
        });
      }
      for (let j = 0; j < 10; j++) {
        const ci = cis[j * 499];
        const byName = many[j * 499].itsmReference === ci.name;
        const itsmReference = [
          byName ? ci.sysId : ci.name,
          ci.name.toUpperCase(),
          many[j * 499].itsmReference,
        ][j % 3];
        const serviceId = `service-${MANY - 10 + j}`;
        ci.services.push(serviceId);
        many.push({ serviceId, itsmReference, lifecycleStage: 'operation' });
      }
    });

    /** Files `perCi` incidents against every mapped business service, a second apart. */
    function fileIncidents(perCi: number) {
      for (let n = 0; n < perCi; n++) {
        for (const ci of cis) fake.addIncident({ business_service: ci.sysId });
      }
    }

    const manyConnector = (options: Partial<ServiceNowConnectorOptions> = {}) =>
      connector({ pageSize: 500, ...options }).connector;

    /** Reads to the end of a pass, page by page. */
    async function read(
      target: ServiceNowConnector,
      options: { cursor?: string; runStart?: boolean } = {},
    ) {
      const pages: ItsmIncident[][] = [];
      let cursor = options.cursor;
      let runStart = options.runStart;
      for (let done = false; !done; ) {
        const page = await target.listIncidentsChangedSince({
          mappings: many,
          cursor,
          ...(runStart ? { runStart } : {}),
        });
        runStart = false;
        pages.push(page.incidents);
        cursor = page.nextCursor;
        done = page.done;
        expect(pages.length).toBeLessThan(1000);
      }
      return { pages, incidents: pages.flat(), cursor: cursor! };
    }

    /** `<sys_id> <service>` of each copy. */
    const pairsOf = (incidents: ItsmIncident[]) =>
      incidents.map(i => `${i.externalId} ${i.serviceId}`);

    /** What the services should hold: a copy of each incident per service mapped to its record. */
    function expectedPairs(): Map<string, string> {
      const servicesOf = new Map(cis.map(ci => [ci.sysId, ci.services]));
      const expected = new Map<string, string>();
      for (const incident of fake.incidents.values()) {
        for (const serviceId of servicesOf.get(incident.business_service) ??
          []) {
          expected.set(
            `${incident.sys_id} ${serviceId}`,
            iso(incident.sys_updated_on),
          );
        }
      }
      return expected;
    }

    /** The whole request URL of each incident list request, as sent. */
    const listUrls = () => fake.listRequests().map(r => `${fake.url}${r.url}`);

    it('reads them all in several short queries: a full sync equals the server, with no duplicate and no gap', async () => {
      fileIncidents(2);
      const { pages, incidents } = await read(manyConnector());

      const pairs = pairsOf(incidents);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(
        new Map(
          incidents.map(i => [`${i.externalId} ${i.serviceId}`, i.updatedAt]),
        ),
      ).toEqual(expectedPairs());
      expect(pairs).toHaveLength(2 * MANY);

      // Each business service shared by two services: both hold its incidents, in one page.
      for (const ci of cis.filter(c => c.services.length > 1)) {
        const onCi = [...fake.incidents.values()].filter(
          i => i.business_service === ci.sysId,
        );
        expect(onCi).toHaveLength(2);
        for (const incident of onCi) {
          const holding = pages.filter(page =>
            page.some(i => i.externalId === incident.sys_id),
          );
          expect(holding).toHaveLength(1);
          expect(
            holding[0]
              .filter(i => i.externalId === incident.sys_id)
              .map(i => i.serviceId)
              .sort(),
          ).toEqual([...ci.services].sort());
        }
      }

      // Every request stays under the limit; the references took some fifty queries.
      const urls = listUrls();
      expect(urls.length).toBeGreaterThan(40);
      expect(urls.length).toBeLessThan(120);
      for (const url of urls) {
        expect(url.length).toBeLessThanOrEqual(MAX_REQUEST_URL_LENGTH);
      }
    }, 30_000);

    it('is needed: the instance refuses one query with all the references, or even with 150 of them', async () => {
      fileIncidents(1);
      await read(manyConnector());
      const template = fake.listRequests()[0].query;
      for (const count of [many.length, 150]) {
        const params = new URLSearchParams(template);
        params.set(
          'sysparm_query',
          buildIncidentQuery({
            field: 'business_service',
            mappings: many.slice(0, count),
          }),
        );
        const response = await fetch(
          `${fake.url}/api/now/table/incident?${params}`,
          {
            headers: {
              Authorization: `Basic ${Buffer.from(
                `integration:${PASSWORD}`,
              ).toString('base64')}`,
            },
          },
        );
        expect(response.status).toBe(400);
        expect(await response.text()).toContain('Request header is too large');
      }
      // And the connector reports such a refusal rather than taking it for an empty page.
      fake.maxRequestHeaderBytes = 1024;
      await expect(
        manyConnector().listIncidentsChangedSince({ mappings: many }),
      ).rejects.toThrow(
        /ServiceNow rejected GET \/api\/now\/table\/incident \(HTTP 400\)/,
      );
    }, 30_000);

    it('gets exactly the changes of an incremental run, in whichever groups they fall', async () => {
      fileIncidents(2);
      const target = manyConnector();
      const full = await read(target);
      const queries = fake.listRequests().length;

      // Changes spread over the business services mapped by sys_id (the first queries) and by
      // name (the last ones), one of them shared by two services.
      const mappedBySysId = cis
        .filter((_, i) => i % 2 === 1)
        .sort((a, b) => (a.sysId < b.sysId ? -1 : 1));
      const mappedByName = cis
        .filter((_, i) => i % 2 === 0)
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const touched = [
        mappedBySysId[0],
        mappedBySysId[900],
        mappedBySysId[1800],
        mappedByName[1200],
        mappedByName[mappedByName.length - 1],
        cis.find(ci => ci.services.length > 1)!,
      ];
      const changed = touched.map(ci => {
        const incident = [...fake.incidents.values()].find(
          i => i.business_service === ci.sysId,
        )!;
        return fake.update(incident.sys_id, { state: '6' });
      });
      changed.push(fake.addIncident({ business_service: cis[2500].sysId }));

      const incremental = await read(target, { cursor: full.cursor });
      const servicesOf = new Map(cis.map(ci => [ci.sysId, ci.services]));
      expect(pairsOf(incremental.incidents).sort()).toEqual(
        changed
          .flatMap(i =>
            servicesOf.get(i.business_service)!.map(s => `${i.sys_id} ${s}`),
          )
          .sort(),
      );
      // Six resolved, one of them for two services; the new one open.
      expect(
        incremental.incidents.filter(i => i.state === 'Resolved'),
      ).toHaveLength(7);
      // One request per query, as in the full sync (each query's incidents fit in one page).
      expect(fake.listRequests().length).toBe(2 * queries);

      // Caught up: nothing more, and the cursor stays put.
      const again = await read(target, { cursor: incremental.cursor });
      expect(again.incidents).toEqual([]);
      expect(again.cursor).toBe(incremental.cursor);
    }, 30_000);

    it('reads the overlap before each query’s own position at the start of a run', async () => {
      const first = cis
        .filter((_, i) => i % 2 === 1)
        .sort((a, b) => (a.sysId < b.sysId ? -1 : 1))[0];
      const last = cis
        .filter((_, i) => i % 2 === 0)
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .pop()!;
      // The first query's newest incident is twenty minutes older than the last query's.
      const early = fake.addIncident({ business_service: first.sysId });
      fake.tick(1200);
      const late = fake.addIncident({ business_service: last.sysId });
      const target = manyConnector({ overlapMs: 300_000 });
      const full = await read(target);
      expect(full.incidents.map(i => i.externalId).sort()).toEqual(
        [early.sys_id, late.sys_id].sort(),
      );

      // Transactions that committed late, stamped before each position.
      const before = (incident: FakeIncident, seconds: number) =>
        new Date(
          Date.parse(`${incident.sys_updated_on.replace(' ', 'T')}Z`) -
            seconds * 1000,
        )
          .toISOString()
          .slice(0, 19)
          .replace('T', ' ');
      const lateOnFirst = fake.addIncident({
        business_service: first.sysId,
        sys_updated_on: before(early, 60),
      });
      const lateOnLast = fake.addIncident({
        business_service: last.sysId,
        sys_updated_on: before(late, 60),
      });
      // Beyond the overlap: what the overlap is chosen to make unlikely is not read.
      fake.addIncident({
        business_service: first.sysId,
        sys_updated_on: before(early, 600),
      });

      // Not at the start of a run: nothing.
      const next = await read(target, { cursor: full.cursor });
      expect(next.incidents).toEqual([]);
      expect(next.cursor).toBe(full.cursor);

      // At the start of a run, each query reads the five minutes before its own position again
      // (one cursor for all would start five minutes before the last query's, and miss the
      // first). The rewound positions are never returned: the cursor stays where it was.
      const run = await read(target, { cursor: full.cursor, runStart: true });
      expect(run.incidents.map(i => i.externalId).sort()).toEqual(
        [
          early.sys_id,
          lateOnFirst.sys_id,
          late.sys_id,
          lateOnLast.sys_id,
        ].sort(),
      );
      expect(run.cursor).toBe(full.cursor);
    }, 30_000);

    describe('reading ahead', () => {
      /** Until the request read ahead has reached the server. */
      async function untilListRequests(count: number) {
        for (let i = 0; i < 200 && fake.listRequests().length < count; i++) {
          await new Promise(resolve => setTimeout(resolve, 10));
        }
      }

      const pairsWithTimes = (incidents: ItsmIncident[]) =>
        new Map(
          incidents.map(i => [`${i.externalId} ${i.serviceId}`, i.updatedAt]),
        );

      it.each([
        ['by default', {}, 4],
        ['as configured', { requestsInFlight: 2 }, 2],
        ['as configured', { requestsInFlight: 8 }, 8],
      ])(
        'reads the next queries while the current one is taken, %s: %#',
        async (_, options: Partial<ServiceNowConnectorOptions>, inFlight) => {
          fileIncidents(2);
          fake.latencyMs = 5;
          const ahead = await read(
            manyConnector({ pageSize: 150, ...options }),
          );
          expect(pairsWithTimes(ahead.incidents)).toEqual(expectedPairs());
          expect(fake.maxRequestsInFlight).toBe(inFlight);
          const sentAhead = fake.listRequests().map(r => r.url);

          fake.maxRequestsInFlight = 0;
          fake.requests.length = 0;
          const alone = await read(
            manyConnector({ pageSize: 150, readAhead: false }),
          );
          expect(fake.maxRequestsInFlight).toBe(1);
          expect(pairsWithTimes(alone.incidents)).toEqual(expectedPairs());
          expect(alone.cursor).toBe(ahead.cursor);
          // Nothing read ahead went unused or was asked for twice.
          expect(
            fake
              .listRequests()
              .map(r => r.url)
              .sort(),
          ).toEqual([...sentAhead].sort());
        },
        30_000,
      );

      it('keeps as many queries in flight through an incremental run whose groups bring nothing new', async () => {
        fileIncidents(1);
        const full = await read(manyConnector());
        const queries = fake.listRequests().length;
        const changed = fake.addIncident({
          business_service: cis[cis.length - 1].sysId,
        });
        fake.latencyMs = 5;
        const incremental = async (
          options: Partial<ServiceNowConnectorOptions>,
        ) => {
          fake.requests.length = 0;
          fake.maxRequestsInFlight = 0;
          const run = await read(manyConnector(options), {
            cursor: full.cursor,
            runStart: true,
          });
          return {
            incidents: run.incidents.map(i => `${i.externalId} ${i.serviceId}`),
            inFlight: fake.maxRequestsInFlight,
            urls: fake
              .listRequests()
              .map(r => r.url)
              .sort(),
          };
        };
        // Without the overlap, only what changed since the full read.
        const alone = await incremental({ readAhead: false, overlapMs: 0 });
        const ahead = await incremental({ overlapMs: 0 });
        // One query per group either way, the round trips of four at a time.
        expect(alone.urls).toHaveLength(queries);
        expect(ahead).toEqual({ ...alone, inFlight: 4 });
        expect(alone.inFlight).toBe(1);
        expect(ahead.incidents).toEqual(
          cis[cis.length - 1].services.map(s => `${changed.sys_id} ${s}`),
        );
      }, 30_000);

      it('asks again at the start of a run for what a run before read ahead', async () => {
        fileIncidents(1);
        const target = manyConnector();
        // A run that stops after its first page, while the second query is read ahead.
        await target.listIncidentsChangedSince({
          mappings: many,
          runStart: true,
        });
        await untilListRequests(2);
        const [, aheadUrl] = fake.listRequests().map(r => r.url);
        expect(aheadUrl).toBeDefined();

        const run = await read(target, { runStart: true });
        expect(
          fake.listRequests().filter(r => r.url === aheadUrl),
        ).toHaveLength(2);
        expect(pairsWithTimes(run.incidents)).toEqual(expectedPairs());
      }, 30_000);

      it('meets a failed read ahead when it asks for that page, with the same message, and not before', async () => {
        fileIncidents(1);
        // The first query holds the mapped sys_id that sorts first; every other query fails.
        const firstSysId = cis
          .filter((_, i) => i % 2 === 1)
          .map(ci => ci.sysId)
          .sort()[0];
        fake.pageFilter = (records, request) => {
          if (!request.query.get('sysparm_query')!.includes(firstSysId)) {
            throw new Error('the instance is restarting');
          }
          return records;
        };
        // One query read ahead, so that the requests can be counted.
        const target = manyConnector({ maxRetries: 0, requestsInFlight: 2 });
        const first = await target.listIncidentsChangedSince({
          mappings: many,
          runStart: true,
        });
        expect(first.incidents.length).toBeGreaterThan(0);
        await untilListRequests(2);
        expect(fake.listRequests()).toHaveLength(2);

        await expect(
          target.listIncidentsChangedSince({
            mappings: many,
            cursor: first.nextCursor,
          }),
        ).rejects.toThrow(/HTTP 500/);
        // The failed answer was the one read ahead: not asked for again.
        expect(fake.listRequests()).toHaveLength(2);
      }, 30_000);
    });

    it('resumes from the cursor of the single query it used to send, without reading everything again or missing anything', async () => {
      fileIncidents(2);
      const sorted = [...fake.incidents.values()]
        .filter(i => cis.some(ci => ci.sysId === i.business_service))
        .sort((a, b) =>
          compareKeys(
            { u: a.sys_updated_on, id: a.sys_id },
            { u: b.sys_updated_on, id: b.sys_id },
          ),
        );
      // An older portal stored the position of the record it read last before the upgrade.
      const seen = sorted[6000];
      const v1 = `servicenow.v1.${Buffer.from(
        JSON.stringify({ u: seen.sys_updated_on, id: seen.sys_id }),
      ).toString('base64url')}`;
      const { incidents, cursor } = await read(manyConnector(), { cursor: v1 });
      expect(new Set(incidents.map(i => i.externalId))).toEqual(
        new Set(sorted.slice(6001).map(i => i.sys_id)),
      );
      const pairs = pairsOf(incidents);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(cursor).toMatch(/^servicenow\.v2\./);
    }, 30_000);
  });

  describe('unreliable servers', () => {
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

  describe('answers that are not a page of incidents', () => {
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
