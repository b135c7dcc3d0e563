import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  ChainVerification,
  ChainWalk,
  ScanMark,
} from '../../domain/auditChain';
import { isPostgres, TABLES } from '../database';

const { audit: AUDIT, auditHead: AUDIT_HEAD } = TABLES;

/**
 * Entries per range. Ranges are scanned several at once and each answers a few marks only, so
 * memory stays small whatever the length of the trail; a range takes well under a second.
 */
export const VERIFY_RANGE = 50_000;

/** The last range reaches past the head: entries beyond it are checked too. */
const OPEN_END = Number.MAX_SAFE_INTEGER;

/** PostgreSQL does the work in its own processes: this many ranges are asked for at once. */
const POSTGRES_SCANS = 4;

/** At most this many worker threads scan a SQLite file at once. */
const SQLITE_WORKERS = 4;

const SCANNER_FILE = resolvePackagePath(
  '@internal/plugin-social-media-backend',
  'workers/scanAuditRange.cjs',
);

type Range = { after: number; upTo: number };
type Scan = (range: Range) => Promise<ScanMark[]>;

const COLUMNS = [
  'prev_hash',
  'entity_type',
  'entity_id',
  'action',
  'actor',
  'at',
  'before_json',
  'after_json',
] as const;
const isSnapshot = (column: string) => column.endsWith('_json');

/*
 * The text each hash format covers (see hashedText), rebuilt by the database itself, which is
 * where verification spends its time. Format 1: SQLite's json_quote and PostgreSQL's to_json
 * escape text exactly as JSON.stringify does. Format 2: each field's length in UTF-8 bytes and
 * its text. A value that is not text (only a direct edit can store one) is read as text and then
 * fails its hash; an unknown format gives no text and fails too.
 */
const SQLITE_FORMAT_1 = `'[' || ${COLUMNS.map(column =>
  isSnapshot(column)
    ? `CASE WHEN ${column} IS NULL THEN 'null' ELSE json_quote(CAST(${column} AS TEXT)) END`
    : `json_quote(CAST(${column} AS TEXT))`,
).join(` || ',' || `)} || ']'`;

const SQLITE_FORMAT_2 = `'2' || ${COLUMNS.map(
  column =>
    `CASE WHEN ${column} IS NULL THEN char(10) || '-' ELSE char(10) || length(CAST(${column} AS BLOB)) || ':' || CAST(${column} AS TEXT) END`,
).join(' || ')}`;

const SQLITE_SCAN = `SELECT seq, prev_hash, hash, CASE hash_format WHEN 2 THEN CAST(${SQLITE_FORMAT_2} AS BLOB) WHEN 1 THEN CAST(${SQLITE_FORMAT_1} AS BLOB) END AS content FROM ${AUDIT} WHERE seq > ? AND seq <= ? ORDER BY seq`;

const POSTGRES_FORMAT_1 = `'[' || ${COLUMNS.map(column =>
  isSnapshot(column)
    ? `coalesce(to_json(${column})::text, 'null')`
    : `to_json(${column})::text`,
).join(` || ',' || `)} || ']'`;

const POSTGRES_FORMAT_2 = `'2' || ${COLUMNS.map(
  column =>
    `coalesce(E'\\n' || octet_length(${column}) || ':' || ${column}, E'\\n-')`,
).join(' || ')}`;

/*
 * PostgreSQL hashes each entry itself and answers only the marks of the range: its first entry,
 * the first that does not fit, or its last. OFFSET 0 keeps the hashing in the scan of the
 * range (in seq order), so that the window over the rows handles small rows only.
 */
const POSTGRES_SCAN = `
SELECT n, seq, prev_hash, hash, matches, before_seq, before_hash FROM (
  SELECT row_number() OVER w AS n, seq, prev_hash, hash, matches,
    lag(seq) OVER w AS before_seq, lag(hash) OVER w AS before_hash,
    lead(seq) OVER w IS NULL AS is_last
  FROM (
    SELECT seq, prev_hash, hash, coalesce(encode(sha256(convert_to(
      CASE hash_format WHEN 2 THEN ${POSTGRES_FORMAT_2} WHEN 1 THEN ${POSTGRES_FORMAT_1} END,
      'UTF8')), 'hex') = hash, false) AS matches
    FROM ${AUDIT} WHERE seq > ? AND seq <= ?
    ORDER BY seq OFFSET 0
  ) hashed
  WINDOW w AS (ORDER BY seq)
) scanned
WHERE n = 1 OR is_last OR NOT matches OR seq <> before_seq + 1 OR prev_hash <> before_hash
ORDER BY seq LIMIT 3`;

type ScannerModule = {
  scanRange(
    statement: { iterate(...params: unknown[]): IterableIterator<unknown[]> },
    after: number,
    upTo: number,
  ): ScanMark[];
};

/**
 * Recomputes the whole hash chain from the database and names the first entry that does not
 * fit. The trail is cut into ranges of seq that are rehashed several at once (by PostgreSQL's
 * own processes, or by worker threads on a SQLite file) and then joined in order: each range's
 * first entry must follow the last of the range before.
 */
