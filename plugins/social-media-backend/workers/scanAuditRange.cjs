// @ts-check
'use strict';

/*
 * Scans one range of the audit trail of a SQLite database for verification. SQLite answers
 * synchronously, so the backend runs this in worker threads, each with its own read-only
 * connection to the database file, to rehash ranges on several cores at once; a database in
 * memory is scanned in the backend's own thread with the same function. Plain JavaScript, so
 * that a worker loads it as it is, in development and in a built backend alike.
 *
 * The statement answers, for the seqs in (after, upTo], ordered by seq: seq, prev_hash, hash and
 * the text the entry's hash covers (null when its hash format is unknown).
 */

const { hash } = require('node:crypto');
const { isMainThread, parentPort, workerData } = require('node:worker_threads');

/**
 * @typedef {{ n: number, seq: number, prevHash: string, hash: string, matches: boolean,
 *   beforeSeq: number | null, beforeHash: string | null }} ScanMark
 */

/**
 * The range's first entry, the first after it that does not fit (edited, not the next seq, not
 * linked to the entry before it) or else its last: every entry between these marks fits.
 *
 * @param {{ iterate(...params: unknown[]): IterableIterator<unknown[]> }} statement
 * @param {number} after
 * @param {number} upTo
 * @returns {ScanMark[]}
 */
function scanRange(statement, after, upTo) {
  /** @type {ScanMark[]} */
  const marks = [];
  let n = 0;
  /** @type {number | null} */
  let beforeSeq = null;
  /** @type {string | null} */
  let beforeHash = null;
  /** @type {ScanMark | undefined} */
  let last;
  for (const row of statement.iterate(after, upTo)) {
    const [seqValue, prevHash, storedHash, content] = row;
    n += 1;
    const seq = Number(seqValue);
    const matches =
      content !== null &&
      hash('sha256', /** @type {Buffer} */ (content)) === storedHash;
    /** @type {ScanMark} */
    const mark = {
      n,
      seq,
      prevHash: String(prevHash),
      hash: String(storedHash),
      matches,
      beforeSeq,
      beforeHash,
    };
    if (n === 1) {
      marks.push(mark);
    } else if (
      !matches ||
      seq !== Number(beforeSeq) + 1 ||
      mark.prevHash !== beforeHash
    ) {
      // The first entry that does not fit: the verdict needs nothing after it.
      marks.push(mark);
      return marks;
    }
    beforeSeq = seq;
    beforeHash = mark.hash;
    last = mark;
  }
  if (last && last.n > 1) marks.push(last);
  return marks;
}

if (!isMainThread && parentPort && workerData?.scanAuditRange) {
  const port = parentPort;
  const Database = require('better-sqlite3');
  const db = new Database(workerData.filename, {
    readonly: true,
    fileMustExist: true,
  });
  const statement = db.prepare(workerData.sql).raw(true);
  port.on('message', range => {
    try {
      port.postMessage({
        marks: scanRange(statement, range.after, range.upTo),
      });
    } catch (error) {
      port.postMessage({
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
}

module.exports = { scanRange };
