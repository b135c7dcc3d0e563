import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-social-media-backend',
  'migrations',
);

/** The plugin's tables; each store owns the ones of its concern. */
export const TABLES = {
  migrations: 'knex_migrations',
  services: 'social_services',
  admins: 'social_service_admins',
  transitions: 'social_service_transitions',
  audit: 'social_media_audit_log',
  auditHead: 'social_media_audit_head',
  auditCheckpoints: 'social_media_audit_checkpoints',
  riskHistory: 'social_service_risk_history',
  reviews: 'social_service_access_reviews',
  signOffs: 'social_service_sign_offs',
  requests: 'social_service_requests',
  requestSteps: 'social_service_request_steps',
  handovers: 'social_service_handovers',
  handoverSteps: 'social_service_handover_steps',
  ownershipPeriods: 'social_service_ownership_periods',
  incidents: 'social_service_incidents',
  itsmSync: 'social_media_itsm_sync',
  itsmExports: 'social_media_itsm_exports',
  ratingDue: 'social_service_rating_due',
} as const;

/** Rows per statement when working through many services at once. */
export const CHUNK = 500;

const journaled = new WeakMap<Knex, Promise<void>>();

/**
 * A SQLite file is switched to write-ahead logging (kept in the file from then on), synced at
 * checkpoints rather than at every commit: a commit then writes its pages once and waits for no
 * disk flush, and readers (the audit verification's threads) do not wait for writers. A crash of
 * the process loses nothing committed; a power loss may lose the last commits, never the file.
 * An in-memory database stays as it is.
 */
async function writeAheadLog(client: Knex): Promise<void> {
  if (!String(client.client.config.client).includes('sqlite')) return;
  const [mode] = (await client.raw('PRAGMA journal_mode = WAL')) as Array<{
    journal_mode: string;
  }>;
  if (mode?.journal_mode === 'wal') {
    await client.raw('PRAGMA synchronous = NORMAL');
  }
}

// One migration run per database client, however many stores are created on it: the stores
// share one schema, and concurrent runs would fight over knex's migration lock.
const migrated = new WeakMap<Knex, Promise<void>>();

/**
 * The plugin's database client, migrated to the latest schema unless the database service
 * says migrations are skipped (as Backstage's own stores do).
 */
export async function openDatabase(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!journaled.has(client)) journaled.set(client, writeAheadLog(client));
  await journaled.get(client);
  if (!database.migrations?.skip) {
    if (!migrated.has(client)) {
      migrated.set(
        client,
        client.migrate
          .latest({ directory: migrationsDir, tableName: TABLES.migrations })
          .then(() => undefined),
      );
    }
    await migrated.get(client);
  }
  return client;
}

/** Whether the client is PostgreSQL (row locks) rather than SQLite (whole-database writes). */
export function isPostgres(db: Knex): boolean {
  return String(db.client.config.client).includes('pg');
}

/** Inserts `row` into `table` and returns the id the database gave it, on either database. */
export async function insertReturningId(
  db: Knex,
  table: string,
  row: Record<string, unknown>,
): Promise<number> {
  const [inserted] = await db(table).insert(row).returning('id');
  // PostgreSQL returns the row's columns, SQLite the id alone.
  return Number(typeof inserted === 'object' ? inserted.id : inserted);
}

/**
 * The rows of `table` that belong through `foreignKey` to the rows with `ids`, in the order they
 * were written: a lookup from a parent's id to its rows.
 */
export async function childRowsOf<T extends object>(
  db: Knex,
  table: string,
  foreignKey: keyof T & string,
  ids: number[],
): Promise<(id: number) => T[]> {
  if (ids.length === 0) return () => [];
  const children = (await db(table)
    .whereIn(foreignKey, ids)
    .orderBy('id', 'asc')) as T[];
  const byParent = new Map<number, T[]>();
  for (const child of children) {
    const parent = Number(child[foreignKey]);
    const siblings = byParent.get(parent);
    if (siblings) siblings.push(child);
    else byParent.set(parent, [child]);
  }
  return id => byParent.get(Number(id)) ?? [];
}

