import { mockServices } from '@backstage/backend-test-utils';
import {
  socialServiceInputSchema,
  socialServiceUpdateSchema,
} from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  ItsmIncident,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  createTestSocialMedia,
  TestClock,
} from '../__testUtils__/testSocialMedia';
import {
  ItsmSync,
  linkIncidents,
  rateDueServices,
  RUN_LEASE_MS,
  storeIncidentBatch,
  storeIncidentPage,
  toIncidentRecord,
} from './ItsmSync';
import { placeholderDescription } from '../__testUtils__/connectorDescription';
import { IncidentRecord } from '../domain/incidentSync';
import {
  createMappedService,
  createMappedServices,
  MAPPED_SERVICES_OWNER,
} from '../__testUtils__/itsmMappedServices';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const OWNER = MAPPED_SERVICES_OWNER;

/**
 * An ITSM as the connector interface sees it: incidents with an update time, served oldest
 * change first in pages, with a cursor that is the position after the last change served.
 * Several services may map to the same reference: each incident comes once per service mapped
 * to its reference, all its copies in the same page. It can fail on a chosen page, as a real one
 * does mid-sync.
 */
class FakeItsm implements ItsmConnector {
  readonly id = 'servicenow';
  readonly description = placeholderDescription('servicenow');
  incidents = new Map<string, ItsmIncident & { reference: string }>();
  failOnPage?: number;
  pagesServed = 0;
  /** Called before each page is served, e.g. to move the clock as a slow ITSM would. */
  onPage?: () => void;
  /** Each page is answered this much later (real time), as over a network. */
  answerAfterMs = 0;

  constructor(private readonly pageSize = 3) {}

  put(
    externalId: string,
    reference: string,
    changes: Partial<ItsmIncident> & { updatedAt: string },
  ) {
    const before = this.incidents.get(externalId);
    this.incidents.set(externalId, {
      externalId,
      number: before?.number ?? `INC${externalId.padStart(7, '0')}`,
      title: 'Scheduled post went out twice',
      priority: '3 - Moderate',
      state: 'New',
      openedAt: changes.updatedAt,
      url: `https://itsm.example.com/incident/${externalId}`,
      serviceId: '',
      ...before,
      ...changes,
      // The record it is filed against may change, e.g. moved to another business service.
      reference,
    });
  }

  async listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
  }) {
    this.pagesServed += 1;
    this.onPage?.();
    if (this.answerAfterMs > 0) {
      await new Promise(resolve => setTimeout(resolve, this.answerAfterMs));
    }
    if (this.failOnPage === this.pagesServed) {
      throw new Error('ServiceNow answered 503 Service Unavailable');
    }
    const byReference = new Map<string, string[]>();
    for (const m of options.mappings) {
      byReference.set(m.itsmReference, [
        ...(byReference.get(m.itsmReference) ?? []),
        m.serviceId,
      ]);
    }
    const after = options.cursor ?? '';
    const changes = [...this.incidents.values()]
      .filter(i => byReference.has(i.reference))
      .map(i => ({ key: `${i.updatedAt}|${i.externalId}`, i }))
      .filter(({ key }) => key > after)
      .sort((a, b) => a.key.localeCompare(b.key));
    const page = changes.slice(0, this.pageSize);
    return {
      incidents: page.flatMap(({ i }) =>
        byReference.get(i.reference)!.map(serviceId => ({ ...i, serviceId })),
      ),
      nextCursor: page.length ? page[page.length - 1].key : after,
      done: changes.length <= this.pageSize,
    };
  }

  async getIncident() {
    return undefined;
  }

  async createIncident(): Promise<ItsmIncident> {
    throw new Error('not used here');
  }
}

