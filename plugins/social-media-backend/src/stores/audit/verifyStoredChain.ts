import { Knex } from 'knex';
import { hash as digest } from 'node:crypto';
import {
  ChainVerification,
  ChainWalk,
  hashEntry,
} from '../../domain/auditChain';
import { isPostgres, TABLES } from '../database';

const { audit: AUDIT, auditHead: AUDIT_HEAD } = TABLES;

/**
 * Entries per read. Large enough that the round trips do not count, small enough that a chunk
 * (about 1 KB an entry) stays a few tens of megabytes whatever the length of the trail.
 */
export const VERIFY_CHUNK = 20_000;

/** How one database's rows are read and checked. */
type Reader<Row> = {
  /** Starts reading the entries after `after` at once (for reading ahead). */
  read(db: Knex, after: number): Promise<Row[]>;
  lastSeq(row: Row): number;
  check(rows: Row[]): Chunk;
};

/** One chunk: each entry's seq, links, and whether its content still matches its hash. */
type Chunk = {
  seq: number[];
  prevHash: string[];
  hash: string[];
  matches: boolean[];
};

/*
 * SQLite builds the text an entry's hash covers (the JSON array of hashEntry) itself: its
 * json_quote escapes exactly as JSON.stringify does, and does so in C, which is where most of
 * the time of a verification went. The hash is still computed here. A value that is not text
 * (only a direct edit can store one) is read as text and then fails its hash.
 */
const SQLITE_CONTENT = `'[' || ${[
  'prev_hash',
  'entity_type',
  'entity_id',
  'action',
  'actor',
  'at',
  'before_json',
  'after_json',
]
  .map(column =>
    column.endsWith('_json')
      ? `CASE WHEN ${column} IS NULL THEN 'null' ELSE json_quote(CAST(${column} AS TEXT)) END`
      : `json_quote(CAST(${column} AS TEXT))`,
  )
  .join(` || ',' || `)} || ']'`;

type SqliteRow = {
  seq: number;
  prev_hash: string;
  hash: string;
  content: string;
};

const sqlite: Reader<SqliteRow> = {
  read: (db, after) =>
    Promise.resolve(
      db.raw(
        `SELECT seq, prev_hash, hash, ${SQLITE_CONTENT} AS content FROM ${AUDIT} WHERE seq > ? ORDER BY seq LIMIT ?`,
        [after, VERIFY_CHUNK],
      ),
    ),
  lastSeq: row => Number(row.seq),
  check: checkSqlite,
};

function checkSqlite(rows: SqliteRow[]): Chunk {
  const chunk: Chunk = { seq: [], prevHash: [], hash: [], matches: [] };
  for (const row of rows) {
    chunk.seq.push(Number(row.seq));
    chunk.prevHash.push(row.prev_hash);
    chunk.hash.push(row.hash);
    chunk.matches.push(digest('sha256', row.content) === row.hash);
  }
  return chunk;
}

// PostgreSQL's own JSON escaping and hashing are several times slower than Node's, so it sends
// the columns (as arrays, not objects) and the entries are hashed here with hashEntry.
const postgres: Reader<string[]> = {
  read: (db, after) =>
    db(AUDIT)
      .select(
        'seq',
        'prev_hash',
        'hash',
        'entity_type',
        'entity_id',
        'action',
        'actor',
        'at',
        'before_json',
        'after_json',
      )
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(VERIFY_CHUNK)
      .options({ rowMode: 'array' })
      // A query builder runs only when awaited; this starts it now.
      .then(rows => rows as unknown as string[][]),
  lastSeq: row => Number(row[0]),
  check: checkPostgres,
};

function checkPostgres(rows: string[][]): Chunk {
  const chunk: Chunk = { seq: [], prevHash: [], hash: [], matches: [] };
  for (const row of rows) {
    const stored = row[2];
    chunk.seq.push(Number(row[0]));
    chunk.prevHash.push(row[1]);
    chunk.hash.push(stored);
    chunk.matches.push(
      hashEntry({
        prevHash: row[1],
        entityType: row[3],
        entityId: row[4],
        action: row[5],
        actor: row[6],
        at: row[7],
        beforeJson: row[8],
        afterJson: row[9],
      }) === stored,
    );
  }
  return chunk;
}

/**
 * Recomputes the whole hash chain from the database, in chunks by seq (keyset, so each read is
 * an index range), reading the next chunk while the current one is checked. Memory stays
 * bounded by two chunks, whatever the length of the trail.
 */
export async function verifyStoredChain(db: Knex): Promise<ChainVerification> {
  const head = await db(AUDIT_HEAD).where({ id: 1 }).first();
  const walk = isPostgres(db)
    ? await walkChain(db, postgres)
    : await walkChain(db, sqlite);
  return walk.finish({
    seq: Number(head?.seq ?? 0),
    hash: head?.hash ?? '',
  });
}

async function walkChain<Row>(
  db: Knex,
  reader: Reader<Row>,
): Promise<ChainWalk> {
  const walk = new ChainWalk();
  let next = reader.read(db, 0);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    // The database reads the next chunk while this one is hashed.
    next = reader.read(db, reader.lastSeq(rows[rows.length - 1]));
    const chunk = reader.check(rows);
    const size = chunk.seq.length;
    let going = true;
    for (let i = 0; i < size && going; i++) {
      going = walk.add(
        chunk.seq[i],
        chunk.prevHash[i],
        chunk.hash[i],
        chunk.matches[i],
      );
    }
    if (!going) {
      // Broken: the verdict is in; the read already under way is not needed.
      await next.catch(() => undefined);
      break;
    }
  }
  return walk;
}
