import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { Worker } from 'node:worker_threads';
import { RatingSettings } from '../changes/UnitOfWork';
import { IncidentRecord } from '../domain/incidentSync';
import {
  INCIDENT_WRITER_THREAD,
  IncidentPageJob,
  IncidentPageOutcome,
  IncidentWriterThreadData,
} from './incidentWriterThread';

/** A thread with no page to store for this long is stopped; the next page starts another. */
const IDLE_MS = 60_000;

/**
 * Stores a batch of an ITSM sync's pages: its incidents and the cursor after them, then the
 * ratings of the services earlier batches left (see `storeIncidentBatch`), and answers how many
 * copies it stored and the services it rated. Answers undefined, having stored nothing, when it
 * cannot take pages (the caller stores them).
 */
export interface IncidentPageWriter {
  store(
    connectorId: string,
    page: { incidents: IncidentRecord[]; cursor: string; mappingsHash: string },
    at: string,
  ): Promise<{ stored: number; changedIds: string[] } | undefined>;
  /** Gets ready for pages to come (a run that brings many), so that the first waits less. */
  prepare(): void;
}

interface ConnectionLending {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** The thread's module beside this one, in the same form (TypeScript in development, built JS). */
function threadModule(): string {
  return __filename.replace(
    /OffThreadIncidentWriter(?=\.[^/\\]*$)/,
    'incidentWriterThread',
  );
}

/** Node options a thread needs to load TypeScript, when this process runs from sources. */
function threadExecArgv(file: string): string[] | undefined {
  if (!file.endsWith('.ts')) return undefined;
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  return process.execArgv.some(arg => arg.includes('nodeTransform'))
    ? undefined
    : [...process.execArgv, '--require', transform];
}

/** A running thread and the jobs it has yet to answer. */
interface Thread {
  worker: Worker;
  pending: Map<
    number,
    {
      resolve: (
        outcome: { stored: number; changedIds: string[] } | undefined,
      ) => void;
      reject: (error: Error) => void;
    }
  >;
  /** It loaded and serves pages (it said so). */
  ready?: boolean;
  /** It is being stopped on purpose (idle, or the backend shuts down). */
  stopping?: boolean;
  /** Why it stopped, once it has: later jobs fail with this at once. */
  stopped?: Error;
}

/**
 * On a SQLite file, stores the ITSM sync's large pages on a thread of their own. better-sqlite3
 * runs every statement on the thread that calls it, so on the backend's thread a full sync's
 * writes (about 1.5 s of each 100,000 incidents) stop it from reading and parsing the next pages
 * meanwhile; the thread opens the same file and writes while the backend's thread reads.
 *
 * While the thread writes a page, the backend's own connection to the file is held idle (its
 * pool has one): the portal's other queries wait for that page as they would for a write on
 * the backend's thread, and no transaction of theirs sees the file change under it (SQLite
 * would refuse such a transaction's writes).
 */
export class OffThreadIncidentWriter implements IncidentPageWriter {
  #thread?: Thread;
  #starting?: Promise<Thread>;
  #nextId = 1;
  #idle?: NodeJS.Timeout;

  /** A writer for `db`, or undefined unless it is better-sqlite3 on a file. */
  static async forDatabase(
    db: Knex,
    options: {
      settings: RatingSettings;
      logger: LoggerService;
      /** The thread's module; by default the one beside this module. */
      threadFile?: string;
    },
  ): Promise<OffThreadIncidentWriter | undefined> {
    if (db.client.config.client !== 'better-sqlite3') return undefined;
    // The file as the driver opened it (a database in memory cannot be opened twice).
    const lending = db.client as ConnectionLending;
    const connection = (await lending.acquireConnection()) as {
      name?: unknown;
      memory?: unknown;
    };
    await lending.releaseConnection(connection);
    if (connection.memory || typeof connection.name !== 'string') {
      return undefined;
    }
    return new OffThreadIncidentWriter(db, connection.name, options);
  }

  private constructor(
    private readonly db: Knex,
    private readonly filename: string,
    private readonly options: {
      settings: RatingSettings;
      logger: LoggerService;
      threadFile?: string;
    },
  ) {}

  /** Why the thread could not start, once it could not: pages are then stored by the caller. */
  #unavailable?: Error;

