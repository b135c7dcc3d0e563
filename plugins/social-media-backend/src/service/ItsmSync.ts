import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { ItsmSyncStatus } from '@internal/plugin-social-media-common';
import {
  isCanonicalUtcTimestamp,
  ItsmConnector,
  ItsmIncident,
} from '@internal/plugin-social-media-node';
import { createHash, randomUUID } from 'node:crypto';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { UnitOfWork } from '../changes/UnitOfWork';
import { Clock } from '../domain/clock';
import {
  IncidentRecord,
  newestCopies,
  planIncidentWrites,
  unusableIncidentFields,
} from '../domain/incidentSync';
import { IncidentStore } from '../stores/incidents/IncidentStore';
import { ServiceStore } from '../stores/services/ServiceStore';
import { isDatabaseError } from './databaseErrors';
import { IncidentPageWriter } from './OffThreadIncidentWriter';

/** Who the write path names for the sync's changes (ratings only; the sync audits nothing). */
export const SYNC_ACTOR = 'plugin:social-media/itsm-sync';

/** Services rated again in one unit of work, after the pages that changed their incidents. */
const RATE_BATCH = 1000;

/** Pages waiting for the write are written at least this often, when the ITSM is slow. */
const WRITE_EVERY_MS = 2000;
/** Incidents a run stores before it asks the database to refresh its planner statistics. */
const STATISTICS_AFTER_ROWS = 10_000;
/** Batches of at least this many incidents go to the page writer, when there is one. */
const PAGE_WRITER_FROM = 1000;
/** Incidents a page writer stores in one transaction, at most. */
const PAGE_WRITER_BATCH = 5000;
/** Pages asked for ahead of the one being written. */
const PAGES_AHEAD = 3;

/** Pages one run may take before it stops and leaves the rest to the next run. */
const MAX_PAGES_PER_RUN = 10_000;

/**
 * The services whose incidents changed are rated again, and announced to the catalog projection,
 * at most this often during a run (and at its end). Rating a service counts its incidents: a
 * service with thousands of them would otherwise be counted again on every page that names it.
 * Each announcement of many services makes the projection read the catalogue again, which a page
 * of a thousand incidents would otherwise cause a hundred times in a full sync.
 */
const ANNOUNCE_EVERY_MS = 30_000;

/**
 * A run holds its connector's claim this long past its last renewal; it renews every
 * {@link RENEW_CLAIM_EVERY_MS} while it works, so only a run that stopped (a crashed instance)
 * lets its claim lapse.
 */
export const RUN_LEASE_MS = 2 * 60 * 1000;
const RENEW_CLAIM_EVERY_MS = 20_000;

/** A connector's sync was already running when another run of it was asked for. */
export class SyncAlreadyRunningError extends ConflictError {
  constructor(readonly connectorId: string, readonly runningSince: string) {
    super(
      `The ${connectorId} incident sync is already running (since ${runningSince}); it stores what it finds when it ends`,
    );
  }
}

/** How often a full sync reconciles the store with the ITSM, by default. */
export const DEFAULT_FULL_SYNC_INTERVAL_MS = 24 * 60 * 60 * 1000;

function iso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Most connectors deliver this form already: kept as it is.
  if (isCanonicalUtcTimestamp(value)) return value;
  return new Date(value).toISOString();
}

/** An incident as a connector returns it, as the store keeps it (timestamps in UTC ISO form). */
export function toIncidentRecord(incident: ItsmIncident): IncidentRecord {
  return {
    serviceId: incident.serviceId,
    externalId: incident.externalId,
    number: incident.number,
    title: incident.title,
    priority: incident.priority,
    state: incident.state,
    category: incident.category,
    openedAt: iso(incident.openedAt)!,
    resolvedAt: iso(incident.resolvedAt),
    updatedAt: iso(incident.updatedAt)!,
    url: incident.url,
    ...(Number.isSafeInteger(incident.version)
      ? { version: incident.version }
      : {}),
  };
}

/**
 * Runs the incremental incident sync of the ITSM connectors: for each connector, the services
 * mapped to its ITSM, page after page from the stored cursor, each page stored together with the
 * cursor after it. Stopping anywhere (a crash, a failed page) loses nothing: the next run resumes
 * after the last page stored, and a page stored twice changes nothing.
 */
