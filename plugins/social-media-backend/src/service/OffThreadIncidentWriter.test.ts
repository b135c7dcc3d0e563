import { mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_RISK_MODEL,
  socialServiceUpdateSchema,
} from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  ItsmIncident,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { placeholderDescription } from '../__testUtils__/connectorDescription';
import {
  createMappedServices,
  MAPPED_SERVICES_OWNER,
} from '../__testUtils__/itsmMappedServices';
import {
  createTestSocialMedia,
  TestClock,
} from '../__testUtils__/testSocialMedia';
import { DEFAULT_GUARDIANSHIP_POLICY } from '../domain/guardianship';
import { ItsmSync } from './ItsmSync';
import { OffThreadIncidentWriter } from './OffThreadIncidentWriter';

jest.setTimeout(120_000);

const OWNER = MAPPED_SERVICES_OWNER;
const PAGE_SIZE = 1000;

/**
 * An ITSM with `count` incidents on two records (by default every other one on each), served
 * oldest change first, a thousand a page, each page after the last incident of the one before.
 */
class GeneratedItsm implements ItsmConnector {
  readonly id = 'servicenow';
  readonly description = placeholderDescription('servicenow');
  readonly incidents: Array<ItsmIncident & { reference: string }> = [];

  constructor(
    count: number,
    referenceOf = (n: number) =>
      n % 2 === 0 ? 'Brand X account' : 'Careers LinkedIn',
  ) {
    for (let n = 0; n < count; n++) {
      const at = new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString();
      this.incidents.push({
        externalId: `inc-${String(n).padStart(6, '0')}`,
        number: `INC${String(n).padStart(7, '0')}`,
        title: `Post scheduled twice, ${n}`,
        priority: '3 - Moderate',
        // Every third one resolved.
        state: n % 3 === 0 ? 'Resolved' : 'In Progress',
        ...(n % 3 === 0 ? { resolvedAt: at } : {}),
        openedAt: at,
        updatedAt: at,
        url: `https://itsm.example.com/incident/${n}`,
        serviceId: '',
        reference: referenceOf(n),
      });
    }
  }

  async listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
  }) {
    const serviceOf = new Map(
      options.mappings.map(m => [m.itsmReference, m.serviceId]),
    );
    const after = options.cursor ?? '';
    const key = (i: ItsmIncident) => `${i.updatedAt}|${i.externalId}`;
    const changes = this.incidents
      .filter(i => serviceOf.has(i.reference) && key(i) > after)
      .sort((a, b) => key(a).localeCompare(key(b)));
    const page = changes.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    return {
      incidents: page.map(({ reference, ...i }) => ({
        ...i,
        serviceId: serviceOf.get(reference)!,
      })),
      nextCursor: last ? `${last.updatedAt}|${last.externalId}` : after,
      done: changes.length <= PAGE_SIZE,
    };
  }

  /** Resolves the `n`th incident, a day after it was opened. */
  resolve(n: number) {
    const incident = this.incidents[n];
    incident.state = 'Resolved';
    incident.resolvedAt = new Date(
      Date.parse(incident.openedAt) + 24 * 60 * 60 * 1000,
    ).toISOString();
    incident.updatedAt = incident.resolvedAt;
  }

  async getIncident() {
    return undefined;
  }

  async createIncident(): Promise<ItsmIncident> {
    throw new Error('not used here');
  }
}

