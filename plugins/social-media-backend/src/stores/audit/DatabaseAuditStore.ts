import { DatabaseService } from '@backstage/backend-plugin-api';
import { AuditEntry } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import {
  canonicalJson,
  ChainVerification,
  CURRENT_HASH_FORMAT,
  hashEntry,
} from '../../domain/auditChain';
import {
  inChunks,
  isPostgres,
  openDatabase,
  TABLES,
  whereOneOf,
} from '../database';
import { AuditWrites, PendingAuditEntry } from './AuditStore';
import { AuditRow, toAuditEntry } from './auditRow';
import { verifyStoredChain } from './verifyStoredChain';

const { audit: AUDIT, auditHead: AUDIT_HEAD } = TABLES;

/** Knex implementation of {@link AuditStore} and {@link AuditWrites}. */
export class DatabaseAuditStore implements AuditWrites {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAuditStore> {
    return new DatabaseAuditStore(await openDatabase(options.database));
  }

  /** @param db the database, or a transaction of the unit of work */
  constructor(private readonly db: Knex) {}

  async getServiceHistory(serviceId: string): Promise<AuditEntry[]> {
    const rows = (await this.db<AuditRow>(AUDIT)
      .where({ entity_type: 'service', entity_id: serviceId })
      .orderBy('seq', 'desc')) as AuditRow[];
    return rows.map(toAuditEntry);
  }

  async getServiceHistories(
    serviceIds: string[],
  ): Promise<Map<string, AuditEntry[]>> {
    const histories = new Map<string, AuditEntry[]>(
      serviceIds.map(id => [id, []]),
    );
    await inChunks(serviceIds, async chunk => {
      const rows = (await whereOneOf(
        this.db,
        this.db<AuditRow>(AUDIT).where({ entity_type: 'service' }),
        'entity_id',
        chunk,
      ).orderBy('seq', 'desc')) as AuditRow[];
      for (const row of rows) {
        histories.get(row.entity_id)?.push(toAuditEntry(row));
      }
    });
    return histories;
  }

  async verify(): Promise<ChainVerification> {
    return verifyStoredChain(this.db);
  }

  async isEmpty(): Promise<boolean> {
    const head = await this.db(AUDIT_HEAD).where({ id: 1 }).first();
    return Number(head?.seq ?? 0) === 0;
  }

  /**
   * Appends entries to the hash chain. The head row is locked (PostgreSQL) or the database is
   * write-locked by the transaction (SQLite), so concurrent writers, also on other backend
   * instances, append one after the other. Writers lock their services before the head, never
   * after it, so that they cannot wait on each other in a circle.
   */
  async append(entries: PendingAuditEntry[], at: string): Promise<number[]> {
    if (entries.length === 0) return [];
    const headQuery = this.db(AUDIT_HEAD).where({ id: 1 });
    if (isPostgres(this.db)) headQuery.forUpdate();
    const head = await headQuery.first();
    let seq = Number(head?.seq ?? 0);
    let prevHash: string = head?.hash ?? '';
    const rows: AuditRow[] = [];
    for (const entry of entries) {
      const content = {
        hashFormat: CURRENT_HASH_FORMAT,
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        actor: entry.actor,
        at,
        beforeJson: canonicalJson(entry.before),
        afterJson: canonicalJson(entry.after),
        prevHash,
      };
      const hash = hashEntry(content);
      seq += 1;
      rows.push({
        seq,
        entity_type: content.entityType,
        entity_id: content.entityId,
        action: content.action,
        actor: content.actor,
        at: content.at,
        before_json: content.beforeJson,
        after_json: content.afterJson,
        prev_hash: prevHash,
        hash,
        hash_format: content.hashFormat,
      });
      prevHash = hash;
    }
    await inChunks(rows, chunk => this.db(AUDIT).insert(chunk));
    await this.db(AUDIT_HEAD).where({ id: 1 }).update({ seq, hash: prevHash });
    return rows.map(row => Number(row.seq));
  }
}
