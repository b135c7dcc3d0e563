import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  ItsmIncident,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';
import { Fault, FakeIncident, FakePagerDuty } from '../testUtils/FakePagerDuty';
import {
  PagerDutyConnector,
  PagerDutyConnectorOptions,
} from './PagerDutyConnector';

const API_KEY = 'pd-api-key-s3cret-0123';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let fake: FakePagerDuty;
let brand: string;
let support: string;
let other: string;
let mappings: ItsmServiceMapping[];

beforeEach(async () => {
  fake = new FakePagerDuty();
  await fake.start();
  brand = fake.addService('Brand Instagram');
  support = fake.addService('Support X');
  other = fake.addService('Payroll');
  mappings = [
    {
      serviceId: 'brand-instagram',
      itsmReference: brand,
      lifecycleStage: 'operation',
    },
    {
      // Written in lower case: PagerDuty ids are upper case.
      serviceId: 'support-x',
      itsmReference: ` ${support.toLowerCase()} `,
      lifecycleStage: 'operation',
    },
  ];
  // 23 incidents of the mapped services over the last month, some created in the same second.
  const base = fake.now() - 30 * DAY;
  let created = base;
  for (let i = 0; i < 23; i++) {
    if (i % 3 !== 1) created += HOUR;
    fake.addIncident({
      service: i % 2 ? brand : support,
      title: `Incident ${i}`,
      created_at: created,
      urgency: i % 2 ? 'low' : 'high',
      priority: i % 4 === 0 ? { id: 'PPRIO01', summary: 'P1' } : null,
      ...(i % 5 === 0
        ? { status: 'resolved', last_status_change_at: created + 10 * MINUTE }
        : {}),
      ...(i % 7 === 3
        ? {
            status: 'acknowledged',
            last_status_change_at: created + 5 * MINUTE,
          }
        : {}),
    });
  }
  for (let i = 0; i < 4; i++) {
    fake.addIncident({ service: other, created_at: base + i * HOUR });
  }
  // An hour passes before the first sync.
  fake.tick(3600);
});

afterEach(async () => {
  await fake.stop();
});

function connector(options: Partial<PagerDutyConnectorOptions> = {}) {
  const sleep = jest.fn(async (_ms: number) => {});
  const logger = mockServices.logger.mock();
  const instance = new PagerDutyConnector({
    baseUrl: fake.url,
    apiToken: API_KEY,
    fromEmail: 'integration-bot@example.com',
    pageSize: 5,
    timeoutMs: 2_000,
    retryBaseDelayMs: 10,
    now: () => fake.now(),
    sleep,
    logger,
    ...options,
  });
  return { connector: instance, sleep, logger };
}

async function syncAll(
  target: PagerDutyConnector,
  options: { cursor?: string; maxPages?: number } = {},
) {
  const incidents: ItsmIncident[] = [];
  let cursor = options.cursor;
  let pages = 0;
  let done = false;
  while (!done && pages < (options.maxPages ?? 200)) {
    const page = await target.listIncidentsChangedSince({ mappings, cursor });
    incidents.push(...page.incidents);
    cursor = page.nextCursor;
    done = page.done;
    pages++;
  }
  return { incidents, cursor: cursor!, pages, done };
}

const iso = (ms: number) => new Date(ms).toISOString();

function mapped(): FakeIncident[] {
  return [...fake.incidents.values()].filter(
    i => i.service === brand || i.service === support,
  );
}

/** The mapped incidents on the server, as id -> updatedAt. */
function serverSet(): Map<string, string> {
  return new Map(mapped().map(i => [i.id, iso(i.updated_at)]));
}

/** Asserts no incident came twice and the synced set equals the server's. */
function expectSameSet(incidents: ItsmIncident[]) {
  const ids = incidents.map(i => i.externalId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Map(incidents.map(i => [i.externalId, i.updatedAt]))).toEqual(
    serverSet(),
  );
}

/** The newest version of each incident, as a store keeps them. */
function newestOf(incidents: ItsmIncident[]): ItsmIncident[] {
  const newest = new Map<string, ItsmIncident>();
  for (const i of incidents) {
    const seen = newest.get(i.externalId);
    if (!seen || seen.updatedAt <= i.updatedAt) newest.set(i.externalId, i);
  }
  return [...newest.values()];
}

const secretsOf = (message: string) =>
  [API_KEY, `Token token=${API_KEY}`].filter(s => message.includes(s));