/** Runs `fn` over `items` in slices of `size` (by default {@link CHUNK}), in order. */
export async function inChunks<T>(
  items: T[],
  fn: (chunk: T[]) => Promise<unknown>,
  size = CHUNK,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await fn(items.slice(i, i + size));
  }
}

/** A statement of better-sqlite3, the driver of Backstage's SQLite databases. */
interface SqliteStatement {
  run(values: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface ConnectionLending {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** Rows SQLite writes before the event loop gets a turn (see {@link runForEachRowOnSqlite}). */
const SQLITE_ROWS_PER_SLICE = 1000;

const preparedStatements = new WeakMap<object, Map<string, SqliteStatement>>();

/** A SQLite identifier: the tables and columns named here are all plain names. */
function sqliteName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) {
    throw new Error(`Not a plain column or table name: ${name}`);
  }
  return `"${name}"`;
}

/** A value as better-sqlite3 binds it (knex converts the same way for its own statements). */
function sqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value;
}

/**
 * On SQLite (better-sqlite3), runs one statement for each of `rows`, prepared once per connection
 * and run on the connection of `db` (the unit of work's transaction, when it is one). The driver
 * runs a prepared statement without leaving JavaScript for long: for bulk writes this is about
 * half the time of one statement reading a chunk of rows from JSON, and far less than knex
 * preparing each statement anew. Returns false, doing nothing, for another SQLite driver.
 */
async function runForEachRowOnSqlite(
  db: Knex,
  sql: string,
  rows: Array<Record<string, unknown>>,
  columns: string[],
): Promise<boolean> {
  if (db.client.config.client !== 'better-sqlite3') return false;
  const lending = db.client as ConnectionLending;
  const connection = (await lending.acquireConnection()) as SqliteConnection;
  try {
    let statements = preparedStatements.get(connection);
    if (!statements) {
      statements = new Map();
      preparedStatements.set(connection, statements);
    }
    let statement = statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      statements.set(sql, statement);
    }
    for (let i = 0; i < rows.length; i++) {
      statement.run(columns.map(c => sqliteValue(rows[i][c])));
      // The driver blocks the event loop while it runs: between slices, answers that arrived
      // meanwhile are read and further requests sent (the next page of an ITSM sync, which its
      // server then prepares while these rows are written). The transaction keeps the connection.
      if ((i + 1) % SQLITE_ROWS_PER_SLICE === 0) await setImmediatePromise();
    }
  } finally {
    await lending.releaseConnection(connection);
  }
  return true;
}

/**
 * Inserts `rows` (all with the same columns, which are plain names), or updates every column of
 * the row already there with the same `conflict` key (or leaves it, with `onConflict: 'ignore'`).
 * PostgreSQL reads the rows as one JSON parameter per chunk: a statement with a parameter per
 * value (knex's own multi-row insert) costs it more to parse and plan than to run. SQLite runs
 * one prepared statement per row ({@link runForEachRowOnSqlite}).
 */