export class ItsmSync {
  constructor(
    private readonly options: {
      services: ServiceStore;
      incidents: IncidentStore;
      writes: ServiceWritePath;
      connectors: () => ItsmConnector[];
      logger: LoggerService;
      /** Tells the catalog projection which services changed. */
      announce: (serviceIds: string[]) => Promise<void>;
      clock: Clock;
      /**
       * A full sync runs at least this often: it reads every incident of the mapped services
       * again and removes the ones the ITSM no longer lists. Defaults to a day.
       */
      fullSyncIntervalMs?: number;
      /**
       * Stores large batches elsewhere than on the backend's thread (a SQLite file's own
       * thread); without one, every batch is stored through `writes`.
       */
      pageWriter?: IncidentPageWriter;
    },
  ) {}

  /**
   * Syncs every installed connector, one after the other; a failure of one does not stop the
   * others. Rejects with a {@link ConflictError} when a connector's sync was already running,
   * after the others ran.
   */
  async runAll(): Promise<ItsmSyncStatus[]> {
    const connectors = this.options.connectors();
    const running: SyncAlreadyRunningError[] = [];
    for (const connector of connectors) {
      await this.run(connector).catch(error => {
        if (error instanceof SyncAlreadyRunningError) running.push(error);
      });
    }
    if (running.length === 1) throw running[0];
    if (running.length > 1) {
      throw new ConflictError(
        `These incident syncs are already running: ${running
          .map(e => `${e.connectorId} (since ${e.runningSince})`)
          .join(', ')}; they store what they find when they end`,
      );
    }
    return this.statuses(connectors.map(c => c.id));
  }

  /**
   * Syncs one installed connector and none of the others. A failed run is recorded in the status
   * it returns; rejects with a {@link SyncAlreadyRunningError} when its sync was already running,
   * and with a NotFoundError when no connector has this id.
   */
  async runOne(connectorId: string): Promise<ItsmSyncStatus> {
    const connectors = this.options.connectors();
    const connector = connectors.find(c => c.id === connectorId);
    if (!connector) {
      throw new NotFoundError(
        `No ITSM connector '${connectorId}' is installed; installed: ${
          connectors
            .map(c => c.id)
            .sort()
            .join(', ') || 'none'
        }`,
      );
    }
    await this.run(connector).catch(error => {
      if (error instanceof SyncAlreadyRunningError) throw error;
    });
    const [status] = await this.statuses([connector.id]);
    return status;
  }

  /** Where the sync of each connector stands, with the services mapped to its ITSM. */
  async statuses(connectorIds: string[]): Promise<ItsmSyncStatus[]> {
    const [runs, mapped] = await Promise.all([
      this.options.incidents.getSyncRuns(
        connectorIds,
        this.options.clock.now().toISOString(),
      ),
      this.options.services.countItsmMappings(connectorIds),
    ]);
    return runs.map(run => ({
      ...run,
      mappedServices: mapped.get(run.connectorId) ?? 0,
    }));
  }

  /**
   * Syncs one connector; rejects (after recording why) when a page cannot be fetched or stored,
   * and with a {@link SyncAlreadyRunningError} (recording nothing) when its sync already runs,
   * here or on another backend instance.
   */
  async run(
    connector: ItsmConnector,
    signal?: AbortSignal,
  ): Promise<{ incidents: number }> {
    const { incidents: store, clock } = this.options;
    const owner = randomUUID();
    const leaseFrom = () =>
      new Date(clock.now().getTime() + RUN_LEASE_MS).toISOString();
    const claim = await store.claimRun(connector.id, {
      owner,
      at: clock.now().toISOString(),
      leaseUntil: leaseFrom(),
    });
    if (!claim.claimed) {
      throw new SyncAlreadyRunningError(connector.id, claim.runningSince);
    }
    const renewal = setInterval(() => {
      store
        .renewRun(connector.id, { owner, leaseUntil: leaseFrom() })
        .catch(() => undefined);
    }, RENEW_CLAIM_EVERY_MS);
    renewal.unref();
    try {
      return await this.runClaimed(connector, signal);
    } finally {
      clearInterval(renewal);
      await store.releaseRun(connector.id, owner).catch(() => undefined);
    }
  }

