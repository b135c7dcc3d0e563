import { AuditVerification } from '@internal/plugin-social-media-common';
import { stringify } from 'safe-stable-stringify';
import {
  CURRENT_HASH_FORMAT,
  hashEntry,
  hashedText,
  HashFormat,
  matchesItsHash,
} from './auditExportFormat';

/** An audit entry as stored: JSON snapshots as canonical text, so hashes are reproducible. */
export interface StoredAuditEntry {
  seq: number;
  entityType: string;
  entityId: string;
  action: string;
  actor: string;
  at: string;
  beforeJson: string | null;
  afterJson: string | null;
  prevHash: string;
  hash: string;
  hashFormat: HashFormat;
}

/** JSON with keys in a fixed order, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string | null {
  if (value === undefined) return null;
  return stringify(value) ?? null;
}

// One hash function for the backend and the offline check of exports.
export { CURRENT_HASH_FORMAT, hashEntry, hashedText, matchesItsHash };
export type { HashFormat };

/** What the chain alone says; the keyed checkpoints are checked on top (see auditCheckpoints). */
export type ChainVerification = Omit<AuditVerification, 'checkpoints'>;

/**
 * An entry a scan of a range of seqs reports: the range's first entry (whose link to the range
 * before is checked when the ranges are joined), the first entry after it that does not fit
 * (edited, not the next seq, or not linked to the entry before it), or else the range's last.
 * Every entry between two marks fits.
 */
export interface ScanMark {
  /** Its place in the range, from 1. */
  n: number;
  seq: number;
  prevHash: string;
  hash: string;
  /** Whether its content still matches its hash. */
  matches: boolean;
  /** The seq and hash of the entry before it in the range; null for the range's first. */
  beforeSeq: number | null;
  beforeHash: string | null;
}

/**
 * Walks the chain in seq order, one entry at a time, and names the first entry that does not
 * fit: edited (its content no longer matches its hash), missing (a gap in the sequence, or
 * entries gone from the end), or reordered (it does not link to the entry before it). The
 * caller reads the entries in chunks and says for each whether its content matches its hash, so
 * that memory stays bounded and the hashing can be done where it is cheapest.
 */
export class ChainWalk {
  #expectedSeq = 1;
  #prevHash = '';
  #count = 0;
  #broken: ChainVerification | undefined;

  /** Takes the next entry; false once the chain is broken (later entries change nothing). */
  add(
    seq: number,
    prevHash: string,
    hash: string,
    contentMatches: boolean,
  ): boolean {
    if (this.#broken) return false;
    this.#count += 1;
    const expected = this.#expectedSeq;
    if (!contentMatches) {
      this.#broken = broken(
        this.#count,
        seq,
        'edited',
        `Entry ${seq} was changed after it was written`,
      );
    } else if (seq !== expected) {
      const gap =
        seq - expected === 1
          ? `Entry ${expected} is missing`
          : `Entries ${expected} to ${seq - 1} are missing`;
      this.#broken = broken(this.#count, expected, 'missing', gap);
    } else if (prevHash !== this.#prevHash) {
      this.#broken = broken(
        this.#count,
        seq,
        'reordered',
        `Entry ${seq} does not follow entry ${
          seq - 1
        }: entries were reordered or the one before it was rewritten`,
      );
    } else {
      this.#prevHash = hash;
      this.#expectedSeq = expected + 1;
      return true;
    }
    return false;
  }

  /**
   * Takes what a scan of one range of seqs found (see {@link ScanMark}): the entries between its
   * marks fit, so only the marks are checked here. Ranges must come in seq order.
   */
  addScan(marks: ScanMark[]): boolean {
    const before = this.#count;
    for (const mark of marks) {
      if (mark.beforeSeq !== null && mark.beforeHash !== null) {
        this.#count = before + mark.n - 1;
        this.#expectedSeq = mark.beforeSeq + 1;
        this.#prevHash = mark.beforeHash;
      }
      if (!this.add(mark.seq, mark.prevHash, mark.hash, mark.matches)) {
        return false;
      }
    }
    return !this.#broken;
  }

  /** The verdict, once every entry was added: the end must match the head row. */
  finish(head: { seq: number; hash: string }): ChainVerification {
    if (this.#broken) return this.#broken;
    const count = this.#count;
    const lastSeq = this.#expectedSeq - 1;
    if (head.seq > lastSeq) {
      return broken(
        count,
        lastSeq + 1,
        'missing',
        head.seq - lastSeq === 1
          ? `Entry ${head.seq} is missing from the end of the trail`
          : `Entries ${lastSeq + 1} to ${
              head.seq
            } are missing from the end of the trail`,
      );
    }
    if (head.seq === lastSeq && head.hash !== this.#prevHash) {
      return broken(
        count,
        lastSeq,
        'edited',
        `Entry ${lastSeq} does not match the recorded end of the trail`,
      );
    }
    return { intact: true, entries: count };
  }
}

/** {@link ChainWalk} over entries held in memory, hashing each with {@link hashEntry}. */
export function verifyChain(
  entries: Iterable<StoredAuditEntry>,
  head: { seq: number; hash: string },
): ChainVerification {
  const walk = new ChainWalk();
  for (const entry of entries) {
    const matches = matchesItsHash(entry);
    if (!walk.add(entry.seq, entry.prevHash, entry.hash, matches)) break;
  }
  return walk.finish(head);
}

function broken(
  entries: number,
  seq: number,
  problem: 'edited' | 'missing' | 'reordered',
  message: string,
): ChainVerification {
  return { intact: false, entries, firstBroken: { seq, problem, message } };
}