describe.each(ids)('ITSM sync on %s', databaseId => {
  let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;
  let clock: TestClock;
  let itsm: FakeItsm;
  let sync: ItsmSync;
  /** The services each announcement to the catalog projection named. */
  const announced = async () =>
    (await socialMedia.announcements()).map(e => e.serviceIds);

  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    itsm = new FakeItsm();
    clock = new TestClock(new Date('2026-11-25T12:00:00.000Z'));
    socialMedia = await createTestSocialMedia(knex, {
      clock,
      connectors: [itsm],
    });
    await createMappedServices(socialMedia.catalogue);
    await socialMedia.forgetAnnouncements();
    sync = socialMedia.itsmSync;
  });

  const service = (id: string) => socialMedia.catalogue.getService(id);
  const incidentsOf = (id: string, includeResolved: boolean) =>
    socialMedia.stores.incidents.listIncidents(id, { includeResolved });
  const statusOf = async () => (await sync.statuses(['servicenow']))[0];

  const at = (minute: number) =>
    new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
  /** Incident `n` of a service, open, opened and changed at minute `n`, as a page stores it. */
  const incident = (serviceId: string, n: number) =>
    toIncidentRecord({
      serviceId,
      externalId: String(n),
      number: `INC00000${n}`,
      title: 'Scheduled post went out twice',
      priority: '3 - Moderate',
      state: 'New',
      openedAt: at(n),
      updatedAt: at(n),
      url: `https://itsm.example.com/incident/${n}`,
    });

  describe('one run at a time', () => {
    /** Holds every page until `release()`, as an ITSM that is slow to answer. */
    const holdPages = () => {
      let release!: () => void;
      const gate = new Promise<void>(resolve => {
        release = resolve;
      });
      const list = itsm.listIncidentsChangedSince.bind(itsm);
      itsm.listIncidentsChangedSince = async options => {
        await gate;
        return list(options);
      };
      return () => release();
    };
    const runningSince = async () => (await statusOf()).runningSince;

    it('refuses another run of a connector while one runs, on this or another backend instance, saying since when', async () => {
      itsm.put('1', 'Brand X account', { updatedAt: at(1) });
      const release = holdPages();
      const startedAt = clock.now().toISOString();
      const first = sync.run(itsm);
      while ((await runningSince()) !== startedAt) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      // A second backend instance on the same database, a little later.
      const otherInstance = (
        await createTestSocialMedia(knex, { clock, connectors: [itsm] })
      ).itsmSync;
      clock.advanceMs(30_000);
      const message = `The servicenow incident sync is already running (since ${startedAt}); it stores what it finds when it ends`;
      await expect(otherInstance.run(itsm)).rejects.toThrow(message);
      await expect(sync.runAll()).rejects.toMatchObject({
        name: 'ConflictError',
        message,
      });
      // The refused runs recorded nothing: the status is the running one's.
      expect(await statusOf()).toMatchObject({ runningSince: startedAt });
      expect((await statusOf()).lastError).toBeUndefined();

      release();
      expect(await first).toEqual({ incidents: 1 });
      expect(await runningSince()).toBeUndefined();
      itsm.put('2', 'Brand X account', { updatedAt: at(2) });
      expect(await otherInstance.run(itsm)).toEqual({ incidents: 1 });
    });

    it('takes over from a run that stopped without letting go, once its lease lapsed', async () => {
      itsm.put('1', 'Brand X account', { updatedAt: at(1) });
      // An instance crashed mid-run: its claim stays until the lease runs out.
      const crashedAt = clock.now().toISOString();
      await socialMedia.stores.incidents.claimRun('servicenow', {
        owner: 'instance-that-crashed',
        at: crashedAt,
        leaseUntil: new Date(
          clock.now().getTime() + RUN_LEASE_MS,
        ).toISOString(),
      });
      await expect(sync.run(itsm)).rejects.toThrow(
        `already running (since ${crashedAt})`,
      );
      clock.advanceMs(RUN_LEASE_MS - 1000);
      await expect(sync.run(itsm)).rejects.toThrow('already running');
      clock.advanceMs(2000);
      expect(await runningSince()).toBeUndefined();
      expect(await sync.run(itsm)).toEqual({ incidents: 1 });
    });

    it('lets go of the claim when a run fails, so that the next one runs', async () => {
      itsm.put('1', 'Brand X account', { updatedAt: at(1) });
      itsm.failOnPage = 1;
      await expect(sync.run(itsm)).rejects.toThrow('503');
      expect(await runningSince()).toBeUndefined();
      expect(await sync.run(itsm)).toEqual({ incidents: 1 });
    });
  });

  it('stores every incident of the mapped services across pages, open first', async () => {
    for (let n = 1; n <= 7; n++) {
      itsm.put(String(n), n % 2 ? 'Brand X account' : 'Careers LinkedIn', {
        updatedAt: at(n),
        ...(n === 3 ? { state: 'Resolved', resolvedAt: at(30) } : {}),
      });
    }
    itsm.put('99', 'Somebody else’s service', { updatedAt: at(1) });

    expect(await sync.run(itsm)).toEqual({ incidents: 7 });
    const open = await incidentsOf('brand-x', false);
    expect(open.map(i => i.number)).toEqual([
      'INC0000007',
      'INC0000005',
      'INC0000001',
    ]);
    const all = await incidentsOf('brand-x', true);
    expect(all.map(i => [i.number, i.open])).toEqual([
      ['INC0000007', true],
      ['INC0000005', true],
      ['INC0000001', true],
      ['INC0000003', false],
    ]);
    expect((await service('brand-x')).openIncidentCount).toBe(3);
    expect((await service('careers')).openIncidentCount).toBe(3);
    // Three pages, one announcement to the catalog projection: each announcement of many
    // services makes it read the catalogue again.
    expect(await announced()).toHaveLength(1);
    expect((await announced())[0]).toEqual(
      expect.arrayContaining(['brand-x', 'careers']),
    );
    const status = await statusOf();
    expect(status).toMatchObject({
      connectorId: 'servicenow',
      incidentsLastRun: 7,
      mappedServices: 2,
      lastSuccessAt: expect.any(String),
    });
  });

  it('announces changes during a long run at most every 30 seconds, and at its end', async () => {
    for (let n = 1; n <= 18; n++) {
      itsm.put(String(n), n % 2 ? 'Brand X account' : 'Careers LinkedIn', {
        updatedAt: at(n),
      });
    }
    // A slow ITSM: each of the six pages takes 20 seconds.
    itsm.onPage = () => clock.advanceMs(20_000);
    await sync.run(itsm);
    expect(itsm.pagesServed).toBe(6);
    const announcements = await announced();
    expect(announcements.length).toBeGreaterThan(1);
    expect(announcements.length).toBeLessThan(6);
    expect(new Set(announcements.flat())).toEqual(
      new Set(['brand-x', 'careers']),
    );
  });

  it('names to the catalog the services a later page rated, in the announcement at the end', async () => {
    // Two pages of Brand X's incidents, then two of the careers page's, each page stored alone.
    for (let n = 1; n <= 12; n++) {
      itsm.put(String(n), n <= 6 ? 'Brand X account' : 'Careers LinkedIn', {
        updatedAt: at(n),
      });
    }
    itsm.onPage = () => clock.advanceMs(2_500);
    await sync.run(itsm);
    expect(itsm.pagesServed).toBe(4);
    expect((await service('brand-x')).openIncidentCount).toBe(6);
    expect((await service('careers')).openIncidentCount).toBe(6);
    expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([]);
    const announcements = await announced();
    expect(announcements).toHaveLength(1);
    expect(new Set(announcements[0])).toEqual(new Set(['brand-x', 'careers']));
  });

  it('rates a service once for all the pages of a run that name it, and during a long run every 30 seconds', async () => {
    for (let n = 1; n <= 18; n++) {
      itsm.put(String(n), 'Brand X account', { updatedAt: at(n) });
    }
    const openCounts: number[] = [];
    itsm.onPage = () => {
      clock.advanceMs(20_000);
    };
    const list = itsm.listIncidentsChangedSince.bind(itsm);
    itsm.listIncidentsChangedSince = async options => {
      openCounts.push((await service('brand-x')).openIncidentCount);
      return list(options);
    };
    const ratingsBefore = (
      await socialMedia.stores.guardianship.getRiskHistory('brand-x')
    ).length;
    await sync.run(itsm);
    // Six pages of three, 20 seconds apart: the count moves on while the run goes (every 30
    // seconds), not with every page. (Each page is asked for while the one before is stored.)
    expect(openCounts).toHaveLength(6);
    expect(openCounts).toEqual([...openCounts].sort((a, b) => a - b));
    expect(openCounts.some(c => c > 0 && c < 18)).toBe(true);
    expect(new Set(openCounts).size).toBeLessThan(openCounts.length);
    expect((await service('brand-x')).openIncidentCount).toBe(18);
    expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([]);
    expect(
      (await socialMedia.stores.guardianship.getRiskHistory('brand-x')).length,
    ).toBeGreaterThanOrEqual(ratingsBefore);
  });

  it('rates every service a run touched when they fill several units of rating', async () => {
    // More services than one unit of rating takes (1,000): three units at the run's end.
    const count = 2_100;
    const input = (n: number) =>
      socialServiceInputSchema.parse({
        name: `Regional account ${n}`,
        platform: 'x',
        handle: `@region${n}`,
        purpose: 'Stories',
        businessUnit: 'Marketing',
        ownerGroup: 'group:default/marketing',
        itsm: { system: 'servicenow', reference: `Region ${n}` },
      });
    await socialMedia.catalogue.importServices(
      Array.from({ length: count }, (_, i) => ({
        row: i + 1,
        input: { ...input(i + 1), id: `region-${i + 1}` },
      })),
      OWNER,
      { dryRun: false },
    );
    const large = new FakeItsm(1000);
    for (let n = 1; n <= count; n++) {
      large.put(String(n), `Region ${n}`, { updatedAt: at(n % 60) });
    }
    expect(await sync.run(large)).toEqual({ incidents: count });
    expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([]);
    const withOpenIncidents = await socialMedia.catalogue.listServices({
      hasOpenIncidents: true,
      limit: 1,
      offset: 0,
    });
    expect(withOpenIncidents.totalCount).toBe(count);
    for (const id of [
      'region-1',
      'region-1000',
      'region-2001',
      'region-2100',
    ]) {
      expect((await service(id)).openIncidentCount).toBe(1);
    }
    expect((await service('brand-x')).openIncidentCount).toBe(0);
  });

  it('rates the services of the pages stored before a run failed, and those a stopped backend left', async () => {
    for (let n = 1; n <= 5; n++) {
      itsm.put(String(n), 'Brand X account', { updatedAt: at(n) });
    }
    itsm.failOnPage = 2;
    await expect(sync.run(itsm)).rejects.toThrow('503');
    expect((await service('brand-x')).openIncidentCount).toBe(3);

    // A backend that stopped after storing a page, before rating its services.
    await socialMedia.writes.run(OWNER, unit =>
      storeIncidentPage(unit, 'servicenow', {
        incidents: [
          toIncidentRecord({
            serviceId: 'careers',
            externalId: '50',
            number: 'INC0000050',
            title: 'Account locked',
            priority: '2 - High',
            state: 'New',
            openedAt: at(40),
            updatedAt: at(40),
            url: 'https://itsm.example.com/incident/50',
          }),
        ],
        cursor: 'elsewhere',
        mappingsHash: 'mappings',
      }),
    );
    expect((await service('careers')).openIncidentCount).toBe(0);
    expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([
      'careers',
    ]);
    itsm.failOnPage = undefined;
    await sync.run(itsm);
    expect((await service('careers')).openIncidentCount).toBe(1);
    expect((await service('brand-x')).openIncidentCount).toBe(5);
    expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([]);
  });

  it('rates, after each batch of pages, the services earlier batches left due and it does not name', async () => {
    const store = (...incidents: IncidentRecord[]) =>
      storeIncidentBatch(
        work => socialMedia.writes.run(OWNER, work),
        'servicenow',
        {
          incidents,
          cursor: `after ${incidents[0].externalId}`,
          mappingsHash: 'mappings',
        },
      );
    // Brand X's incidents first: its count waits, as the next page may bring more of them.
    expect(await store(incident('brand-x', 1), incident('brand-x', 2))).toEqual(
      { stored: 2, changedIds: [] },
    );
    expect(await store(incident('brand-x', 3))).toEqual({
      stored: 1,
      changedIds: [],
    });
    expect((await service('brand-x')).openIncidentCount).toBe(0);

    // A page of another service's incidents: Brand X is rated with it, named for the
    // announcement; the careers account waits in its turn.
    expect(await store(incident('careers', 4))).toEqual({
      stored: 1,
      changedIds: expect.arrayContaining(['brand-x']),
    });
    expect((await service('brand-x')).openIncidentCount).toBe(3);
    expect((await service('careers')).openIncidentCount).toBe(0);
    expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([
      'careers',
    ]);

    // Named again by a later page, Brand X is due again and counted again.
    await store(incident('brand-x', 5));
    expect((await service('careers')).openIncidentCount).toBe(1);
    expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([
      'brand-x',
    ]);
    await socialMedia.writes.run(OWNER, unit => rateDueServices(unit, 10));
    expect((await service('brand-x')).openIncidentCount).toBe(4);
  });

  describe('a rating and a page that name the same service, at the same time', () => {
    const storePage = (
      unit: Parameters<typeof storeIncidentPage>[0],
      n: number,
    ) =>
      storeIncidentPage(unit, 'servicenow', {
        incidents: [incident('brand-x', n)],
        cursor: `after ${n}`,
        mappingsHash: 'mappings',
      });
    /** A promise and the function that settles it: holds a unit of work open until called. */
    const gate = () => {
      let open = () => {};
      const opened = new Promise<void>(resolve => {
        open = resolve;
      });
      return { open, opened };
    };
    /** Until `promise` has been waiting on a lock for a moment (it cannot settle before). */
    const blocked = async (promise: Promise<unknown>) => {
      let settled = false;
      promise
        .finally(() => {
          settled = true;
        })
        .catch(() => undefined);
      await new Promise(resolve => setTimeout(resolve, 300));
      return !settled;
    };

    it('counts the incidents of a batch written while it waits for the service', async () => {
      await socialMedia.writes.run(OWNER, unit => storePage(unit, 1));
      // The next batch names the same service and is not committed yet.
      const held = gate();
      const writing = socialMedia.writes.run(OWNER, async unit => {
        await storePage(unit, 2);
        await held.opened;
      });
      await new Promise(resolve => setTimeout(resolve, 100));
      const rating = socialMedia.writes.run(OWNER, unit =>
        rateDueServices(unit, 10),
      );
      expect(await blocked(rating)).toBe(true);
      held.open();
      await writing;
      await rating;
      expect((await service('brand-x')).openIncidentCount).toBe(2);
      expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([]);
    });

    it('leaves the service due when a batch naming it is written after the rating took it', async () => {
      await socialMedia.writes.run(OWNER, unit => storePage(unit, 1));
      const held = gate();
      const rating = socialMedia.writes.run(OWNER, async unit => {
        const rated = await rateDueServices(unit, 10);
        await held.opened;
        return rated;
      });
      await new Promise(resolve => setTimeout(resolve, 100));
      const writing = socialMedia.writes.run(OWNER, unit => storePage(unit, 2));
      expect(await blocked(writing)).toBe(true);
      held.open();
      await rating;
      await writing;
      // Rated before the second batch: one incident counted, the service due again.
      expect((await service('brand-x')).openIncidentCount).toBe(1);
      expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([
        'brand-x',
      ]);
      await socialMedia.writes.run(OWNER, unit => rateDueServices(unit, 10));
      expect((await service('brand-x')).openIncidentCount).toBe(2);
    });

    it('stores and rates every service of a run of several batches', async () => {
      // More incidents than one write of the sync takes on either database.
      const count = 21_000;
      const large = new FakeItsm(1000);
      for (let n = 1; n <= count; n++) {
        large.put(String(n), n % 2 ? 'Brand X account' : 'Careers LinkedIn', {
          updatedAt: at(n % 60),
        });
      }
      expect(await sync.run(large)).toEqual({ incidents: count });
      expect(await socialMedia.stores.incidents.listRatingDue(10)).toEqual([]);
      expect((await service('brand-x')).openIncidentCount).toBe(count / 2);
      expect((await service('careers')).openIncidentCount).toBe(count / 2);
    });
  });

  it('continues from its cursor: the next run fetches only what changed', async () => {
    itsm.put('1', 'Brand X account', { updatedAt: at(1) });
    itsm.put('2', 'Brand X account', { updatedAt: at(2) });
    await sync.run(itsm);
    itsm.put('1', 'Brand X account', {
      updatedAt: at(10),
      state: 'Closed',
      resolvedAt: at(10),
    });
    expect(await sync.run(itsm)).toEqual({ incidents: 1 });
    expect((await service('brand-x')).openIncidentCount).toBe(1);
  });

  it('records a failure to store without the database text, which everyone reading the status would see', async () => {
    itsm.put('1', 'Brand X account', { updatedAt: at(1) });
    await knex.schema.dropTable('social_service_incidents');
    await expect(sync.run(itsm)).rejects.toThrow();
    const failed = await statusOf();
    expect(failed.lastError).toMatch(
      /^The incidents could not be stored; an administrator finds the details in the backend log under reference [0-9a-f]{8}$/,
    );
  });

  it("keeps the database planner's view of the incidents current while a run fills the store", async () => {
    const large = new FakeItsm(1000);
    for (let n = 1; n <= 12_000; n++) {
      large.put(String(n), 'Brand X account', {
        updatedAt: new Date(Date.UTC(2026, 10, 20) + n * 1000).toISOString(),
      });
    }
    const incidents = socialMedia.stores.incidents;
    const before = await incidents.plannedIncidentRows();
    expect(await sync.run(large)).toEqual({ incidents: 12_000 });
    const after = await incidents.plannedIncidentRows();
    // Planned for an empty table, each page's lookup would read every stored row. SQLite's
    // planner prefers the index without statistics, and keeps none unless asked.
    const described = (rows: number | undefined) => {
      if (rows === undefined) return 'none kept';
      if (rows < 1000) return 'fewer than 1,000';
      return rows >= 10_000 ? 'at least 10,000' : String(rows);
    };
    expect({ before: described(before), after: described(after) }).toEqual(
      databaseId.startsWith('POSTGRES')
        ? { before: 'fewer than 1,000', after: 'at least 10,000' }
        : { before: 'none kept', after: 'none kept' },
    );
  });

  it('asks the ITSM for nothing more once a run has failed to store', async () => {
    for (let n = 1; n <= 30; n++) {
      itsm.put(String(n), 'Brand X account', { updatedAt: at(n) });
    }
    // A slow ITSM: every page is written as it comes.
    itsm.onPage = () => clock.advanceMs(3000);
    itsm.answerAfterMs = 20;
    await knex.schema.dropTable('social_service_incidents');
    await expect(sync.run(itsm)).rejects.toThrow();
    const servedWhenItEnded = itsm.pagesServed;
    // Pages asked for ahead are still on their way: they must not ask for the next ones.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(itsm.pagesServed).toBe(servedWhenItEnded);
    // Pages read ahead of the failed write, at most: not the other pages of the ITSM.
    expect(servedWhenItEnded).toBeLessThan(10);
  });

  it('loses nothing and duplicates nothing when a run fails half way and the next resumes', async () => {
    for (let n = 1; n <= 10; n++) {
      itsm.put(String(n), 'Brand X account', { updatedAt: at(n) });
    }
    itsm.failOnPage = 3;
    await expect(sync.run(itsm)).rejects.toThrow('503');
    const failed = await statusOf();
    expect(failed).toMatchObject({
      lastError: 'ServiceNow answered 503 Service Unavailable',
      incidentsLastRun: 6,
    });
    expect(failed.lastSuccessAt).toBeUndefined();
    expect((await incidentsOf('brand-x', true)).length).toBe(6);

    itsm.failOnPage = undefined;
    expect(await sync.run(itsm)).toEqual({ incidents: 4 });
    const stored = await incidentsOf('brand-x', true);
    expect(stored.map(i => i.externalId).sort()).toEqual(
      [...itsm.incidents.keys()].sort(),
    );
  });

  it('a page stored twice, or an older copy of an incident, changes nothing', async () => {
    itsm.put('1', 'Brand X account', {
      updatedAt: at(5),
      state: 'Resolved',
      resolvedAt: at(5),
    });
    await sync.run(itsm);
    const stale = {
      serviceId: 'brand-x',
      externalId: '1',
      number: 'INC0000001',
      title: 'Scheduled post went out twice',
      priority: '3 - Moderate',
      state: 'New',
      openedAt: at(1),
      updatedAt: at(1),
      url: 'https://itsm.example.com/incident/1',
    };
    const result = await socialMedia.writes.run(OWNER, unit =>
      linkIncidents(unit, 'servicenow', [stale, stale]),
    );
    expect(result.stored).toBe(0);
    const [kept] = await incidentsOf('brand-x', true);
    expect(kept).toMatchObject({ state: 'Resolved', open: false });
  });

  it('a new mapping starts a full sync, so the older incidents of that service come too', async () => {
    itsm.put('1', 'Brand X account', { updatedAt: at(1) });
    itsm.put('2', 'Careers LinkedIn', { updatedAt: at(2) });
    itsm.put('3', 'Brand X account', { updatedAt: at(3) });
    // Only Brand X is mapped at first.
    const mapTo = async (reference?: string) => {
      const current = await service('careers');
      await socialMedia.catalogue.updateService(
        'careers',
        socialServiceUpdateSchema.parse({
          name: current.name,
          platform: current.platform,
          handle: current.handle,
          purpose: current.purpose,
          businessUnit: current.businessUnit,
          ownerGroup: current.ownerGroup,
          audienceSize: current.audienceSize,
          controls: current.controls,
          ...(reference ? { itsm: { system: 'servicenow', reference } } : {}),
          version: current.version,
        }),
        OWNER,
      );
    };
    await mapTo(undefined);
    await sync.run(itsm);
    expect((await service('careers')).openIncidentCount).toBe(0);
    await mapTo('Careers LinkedIn');
    await sync.run(itsm);
    expect((await service('careers')).openIncidentCount).toBe(1);
  });

  it('a recent security incident raises the rating, recorded as caused by an incident', async () => {
    expect((await service('brand-x')).riskRating).toBe('low');
    itsm.put('1', 'Brand X account', {
      updatedAt: at(1),
      title: 'Suspected account takeover: password reset e-mails',
      category: 'Security',
    });
    await sync.run(itsm);
    const rated = await service('brand-x');
    // Likelihood 3 points (level 2) × impact level 3 (200,000 followers on X).
    expect(rated.riskRating).toBe('medium');
    expect(
      rated.risk!.factors.find(f => f.id === 'security-incidents'),
    ).toMatchObject({ value: '1 incident', contribution: 3 });
    expect(
      (await socialMedia.stores.guardianship.getRiskHistory('brand-x'))[0],
    ).toMatchObject({
      trigger: 'incident',
      previousRating: 'low',
      rating: 'medium',
    });
  });

  describe('several services mapped to the same ITSM record', () => {
    /** Brand Instagram, filed in the ITSM against the same record as Brand X. */
    const addBrandInstagram = async () => {
      await createMappedService(socialMedia.catalogue, {
        id: 'brand-instagram',
        platform: 'instagram',
        handle: 'brandx',
        reference: 'Brand X account',
      });
      await socialMedia.forgetAnnouncements();
    };
    const remap = async (id: string, reference: string) => {
      const current = await service(id);
      await socialMedia.catalogue.updateService(
        id,
        socialServiceUpdateSchema.parse({
          name: current.name,
          platform: current.platform,
          handle: current.handle,
          purpose: current.purpose,
          businessUnit: current.businessUnit,
          ownerGroup: current.ownerGroup,
          audienceSize: current.audienceSize,
          controls: current.controls,
          itsm: { system: 'servicenow', reference },
          version: current.version,
        }),
        OWNER,
      );
    };
    const linked = async (id: string) =>
      (await incidentsOf(id, true)).map(i => i.externalId).sort();
    const securityFactor = async (id: string) =>
      (await service(id)).risk!.factors.find(f => f.id === 'security-incidents')
        ?.value;
    const rows = async () =>
      (
        await knex('social_service_incidents')
          .orderBy('external_id')
          .orderBy('service_id')
          .select('external_id', 'service_id')
      ).map(r => `${r.external_id} ${r.service_id}`);

    it('gives the incident to each of them, with its own open count and rating', async () => {
      await addBrandInstagram();
      itsm.put('1', 'Brand X account', {
        updatedAt: at(1),
        title: 'Suspected account takeover: password reset e-mails',
        category: 'Security',
      });
      itsm.put('2', 'Brand X account', { updatedAt: at(2) });
      itsm.put('3', 'Careers LinkedIn', { updatedAt: at(3) });

      expect(await sync.run(itsm)).toEqual({ incidents: 5 });
      expect(await linked('brand-x')).toEqual(['1', '2']);
      expect(await linked('brand-instagram')).toEqual(['1', '2']);
      expect(await linked('careers')).toEqual(['3']);
      for (const id of ['brand-x', 'brand-instagram']) {
        const rated = await service(id);
        expect([id, rated.openIncidentCount, rated.riskRating]).toEqual([
          id,
          2,
          'medium',
        ]);
        expect(await securityFactor(id)).toBe('1 incident');
        expect(
          (await socialMedia.stores.guardianship.getRiskHistory(id))[0],
        ).toMatchObject({ trigger: 'incident', rating: 'medium' });
      }
      expect((await service('careers')).riskRating).toBe('low');
      expect((await announced()).flat()).toEqual(
        expect.arrayContaining(['brand-x', 'brand-instagram', 'careers']),
      );

      // Resolved in the ITSM: both services count one open incident less.
      itsm.put('2', 'Brand X account', {
        updatedAt: at(20),
        state: 'Resolved',
        resolvedAt: at(20),
      });
      expect(await sync.run(itsm)).toEqual({ incidents: 2 });
      expect((await service('brand-x')).openIncidentCount).toBe(1);
      expect((await service('brand-instagram')).openIncidentCount).toBe(1);
      const [resolved] = (await incidentsOf('brand-instagram', true)).filter(
        i => i.externalId === '2',
      );
      expect(resolved).toMatchObject({ state: 'Resolved', open: false });
    });

    it('takes the incident from the service at once when its record moves to another one', async () => {
      itsm.put('1', 'Brand X account', {
        updatedAt: at(1),
        title: 'Suspected account takeover: password reset e-mails',
        category: 'Security',
      });
      await sync.run(itsm);
      expect((await service('brand-x')).riskRating).toBe('medium');
      const { lastFullSyncAt } = await statusOf();
      await socialMedia.forgetAnnouncements();

      // Filed against the Careers record now: an incremental run, no full sync needed.
      itsm.put('1', 'Careers LinkedIn', { updatedAt: at(30) });
      clock.advanceMs(60_000);
      expect(await sync.run(itsm)).toEqual({ incidents: 1 });
      expect(await linked('brand-x')).toEqual([]);
      expect(await linked('careers')).toEqual(['1']);
      const brand = await service('brand-x');
      expect([brand.openIncidentCount, brand.riskRating]).toEqual([0, 'low']);
      expect(await securityFactor('brand-x')).toBe('0 incidents');
      expect(
        (await socialMedia.stores.guardianship.getRiskHistory('brand-x'))[0],
      ).toMatchObject({
        trigger: 'incident',
        previousRating: 'medium',
        rating: 'low',
      });
      expect((await service('careers')).openIncidentCount).toBe(1);
      expect(await securityFactor('careers')).toBe('1 incident');
      expect((await announced()).flat()).toEqual(
        expect.arrayContaining(['brand-x', 'careers']),
      );
      expect((await statusOf()).lastFullSyncAt).toBe(lastFullSyncAt);
    });

    it('leaves no copy behind when one of the services is mapped elsewhere, nor of incidents the ITSM deleted', async () => {
      await addBrandInstagram();
      for (let n = 1; n <= 4; n++) {
        itsm.put(String(n), 'Brand X account', { updatedAt: at(n) });
      }
      itsm.put('5', 'Careers LinkedIn', { updatedAt: at(5) });
      await sync.run(itsm);
      expect(await linked('brand-instagram')).toEqual(['1', '2', '3', '4']);

      // Brand Instagram's incidents are filed against the Careers record from now on, and one
      // incident of Brand X's record was deleted in the ITSM.
      await remap('brand-instagram', 'Careers LinkedIn');
      itsm.incidents.delete('4');
      clock.advanceMs(60_000);
      await sync.run(itsm);

      expect(await linked('brand-x')).toEqual(['1', '2', '3']);
      expect(await linked('brand-instagram')).toEqual(['5']);
      expect(await linked('careers')).toEqual(['5']);
      expect(await rows()).toEqual([
        '1 brand-x',
        '2 brand-x',
        '3 brand-x',
        '5 brand-instagram',
        '5 careers',
      ]);
      expect((await service('brand-x')).openIncidentCount).toBe(3);
      expect((await service('brand-instagram')).openIncidentCount).toBe(1);
      expect((await statusOf()).lastFullSyncAt).toBe(clock.now().toISOString());
    });

    it('writes nothing the second time a page is stored, or read again by the overlap', async () => {
      await addBrandInstagram();
      itsm.put('1', 'Brand X account', { updatedAt: at(1) });
      itsm.put('2', 'Careers LinkedIn', { updatedAt: at(2) });
      const page = await itsm.listIncidentsChangedSince({
        mappings: await socialMedia.stores.services.listItsmMappings(
          'servicenow',
        ),
      });
      expect(
        page.incidents.map(i => `${i.externalId} ${i.serviceId}`).sort(),
      ).toEqual(['1 brand-instagram', '1 brand-x', '2 careers']);
      const store = () =>
        socialMedia.writes.run(OWNER, unit =>
          storeIncidentPage(unit, 'servicenow', {
            incidents: page.incidents.map(toIncidentRecord),
            cursor: page.nextCursor,
            mappingsHash: 'mappings',
          }),
        );
      // The page notes its services as due to be rated; they are rated once, after it.
      expect(await store()).toEqual({
        stored: 3,
        dueIds: expect.arrayContaining([
          'brand-x',
          'brand-instagram',
          'careers',
        ]),
      });
      expect(
        await socialMedia.writes.run(OWNER, unit => rateDueServices(unit, 10)),
      ).toEqual({
        due: 3,
        changedIds: expect.arrayContaining([
          'brand-x',
          'brand-instagram',
          'careers',
        ]),
      });
      const before = await knex('social_service_incidents')
        .orderBy(['external_id', 'service_id'])
        .select('external_id', 'service_id', 'fingerprint', 'seen_at');
      const history = (
        await socialMedia.stores.guardianship.getRiskHistory('brand-instagram')
      ).length;
      await socialMedia.forgetAnnouncements();

      // Served twice, and within a run's overlap, also listed twice in one page.
      expect(await store()).toEqual({ stored: 0, dueIds: [] });
      expect(
        await socialMedia.writes.run(OWNER, unit =>
          linkIncidents(unit, 'servicenow', [
            ...page.incidents.map(toIncidentRecord),
            ...page.incidents.map(toIncidentRecord),
          ]),
        ),
      ).toEqual({ stored: 0, changedIds: [], dueIds: [] });
      expect(
        await knex('social_service_incidents')
          .orderBy(['external_id', 'service_id'])
          .select('external_id', 'service_id', 'fingerprint', 'seen_at'),
      ).toEqual(before);
      expect(
        await socialMedia.stores.guardianship.getRiskHistory('brand-instagram'),
      ).toHaveLength(history);
      expect(await announced()).toEqual([]);

      // A whole sync over the same incidents stores none of them again either.
      expect(await sync.run(itsm)).toEqual({ incidents: 0 });
      expect(await rows()).toEqual([
        '1 brand-instagram',
        '1 brand-x',
        '2 careers',
      ]);
    });
  });

  describe('full sync', () => {
    const hours = (n: number) => n * 60 * 60 * 1000;
    const fullSyncEvery = (ms: number) =>
      new ItsmSync({
        services: socialMedia.stores.services,
        incidents: socialMedia.stores.incidents,
        writes: socialMedia.writes,
        connectors: () => [itsm],
        logger: mockServices.logger.mock(),
        announce: async serviceIds =>
          socialMedia.announcer.announceIds(serviceIds),
        clock,
        fullSyncIntervalMs: ms,
      });
    const linked = async (id: string) =>
      (await incidentsOf(id, true)).map(i => i.externalId).sort();

    it('removes incidents the ITSM no longer lists at the next full sync, not before', async () => {
      const daily = fullSyncEvery(hours(24));
      itsm.put('1', 'Brand X account', { updatedAt: at(1) });
      itsm.put('2', 'Brand X account', { updatedAt: at(2) });
      itsm.put('3', 'Careers LinkedIn', { updatedAt: at(3) });
      await daily.run(itsm);
      expect(await linked('brand-x')).toEqual(['1', '2']);
      const first = await statusOf();
      expect(first.lastFullSyncAt).toBe(clock.now().toISOString());

      // Deleted in the ITSM, and one moved to a record no service is mapped to.
      itsm.incidents.delete('2');
      itsm.put('3', 'Somebody else’s service', { updatedAt: at(20) });
      clock.advanceMs(hours(1));
      await daily.run(itsm);
      // An incremental run cannot tell what is gone.
      expect(await linked('brand-x')).toEqual(['1', '2']);
      expect(await linked('careers')).toEqual(['3']);

      clock.advanceMs(hours(24));
      await socialMedia.forgetAnnouncements();
      await daily.run(itsm);
      expect(await linked('brand-x')).toEqual(['1']);
      expect(await linked('careers')).toEqual([]);
      expect((await service('brand-x')).openIncidentCount).toBe(1);
      expect((await service('careers')).openIncidentCount).toBe(0);
      expect((await announced()).flat()).toEqual(
        expect.arrayContaining(['brand-x', 'careers']),
      );
      const status = await statusOf();
      expect(status.lastFullSyncAt).toBe(clock.now().toISOString());
    });

    it('removes at the next full sync the copies of a service deleted by hand in the database', async () => {
      const daily = fullSyncEvery(hours(24));
      itsm.put('1', 'Brand X account', { updatedAt: at(1) });
      itsm.put('2', 'Careers LinkedIn', { updatedAt: at(2) });
      await daily.run(itsm);
      // Not through the catalogue: its copies stay behind (the table has no foreign key).
      await knex('social_services').where({ id: 'careers' }).delete();
      const copies = () =>
        knex('social_service_incidents')
          .orderBy('external_id')
          .pluck('service_id');
      expect(await copies()).toEqual(['brand-x', 'careers']);

      clock.advanceMs(hours(25));
      await daily.run(itsm);
      expect(await copies()).toEqual(['brand-x']);
      expect((await service('brand-x')).openIncidentCount).toBe(1);
    });

    it('removes nothing when a full sync stops half way, and finishes it on the next run', async () => {
      const daily = fullSyncEvery(hours(24));
      for (let n = 1; n <= 9; n++) {
        itsm.put(String(n), 'Brand X account', { updatedAt: at(n) });
      }
      await daily.run(itsm);
      itsm.incidents.delete('9');
      clock.advanceMs(hours(25));
      itsm.failOnPage = itsm.pagesServed + 2;
      await expect(daily.run(itsm)).rejects.toThrow('503');
      // Pages 4 to 9 were not read again yet: nothing may go.
      expect(await linked('brand-x')).toHaveLength(9);

      itsm.failOnPage = undefined;
      clock.advanceMs(hours(1));
      await daily.run(itsm);
      expect(await linked('brand-x')).toEqual(
        ['1', '2', '3', '4', '5', '6', '7', '8'].sort(),
      );
    });

    it('keeps an incident reported from the portal while a full sync is running', async () => {
      const daily = fullSyncEvery(hours(24));
      for (let n = 1; n <= 6; n++) {
        itsm.put(String(n), 'Brand X account', { updatedAt: at(n) });
      }
      itsm.failOnPage = 2;
      await expect(daily.run(itsm)).rejects.toThrow('503');
      // Raised in the ITSM after the pass listed its first page.
      await socialMedia.writes.run(OWNER, unit =>
        linkIncidents(unit, 'servicenow', [
          {
            serviceId: 'brand-x',
            externalId: 'reported',
            number: 'INC0099999',
            title: 'Suspected account takeover',
            priority: '2 - High',
            state: 'New',
            openedAt: at(40),
            updatedAt: at(40),
            url: 'https://itsm.example.com/incident/reported',
          },
        ]),
      );
      itsm.failOnPage = undefined;
      clock.advanceMs(hours(1));
      await daily.run(itsm);
      expect(await linked('brand-x')).toContain('reported');
      expect(await linked('brand-x')).toHaveLength(7);
    });

    it('unlinks every incident when no service is mapped to the ITSM any more', async () => {
      const daily = fullSyncEvery(hours(24));
      itsm.put('1', 'Brand X account', { updatedAt: at(1) });
      await daily.run(itsm);
      expect(await linked('brand-x')).toEqual(['1']);
      for (const id of ['brand-x', 'careers']) {
        const current = await service(id);
        await socialMedia.catalogue.updateService(
          id,
          socialServiceUpdateSchema.parse({
            name: current.name,
            platform: current.platform,
            handle: current.handle,
            purpose: current.purpose,
            businessUnit: current.businessUnit,
            ownerGroup: current.ownerGroup,
            audienceSize: current.audienceSize,
            controls: current.controls,
            version: current.version,
          }),
          OWNER,
        );
      }
      clock.advanceMs(hours(1));
      await daily.run(itsm);
      expect(await linked('brand-x')).toEqual([]);
      expect((await service('brand-x')).openIncidentCount).toBe(0);
    });
  });
});