  async store(
    connectorId: string,
    page: { incidents: IncidentRecord[]; cursor: string; mappingsHash: string },
    at: string,
  ): Promise<{ stored: number; changedIds: string[] } | undefined> {
    if (this.#unavailable) return undefined;
    const thread = await this.#running();
    const lending = this.db.client as ConnectionLending;
    const connection = await lending.acquireConnection();
    try {
      if (this.#unavailable) return undefined;
      if (thread.stopped) throw thread.stopped;
      const id = this.#nextId++;
      const stored = new Promise<
        { stored: number; changedIds: string[] } | undefined
      >((resolve, reject) => thread.pending.set(id, { resolve, reject }));
      clearTimeout(this.#idle);
      thread.worker.ref();
      const job: IncidentPageJob = { id, connectorId, page, at };
      thread.worker.postMessage(job);
      return await stored;
    } finally {
      await lending.releaseConnection(connection);
    }
  }

  prepare(): void {
    if (this.#unavailable) return;
    this.#running().then(
      thread => {
        if (thread.pending.size === 0) this.#rest(thread);
      },
      () => undefined,
    );
  }

  /** Stops the thread (the backend shuts down); a page still being stored fails. */
  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const thread = this.#thread;
    this.#thread = undefined;
    if (!thread) return;
    thread.stopping = true;
    await thread.worker.terminate();
  }

  /** The thread, started if there is none (or it stopped). */
  async #running(): Promise<Thread> {
    if (this.#thread) return this.#thread;
    this.#starting ??= this.#start().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #start(): Promise<Thread> {
    const [pragma] = (await this.db.raw('PRAGMA foreign_keys')) as Array<{
      foreign_keys?: number;
    }>;
    const file = this.options.threadFile ?? threadModule();
    const workerData: IncidentWriterThreadData = {
      role: INCIDENT_WRITER_THREAD,
      filename: this.filename,
      foreignKeys: Boolean(pragma?.foreign_keys),
      settings: this.options.settings,
    };
    const thread: Thread = {
      worker: new Worker(file, {
        workerData,
        execArgv: threadExecArgv(file),
      }),
      pending: new Map(),
    };
    thread.worker.on('message', (outcome: IncidentPageOutcome | 'ready') => {
      if (outcome === 'ready') {
        thread.ready = true;
        return;
      }
      const waiting = thread.pending.get(outcome.id);
      thread.pending.delete(outcome.id);
      if (thread.pending.size === 0) this.#rest(thread);
      if (!waiting) return;
      if ('error' in outcome) {
        // Named and coded as the driver's error was, so that callers recognise a database error.
        waiting.reject(
          Object.assign(new Error(outcome.error.message), {
            name: outcome.error.name,
            ...(outcome.error.code ? { code: outcome.error.code } : {}),
          }),
        );
      } else {
        waiting.resolve({
          stored: outcome.stored,
          changedIds: outcome.changedIds,
        });
      }
    });
    const stop = (error: Error) => {
      thread.stopped ??= error;
      if (this.#thread === thread) this.#thread = undefined;
      // A thread that never started (its module cannot load where the backend is deployed)
      // would fail every sync: its pages, and all later ones, are stored by the caller instead.
      const couldNotStart = !thread.ready && !thread.stopping;
      if (couldNotStart && !this.#unavailable) {
        this.#unavailable = error;
        this.options.logger.warn(
          `The ITSM sync stores incidents on the backend's thread: its SQLite writer thread could not start (${error.message})`,
        );
      }
      for (const waiting of thread.pending.values()) {
        if (couldNotStart) waiting.resolve(undefined);
        else waiting.reject(error);
      }
      thread.pending.clear();
    };
    thread.worker.on('error', (error: Error) => {
      if (thread.ready) {
        this.options.logger.error(
          'The thread storing ITSM incidents failed',
          error,
        );
      }
      stop(error);
    });
    thread.worker.on('exit', code =>
      stop(
        new Error(
          `The thread storing ITSM incidents stopped (exit code ${code}) before the page was stored`,
        ),
      ),
    );
    this.#thread = thread;
    return thread;
  }

  /** Lets the process end without waiting for an idle thread, and stops it after a while. */
  #rest(thread: Thread) {
    thread.worker.unref();
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.#thread === thread && thread.pending.size === 0) {
        this.#thread = undefined;
        thread.stopping = true;
        thread.worker.terminate().catch(() => undefined);
      }
    }, IDLE_MS);
    this.#idle.unref();
  }
}
