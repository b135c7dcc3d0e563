import { Knex } from 'knex';
import { AuditCheckpoint } from '../../domain/auditCheckpoints';
import { CHUNK, TABLES } from '../database';

const {
  audit: AUDIT,
  auditHead: AUDIT_HEAD,
  auditCheckpoints: CHECKPOINTS,
} = TABLES;

type CheckpointRow = {
  id: number;
  seq: number | string;
  hash: string;
  at: string;
  mac: string;
};

function toCheckpoint(row: CheckpointRow): AuditCheckpoint {
  return { seq: Number(row.seq), hash: row.hash, at: row.at, mac: row.mac };
}

/** The keyed checkpoints of the audit trail, and what they are checked against. */
export class DatabaseAuditCheckpointStore {
  constructor(private readonly db: Knex) {}

  /** The end of the chain as the head row records it. */
  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.db(AUDIT_HEAD).where({ id: 1 }).first();
    return { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' };
  }

  /** The checkpoint written last, if any. */
  async newest(): Promise<AuditCheckpoint | undefined> {
    const row = await this.db<CheckpointRow>(CHECKPOINTS)
      .orderBy('id', 'desc')
      .first();
    return row ? toCheckpoint(row as CheckpointRow) : undefined;
  }

  async add(checkpoint: AuditCheckpoint): Promise<void> {
    await this.db(CHECKPOINTS).insert(checkpoint);
  }

  /**
   * Every checkpoint, by seq. Four an hour at most (with the default schedule, and only when the
   * trail moved): some tens of thousands of small rows a year.
   */
  async all(): Promise<AuditCheckpoint[]> {
    const rows = (await this.db<CheckpointRow>(CHECKPOINTS)
      .select('id', 'seq', 'hash', 'at', 'mac')
      .orderBy([
        { column: 'seq', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])) as CheckpointRow[];
    return rows.map(toCheckpoint);
  }

  /** The highest seq in the trail, 0 when it is empty. */
  async lastSeq(): Promise<number> {
    const row = await this.db(AUDIT).max({ last: 'seq' }).first();
    return Number(row?.last ?? 0);
  }

  /** The stored hash of the entries at these seqs; a seq without an entry is left out. */
  async hashesAt(seqs: number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const wanted = [...new Set(seqs.filter(seq => seq > 0))];
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const rows = await this.db(AUDIT)
        .select('seq', 'hash')
        .whereIn('seq', wanted.slice(i, i + CHUNK));
      for (const row of rows) found.set(Number(row.seq), row.hash);
    }
    return found;
  }
}