  private async runClaimed(
    connector: ItsmConnector,
    signal?: AbortSignal,
  ): Promise<{ incidents: number }> {
    const { incidents: store, services, writes, logger, clock } = this.options;
    const now = () => clock.now().toISOString();
    await store.recordSyncRun(connector.id, { kind: 'started', at: now() });
    const mappings = await services.listItsmMappings(connector.id);
    const mappingsHash = createHash('sha256')
      .update(JSON.stringify(mappings.map(m => [m.serviceId, m.itsmReference])))
      .digest('hex');
    let incidents = 0;
    const changed = new Set<string>();
    let announcedAt = clock.now().getTime();
    const announceDue = () =>
      clock.now().getTime() - announcedAt >= ANNOUNCE_EVERY_MS;
    const announce = async (force: boolean) => {
      if (!force && !announceDue()) return;
      for (;;) {
        const rated = await writes.run(
          SYNC_ACTOR,
          unit => rateDueServices(unit, RATE_BATCH),
          { announce: false },
        );
        rated.changedIds.forEach(id => changed.add(id));
        if (rated.due < RATE_BATCH) break;
      }
      if (changed.size === 0) return;
      const ids = [...changed];
      changed.clear();
      announcedAt = clock.now().getTime();
      await this.options.announce(ids);
    };
    try {
      const state = await store.getSyncState(connector.id);
      const interval =
        this.options.fullSyncIntervalMs ?? DEFAULT_FULL_SYNC_INTERVAL_MS;
      const fullSyncDue =
        !state.fullSyncStartedAt &&
        (!state.lastFullSyncAt ||
          Date.parse(state.lastFullSyncAt) + interval <= Date.parse(now()));
      let cursor = state.cursor;
      let fullSyncStartedAt = state.fullSyncStartedAt;
      // A cursor built for other mappings would miss the older incidents of a new mapping.
      if (!cursor || state.mappingsHash !== mappingsHash || fullSyncDue) {
        fullSyncStartedAt = now();
        cursor = undefined;
        await store.beginFullSync(connector.id, {
          at: fullSyncStartedAt,
          mappingsHash,
        });
      }
      let done = mappings.length === 0;
      // What a run that stopped left to be rated.
      await announce(true);
      const fetchPage = (after: string | undefined, runStart = false) =>
        connector.listIncidentsChangedSince({
          mappings,
          cursor: after,
          signal,
          // The first page reads the connector's overlap before the cursor again.
          ...(runStart ? { runStart } : {}),
        });
      // Pages are asked for ahead of the writes, each after the one before (its cursor), up
      // to PAGES_AHEAD: the ITSM's answer time and the store's writes overlap instead of
      // adding up. Only stored pages move the cursor.
      type Page = Awaited<ReturnType<typeof fetchPage>>;
      const ahead: Array<Promise<Page | undefined>> = [];
      let asked = 0;
      // Once the run has ended (done, stopped or failed), pages still on their way ask for none.
      let ended = false;
      const ask = (after: string | undefined, runStart = false) => {
        asked += 1;
        return fetchPage(after, runStart);
      };
      const askNext = () => {
        const before = ahead[ahead.length - 1];
        const page = before
          ? before.then(previous =>
              !ended && previous && !previous.done && asked < MAX_PAGES_PER_RUN
                ? ask(previous.nextCursor)
                : undefined,
            )
          : ask(cursor, true);
        // A page asked for ahead and never stored (a write failed) must not go unhandled.
        page.catch(() => undefined);
        ahead.push(page);
      };
      // Pages are written together up to a batch of incidents, or as they come when the ITSM
      // is slow: a transaction's commit costs the same for one page as for several. One write
      // runs while the next pages are read and prepared, so the store's time and the ITSM's
      // overlap; writes run one after the other, in the order of the pages, and none starts
      // after one failed (each page's cursor assumes the pages before it are stored).
      // PostgreSQL plans each page's lookup of what is stored from its statistics, which its
      // autovacuum refreshes about once a minute: a first full sync that fills the table in
      // seconds would have its lookups planned for an empty table (every stored row read for each
      // page instead of an index probe per incident). Once analysed with rows in it, the planner
      // knows the table's rows per page and scales its estimate with the table's size on disk,
      // so a run refreshes the statistics only while they describe fewer than 10,000 rows, once
      // it has stored 10,000 (each refresh samples the table: about 0.1 s of the database's time).
      let plannedRows = await store.plannedIncidentRows();
      let storedWhenPlanned = 0;
      const planForTheRows = async () => {
        if (
          plannedRows === undefined ||
          plannedRows >= STATISTICS_AFTER_ROWS ||
          incidents - storedWhenPlanned < STATISTICS_AFTER_ROWS
        ) {
          return;
        }
        await store.refreshIncidentStatistics();
        plannedRows = await store.plannedIncidentRows();
        storedWhenPlanned = incidents;
      };
      // Incidents read from several pages and written in one transaction, at most. A page writer
      // writes beside the reading: smaller batches leave it less to write once the last page came.
      const { pageWriter } = this.options;
      const writeBatch = pageWriter
        ? PAGE_WRITER_BATCH
        : store.syncWriteBatch();
      let batch: IncidentRecord[] = [];
      let batchCursor: string | undefined;
      let writtenAt = clock.now().getTime();
      let writing: Promise<void> = Promise.resolve();
      let writeFailed = false;
      const write = () => {
        if (batchCursor === undefined) return writing;
        const page = { incidents: batch, cursor: batchCursor, mappingsHash };
        batch = [];
        batchCursor = undefined;
        writtenAt = clock.now().getTime();
        writing = writing.then(async () => {
          await planForTheRows();
          const taken =
            pageWriter && page.incidents.length >= PAGE_WRITER_FROM
              ? await pageWriter.store(connector.id, page, now())
              : undefined;
          const inUnit = <T>(work: (unit: UnitOfWork) => Promise<T>) =>
            writes.run<T>(SYNC_ACTOR, work, { announce: false });
          const onThisThread = async (): Promise<{
            stored: number;
            changedIds: string[];
          }> => {
            if (page.incidents.length > 0) {
              return storeIncidentBatch(inUnit, connector.id, page);
            }
            await inUnit(unit =>
              unit.incidents.saveCursor(
                connector.id,
                page.cursor,
                mappingsHash,
              ),
            );
            return { stored: 0, changedIds: [] };
          };
          const { stored, changedIds } = taken ?? (await onThisThread());
          incidents += stored;
          // The services the batches before it left, rated after it: announced later.
          changedIds.forEach(id => changed.add(id));
        });
        // Awaited before the run ends; until then a failure only stops the reading.
        writing.catch(() => {
          writeFailed = true;
        });
        return writing;
      };
      if (!done) askNext();
      try {
        while (ahead.length > 0 && !writeFailed) {
          while (ahead.length < PAGES_AHEAD) askNext();
          const result = await ahead.shift()!;
          if (!result) break;
          batch.push(
            ...this.usable(connector.id, result.incidents).map(
              toIncidentRecord,
            ),
          );
          batchCursor = result.nextCursor;
          done = result.done;
          // A run that brings full pages (a full sync) gets its writer ready while the next
          // pages come; runs of a few changes never start it.
          if (batch.length >= PAGE_WRITER_FROM) pageWriter?.prepare();
          if (
            done ||
            batch.length >= writeBatch ||
            clock.now().getTime() - writtenAt >= WRITE_EVERY_MS
          ) {
            // Pages without incidents (groups of references with no change) wait for the
            // next write: losing their cursor costs a request again, not a transaction each.
            if (batch.length > 0 || done) {
              // The write before this one ends first: at most one batch waits in memory.
              await writing;
              write();
            }
          }
          if (announceDue()) {
            await writing;
            await announce(false);
          }
          if (done) break;
        }
      } finally {
        // What was read before a failure is kept, so that the next run goes on after it (after
        // a failed write, nothing more is written: write() chains after it and fails too).
        ended = true;
        ahead.length = 0;
        await write();
      }
      if (done && fullSyncStartedAt) {
        const startedAt = fullSyncStartedAt;
        const { removed, changedIds } = await writes.run(
          SYNC_ACTOR,
          unit => finishFullSync(unit, connector.id, startedAt),
          { announce: false },
        );
        changedIds.forEach(id => changed.add(id));
        if (removed > 0) {
          logger.info(
            `ITSM sync ${connector.id}: ${removed} incident(s) no longer listed for the mapped services removed`,
          );
        }
      }
      await announce(true);
      await store.recordSyncRun(connector.id, {
        kind: 'succeeded',
        at: now(),
        incidents,
      });
      if (incidents > 0) {
        logger.info(
          `ITSM sync ${connector.id}: ${incidents} incident(s) stored`,
        );
      }
      return { incidents };
    } catch (error) {
      // The pages stored before the failure changed services too.
      await announce(true).catch(() => undefined);
      let message = error instanceof Error ? error.message : String(error);
      if (isDatabaseError(error)) {
        // The status is read by everyone: the database's text stays in the log.
        const reference = randomUUID().slice(0, 8);
        logger.error(
          `ITSM sync ${connector.id} could not store incidents (reference ${reference})`,
          error as Error,
        );
        message = `The incidents could not be stored; an administrator finds the details in the backend log under reference ${reference}`;
      }
      await store
        .recordSyncRun(connector.id, {
          kind: 'failed',
          at: now(),
          error: message,
          incidents,
        })
        .catch(() => undefined);
      logger.warn(`ITSM sync ${connector.id} failed: ${message}`);
      throw error;
    }
  }

