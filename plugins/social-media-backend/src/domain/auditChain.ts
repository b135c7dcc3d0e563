import { AuditVerification } from '@internal/plugin-social-media-common';
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

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
}

/** JSON with keys in a fixed order, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string | null {
  if (value === undefined) return null;
  return stringify(value) ?? null;
}

/**
 * The hash of an entry: over its content and the previous entry's hash. The position (seq) is
 * deliberately left out, so that moving entries around shows as a broken link, not an edit.
 */
export function hashEntry(
  entry: Omit<StoredAuditEntry, 'hash' | 'seq'>,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        entry.prevHash,
        entry.entityType,
        entry.entityId,
        entry.action,
        entry.actor,
        entry.at,
        entry.beforeJson,
        entry.afterJson,
      ]),
    )
    .digest('hex');
}

/**
 * Walks the chain in seq order and names the first entry that does not fit: edited (its content
 * no longer matches its hash), missing (a gap in the sequence, or entries gone from the end),
 * or reordered (it does not link to the entry before it).
 */
export function verifyChain(
  entries: Iterable<StoredAuditEntry>,
  head: { seq: number; hash: string },
): AuditVerification {
  let expectedSeq = 1;
  let prevHash = '';
  let count = 0;
  for (const entry of entries) {
    count += 1;
    if (hashEntry(entry) !== entry.hash) {
      return broken(
        count,
        entry.seq,
        'edited',
        `Entry ${entry.seq} was changed after it was written`,
      );
    }
    if (entry.seq !== expectedSeq) {
      const gap =
        entry.seq - expectedSeq === 1
          ? `Entry ${expectedSeq} is missing`
          : `Entries ${expectedSeq} to ${entry.seq - 1} are missing`;
      return broken(count, expectedSeq, 'missing', gap);
    }
    if (entry.prevHash !== prevHash) {
      return broken(
        count,
        entry.seq,
        'reordered',
        `Entry ${entry.seq} does not follow entry ${
          entry.seq - 1
        }: entries were reordered or the one before it was rewritten`,
      );
    }
    prevHash = entry.hash;
    expectedSeq += 1;
  }
  const lastSeq = expectedSeq - 1;
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
  if (head.seq === lastSeq && head.hash !== prevHash) {
    return broken(
      count,
      lastSeq,
      'edited',
      `Entry ${lastSeq} does not match the recorded end of the trail`,
    );
  }
  return { intact: true, entries: count };
}

function broken(
  entries: number,
  seq: number,
  problem: 'edited' | 'missing' | 'reordered',
  message: string,
): AuditVerification {
  return { intact: false, entries, firstBroken: { seq, problem, message } };
}
