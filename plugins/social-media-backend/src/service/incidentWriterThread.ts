/**
 * The thread that stores an ITSM sync's pages when the plugin's database is a SQLite file (see
 * {@link OffThreadIncidentWriter}). It opens the same file with a connection of its own and stores
 * each batch of pages with the sync's units of work ({@link storeIncidentBatch}), exactly as the
 * backend's thread would; only the thread differs.
 */
import knexFactory, { Knex } from 'knex';
import {
  isMainThread,
  MessagePort,
  parentPort,
  workerData,
} from 'node:worker_threads';
import { RatingSettings, runUnitOfWork } from '../changes/UnitOfWork';
import { IncidentRecord } from '../domain/incidentSync';
import { storeIncidentBatch, SYNC_ACTOR } from './ItsmSync';

/** Marks the thread's data, so that the module does nothing when merely imported. */
export const INCIDENT_WRITER_THREAD = 'social-media/incident-page-writer';

export interface IncidentWriterThreadData {
  role: typeof INCIDENT_WRITER_THREAD;
  /** The SQLite file the backend's own connection has open. */
  filename: string;
  /** Whether that connection enforces foreign keys (the thread's does the same). */
  foreignKeys: boolean;
  settings: RatingSettings;
}

/** One page (or batch of pages) to store, with the time its unit of work carries. */
export interface IncidentPageJob {
  id: number;
  connectorId: string;
  page: { incidents: IncidentRecord[]; cursor: string; mappingsHash: string };
  at: string;
}

/**
 * What became of a job: how many copies it stored and the services it rated, or why it failed
 * (a page that fails stores nothing; a rating that fails leaves its services due).
 */
export type IncidentPageOutcome =
  | { id: number; stored: number; changedIds: string[] }
  | { id: number; error: { name: string; message: string; code?: string } };

function describeError(error: unknown): {
  name: string;
  message: string;
  code?: string;
} {
  const e = error as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

/** Serves jobs from `port` on its own connection to `data.filename`, one after the other. */
export function serveIncidentPages(
  port: MessagePort,
  data: IncidentWriterThreadData,
): Knex {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: data.filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      // Per connection, as the backend's own: synced at checkpoints (the file is in WAL mode).
      afterCreate: (
        connection: { pragma(source: string): unknown },
        done: (error: Error | null, connection: unknown) => void,
      ) => {
        try {
          connection.pragma('synchronous = NORMAL');
          if (data.foreignKeys) connection.pragma('foreign_keys = ON');
          done(null, connection);
        } catch (error) {
          done(error as Error, connection);
        }
      },
    },
  });
  let queue = Promise.resolve();
  // Loaded, with its connection configured: the backend sends it pages from now on.
  port.postMessage('ready');
  port.on('message', (job: IncidentPageJob) => {
    queue = queue.then(async () => {
      let outcome: IncidentPageOutcome;
      try {
        const result = await storeIncidentBatch(
          async work =>
            (
              await runUnitOfWork(
                db,
                SYNC_ACTOR,
                new Date(job.at),
                data.settings,
                work,
              )
            ).result,
          job.connectorId,
          job.page,
        );
        outcome = {
          id: job.id,
          stored: result.stored,
          changedIds: result.changedIds,
        };
      } catch (error) {
        outcome = { id: job.id, error: describeError(error) };
      }
      port.postMessage(outcome);
    });
  });
  return db;
}

if (
  !isMainThread &&
  parentPort &&
  (workerData as IncidentWriterThreadData | undefined)?.role ===
    INCIDENT_WRITER_THREAD
) {
  serveIncidentPages(parentPort, workerData as IncidentWriterThreadData);
}