  /**
   * The incidents of a page that can be stored. One a connector delivers without a number, a
   * title or a usable time is left out and named in the log, rather than failing its page (and,
   * as the page would be fetched again, every run after it).
   */
  private usable(connectorId: string, incidents: ItsmIncident[]) {
    return incidents.filter(incident => {
      const unusable = unusableIncidentFields(incident);
      if (unusable.length > 0) {
        this.options.logger.warn(
          `ITSM sync ${connectorId}: incident ${
            incident?.externalId || '(without an id)'
          } left out, it has no usable ${unusable.join(', ')}`,
        );
      }
      return unusable.length === 0;
    });
  }
}

/**
 * Links incidents to their services, the newest copy of each incident for each service, for
 * services that still exist, and counts and rates those services again. An older copy than the
 * one stored (a page replayed after a crash, or served twice) changes nothing. A page holds every
 * copy of the incidents it lists (one per service mapped to the record each is filed against):
 * the services an incident no longer lists lose it at once, as when its record moved to another
 * business service or a mapping was narrowed. Returns how many copies were written and the
 * services that changed.
 *
 * @param options.everyCopy false when `incidents` hold some copies only (an incident reported
 *   from the portal, for the reporting service): other services' copies then stay as they are
 * @param options.rateLater the services are noted as due to be rated, not rated at once (the
 *   sync's pages: see {@link rateDueServices})
 */