describe('the ITSM sync on a SQLite file', () => {
  let dir: string;
  let file: string;
  let knex: Knex;
  let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;
  let itsm: GeneratedItsm;
  let stores: jest.SpyInstance;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'social-media-thread-'));
    file = path.join(dir, 'social-media.sqlite');
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
    stores = jest.spyOn(OffThreadIncidentWriter.prototype, 'store');
    itsm = new GeneratedItsm(4500);
    socialMedia = await createTestSocialMedia(knex, {
      clock: new TestClock(new Date('2026-11-25T12:00:00.000Z')),
      connectors: [itsm],
    });
    await createMappedServices(socialMedia.catalogue);
  });

  afterEach(async () => {
    stores.mockRestore();
    await socialMedia.close();
    await knex.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const storedRows = () =>
    knex('social_service_incidents')
      .select('service_id', 'external_id', 'state', 'is_open')
      .orderBy('external_id');

  it('stores the pages on a thread of its own, every incident as on the backend’s thread', async () => {
    expect(await socialMedia.itsmSync.run(itsm)).toEqual({ incidents: 4500 });

    // The pages went to the thread, which stored them all.
    expect(stores).toHaveBeenCalled();
    const storedByThread = await Promise.all(
      stores.mock.results.map(r => r.value as Promise<{ stored: number }>),
    );
    expect(storedByThread.reduce((sum, r) => sum + r.stored, 0)).toBe(4500);
    expect(threadId).toBe(0);

    const rows = await storedRows();
    expect(rows).toHaveLength(4500);
    expect(rows[1]).toMatchObject({
      service_id: 'careers',
      external_id: 'inc-000001',
      state: 'In Progress',
    });
    // Open counts and ratings were worked out from what the thread stored.
    const open = (id: string) =>
      socialMedia.catalogue.getService(id).then(s => s.openIncidentCount);
    expect(await open('brand-x')).toBe(1500);
    expect(await open('careers')).toBe(1500);
    const status = (await socialMedia.itsmSync.statuses(['servicenow']))[0];
    expect(status).toMatchObject({ incidentsLastRun: 4500 });
    expect(status.lastError).toBeUndefined();

    // A second run finds the cursor the thread saved: nothing is new.
    stores.mockClear();
    expect(await socialMedia.itsmSync.run(itsm)).toEqual({ incidents: 0 });
    // A run of a few changes is stored on the backend's thread, and starts no other.
    const prepares = jest.spyOn(OffThreadIncidentWriter.prototype, 'prepare');
    for (const n of [4, 5, 7]) itsm.resolve(n);
    expect(await socialMedia.itsmSync.run(itsm)).toEqual({ incidents: 3 });
    expect(await open('brand-x')).toBe(1499);
    expect(await open('careers')).toBe(1498);
    expect(stores).not.toHaveBeenCalled();
    expect(prepares).not.toHaveBeenCalled();
    prepares.mockRestore();
  });

  it('rates on the thread the services earlier batches left, and names them to the catalog', async () => {
    // Brand X's 5,000 incidents fill the first batch; the careers page's batch rates Brand X.
    itsm = new GeneratedItsm(6000, n =>
      n < 5000 ? 'Brand X account' : 'Careers LinkedIn',
    );
    await socialMedia.forgetAnnouncements();
    expect(await socialMedia.itsmSync.run(itsm)).toEqual({ incidents: 6000 });
    const outcomes = await Promise.all(
      stores.mock.results.map(
        r => r.value as Promise<{ stored: number; changedIds: string[] }>,
      ),
    );
    expect(outcomes.map(o => o.stored)).toEqual([5000, 1000]);
    expect(outcomes[0].changedIds).toEqual([]);
    expect(outcomes[1].changedIds).toContain('brand-x');
    const open = (id: string) =>
      socialMedia.catalogue.getService(id).then(s => s.openIncidentCount);
    expect(await open('brand-x')).toBe(3333);
    expect(await open('careers')).toBe(667);
    expect(
      new Set((await socialMedia.announcements()).flatMap(e => e.serviceIds)),
    ).toEqual(new Set(['brand-x', 'careers']));
  });

  it('lets people change services while the thread writes', async () => {
    let ended = false;
    const run = socialMedia.itsmSync.run(itsm).finally(() => {
      ended = true;
    });
    // An IT service owner edits the service again and again until the sync ends.
    let edits = 0;
    while (!ended) {
      const current = await socialMedia.catalogue.getService('brand-x');
      await socialMedia.catalogue.updateService(
        'brand-x',
        socialServiceUpdateSchema.parse({
          name: current.name,
          platform: current.platform,
          handle: current.handle,
          purpose: `Stories, edit ${edits + 1}`,
          businessUnit: current.businessUnit,
          ownerGroup: current.ownerGroup,
          audienceSize: current.audienceSize,
          controls: current.controls,
          itsm: current.itsm,
          version: current.version,
        }),
        OWNER,
      );
      edits += 1;
    }
    expect(await run).toEqual({ incidents: 4500 });
    expect(stores).toHaveBeenCalled();
    expect(edits).toBeGreaterThan(1);
    const after = await socialMedia.catalogue.getService('brand-x');
    expect(after.purpose).toBe(`Stories, edit ${edits}`);
    expect(after.openIncidentCount).toBe(1500);
    expect(await storedRows()).toHaveLength(4500);
  });

  it('stores nothing of a page the database refuses, and the next run goes on from the last page stored', async () => {
    await knex.raw(`create trigger refuse_one before insert on social_service_incidents
      when new.external_id = 'inc-002500'
      begin select raise(abort, 'refused by the test'); end`);

    await expect(socialMedia.itsmSync.run(itsm)).rejects.toMatchObject({
      name: 'SqliteError',
    });
    expect(stores).toHaveBeenCalled();
    const status = (await socialMedia.itsmSync.statuses(['servicenow']))[0];
    expect(status.lastError).toMatch(
      /^The incidents could not be stored; an administrator finds the details in the backend log under reference [0-9a-f]{8}$/,
    );
    // Nothing of the refused batch is stored, and no cursor moved past it.
    const stored = (await storedRows()).length;
    expect(stored).toBeLessThan(2500);

    await knex.raw('drop trigger refuse_one');
    expect(await socialMedia.itsmSync.run(itsm)).toEqual({
      incidents: 4500 - stored,
    });
    expect(await storedRows()).toHaveLength(4500);
  });

  it('fails the run when the thread stops while it stores a page, and the next run stores that page', async () => {
    // Another connection holds SQLite's write lock from the moment the first batch goes to the
    // thread, so the thread is still waiting when the backend shuts down.
    // (Its pool has the one connection, so the transaction begun here stays open on it.)
    const other = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
    const store = OffThreadIncidentWriter.prototype.store;
    stores.mockImplementationOnce(async function holdingTheLock(
      this: OffThreadIncidentWriter,
      ...args: Parameters<typeof store>
    ) {
      await other.raw('begin immediate');
      return store.apply(this, args);
    });
    const run = socialMedia.itsmSync.run(itsm);
    while (stores.mock.calls.length === 0) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    await new Promise(resolve => setTimeout(resolve, 200));
    await socialMedia.close();
    await other.raw('rollback');
    await other.destroy();

    const stopped =
      /^The thread storing ITSM incidents stopped \(exit code \d+\) before the page was stored$/;
    await expect(run).rejects.toThrow(stopped);
    const status = (await socialMedia.itsmSync.statuses(['servicenow']))[0];
    expect(status.lastError).toMatch(stopped);
    expect(await storedRows()).toHaveLength(0);

    expect(await socialMedia.itsmSync.run(itsm)).toEqual({ incidents: 4500 });
    expect(await storedRows()).toHaveLength(4500);
  });

  it('stores the pages on the backend’s thread, saying why once, when the thread cannot start where the backend runs', async () => {
    const logger = mockServices.logger.mock();
    const writer = await OffThreadIncidentWriter.forDatabase(knex, {
      settings: {
        riskModel: DEFAULT_RISK_MODEL,
        policy: DEFAULT_GUARDIANSHIP_POLICY,
      },
      logger,
      // As where a bundler left the thread's module out.
      threadFile: path.join(dir, 'no-such-thread.js'),
    });
    const sync = new ItsmSync({
      services: socialMedia.stores.services,
      incidents: socialMedia.stores.incidents,
      writes: socialMedia.writes,
      connectors: () => [itsm],
      logger,
      announce: async () => undefined,
      clock: socialMedia.clock,
      pageWriter: writer,
    });

    expect(await sync.run(itsm)).toEqual({ incidents: 4500 });
    expect(await storedRows()).toHaveLength(4500);
    expect(
      (await socialMedia.catalogue.getService('careers')).openIncidentCount,
    ).toBe(1500);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The ITSM sync stores incidents on the backend's thread: its SQLite writer thread could not start \(.*no-such-thread\.js/,
      ),
    );
    expect(logger.error).not.toHaveBeenCalled();
    // Later batches go straight to the backend's thread.
    await expect(
      writer!.store(
        'servicenow',
        { incidents: [], cursor: 'x', mappingsHash: 'x' },
        new Date().toISOString(),
      ),
    ).resolves.toBeUndefined();
    await writer!.close();
  });
});
