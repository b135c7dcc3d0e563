import { AuditCheckpointVerification } from '@internal/plugin-social-media-common';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The end of the chain at a point in time, signed with the configured key. */
export interface AuditCheckpoint {
  /** Seq of the last entry when checkpointed; 0 for an empty chain. */
  seq: number;
  /** Hash of that entry; empty for an empty chain. */
  hash: string;
  /** When the checkpoint was taken (ISO 8601). */
  at: string;
  /** HMAC-SHA256 (hex) of {@link checkpointText} with the key. */
  mac: string;
}

/**
 * The text a checkpoint's MAC covers. It is labelled, so that a MAC made with the key for
 * anything else can never pass as a checkpoint's.
 */
export function checkpointText(
  checkpoint: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>,
): string {
  return JSON.stringify([
    'social-media-audit-checkpoint',
    1,
    checkpoint.seq,
    checkpoint.hash,
    checkpoint.at,
  ]);
}

export function checkpointMac(
  key: string,
  checkpoint: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>,
): string {
  return createHmac('sha256', key)
    .update(checkpointText(checkpoint))
    .digest('hex');
}

/** Whether the checkpoint was signed with this key and not changed since (constant time). */
export function macMatches(key: string, checkpoint: AuditCheckpoint): boolean {
  const expected = Buffer.from(checkpointMac(key, checkpoint), 'hex');
  const given = Buffer.from(checkpoint.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks the checkpoints against the chain as stored: each must carry a valid MAC, the entry at
 * its seq must still have the checkpointed hash, and the chain must reach the newest one. Names
 * the first checkpoint that fails, in seq order.
 *
 * @param checkpoints every checkpoint, ordered by seq
 * @param lastSeq the highest seq in the trail (0 when it is empty)
 * @param hashAt the stored hash of the entries at the checkpoints' seqs (absent when gone)
 */
export function judgeCheckpoints(
  key: string,
  checkpoints: AuditCheckpoint[],
  lastSeq: number,
  hashAt: ReadonlyMap<number, string>,
): AuditCheckpointVerification {
  const valid = checkpoints.filter(c => macMatches(key, c));
  const newest = valid.reduce<AuditCheckpoint | undefined>(
    (best, c) => (!best || c.seq >= best.seq ? c : best),
    undefined,
  );
  const result: AuditCheckpointVerification = {
    configured: true,
    count: checkpoints.length,
    ...(newest ? { newest: { seq: newest.seq, at: newest.at } } : {}),
  };
  if (checkpoints.length === 0) {
    return {
      ...result,
      firstBroken: {
        problem: 'missing',
        message:
          'There is no checkpoint although a checkpoint key is configured: the checkpoints were deleted',
      },
    };
  }
  for (const checkpoint of checkpoints) {
    const { seq, at } = checkpoint;
    const fail = (
      problem: 'forged' | 'diverged' | 'truncated',
      message: string,
    ): AuditCheckpointVerification => ({
      ...result,
      firstBroken: { seq, at, problem, message },
    });
    if (!macMatches(key, checkpoint)) {
      return fail(
        'forged',
        `The checkpoint of entry ${seq} taken at ${at} is not signed with the configured key: it was edited or written without the key`,
      );
    }
    if (seq > lastSeq) {
      // Report the loss as the newest valid checkpoint sees it: everything after the last entry.
      const end = newest!;
      const gone = end.seq - lastSeq;
      return {
        ...result,
        firstBroken: {
          seq: end.seq,
          at: end.at,
          problem: 'truncated',
          message: `The newest ${gone} ${
            gone === 1 ? 'entry' : 'entries'
          } after entry ${lastSeq} ${
            gone === 1 ? 'is' : 'are'
          } missing: the checkpoint taken at ${end.at} vouches for entry ${
            end.seq
          }`,
        },
      };
    }
    if (seq === 0) {
      if (checkpoint.hash !== '') {
        return fail(
          'diverged',
          `The checkpoint taken at ${at} names an empty trail with a hash`,
        );
      }
      continue;
    }
    const stored = hashAt.get(seq);
    if (stored === undefined) {
      return fail(
        'diverged',
        `Entry ${seq}, which the checkpoint taken at ${at} vouches for, is gone`,
      );
    }
    if (stored !== checkpoint.hash) {
      return fail(
        'diverged',
        `Entry ${seq} no longer has the hash checkpointed at ${at}: the trail up to it was rewritten`,
      );
    }
  }
  return result;
}