export async function linkIncidents(
  unit: UnitOfWork,
  connectorId: string,
  incidents: IncidentRecord[],
  options: { everyCopy?: boolean; rateLater?: boolean } = {},
): Promise<{ stored: number; changedIds: string[]; dueIds: string[] }> {
  const newest = newestCopies(incidents);
  const stored = await unit.incidents.getStoredVersions(connectorId, [
    ...new Set(newest.map(i => i.externalId)),
  ]);
  // Every service the incidents touch, held at once in id order, before anything is written.
  const candidates = new Set(newest.map(i => i.serviceId));
  stored.forEach(copies => copies.forEach(c => candidates.add(c.serviceId)));
  // Rated now, the services are locked for their new rating; rated later, only kept from being
  // deleted, so that people editing them do not wait for the sync.
  const existing = new Set(
    options.rateLater
      ? await unit.keepAll([...candidates])
      : (await unit.lockAll([...candidates])).map(row => row.id),
  );
  // Planned with every copy listed, also of services that are gone: the services an incident
  // lists are all it has, whether the catalogue still has them or not.
  const plan = planIncidentWrites(newest, stored, options);
  const fresh = plan.fresh.filter(i => existing.has(i.serviceId));
  await unit.incidents.removeIncidents(connectorId, plan.removed);
  // Copies no service held when looked up are inserted; held ones are replaced.
  const held = (record: IncidentRecord) =>
    stored.get(record.externalId)?.some(c => c.serviceId === record.serviceId);
  await unit.incidents.writeIncidents(
    connectorId,
    {
      added: fresh.filter(record => !held(record)),
      changed: fresh.filter(held),
    },
    unit.at,
  );
  // Older copies change nothing, but they were seen: a full sync must not remove them.
  await unit.incidents.markSeen(
    connectorId,
    plan.stale.filter(i => existing.has(i.serviceId)),
    unit.at,
  );
  const affected = plan.affectedServiceIds.filter(id => existing.has(id));
  if (options.rateLater) {
    // Rated (and announced) by rateDueServices, once for all the pages that touched them.
    await unit.incidents.markRatingDue(affected, unit.at);
    return { stored: fresh.length, changedIds: [], dueIds: affected };
  }
  const rerated = await unit.rate(affected, 'incident');
  unit.markChanged(affected);
  return {
    stored: fresh.length,
    changedIds: [...new Set([...affected, ...rerated])],
    dueIds: [],
  };
}

