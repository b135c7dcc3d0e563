import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  AuditEntry,
  AuditLogFilter,
  AuditLogPage,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { ExportedAuditEntry } from '../../domain/auditExportFormat';
import { openDatabase, TABLES } from '../database';
import { AuditRow, toAuditEntry } from './auditRow';

const {
  audit: AUDIT,
  auditHead: AUDIT_HEAD,
  services: SERVICES,
  requests: REQUESTS,
  handovers: HANDOVERS,
} = TABLES;

/** A request's or a transfer's number as its table keys it. */
const isRowId = (id: number) => Number.isSafeInteger(id) && id > 0;

function parseJson(text: string | null | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The `name` a snapshot or a request's fields hold, if it is a non-blank text. */
function snapshotName(snapshot: unknown): string | undefined {
  const name = (snapshot as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name.trim() ? name : undefined;
}

function toExported(row: AuditRow): ExportedAuditEntry {
  return {
    seq: Number(row.seq),
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    actor: row.actor,
    at: row.at,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    prevHash: row.prev_hash,
    hash: row.hash,
    hashFormat: Number(row.hash_format) as ExportedAuditEntry['hashFormat'],
  };
}

/** How many entries an export reads at a time: memory stays bounded by this. */
export const EXPORT_CHUNK = 1000;

/**
 * Reads of the whole trail for people: filtered pages, newest first, by keyset on seq, and the
 * entries of an export in chain order, a chunk at a time.
 */
export class DatabaseAuditLog {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAuditLog> {
    return new DatabaseAuditLog(await openDatabase(options.database));
  }

  constructor(private readonly db: Knex) {}

  /** Narrows a query of the trail to the filter. */
  private filtered(filter: AuditLogFilter): Knex.QueryBuilder<AuditRow> {
    const db = this.db;
    const query = db<AuditRow>(AUDIT);
    // Handover ids are numbers, entity ids text: compare as text on both databases.
    const handoversOf = (services: (() => Knex.QueryBuilder) | string) =>
      db(HANDOVERS)
        .select(db.raw('CAST(id AS VARCHAR(64))'))
        .modify(q =>
          typeof services === 'string'
            ? q.where('service_id', services)
            : q.whereIn('service_id', services()),
        );
    // A subquery of service ids is built afresh for each place it is used in.
    const about = (services: (() => Knex.QueryBuilder) | string) =>
      query.where(q =>
        q
          .where(w =>
            typeof services === 'string'
              ? w.where({ entity_type: 'service', entity_id: services })
              : w
                  .where('entity_type', 'service')
                  .whereIn('entity_id', services()),
          )
          .orWhere(w =>
            w
              .where('entity_type', 'service-handover')
              .whereIn('entity_id', handoversOf(services)),
          ),
      );
    if (filter.serviceId) about(filter.serviceId);
    if (filter.group) {
      const group = filter.group;
      about(() => db(SERVICES).select('id').where('owner_group', group));
    }
    if (filter.actor) query.where('actor', filter.actor);
    if (filter.actions?.length) query.whereIn('action', filter.actions);
    if (filter.from) query.where('at', '>=', filter.from);
    if (filter.to) query.where('at', '<=', filter.to);
    return query;
  }

  /** One page, newest first: entries with seq below `before`, at most `limit`. */
  async list(
    filter: AuditLogFilter,
    page: { before?: number; limit: number },
  ): Promise<AuditLogPage> {
    const query = this.filtered(filter)
      .orderBy('seq', 'desc')
      .limit(page.limit + 1);
    if (page.before !== undefined) query.where('seq', '<', page.before);
    const rows = (await query) as AuditRow[];
    const items = rows.slice(0, page.limit).map(toAuditEntry);
    const names = await this.recordNames(items);
    return rows.length > page.limit
      ? { items, nextBefore: items[items.length - 1].seq, names }
      : { items, names };
  }

  /**
   * What people call the entries' records, by `entityType:entityId`: a service's name now (or,
   * deleted, the last name an entry of the page recorded), a request's proposed name, and the
   * service a transfer or retirement is about. One query per kind of record on the page.
   */
  private async recordNames(
    entries: AuditEntry[],
  ): Promise<Record<string, string>> {
    const idsOf = (type: AuditEntry['entityType']) => [
      ...new Set(
        entries.filter(e => e.entityType === type).map(e => e.entityId),
      ),
    ];
    const serviceIds = idsOf('service');
    const requestIds = idsOf('service-request').map(Number).filter(isRowId);
    const handoverIds = idsOf('service-handover').map(Number).filter(isRowId);
    const [services, requests, handovers] = await Promise.all([
      serviceIds.length
        ? this.db(SERVICES).whereIn('id', serviceIds).select('id', 'name')
        : [],
      requestIds.length
        ? this.db(REQUESTS)
            .whereIn('id', requestIds)
            .select('id', 'fields_json')
        : [],
      handoverIds.length
        ? this.db(HANDOVERS)
            .whereIn('id', handoverIds)
            .select('id', 'service_name')
        : [],
    ]);
    const names: Record<string, string> = {};
    // Newest first: the first name an entry recorded is the service's last.
    for (const entry of entries) {
      const key = `${entry.entityType}:${entry.entityId}`;
      if (entry.entityType !== 'service' || names[key]) continue;
      const recorded = snapshotName(entry.after) ?? snapshotName(entry.before);
      if (recorded) names[key] = recorded;
    }
    for (const row of services as Array<{ id: string; name: string }>) {
      names[`service:${row.id}`] = row.name;
    }
    for (const row of requests as Array<{ id: number; fields_json: string }>) {
      const name = snapshotName(parseJson(row.fields_json));
      if (name) names[`service-request:${row.id}`] = name;
    }
    for (const row of handovers as Array<{
      id: number;
      service_name: string | null;
    }>) {
      if (row.service_name) {
        names[`service-handover:${row.id}`] = row.service_name;
      }
    }
    return names;
  }

  /** The end of the chain now. */
  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.db(AUDIT_HEAD).where({ id: 1 }).first();
    return { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' };
  }

  /**
   * The entries of the filter up to `throughSeq`, in chain order, read `EXPORT_CHUNK` at a time
   * by keyset on seq: however long the trail, only one chunk is held at once.
   */
  async *stream(
    filter: AuditLogFilter,
    throughSeq: number,
  ): AsyncGenerator<ExportedAuditEntry[]> {
    let after = 0;
    for (;;) {
      const rows = (await this.filtered(filter)
        .where('seq', '>', after)
        .where('seq', '<=', throughSeq)
        .orderBy('seq', 'asc')
        .limit(EXPORT_CHUNK)) as AuditRow[];
      if (rows.length === 0) return;
      yield rows.map(toExported);
      if (rows.length < EXPORT_CHUNK) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }
}