describe('toIncidentRecord', () => {
  const incident = {
    serviceId: 'brand-x',
    externalId: 'a1',
    number: 'INC1',
    title: 'Login refused',
    priority: '2',
    state: 'New',
    url: 'https://itsm.example/INC1',
  };

  it('keeps every time in UTC ISO form, whatever form the connector delivered', () => {
    const record = toIncidentRecord({
      ...incident,
      openedAt: '2026-11-20T10:00:05+01:00',
      updatedAt: '2026-11-20T10:00:05.123Z',
      resolvedAt: '2026-01-31T23:59:59Z',
    });
    expect(record.openedAt).toBe('2026-11-20T09:00:05.000Z');
    expect(record.updatedAt).toBe('2026-11-20T10:00:05.123Z');
    expect(record.resolvedAt).toBe('2026-01-31T23:59:59.000Z');
  });

  it('reads a day its month does not have as a Date does, not as it was written', () => {
    const record = toIncidentRecord({
      ...incident,
      openedAt: '2026-02-30T10:00:00.000Z',
      updatedAt: '2026-02-28T10:00:00.000Z',
    });
    expect(record.openedAt).toBe(
      new Date('2026-02-30T10:00:00.000Z').toISOString(),
    );
    expect(record.openedAt).not.toBe('2026-02-30T10:00:00.000Z');
    expect(record.updatedAt).toBe('2026-02-28T10:00:00.000Z');
  });
});
