import { LoggerService } from '@backstage/backend-plugin-api';
import { ItsmSyncStatus } from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  ItsmIncident,
} from '@internal/plugin-social-media-node';
import { createHash } from 'node:crypto';
import { IncidentRecord, SocialMediaStore } from '../database/SocialMediaStore';

/** Pages one run may take before it stops and leaves the rest to the next run. */
const MAX_PAGES_PER_RUN = 10_000;

/**
 * Changed services are announced to the catalog projection at most this often during a run (and
 * at its end): each announcement of many services makes the projection read the catalogue again,
 * which a page of a thousand incidents would otherwise cause a hundred times in a full sync.
 */
const ANNOUNCE_EVERY_MS = 30_000;

/** How often a full sync reconciles the store with the ITSM, by default. */
export const DEFAULT_FULL_SYNC_INTERVAL_MS = 24 * 60 * 60 * 1000;

function iso(value: string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
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
      store: SocialMediaStore;
      connectors: () => ItsmConnector[];
      logger: LoggerService;
      /** Tells the catalog projection which services changed. */
      announce: (serviceIds: string[]) => Promise<void>;
      now?: () => Date;
      /**
       * A full sync runs at least this often: it reads every incident of the mapped services
       * again and removes the ones the ITSM no longer lists. Defaults to a day.
       */
      fullSyncIntervalMs?: number;
    },
  ) {}

  /** Syncs every installed connector, one after the other; a failure of one does not stop the others. */
  async runAll(): Promise<ItsmSyncStatus[]> {
    const connectors = this.options.connectors();
    for (const connector of connectors) {
      await this.run(connector).catch(() => undefined);
    }
    return this.options.store.getSyncStatuses(connectors.map(c => c.id));
  }

  /** Syncs one connector; rejects (after recording why) when a page cannot be fetched or stored. */
  async run(
    connector: ItsmConnector,
    signal?: AbortSignal,
  ): Promise<{ incidents: number }> {
    const { store, logger } = this.options;
    const now = () => (this.options.now ?? (() => new Date()))().toISOString();
    await store.recordSyncRun(connector.id, { kind: 'started', at: now() });
    const mappings = await store.listItsmMappings(connector.id);
    const mappingsHash = createHash('sha256')
      .update(JSON.stringify(mappings.map(m => [m.serviceId, m.itsmReference])))
      .digest('hex');
    let incidents = 0;
    const changed = new Set<string>();
    let announcedAt = Date.now();
    const announce = async (force: boolean) => {
      if (changed.size === 0) return;
      if (!force && Date.now() - announcedAt < ANNOUNCE_EVERY_MS) return;
      const ids = [...changed];
      changed.clear();
      announcedAt = Date.now();
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
      const fetchPage = (after: string | undefined) =>
        connector.listIncidentsChangedSince({
          mappings,
          cursor: after,
          signal,
        });
      // The next page is fetched while this one is stored: the ITSM's answer time and the
      // store's writes overlap instead of adding up. Only stored pages move the cursor.
      let next = done ? undefined : fetchPage(cursor);
      for (let page = 0; next && page < MAX_PAGES_PER_RUN; page++) {
        const result = await next;
        next =
          result.done || page + 1 >= MAX_PAGES_PER_RUN
            ? undefined
            : fetchPage(result.nextCursor);
        // A prefetch whose page is never stored (the store failed) must not go unhandled.
        next?.catch(() => undefined);
        const { stored, changedIds } = await store.storeIncidentPage(
          connector.id,
          result.incidents.map(toIncidentRecord),
          result.nextCursor,
          mappingsHash,
          now(),
        );
        incidents += stored;
        cursor = result.nextCursor;
        changedIds.forEach(id => changed.add(id));
        await announce(false);
        done = result.done;
      }
      if (done && fullSyncStartedAt) {
        const { removed, changedIds } = await store.finishFullSync(
          connector.id,
          { startedAt: fullSyncStartedAt, at: now() },
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
      const message = error instanceof Error ? error.message : String(error);
      await store.recordSyncRun(connector.id, {
        kind: 'failed',
        at: now(),
        error: message,
        incidents,
      });
      logger.warn(`ITSM sync ${connector.id} failed: ${message}`);
      throw error;
    }
  }
}
