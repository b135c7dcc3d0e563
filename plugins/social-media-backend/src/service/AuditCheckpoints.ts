import { LoggerService } from '@backstage/backend-plugin-api';
import { AuditVerification } from '@internal/plugin-social-media-common';
import {
  AuditCheckpoint,
  checkpointMac,
  judgeCheckpoints,
} from '../domain/auditCheckpoints';
import { Clock } from '../domain/clock';
import { AuditStore } from '../stores/audit/AuditStore';
import { DatabaseAuditCheckpointStore } from '../stores/audit/DatabaseAuditCheckpointStore';

/**
 * Keyed checkpoints of the audit trail, and the verification of the trail with them.
 *
 * The hash chain alone shows an entry edited in place, but someone who can write to the
 * database can also recompute every hash after an edit, or delete the newest entries together
 * with the head row. A checkpoint records the end of the chain (seq and hash) with an HMAC whose
 * key lives in configuration: without the key, neither can be done without verification naming
 * the checkpoint that no longer fits. The key is never logged or returned.
 */
export class AuditCheckpoints {
  readonly #audit: AuditStore;
  readonly #store: DatabaseAuditCheckpointStore;
  readonly #key: string | undefined;
  readonly #clock: Clock;
  readonly #logger: LoggerService;

  constructor(options: {
    audit: AuditStore;
    store: DatabaseAuditCheckpointStore;
    /** `socialMedia.audit.checkpoint.key`; without it, no checkpoints are written or checked. */
    key?: string;
    clock: Clock;
    logger: LoggerService;
  }) {
    this.#audit = options.audit;
    this.#store = options.store;
    this.#key = options.key || undefined;
    this.#clock = options.clock;
    this.#logger = options.logger;
  }

  /** Whether a checkpoint key is configured. */
  get configured(): boolean {
    return this.#key !== undefined;
  }

  /**
   * Checkpoints the end of the chain when it moved since the last checkpoint (or there is none
   * yet). Returns what was written; nothing without a key or when the end did not move.
   */
  async checkpoint(): Promise<AuditCheckpoint | undefined> {
    const key = this.#key;
    if (key === undefined) return undefined;
    const [head, newest] = await Promise.all([
      this.#store.head(),
      this.#store.newest(),
    ]);
    if (newest && newest.seq === head.seq && newest.hash === head.hash) {
      return undefined;
    }
    const fields = {
      seq: head.seq,
      hash: head.hash,
      at: this.#clock.now().toISOString(),
    };
    const checkpoint = { ...fields, mac: checkpointMac(key, fields) };
    await this.#store.add(checkpoint);
    // Also in the log, which usually lives apart from the database: a copy that deleting
    // checkpoint rows cannot reach. The MAC is no secret; the key is never logged.
    this.#logger.info(
      `Audit trail checkpoint: entry ${checkpoint.seq}, hash ${checkpoint.hash}, at ${checkpoint.at}, mac ${checkpoint.mac}`,
    );
    return checkpoint;
  }

  /** Recomputes the chain, then checks every checkpoint against it. */
  async verify(): Promise<AuditVerification> {
    const chain = await this.#audit.verify();
    const key = this.#key;
    if (key === undefined) {
      return { ...chain, checkpoints: { configured: false, count: 0 } };
    }
    const [checkpoints, lastSeq] = await Promise.all([
      this.#store.all(),
      this.#store.lastSeq(),
    ]);
    const hashAt = await this.#store.hashesAt(
      checkpoints.filter(c => c.seq <= lastSeq).map(c => c.seq),
    );
    const verdict = judgeCheckpoints(key, checkpoints, lastSeq, hashAt);
    return {
      ...chain,
      intact: chain.intact && !verdict.firstBroken,
      checkpoints: verdict,
    };
  }
}
