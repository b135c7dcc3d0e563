import { knex, Knex } from 'knex';
import { log } from './util';

export const PG_URL =
  process.env.BENCH_PG_URL || 'postgresql://postgres@127.0.0.1:5432';

/** One short-lived connection to the server's maintenance database. */
async function withPg<T>(fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = knex({
    client: 'pg',
    connection: {
      connectionString: `${PG_URL}/postgres`,
      connectionTimeoutMillis: 5000,
    },
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 10_000,
  });
  try {
    return await fn(db);
  } finally {
    await db.destroy().catch(() => {});
  }
}

export async function pgServerVersion(): Promise<string> {
  return withPg(async db => {
    const { rows } = await db.raw('SHOW server_version');
    return rows[0].server_version;
  });
}

/** Drops the databases Backstage created with the run's prefix. */
export async function dropPgDatabases(prefix: string): Promise<string[]> {
  return withPg(async db => {
    const { rows } = await db.raw<{ rows: Array<{ datname: string }> }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows) {
      await db.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
    return rows.map(r => r.datname);
  });
}

interface PgStatRow {
  datname: string;
  xact_commit: string;
  tup_inserted: string;
  tup_updated: string;
  tup_deleted: string;
  tup_fetched: string;
}

export type PgActivity = Map<string, PgStatRow>;

/** Commits and rows of the run's PostgreSQL databases so far (pg_stat_database), by name. */
export async function pgActivity(
  prefix: string,
): Promise<PgActivity | undefined> {
  try {
    return await withPg(async db => {
      const { rows } = await db.raw<{ rows: PgStatRow[] }>(
        `SELECT datname, xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched
           FROM pg_stat_database WHERE starts_with(datname, ?)`,
        [prefix],
      );
      return new Map(rows.map(row => [row.datname, row]));
    });
  } catch (error) {
    log(`could not read pg_stat_database: ${(error as Error).message}`);
    return undefined;
  }
}

/** What one database did between two {@link pgActivity} readings. */
export interface PgActivityDelta {
  database: string;
  commits: number;
  inserted: number;
  updated: number;
  deleted: number;
  fetched: number;
}

/** What each database did between two {@link pgActivity} readings, the busiest first. */
export function pgActivityDelta(
  before: PgActivity | undefined,
  after: PgActivity | undefined,
  prefix: string,
): PgActivityDelta[] | undefined {
  if (!before || !after) return undefined;
  const fields = {
    commits: 'xact_commit',
    inserted: 'tup_inserted',
    updated: 'tup_updated',
    deleted: 'tup_deleted',
    fetched: 'tup_fetched',
  } as const;
  const delta = (name: string, row: PgStatRow, column: keyof PgStatRow) =>
    Number(row[column]) - Number(before.get(name)?.[column] ?? 0);
  return [...after.entries()]
    .map(([name, row]) => ({
      database: name.slice(prefix.length),
      commits: delta(name, row, fields.commits),
      inserted: delta(name, row, fields.inserted),
      updated: delta(name, row, fields.updated),
      deleted: delta(name, row, fields.deleted),
      fetched: delta(name, row, fields.fetched),
    }))
    .filter(d => d.commits > 0)
    .sort((a, b) => b.commits - a.commits);
}