export async function verifyStoredChain(
  db: Knex,
  options: { rangeSize?: number } = {},
): Promise<ChainVerification> {
  const size = options.rangeSize ?? VERIFY_RANGE;
  const head = await db(AUDIT_HEAD).where({ id: 1 }).first();
  const headSeq = Number(head?.seq ?? 0);
  const ranges: Range[] = [];
  for (let after = 0; after + size < headSeq; after += size) {
    ranges.push({ after, upTo: after + size });
  }
  ranges.push({ after: ranges.length * size, upTo: OPEN_END });

  const scanners = isPostgres(db)
    ? { scans: Array(POSTGRES_SCANS).fill(postgresScan(db)), close() {} }
    : await sqliteScanners(db, ranges.length);
  let scanned: ScanMark[][];
  try {
    scanned = await scanInOrder(ranges, scanners.scans);
  } finally {
    await scanners.close();
  }

  const walk = new ChainWalk();
  for (const marks of scanned) {
    if (!walk.addScan(marks)) break;
  }
  return walk.finish({ seq: headSeq, hash: head?.hash ?? '' });
}

/** Whether a mark is an entry that fits (the first of a range: whether its content does). */
function fits(mark: ScanMark): boolean {
  return (
    mark.matches &&
    (mark.beforeSeq === null ||
      (mark.seq === mark.beforeSeq + 1 && mark.prevHash === mark.beforeHash))
  );
}

/**
 * Scans the ranges with one runner per scan function, each taking the next range, and answers
 * their marks in range order. Once a range holds an entry that does not fit, later ranges are
 * not started: the first break is in that range or before it.
 */
async function scanInOrder(
  ranges: Range[],
  scans: Scan[],
): Promise<ScanMark[][]> {
  const results: ScanMark[][] = [];
  let next = 0;
  let end = ranges.length;
  const runner = async (scan: Scan) => {
    while (next < end) {
      const index = next++;
      try {
        results[index] = await scan(ranges[index]);
      } catch (error) {
        end = 0;
        throw error;
      }
      if (!results[index].every(fits)) end = Math.min(end, index + 1);
    }
  };
  await Promise.all(scans.slice(0, ranges.length).map(runner));
  return results.slice(0, end);
}

function postgresScan(db: Knex): Scan {
  return async ({ after, upTo }) => {
    const answer = await db.raw(POSTGRES_SCAN, [after, upTo]);
    return (answer.rows as Array<Record<string, unknown>>).map(row => ({
      n: Number(row.n),
      seq: Number(row.seq),
      prevHash: String(row.prev_hash),
      hash: String(row.hash),
      matches: row.matches === true,
      beforeSeq: row.before_seq === null ? null : Number(row.before_seq),
      beforeHash: row.before_hash === null ? null : String(row.before_hash),
    }));
  };
}

/** The better-sqlite3 connection behind a knex client. */
type SqliteConnection = {
  name: string;
  memory: boolean;
  prepare(sql: string): {
    raw(toggle: boolean): {
      iterate(...params: unknown[]): IterableIterator<unknown[]>;
    };
  };
};

/**
 * Scanners of a SQLite database: worker threads with their own read-only connections when it is
 * a file and there is more than one range; otherwise scans on the backend's own connection.
 */
async function sqliteScanners(
  db: Knex,
  rangeCount: number,
): Promise<{ scans: Scan[]; close(): Promise<unknown> | void }> {
  const client = db.client as {
    acquireConnection(): Promise<SqliteConnection>;
    releaseConnection(connection: SqliteConnection): Promise<unknown>;
  };
  const connection = await client.acquireConnection();
  const filename = connection.memory ? undefined : connection.name;
  await client.releaseConnection(connection);

  const workers = Math.min(SQLITE_WORKERS, availableParallelism(), rangeCount);
  if (filename === undefined || workers < 2) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { scanRange } = require(SCANNER_FILE) as ScannerModule;
    const scan: Scan = async ({ after, upTo }) => {
      const own = await client.acquireConnection();
      try {
        return scanRange(own.prepare(SQLITE_SCAN).raw(true), after, upTo);
      } finally {
        await client.releaseConnection(own);
      }
    };
    return { scans: [scan], close() {} };
  }
  const threads = Array.from({ length: workers }, () =>
    scanningThread(filename),
  );
  return {
    scans: threads.map(thread => thread.scan),
    close: () => Promise.all(threads.map(thread => thread.close())),
  };
}

/** A worker thread that scans one range at a time on its own connection to the file. */
function scanningThread(filename: string): {
  scan: Scan;
  close(): Promise<number>;
} {
  const worker = new Worker(SCANNER_FILE, {
    workerData: { scanAuditRange: true, filename, sql: SQLITE_SCAN },
  });
  let waiting:
    | { resolve(marks: ScanMark[]): void; reject(error: Error): void }
    | undefined;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure = error;
    waiting?.reject(error);
    waiting = undefined;
  };
  worker.on('message', (answer: { marks?: ScanMark[]; error?: string }) => {
    const pending = waiting;
    waiting = undefined;
    if (answer.error !== undefined) pending?.reject(new Error(answer.error));
    else pending?.resolve(answer.marks ?? []);
  });
  worker.on('error', fail);
  worker.on('exit', code =>
    fail(new Error(`The audit trail scanner stopped (exit code ${code})`)),
  );
  return {
    scan: range =>
      new Promise((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        waiting = { resolve, reject };
        worker.postMessage(range);
      }),
    close: () => worker.terminate(),
  };
}