const answer =
  (
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): Fault =>
  res => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(text);
  };

describe('PagerDutyConnector', () => {
  describe('first pass', () => {
    it('reads every incident of the mapped services with offset paging, then checks the log', async () => {
      const { connector: target } = connector();
      const { incidents, pages, done } = await syncAll(target);

      expectSameSet(incidents);
      expect(done).toBe(true);
      expect(pages).toBe(6);

      const lists = fake.listRequests('/incidents');
      expect(lists.map(r => r.query.get('offset'))).toEqual([
        '0',
        '5',
        '10',
        '15',
        '20',
      ]);
      const first = lists[0];
      expect(first.query.getAll('service_ids[]')).toEqual(
        [brand, support].sort(),
      );
      expect(first.query.get('date_range')).toBe('all');
      expect(first.query.get('since')).toBeNull();
      expect(first.query.get('sort_by')).toBe(
        'created_at:asc,incident_number:asc',
      );
      expect(first.query.get('time_zone')).toBe('UTC');
      expect(first.query.get('limit')).toBe('5');
      expect(first.headers.accept).toBe(
        'application/vnd.pagerduty+json;version=2',
      );
      expect(first.headers.authorization).toBe(`Token token=${API_KEY}`);

      // The log is then read from the start of the pass on, nothing before it.
      const [log] = fake.listRequests('/log_entries');
      const start = fake.now();
      expect(log.query.get('since')).toBe(iso(start).replace('.000Z', 'Z'));
      expect(log.query.get('until')).toBe(
        iso(start + 1000).replace('.000Z', 'Z'),
      );
      expect(log.query.get('is_overview')).toBe('true');
      expect(log.query.getAll('include[]')).toEqual(['incidents']);
      expect(log.query.get('time_zone')).toBe('UTC');
    });

    it('maps the fields of an incident', async () => {
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      const [first, second] = mapped();
      expect(incidents.find(i => i.externalId === first.id)).toEqual({
        externalId: first.id,
        number: `#${first.incident_number}`,
        title: 'Incident 0',
        priority: 'P1',
        state: 'resolved',
        openedAt: iso(first.created_at),
        resolvedAt: iso(first.created_at + 10 * MINUTE),
        updatedAt: iso(first.created_at + 10 * MINUTE),
        url: `https://acme.pagerduty.com/incidents/${first.id}`,
        serviceId: 'support-x',
      });
      // Without a priority, the urgency stands in; open incidents have no resolvedAt.
      expect(incidents.find(i => i.externalId === second.id)).toMatchObject({
        priority: 'low urgency',
        state: 'triggered',
        serviceId: 'brand-instagram',
      });
      expect(
        incidents.find(i => i.externalId === second.id)!.resolvedAt,
      ).toBeUndefined();
      expect(incidents.filter(i => i.state === 'resolved')).toHaveLength(4);
      expect(incidents.filter(i => i.state === 'acknowledged')).toHaveLength(3);
      expect(incidents.every(i => i.category === undefined)).toBe(true);
    });

    it('takes resolvedAt and updatedAt from last_status_change_at where the API has no resolved_at or updated_at', async () => {
      fake.legacyFields = true;
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      const [first, second] = mapped();
      expect(incidents.find(i => i.externalId === first.id)).toMatchObject({
        resolvedAt: iso(first.created_at + 10 * MINUTE),
        updatedAt: iso(first.created_at + 10 * MINUTE),
      });
      expect(incidents.find(i => i.externalId === second.id)).toMatchObject({
        updatedAt: iso(second.created_at),
      });
      expect(
        incidents.find(i => i.externalId === second.id)!.resolvedAt,
      ).toBeUndefined();
    });

    it('asks for the mapped services in groups', async () => {
      const third = fake.addService('Careers TikTok');
      const careers = fake.addIncident({
        service: third,
        created_at: fake.now() - DAY,
      });
      mappings.push({
        serviceId: 'careers-tiktok',
        // The address of the service in the web app works too.
        itsmReference: `https://acme.pagerduty.com/service-directory/${third}`,
        lifecycleStage: 'operation',
      });
      const { connector: target } = connector({ servicesPerRequest: 2 });
      const { incidents } = await syncAll(target);
      const groups = fake
        .listRequests('/incidents')
        .map(r => r.query.getAll('service_ids[]').join(','));
      const sorted = [brand, support, third].sort();
      expect([...new Set(groups)]).toEqual([
        sorted.slice(0, 2).join(','),
        sorted[2],
      ]);
      expect(incidents.find(i => i.externalId === careers.id)?.serviceId).toBe(
        'careers-tiktok',
      );
      expect(incidents).toHaveLength(24);
    });

    it('narrows to windows of creation time where offset paging hits its cap', async () => {
      fake.maxOffset = 10;
      const { connector: target } = connector({
        maxOffset: 10,
        incidentWindowMs: 2 * DAY,
      });
      const { incidents } = await syncAll(target);
      expectSameSet(newestOf(incidents));

      const lists = fake.listRequests('/incidents');
      for (const r of lists) {
        expect(
          Number(r.query.get('offset')) + Number(r.query.get('limit')),
        ).toBeLessThanOrEqual(10);
      }
      const windows = lists.filter(r => r.query.get('since'));
      expect(windows.length).toBeGreaterThan(2);
      for (const r of windows) {
        expect(r.query.get('date_range')).toBeNull();
        expect(
          Date.parse(r.query.get('until')!) - Date.parse(r.query.get('since')!),
        ).toBeLessThanOrEqual(2 * DAY);
      }
      // Only the second before a narrowed window is read again: few incidents come twice.
      expect(incidents.length - serverSet().size).toBeLessThanOrEqual(
        2 * windows.length,
      );
    });

    it('starts over when the mapped services change under a cursor of the first pass', async () => {
      const { connector: target } = connector();
      const first = await target.listIncidentsChangedSince({ mappings });
      mappings = mappings.slice(0, 1);
      const { incidents } = await syncAll(target, { cursor: first.nextCursor });
      const brandIds = mapped()
        .filter(i => i.service === brand)
        .map(i => i.id)
        .sort();
      expect(incidents.map(i => i.externalId).sort()).toEqual(brandIds);
      const restarted = fake.listRequests('/incidents')[1];
      expect(restarted.query.get('offset')).toBe('0');
      expect(restarted.query.getAll('service_ids[]')).toEqual([brand]);
    });

    it('syncs the services whose reference is a PagerDuty id and warns once about the others', async () => {
      mappings.push({
        serviceId: 'careers-tiktok',
        itsmReference: 'Careers TikTok',
        lifecycleStage: 'operation',
      });
      const { connector: target, logger } = connector();
      const { incidents } = await syncAll(target);
      await syncAll(target);
      expectSameSet(newestOf(incidents));
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0][0]).toMatch(
        /careers-tiktok is mapped to PagerDuty reference 'Careers TikTok', which is not a PagerDuty service id/,
      );
    });

    it('rejects a cursor of its own form whose times it cannot read', async () => {
      const { connector: target } = connector();
      const forged = `pagerduty.v1.${Buffer.from(
        JSON.stringify({ phase: 'log', since: 'yesterday', offset: 0 }),
      ).toString('base64url')}`;
      const error = await target
        .listIncidentsChangedSince({ mappings, cursor: forged })
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(/Invalid PagerDuty sync cursor/);
    });
  });

  describe('later passes', () => {
    it('brings the status changes of old incidents, new incidents, and nothing else', async () => {
      const { connector: target } = connector();
      const full = await syncAll(target);
      const requestsBefore = fake.requests.length;

      fake.tick(600);
      const [, monthOld, , , open] = mapped();
      // Resolving an incident created a month ago, acknowledging another.
      const resolved = fake.setStatus(monthOld.id, 'resolved');
      const acknowledged = fake.setStatus(open.id, 'acknowledged');
      const created = fake.addIncident({
        service: brand,
        title: 'Phishing DMs',
      });
      fake.addIncident({ service: other, title: 'Payslips late' });
      fake.setStatus(
        [...fake.incidents.values()].find(i => i.service === other)!.id,
        'resolved',
      );
      expect(monthOld.created_at).toBeLessThan(fake.now() - 29 * DAY);

      const incremental = await syncAll(target, { cursor: full.cursor });
      expect(incremental.done).toBe(true);
      expect(incremental.incidents.map(i => i.externalId).sort()).toEqual(
        [resolved.id, acknowledged.id, created.id].sort(),
      );
      expect(
        incremental.incidents.find(i => i.externalId === resolved.id),
      ).toMatchObject({
        state: 'resolved',
        resolvedAt: iso(resolved.resolved_at!),
        updatedAt: iso(resolved.updated_at),
      });
      // Only the log was read, in one window from where the last pass ended.
      const requests = fake.requests.slice(requestsBefore);
      expect(requests.map(r => r.path)).toEqual(['/log_entries']);
      const lastEnd = Date.parse(
        fake.listRequests('/log_entries')[0].query.get('until')!,
      );
      expect(Date.parse(requests[0].query.get('since')!)).toBe(lastEnd);
      expect(Date.parse(requests[0].query.get('until')!)).toBe(
        fake.now() + 1000,
      );
    });

    it('brings in the log pass after the first pass only what changed after the first pass read it', async () => {
      const { connector: target } = connector();
      const first = await target.listIncidentsChangedSince({ mappings });
      const [, read] = mapped();
      const unread = mapped()[22];
      expect(first.incidents.map(i => i.externalId)).toContain(read.id);
      expect(first.incidents.map(i => i.externalId)).not.toContain(unread.id);

      // While the first pass runs, one incident it has read changes, and one it has not read.
      fake.tick(10);
      fake.setStatus(read.id, 'acknowledged');
      fake.setStatus(unread.id, 'resolved');
      const rest = await syncAll(target, { cursor: first.nextCursor });
      expect(rest.done).toBe(true);
      const all = [...first.incidents, ...rest.incidents];
      expect(
        all.filter(i => i.externalId === read.id).map(i => i.state),
      ).toEqual(['triggered', 'acknowledged']);
      // Read as resolved by the first pass; the log names it again, unchanged: not delivered.
      expect(
        all.filter(i => i.externalId === unread.id).map(i => i.state),
      ).toEqual(['resolved']);
      expectSameSet(newestOf(all));
      expect(all).toHaveLength(serverSet().size + 1);
    });

    it('reads the overlap before the end of the previous pass again at the start of a run, and only then', async () => {
      const overlapMs = 3 * MINUTE;
      const { connector: target } = connector({ overlapMs });
      const full = await syncAll(target);
      const end = Date.parse(
        fake.listRequests('/log_entries').pop()!.query.get('until')!,
      );
      // PagerDuty lists two changes only after the pass read their time: one stamped two
      // minutes before the pass's end (within the overlap), one four minutes before (beyond it).
      const within = fake.setStatus(
        mapped()[2].id,
        'resolved',
        end - 2 * MINUTE,
      );
      fake.setStatus(mapped()[6].id, 'acknowledged', end - 4 * MINUTE);
      fake.tick(300);

      // Not at the start of a run: nothing before the end is read again.
      const plain = await syncAll(target, { cursor: full.cursor });
      expect(plain.incidents).toEqual([]);

      // At the start of a run: the last three minutes of PagerDuty's log again.
      const before = fake.listRequests('/log_entries').length;
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
      expect(read.map(i => i.externalId)).toEqual([within.id]);
      expect(read[0]).toMatchObject({
        state: 'resolved',
        updatedAt: iso(end - 2 * MINUTE),
      });
      const [rewound] = fake.listRequests('/log_entries').slice(before);
      expect(Date.parse(rewound.query.get('since')!)).toBe(end - overlapMs);

      // The cursor holds where the pass ended, not the time it was rewound to: the next run
      // goes back the overlap from there, no further.
      fake.tick(60);
      await target.listIncidentsChangedSince({
        mappings,
        cursor: page.nextCursor,
        runStart: true,
      });
      const next = fake.listRequests('/log_entries').pop()!;
      expect(Date.parse(next.query.get('since')!)).toBe(
        Date.parse(rewound.query.get('until')!) - overlapMs,
      );
    });

    it('splits a long catch-up into windows and keeps each window fixed while paging', async () => {
      const { connector: target } = connector({ maxLogWindowMs: 2 * HOUR });
      const full = await syncAll(target);
      const changed = new Set<string>();
      for (const incident of mapped().slice(0, 12)) {
        fake.tick(1800);
        changed.add(fake.setStatus(incident.id, 'resolved').id);
      }
      const before = fake.listRequests('/log_entries').length;
      const { incidents } = await syncAll(target, { cursor: full.cursor });
      expect(new Set(incidents.map(i => i.externalId))).toEqual(changed);
      expect(incidents).toHaveLength(changed.size);

      const windows = fake
        .listRequests('/log_entries')
        .slice(before)
        .map(r => [
          r.query.get('since'),
          r.query.get('until'),
          r.query.get('offset'),
        ]);
      for (const [since, until] of windows) {
        expect(Date.parse(until!) - Date.parse(since!)).toBeLessThanOrEqual(
          2 * HOUR,
        );
      }
      // Consecutive windows leave no gap.
      const distinct = [...new Set(windows.map(w => `${w[0]} ${w[1]}`))].map(
        w => w.split(' ').map(Date.parse),
      );
      for (let i = 1; i < distinct.length; i++) {
        expect(distinct[i][0]).toBeLessThanOrEqual(distinct[i - 1][1]);
      }
      expect(distinct[distinct.length - 1][1]).toBe(fake.now() + 1000);
    });

    it('halves a log window that holds more entries than offset paging reaches', async () => {
      fake.maxOffset = 10;
      const { connector: target } = connector({ maxOffset: 10 });
      const full = await syncAll(target);
      const changed = new Set<string>();
      for (const incident of mapped()) {
        fake.tick(60);
        changed.add(fake.setStatus(incident.id, 'resolved').id);
      }
      const { incidents } = await syncAll(target, { cursor: full.cursor });
      expect(new Set(incidents.map(i => i.externalId))).toEqual(changed);
      expect(
        newestOf(incidents)
          .map(i => i.updatedAt)
          .sort(),
      ).toEqual(
        mapped()
          .map(i => iso(i.updated_at))
          .sort(),
      );
      for (const r of fake.listRequests('/log_entries')) {
        expect(
          Number(r.query.get('offset')) + Number(r.query.get('limit')),
        ).toBeLessThanOrEqual(10);
      }
    });

    it('fetches the incident when a log entry carries only a reference to it', async () => {
      fake.expandIncludes = false;
      const { connector: target } = connector();
      const full = await syncAll(target);
      const resolved = fake.setStatus(mapped()[2].id, 'resolved');
      fake.setStatus(
        [...fake.incidents.values()].find(i => i.service === other)!.id,
        'resolved',
      );
      const { incidents } = await syncAll(target, { cursor: full.cursor });
      expect(incidents).toEqual([
        expect.objectContaining({
          externalId: resolved.id,
          state: 'resolved',
          serviceId: 'support-x',
        }),
      ]);
      // Only the incident of a mapped service was fetched.
      expect(
        fake.requests.filter(r => r.path.startsWith('/incidents/')),
      ).toHaveLength(1);
    });
  });

  describe('services sharing a PagerDuty service', () => {
    let shared: ItsmServiceMapping[];
    const brandServices = [
      'brand-instagram',
      'brand-instagram-apac',
      'brand-instagram-emea',
    ];
    const supportServices = ['support-x', 'support-x-emea'];

    beforeEach(() => {
      // The same PagerDuty services again, by the other reference forms: the id in lower case,
      // the web app address, the REST API address.
      shared = [
        ...mappings,
        {
          serviceId: 'brand-instagram-emea',
          itsmReference: brand.toLowerCase(),
          lifecycleStage: 'operation',
        },
        {
          serviceId: 'brand-instagram-apac',
          itsmReference: `https://acme.pagerduty.com/service-directory/${brand}`,
          lifecycleStage: 'operation',
        },
        {
          serviceId: 'support-x-emea',
          itsmReference: `https://api.pagerduty.com/services/${support}`,
          lifecycleStage: 'operation',
        },
      ];
    });

    /** Reads pages to the end of a pass. */
    async function readPages(target: PagerDutyConnector, cursor?: string) {
      const pages: ItsmIncident[][] = [];
      let next = cursor;
      for (let done = false; !done; ) {
        const page = await target.listIncidentsChangedSince({
          mappings: shared,
          cursor: next,
        });
        pages.push(page.incidents);
        next = page.nextCursor;
        done = page.done;
        expect(pages.length).toBeLessThan(100);
      }
      return { pages, cursor: next! };
    }

    /**
     * The services each incident of the pages was listed for. A page that lists an incident
     * must list it for all of them: an incident listed again must come with the same services,
     * and, with `once`, an incident must come in one page only.
     */
    function servicesByIncident(pages: ItsmIncident[][], once = true) {
      const services = new Map<string, string[]>();
      for (const page of pages) {
        const inPage = new Map<string, string[]>();
        for (const incident of page) {
          inPage.set(incident.externalId, [
            ...(inPage.get(incident.externalId) ?? []),
            incident.serviceId,
          ]);
        }
        for (const [id, serviceIds] of inPage) {
          serviceIds.sort();
          if (once) expect(services.has(id)).toBe(false);
          else if (services.has(id)) {
            expect(serviceIds).toEqual(services.get(id));
          }
          services.set(id, serviceIds);
        }
      }
      return services;
    }

    it('gives each service its own copy of every incident, whatever form of reference maps it, in the first pass and the log', async () => {
      const { connector: target } = connector();
      const full = await readPages(target);
      // As many pages as with one service per PagerDuty service: copies do not end a pass early.
      expect(full.pages).toHaveLength(6);
      const services = servicesByIncident(full.pages);
      expect(services).toEqual(
        new Map(
          mapped().map(i => [
            i.id,
            i.service === brand ? brandServices : supportServices,
          ]),
        ),
      );

      // Acknowledged, then resolved within one pass: the newest version, once per service.
      fake.tick(600);
      const [, incident] = mapped();
      fake.setStatus(incident.id, 'acknowledged');
      const resolved = fake.setStatus(incident.id, 'resolved');
      const log = await readPages(target, full.cursor);
      const copies = log.pages.flat();
      expect(copies.map(i => i.serviceId).sort()).toEqual(brandServices);
      for (const copy of copies) {
        expect(copy).toMatchObject({
          externalId: resolved.id,
          state: 'resolved',
          updatedAt: iso(resolved.updated_at),
        });
      }
      // Fetched alone, an incident is linked to the first service mapped to it.
      await expect(
        target.getIncident(resolved.id, { mappings: shared }),
      ).resolves.toMatchObject({ serviceId: 'brand-instagram' });
    });

    it('lists an incident for its new set of services once a service is mapped elsewhere', async () => {
      const { connector: target } = connector();
      const full = await readPages(target);
      // The APAC service moves to the payroll service.
      shared = shared.map(m =>
        m.serviceId === 'brand-instagram-apac'
          ? { ...m, itsmReference: other }
          : m,
      );
      fake.tick(600);
      const [, brandIncident] = mapped();
      const payroll = [...fake.incidents.values()].find(
        i => i.service === other,
      )!;
      fake.setStatus(brandIncident.id, 'acknowledged');
      fake.setStatus(payroll.id, 'resolved');
      const log = await readPages(target, full.cursor);
      expect(servicesByIncident(log.pages)).toEqual(
        new Map([
          [brandIncident.id, ['brand-instagram', 'brand-instagram-emea']],
          [payroll.id, ['brand-instagram-apac']],
        ]),
      );

      // A new first pass lists the payroll incidents for the APAC service only, each once.
      const again = await readPages(target);
      const services = servicesByIncident(again.pages);
      for (const i of fake.incidents.values()) {
        expect(services.get(i.id)).toEqual(
          {
            [brand]: ['brand-instagram', 'brand-instagram-emea'],
            [support]: supportServices,
            [other]: ['brand-instagram-apac'],
          }[i.service],
        );
      }
    });
  });

  describe('crash and resume', () => {
    it('resumes a log pass from the stored window and offset, remembering what it delivered', async () => {
      const full = await syncAll(connector().connector);
      const changed = mapped()
        .slice(0, 12)
        .map(i => {
          fake.tick(30);
          return fake.setStatus(i.id, 'acknowledged').id;
        });
      // The first five are resolved too: the log, newest first, names them on the first page
      // (resolve) and again on the last ones (acknowledge), as they are now.
      for (const id of changed.slice(0, 5)) {
        fake.tick(30);
        fake.setStatus(id, 'resolved');
      }
      const crashed = await syncAll(connector().connector, {
        cursor: full.cursor,
        maxPages: 1,
      });
      expect(crashed.done).toBe(false);
      expect(crashed.incidents.map(i => i.externalId).sort()).toEqual(
        changed.slice(0, 5).sort(),
      );
      // Changes while the backend was down fall after the fixed window: the next pass has them.
      fake.tick(30);
      const late = fake.setStatus(mapped()[20].id, 'resolved');

      const target = connector().connector;
      const resumed = await syncAll(target, { cursor: crashed.cursor });
      const pass = [...crashed.incidents, ...resumed.incidents];
      // Each once: the new connector knows from the cursor what the first page delivered.
      expect(pass.map(i => i.externalId).sort()).toEqual([...changed].sort());
      const windows = new Set(
        fake
          .listRequests('/log_entries')
          .slice(1)
          .map(r => `${r.query.get('since')} ${r.query.get('until')}`),
      );
      expect(windows.size).toBe(1);

      const next = await syncAll(target, { cursor: resumed.cursor });
      expect(next.incidents.map(i => i.externalId)).toContain(late.id);
      expectSameSet(newestOf([...full.incidents, ...pass, ...next.incidents]));
    });
  });

  describe('unreliable servers', () => {
    it('gives up rather than skip records when the server keeps repeating a page', async () => {
      let first: Array<Record<string, unknown>> | undefined;
      fake.pageFilter = records => (first ??= records);
      const { connector: target } = connector();
      const page1 = await target.listIncidentsChangedSince({ mappings });
      await expect(
        target.listIncidentsChangedSince({
          mappings,
          cursor: page1.nextCursor,
        }),
      ).rejects.toThrow(
        /the previous page again; stopping so as not to skip records/,
      );
    });

    it('delivers each page oldest change first, whatever order the server lists it in', async () => {
      fake.pageFilter = records => [...records].reverse();
      const { connector: target } = connector();
      const pages: ItsmIncident[][] = [];
      let cursor: string | undefined;
      for (let done = false; !done; ) {
        const page = await target.listIncidentsChangedSince({
          mappings,
          cursor,
        });
        pages.push(page.incidents);
        cursor = page.nextCursor;
        done = page.done;
      }
      expectSameSet(pages.flat());
      for (const page of pages) {
        const order = page.map(i => i.updatedAt);
        expect(order).toEqual([...order].sort());
      }
    });

    it('reads times in any zone the server renders them in', async () => {
      fake.pageFilter = (records, request) =>
        records.map(r =>
          request.path === '/incidents'
            ? {
                ...r,
                created_at: (r.created_at as string).replace('Z', '+00:00'),
              }
            : r,
        );
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      const [first] = mapped();
      expect(incidents.find(i => i.externalId === first.id)?.openedAt).toBe(
        iso(first.created_at),
      );
    });
  });

  describe('errors and retries', () => {
    it('names the mapped service ids when PagerDuty rejects them', async () => {
      fake.services.delete(support);
      const { connector: target, sleep } = connector();
      const error = await target
        .listIncidentsChangedSince({ mappings })
        .catch(e => e);
      expect(error.message).toContain('HTTP 400');
      expect(error.message).toContain(`Service ids ${support} are not valid.`);
      expect(error.message).toContain(
        `check the mapped PagerDuty service ids (${[brand, support]
          .sort()
          .join(', ')})`,
      );
      expect(sleep).not.toHaveBeenCalled();
    });

    it('backs off on a 429 that says nothing about how long to wait', async () => {
      fake.failNext(
        answer(429, { error: { message: 'Rate Limit Exceeded', code: 2020 } }),
      );
      const { connector: target, sleep } = connector();
      const page = await target.listIncidentsChangedSince({ mappings });
      expect(page.incidents).toHaveLength(5);
      expect(sleep.mock.calls.map(c => c[0])).toEqual([10]);
    });

    it('rejects a maintenance page in HTML served with HTTP 200, saying what it got', async () => {
      const { connector: target, sleep } = connector();
      fake.failNext(answer(200, '<html><body>Maintenance</body></html>'));
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/malformed JSON .*<html>/);
      expect(sleep).not.toHaveBeenCalled();
    });

    it('rejects an answer without an incidents array, or with a broken record', async () => {
      fake.failNext(answer(200, { log_entries: [], more: false }));
      const { connector: target } = connector();
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/has no 'incidents' array; the page was not accepted/);

      fake.pageFilter = records => [
        ...records.slice(0, 2),
        { ...records[2], created_at: undefined },
      ];
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/malformed record at position 2/);
    });
  });

  describe('getIncident', () => {
    it('returns the incident, or undefined when PagerDuty does not know it', async () => {
      const { connector: target } = connector();
      const known = mapped()[1];
      await expect(
        target.getIncident(known.id, { mappings }),
      ).resolves.toMatchObject({
        externalId: known.id,
        number: `#${known.incident_number}`,
        serviceId: 'brand-instagram',
        updatedAt: iso(known.updated_at),
      });
      await expect(
        target.getIncident('QUNKNOWN000000', { mappings }),
      ).resolves.toBeUndefined();
      const requests = fake.requests.length;
      await expect(
        target.getIncident('../users', { mappings }),
      ).resolves.toBeUndefined();
      // A number would be taken as an incident number: not an id.
      await expect(
        target.getIncident(String(known.incident_number), { mappings }),
      ).resolves.toBeUndefined();
      expect(fake.requests).toHaveLength(requests);
    });

    it('links an incident of an unmapped service to no service', async () => {
      const { connector: target } = connector();
      const unmapped = [...fake.incidents.values()].find(
        i => i.service === other,
      )!;
      const incident = await target.getIncident(unmapped.id, { mappings });
      expect(incident?.serviceId).toBe('');
    });
  });

  describe('createIncident', () => {
    const report = () => ({
      mapping: mappings[0],
      title: 'Suspected account takeover',
      description: 'Posts we did not write appeared at 03:00.',
      category: 'security',
      reportedBy: 'user:default/social-media-manager',
    });

    it('raises the incident on the mapped service as the configured user and returns it as stored', async () => {
      const { connector: target } = connector();
      const created = await target.createIncident(report());
      const stored = fake.incidents.get(created.externalId)!;
      expect(created).toEqual({
        externalId: stored.id,
        number: `#${stored.incident_number}`,
        title: 'Suspected account takeover',
        priority: 'high urgency',
        state: 'triggered',
        openedAt: iso(stored.created_at),
        updatedAt: iso(stored.updated_at),
        url: `https://acme.pagerduty.com/incidents/${stored.id}`,
        serviceId: 'brand-instagram',
      });
      expect(stored.service).toBe(brand);
      expect(stored.details).toContain(
        'Posts we did not write appeared at 03:00.',
      );
      expect(stored.details).toContain('Category: security');
      expect(stored.details).toContain(
        'Reported by user:default/social-media-manager',
      );
      const [post] = fake.listRequests('/incidents', 'POST');
      expect(post.headers.from).toBe('integration-bot@example.com');
      expect(JSON.parse(post.body).incident).toMatchObject({
        type: 'incident',
        service: { id: brand, type: 'service_reference' },
        urgency: 'high',
        body: { type: 'incident_body' },
      });
    });

    it('returns the incident a lost answer created instead of raising it twice', async () => {
      fake.failNext((res, { request }) => {
        const input = JSON.parse(request.body).incident;
        fake.addIncident({
          service: input.service.id,
          title: input.title,
          incident_key: input.incident_key,
        });
        res.writeHead(502);
        res.end();
      }, '/incidents');
      const { connector: target, sleep } = connector();
      const created = await target.createIncident(report());
      expect(sleep).toHaveBeenCalledTimes(1);
      expect(
        [...fake.incidents.values()].filter(
          i => i.title === 'Suspected account takeover',
        ),
      ).toHaveLength(1);
      expect(fake.incidents.get(created.externalId)?.title).toBe(
        'Suspected account takeover',
      );
    });

    it('says that a read-only API key cannot create incidents', async () => {
      fake.readOnly = true;
      const { connector: target } = connector();
      const error = await target.createIncident(report()).catch(e => e);
      expect(error.message).toMatch(
        /lacks write access to create incidents \(HTTP 403 on POST \/incidents.*a read-only API key cannot create incidents/,
      );
      expect(secretsOf(error.message)).toEqual([]);
    });

    it('needs fromEmail, a service id, and a service PagerDuty knows', async () => {
      await expect(
        connector({ fromEmail: undefined }).connector.createIncident(report()),
      ).rejects.toThrow(/set socialMedia\.itsm\.pagerduty\.fromEmail/);
      const { connector: target } = connector();
      await expect(
        target.createIncident({
          ...report(),
          mapping: { ...mappings[0], itsmReference: 'Brand Instagram' },
        }),
      ).rejects.toThrow(
        /'Brand Instagram' of service brand-instagram is not a PagerDuty service id/,
      );
      expect(fake.requests).toHaveLength(0);

      await expect(
        target.createIncident({
          ...report(),
          mapping: { ...mappings[0], itsmReference: 'PNOSUCH' },
        }),
      ).rejects.toThrow(
        /PagerDuty rejected the new incident \(HTTP 400 on POST \/incidents: Invalid Input Provided \(code 2001\): Service not found\); check that PNOSUCH/,
      );

      await expect(
        connector({
          fromEmail: 'someone@example.com',
        }).connector.createIncident(report()),
      ).rejects.toThrow(/Requester User Not Found/);
    });
  });
});