export async function upsertRows(
  db: Knex,
  table: string,
  rows: Array<Record<string, unknown>>,
  conflict: string[],
  options: { onConflict: 'update' | 'ignore' } = { onConflict: 'update' },
): Promise<void> {
  if (rows.length === 0) return;
  const names = (list: string[]) => list.map(() => '??').join(', ');
  const columns = Object.keys(rows[0]);
  const ignore = options.onConflict === 'ignore';
  const action = ignore
    ? 'do nothing'
    : `do update set ${columns.map(() => '?? = excluded.??').join(', ')}`;
  const actionBindings = ignore ? [] : columns.flatMap(c => [c, c]);
  if (isPostgres(db)) {
    // The rows as one JSON parameter, read as the table's own row type: PostgreSQL parses a
    // statement with thousands of parameters far slower than it reads the same rows from JSON.
    await inChunks(rows, chunk =>
      db.raw(
        `insert into ?? (${names(columns)}) select ${names(
          columns,
        )} from json_populate_recordset(null::??, ?) on conflict (${names(
          conflict,
        )}) ${action}`,
        [
          table,
          ...columns,
          ...columns,
          table,
          JSON.stringify(chunk),
          ...conflict,
          ...actionBindings,
        ],
      ),
    );
    return;
  }
  const insert = `insert into ${sqliteName(table)} (${columns
    .map(sqliteName)
    .join(', ')}) values (${columns
    .map(() => '?')
    .join(', ')}) on conflict (${conflict.map(sqliteName).join(', ')}) ${
    ignore
      ? 'do nothing'
      : `do update set ${columns
          .map(c => `${sqliteName(c)} = excluded.${sqliteName(c)}`)
          .join(', ')}`
  }`;
  if (await runForEachRowOnSqlite(db, insert, rows, columns)) return;
  // Another SQLite driver reads the rows from JSON too (json_each), in one short statement: knex
  // would write a SELECT ... UNION ALL per row, which SQLite takes longer to prepare than to run.
  await inChunks(rows, chunk =>
    db.raw(
      `insert into ?? (${names(columns)}) select ${columns
        .map(() => `json_extract(value, ?)`)
        .join(', ')} from json_each(?) where true on conflict (${names(
        conflict,
      )}) ${action}`,
      [
        table,
        ...columns,
        ...columns.map(c => `$.${c}`),
        JSON.stringify(chunk),
        ...conflict,
        ...actionBindings,
      ],
    ),
  );
}

/**
 * Updates the rows of `table` named by the `id` of each of `rows` with the other columns of it
 * (all rows with the same columns): on PostgreSQL a chunk per statement, read from JSON, on SQLite
 * a prepared statement per row, as {@link upsertRows} does.
 */
export async function updateRowsById(
  db: Knex,
  table: string,
  rows: Array<Record<string, unknown> & { id: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).filter(c => c !== 'id');
  const update = `update ${sqliteName(table)} set ${columns
    .map(c => `${sqliteName(c)} = ?`)
    .join(', ')} where "id" = ?`;
  if (
    !isPostgres(db) &&
    (await runForEachRowOnSqlite(db, update, rows, [...columns, 'id']))
  ) {
    return;
  }
  await inChunks(rows, chunk =>
    isPostgres(db)
      ? db.raw(
          `update ?? as t set ${columns
            .map(() => '?? = x.??')
            .join(
              ', ',
            )} from json_populate_recordset(null::??, ?) as x where t.id = x.id`,
          [
            table,
            ...columns.flatMap(c => [c, c]),
            table,
            JSON.stringify(chunk),
          ],
        )
      : db.raw(
          `update ?? set ${columns
            .map(() => '?? = json_extract(x.value, ?)')
            .join(
              ', ',
            )} from json_each(?) as x where ??.id = json_extract(x.value, '$.id')`,
          [
            table,
            ...columns.flatMap(c => [c, `$.${c}`]),
            JSON.stringify(chunk),
            table,
          ],
        ),
  );
}

/**
 * Narrows `query` to rows whose `column` is one of `values`, with one parameter whatever their
 * number: on PostgreSQL an array (`= any(?)`), on SQLite a JSON array read by `json_each` (its
 * index is still used). Either parses far faster than a parameter per value, and the list needs
 * no cutting to the databases' parameter limits.
 */
export function whereOneOf<Q extends Knex.QueryBuilder>(
  db: Knex,
  query: Q,
  column: string,
  values: string[],
): Q {
  return (
    isPostgres(db)
      ? query.whereRaw('?? = any(?)', [column, values])
      : query.whereRaw('?? in (select value from json_each(?))', [
          column,
          JSON.stringify(values),
        ])
  ) as Q;
}

/** A count as knex returns it (a string on PostgreSQL, a number on SQLite). */
export function countOf(rows: Array<{ count: string | number }>): number {
  return Number(rows[0]?.count ?? 0);
}