/**
 * Rates again up to `limit` of the services whose incidents changed since they were last rated
 * (their open counts counted again too), and forgets that they were due; services in
 * `options.except` stay due. Returns how many were rated, and the services that changed.
 */
export async function rateDueServices(
  unit: UnitOfWork,
  limit: number,
  options: { except?: string[] } = {},
): Promise<{ due: number; changedIds: string[] }> {
  const except = new Set(options.except);
  const due = (await unit.incidents.listRatingDue(limit + except.size))
    .filter(id => !except.has(id))
    .slice(0, limit);
  if (due.length === 0) return { due: 0, changedIds: [] };
  const rerated = await unit.rate(due, 'incident');
  unit.markChanged(due);
  await unit.incidents.clearRatingDue(due);
  return { due: due.length, changedIds: [...new Set([...due, ...rerated])] };
}

/**
 * Stores one page of incidents and the cursor after it, in one unit of work: a run that stops
 * anywhere resumes after the last page stored, and a page stored twice changes nothing. Its
 * services are left due to be rated (see {@link rateDueServices}); returns how many copies were
 * written and those services.
 */
export async function storeIncidentPage(
  unit: UnitOfWork,
  connectorId: string,
  page: { incidents: IncidentRecord[]; cursor: string; mappingsHash: string },
): Promise<{ stored: number; dueIds: string[] }> {
  const { stored, dueIds } = await linkIncidents(
    unit,
    connectorId,
    page.incidents,
    { rateLater: true },
  );
  await unit.incidents.saveCursor(connectorId, page.cursor, page.mappingsHash);
  return { stored, dueIds };
}

/**
 * Stores a batch of a run's pages ({@link storeIncidentPage}), then rates the services the
 * batches before it left due and it does not name. A connector reads the records of a group of
 * references together, so those services' incidents of the run are most likely all stored:
 * rated while the next pages are read, they do not wait for the run's end, which is left only
 * the last batch's services (one named again later is simply due again). Each step is a unit of
 * work of its own, run by `inUnit`, so that neither holds the services of the other: the page
 * only keeps its services from being deleted, the rating locks its own, each set in id order.
 * Returns how many copies were written and the services rated.
 */
export async function storeIncidentBatch(
  inUnit: <T>(work: (unit: UnitOfWork) => Promise<T>) => Promise<T>,
  connectorId: string,
  page: { incidents: IncidentRecord[]; cursor: string; mappingsHash: string },
): Promise<{ stored: number; changedIds: string[] }> {
  const { stored, dueIds } = await inUnit(unit =>
    storeIncidentPage(unit, connectorId, page),
  );
  const { changedIds } = await inUnit(unit =>
    rateDueServices(unit, RATE_BATCH, { except: dueIds }),
  );
  return { stored, changedIds };
}

/**
 * Ends a full sync that reached the end: removes the copies of the connector's incidents the pass
 * did not see (deleted in the ITSM, no longer filed against a mapped record, or a service no longer
 * mapped to it) and rates their services again.
 */
export async function finishFullSync(
  unit: UnitOfWork,
  connectorId: string,
  startedAt: string,
): Promise<{ removed: number; changedIds: string[] }> {
  const { removed, serviceIds } = await unit.incidents.finishFullSync(
    connectorId,
    { startedAt, at: unit.at },
  );
  const rerated = await unit.rate(serviceIds, 'incident');
  unit.markChanged(serviceIds);
  return {
    removed,
    changedIds: [...new Set([...serviceIds, ...rerated])],
  };
}
