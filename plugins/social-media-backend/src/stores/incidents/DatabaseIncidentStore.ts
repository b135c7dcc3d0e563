import { DatabaseService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { LinkedIncident } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { isOpenIncident, isSecurityIncident } from '../../domain/guardianship';
import {
  IncidentCopy,
  incidentFingerprint,
  StoredIncidentVersion,
} from '../../domain/incidentSync';
import {
  inChunks,
  isPostgres,
  openDatabase,
  TABLES,
  upsertRows,
  whereOneOf,
} from '../database';
import {
  IncidentFacts,
  IncidentRecord,
  IncidentWrites,
  ItsmSyncRuns,
  ItsmSyncState,
  SyncRunOutcome,
} from './IncidentStore';

const {
  incidents: INCIDENTS,
  itsmSync: ITSM_SYNC,
  ratingDue: RATING_DUE,
} = TABLES;

/** Incidents looked up by their ids in one query (one parameter holds them all). */
const LOOKUP_CHUNK = 5000;

type IncidentRow = {
  connector_id: string;
  external_id: string;
  number: string;
  title: string;
  priority: string;
  state: string;
  category: string | null;
  is_open: boolean | number;
  opened_at: string;
  resolved_at: string | null;
  updated_at: string;
  url: string;
};

/**
 * The columns each incident's row brings, in the order PostgreSQL's statement reads them from a
 * JSON array (the connector and the time seen are bound once for all), with the casts from text.
 */
const POSTGRES_ROW_COLUMNS = [
  'service_id',
  'external_id',
  'number',
  'title',
  'priority',
  'state',
  'category',
  'is_open',
  'opened_at',
  'resolved_at',
  'updated_at',
  'url',
  'version',
  'fingerprint',
] as const;
const POSTGRES_CASTS: Record<string, string> = {
  is_open: 'boolean',
  version: 'bigint',
};

/** Incidents written by one statement on PostgreSQL. */
const POSTGRES_CHUNK = 1000;

/** Text cut to a column's length, marked as cut. */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The columns of an incident's row that come from the incident itself. */
function storedColumns(r: IncidentRecord) {
  return {
    external_id: r.externalId,
    // Vendors' labels are free text; they are kept within their columns, not refused.
    number: fit(r.number, 64),
    title: r.title,
    priority: fit(r.priority, 64),
    state: fit(r.state, 64),
    category: r.category ? fit(r.category, 128) : null,
    is_open: isOpenIncident(r),
    opened_at: r.openedAt,
    resolved_at: r.resolvedAt ?? null,
    updated_at: r.updatedAt,
    url: r.url,
    version: r.version ?? null,
    fingerprint: incidentFingerprint(r),
  };
}

/** An incident row as the API shows it. */
function toLinkedIncident(row: IncidentRow): LinkedIncident {
  return {
    connectorId: row.connector_id,
    externalId: row.external_id,
    number: row.number,
    title: row.title,
    priority: row.priority,
    state: row.state,
    ...(row.category ? { category: row.category } : {}),
    open: Boolean(row.is_open),
    openedAt: row.opened_at,
    ...(row.resolved_at ? { resolvedAt: row.resolved_at } : {}),
    updatedAt: row.updated_at,
    url: row.url,
  };
}

/** Knex implementation of {@link IncidentStore} and {@link IncidentWrites}. */
export class DatabaseIncidentStore implements IncidentWrites {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseIncidentStore> {
    return new DatabaseIncidentStore(await openDatabase(options.database));
  }

  /** @param db the database, or a transaction of the unit of work */
  constructor(private readonly db: Knex) {}

  async listIncidents(
    serviceId: string,
    options: { includeResolved: boolean },
  ): Promise<LinkedIncident[]> {
    const query = this.db(INCIDENTS).where({ service_id: serviceId });
    if (!options.includeResolved) query.where('is_open', true);
    const rows = await query
      .orderBy('is_open', 'desc')
      .orderBy('opened_at', 'desc')
      .orderBy('number', 'desc')
      .orderBy('external_id', 'desc');
    return rows.map(toLinkedIncident);
  }

  async plannedIncidentRows(): Promise<number | undefined> {
    if (!isPostgres(this.db)) return undefined;
    const { rows } = await this.db.raw(
      'select reltuples from pg_class where oid = to_regclass(?)',
      [INCIDENTS],
    );
    // -1: never analysed.
    return Math.max(0, Number(rows[0]?.reltuples ?? 0));
  }

  async refreshIncidentStatistics(): Promise<void> {
    if (!isPostgres(this.db)) return;
    // The row count and the key columns the sync's lookups use: cheaper than every column, whose
    // statistics autovacuum refreshes in its own time.
    await this.db.raw('analyze ?? (??, ??, ??)', [
      INCIDENTS,
      'connector_id',
      'external_id',
      'service_id',
    ]);
  }

  syncWriteBatch(): number {
    // A SQLite commit writes every page the transaction changed to the write-ahead log, and the
    // copies' unique index takes each batch's incidents all over: fewer, larger transactions
    // write its pages fewer times. PostgreSQL writes in its own process while the next pages are
    // read; smaller batches leave less of that work to the end of the run.
    return isPostgres(this.db) ? 5000 : 20_000;
  }

  async getSyncState(connectorId: string): Promise<ItsmSyncState> {
    const row = await this.db(ITSM_SYNC)
      .where({ connector_id: connectorId })
      .first();
    return {
      ...(row?.cursor ? { cursor: row.cursor } : {}),
      ...(row?.mappings_hash ? { mappingsHash: row.mappings_hash } : {}),
      ...(row?.full_sync_started_at
        ? { fullSyncStartedAt: row.full_sync_started_at }
        : {}),
      ...(row?.last_full_sync_at
        ? { lastFullSyncAt: row.last_full_sync_at }
        : {}),
    };
  }

  async getSyncRuns(
    connectorIds: string[],
    at?: string,
  ): Promise<ItsmSyncRuns[]> {
    const rows = await this.db(ITSM_SYNC).whereIn('connector_id', connectorIds);
    return connectorIds.map(connectorId => {
      const row = rows.find(r => r.connector_id === connectorId);
      return {
        connectorId,
        ...(row?.last_run_at ? { lastRunAt: row.last_run_at } : {}),
        ...(row?.last_success_at ? { lastSuccessAt: row.last_success_at } : {}),
        ...(row?.last_error_at ? { lastErrorAt: row.last_error_at } : {}),
        ...(row?.last_full_sync_at
          ? { lastFullSyncAt: row.last_full_sync_at }
          : {}),
        ...(row?.last_error ? { lastError: row.last_error } : {}),
        incidentsLastRun: Number(row?.incidents_last_run ?? 0),
        ...(row?.run_owner &&
        row.run_started_at &&
        (!at || String(row.run_lease_until ?? '') >= at)
          ? { runningSince: row.run_started_at }
          : {}),
      };
    });
  }

  async recordSyncRun(
    connectorId: string,
    outcome: SyncRunOutcome,
  ): Promise<void> {
    let columns: Record<string, string | number>;
    if (outcome.kind === 'started') {
      columns = { last_run_at: outcome.at };
    } else if (outcome.kind === 'succeeded') {
      columns = {
        last_success_at: outcome.at,
        incidents_last_run: outcome.incidents,
      };
    } else {
      columns = {
        last_error_at: outcome.at,
        last_error: outcome.error.slice(0, 2000),
        incidents_last_run: outcome.incidents,
      };
    }
    await this.upsertSyncRow(connectorId, columns);
  }

  async beginFullSync(
    connectorId: string,
    options: { at: string; mappingsHash: string },
  ): Promise<void> {
    await this.upsertSyncRow(connectorId, {
      cursor: null,
      mappings_hash: options.mappingsHash,
      full_sync_started_at: options.at,
    });
  }

  async claimRun(
    connectorId: string,
    claim: { owner: string; at: string; leaseUntil: string },
  ): Promise<{ claimed: true } | { claimed: false; runningSince: string }> {
    // The row exists before the claim, so that one conditional update decides between runs.
    await this.db(ITSM_SYNC)
      .insert({ connector_id: connectorId })
      .onConflict('connector_id')
      .ignore();
    const updated = await this.db(ITSM_SYNC)
      .where({ connector_id: connectorId })
      .andWhere(free =>
        free
          .whereNull('run_owner')
          .orWhereNull('run_lease_until')
          .orWhere('run_lease_until', '<', claim.at),
      )
      .update({
        run_owner: claim.owner,
        run_started_at: claim.at,
        run_lease_until: claim.leaseUntil,
      });
    if (Number(updated) === 1) return { claimed: true };
    const row = await this.db(ITSM_SYNC)
      .where({ connector_id: connectorId })
      .first('run_started_at');
    return { claimed: false, runningSince: String(row?.run_started_at ?? '') };
  }

  async renewRun(
    connectorId: string,
    claim: { owner: string; leaseUntil: string },
  ): Promise<boolean> {
    const updated = await this.db(ITSM_SYNC)
      .where({ connector_id: connectorId, run_owner: claim.owner })
      .update({ run_lease_until: claim.leaseUntil });
    return Number(updated) === 1;
  }

  async releaseRun(connectorId: string, owner: string): Promise<void> {
    await this.db(ITSM_SYNC)
      .where({ connector_id: connectorId, run_owner: owner })
      .update({ run_owner: null, run_started_at: null, run_lease_until: null });
  }

  // --- writes, inside a unit of work -----------------------------------------------------

  async getStoredVersions(
    connectorId: string,
    externalIds: string[],
  ): Promise<Map<string, StoredIncidentVersion[]>> {
    const stored = new Map<string, StoredIncidentVersion[]>();
    await inChunks(
      externalIds,
      async chunk => {
        const rows = await whereOneOf(
          this.db,
          this.db(INCIDENTS).where({ connector_id: connectorId }),
          'external_id',
          chunk,
        ).select(
          'external_id',
          'service_id',
          'updated_at',
          'version',
          'fingerprint',
        );
        for (const r of rows) {
          const copies = stored.get(r.external_id) ?? [];
          copies.push({
            serviceId: r.service_id,
            updatedAt: r.updated_at,
            ...(r.version !== null && r.version !== undefined
              ? { version: Number(r.version) }
              : {}),
            ...(r.fingerprint ? { fingerprint: r.fingerprint } : {}),
          });
          stored.set(r.external_id, copies);
        }
      },
      LOOKUP_CHUNK,
    );
    return stored;
  }

  async writeIncidents(
    connectorId: string,
    copies: { added: IncidentRecord[]; changed: IncidentRecord[] },
    seenAt: string,
  ): Promise<void> {
    if (isPostgres(this.db)) {
      await this.writeOnPostgres(connectorId, copies, seenAt);
      return;
    }
    const rows = [...copies.added, ...copies.changed].map(r => ({
      service_id: r.serviceId,
      connector_id: connectorId,
      ...storedColumns(r),
      seen_at: seenAt,
    }));
    await upsertRows(this.db, INCIDENTS, rows, [
      'connector_id',
      'external_id',
      'service_id',
    ]);
  }

  /**
   * The copies' rows as one JSON array of arrays per statement, the connector and the time seen
   * bound once: PostgreSQL reads that in about two thirds of the time it takes to read the same
   * rows as objects, every column named in each. The added copies are inserted without an
   * `on conflict` clause, which costs PostgreSQL another index probe per row; should one have been
   * stored since the lookup (an incident reported from the portal meanwhile), they are written
   * again as the changed ones are.
   */
  private async writeOnPostgres(
    connectorId: string,
    copies: { added: IncidentRecord[]; changed: IncidentRecord[] },
    seenAt: string,
  ): Promise<void> {
    const columns = [...POSTGRES_ROW_COLUMNS, 'connector_id', 'seen_at'];
    const read = POSTGRES_ROW_COLUMNS.map((column, i) =>
      POSTGRES_CASTS[column]
        ? `(r->>${i})::${POSTGRES_CASTS[column]}`
        : `r->>${i}`,
    );
    const statement = (db: Knex, rows: IncidentRecord[], replace: boolean) => {
      const values = rows.map(r => {
        const row = { service_id: r.serviceId, ...storedColumns(r) };
        return POSTGRES_ROW_COLUMNS.map(column => row[column]);
      });
      const onConflict = replace
        ? ` on conflict (connector_id, external_id, service_id) do update set ${columns
            .map(() => '?? = excluded.??')
            .join(', ')}`
        : '';
      return db.raw(
        `insert into ?? (${columns.map(() => '??').join(', ')})
         select ${read.join(
           ', ',
         )}, ?, ? from jsonb_array_elements(?::jsonb) as r${onConflict}`,
        [
          INCIDENTS,
          ...columns,
          connectorId,
          seenAt,
          JSON.stringify(values),
          ...(replace ? columns.flatMap(c => [c, c]) : []),
        ],
      );
    };
    const replaceAll = (rows: IncidentRecord[]) =>
      inChunks(rows, chunk => statement(this.db, chunk, true), POSTGRES_CHUNK);
    if (copies.added.length > 0) {
      try {
        // A savepoint, so that a refused insert leaves the unit of work usable.
        await this.db.transaction(savepoint =>
          inChunks(
            copies.added,
            chunk => statement(savepoint, chunk, false),
            POSTGRES_CHUNK,
          ),
        );
      } catch (error) {
        // Anything but a unique violation fails the unit of work.
        if ((error as { code?: string }).code !== '23505') throw error;
        await replaceAll(copies.added);
      }
    }
    await replaceAll(copies.changed);
  }

  async markSeen(
    connectorId: string,
    copies: IncidentCopy[],
    seenAt: string,
  ): Promise<void> {
    await this.eachCopy(connectorId, copies, rows =>
      rows.update({ seen_at: seenAt }),
    );
  }

  async removeIncidents(
    connectorId: string,
    copies: IncidentCopy[],
  ): Promise<void> {
    await this.eachCopy(connectorId, copies, rows => rows.delete());
  }

  async removeServiceIncidents(serviceId: string): Promise<void> {
    await this.db(INCIDENTS).where({ service_id: serviceId }).delete();
  }

  /** Runs `change` on the rows of these copies, a chunk of one service's copies at a time. */
  private async eachCopy(
    connectorId: string,
    copies: IncidentCopy[],
    change: (rows: Knex.QueryBuilder) => PromiseLike<unknown>,
  ): Promise<void> {
    const byService = new Map<string, string[]>();
    for (const copy of copies) {
      const ids = byService.get(copy.serviceId) ?? [];
      ids.push(copy.externalId);
      byService.set(copy.serviceId, ids);
    }
    for (const [serviceId, externalIds] of byService) {
      await inChunks(externalIds, async chunk => {
        await change(
          this.db(INCIDENTS)
            .where({ connector_id: connectorId, service_id: serviceId })
            .whereIn('external_id', chunk),
        );
      });
    }
  }

  async saveCursor(
    connectorId: string,
    cursor: string,
    mappingsHash: string,
  ): Promise<void> {
    await this.upsertSyncRow(connectorId, {
      cursor,
      mappings_hash: mappingsHash,
    });
  }

  async markRatingDue(serviceIds: string[], at: string): Promise<void> {
    await upsertRows(
      this.db,
      RATING_DUE,
      [...new Set(serviceIds)].map(id => ({ service_id: id, since: at })),
      ['service_id'],
      { onConflict: 'ignore' },
    );
  }

  async listRatingDue(limit: number): Promise<string[]> {
    const rows = (await this.db(RATING_DUE)
      .orderBy([
        { column: 'since', order: 'asc' },
        { column: 'service_id', order: 'asc' },
      ])
      .limit(limit)
      .select('service_id')) as Array<{ service_id: string }>;
    return rows.map(r => r.service_id);
  }

  async clearRatingDue(serviceIds: string[]): Promise<void> {
    await inChunks(serviceIds, chunk =>
      this.db(RATING_DUE).whereIn('service_id', chunk).delete(),
    );
  }

  async finishFullSync(
    connectorId: string,
    options: { startedAt: string; at: string },
  ): Promise<{ removed: number; serviceIds: string[] }> {
    const unseen = () =>
      this.db(INCIDENTS)
        .where({ connector_id: connectorId })
        .andWhere(q =>
          q.whereNull('seen_at').orWhere('seen_at', '<', options.startedAt),
        );
    const services = (await unseen()
      .select('service_id')
      .count({ n: '*' })
      .groupBy('service_id')) as Array<{
      service_id: string;
      n: number | string;
    }>;
    // The same rows: a copy stored meanwhile (reported from the portal) was seen after the start.
    await unseen().delete();
    await this.db(ITSM_SYNC)
      .where({ connector_id: connectorId })
      .update({ full_sync_started_at: null, last_full_sync_at: options.at });
    return {
      removed: services.reduce((sum, s) => sum + Number(s.n), 0),
      serviceIds: services.map(s => s.service_id),
    };
  }

  async getIncidentFacts(
    serviceIds: string[],
    securitySince: string,
  ): Promise<Map<string, IncidentFacts>> {
    const facts = new Map<string, IncidentFacts>();
    const of = (id: string) => {
      if (!facts.has(id)) facts.set(id, { open: 0, recentSecurity: 0 });
      return facts.get(id)!;
    };
    // One read of each service's incidents for both figures: the open ones and those opened since
    // `securitySince`.
    await inChunks(serviceIds, async chunk => {
      const rows = (await this.db(INCIDENTS)
        .whereIn('service_id', chunk)
        .andWhere(q =>
          q.where('is_open', true).orWhere('opened_at', '>=', securitySince),
        )
        .select(
          'service_id',
          'category',
          'title',
          'is_open',
          this.db.raw('(?? >= ?) as ??', [
            'opened_at',
            securitySince,
            'recent',
          ]),
        )) as Array<{
        service_id: string;
        category: string | null;
        title: string;
        is_open: boolean | number;
        recent: boolean | number;
      }>;
      for (const row of rows) {
        const service = of(row.service_id);
        if (row.is_open) service.open += 1;
        if (row.recent && isSecurityIncident(row)) service.recentSecurity += 1;
      }
    });
    return facts;
  }

  async countOpenSecurityIncidents(
    serviceIds: string[],
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    await inChunks(serviceIds, async chunk => {
      const open: Array<{
        service_id: string;
        category: string | null;
        title: string;
      }> = await this.db(INCIDENTS)
        .whereIn('service_id', chunk)
        .where('is_open', true)
        .select('service_id', 'category', 'title');
      for (const incident of open) {
        if (isSecurityIncident(incident)) {
          counts.set(
            incident.service_id,
            (counts.get(incident.service_id) ?? 0) + 1,
          );
        }
      }
    });
    return counts;
  }

  async getIncident(
    connectorId: string,
    externalId: string,
    serviceId: string,
  ): Promise<LinkedIncident> {
    const row = await this.db(INCIDENTS)
      .where({
        connector_id: connectorId,
        external_id: externalId,
        service_id: serviceId,
      })
      .first();
    if (!row) {
      throw new NotFoundError(
        `No incident ${externalId} from ${connectorId} is linked to ${serviceId}`,
      );
    }
    return toLinkedIncident(row);
  }

  private async upsertSyncRow(
    connectorId: string,
    columns: Record<string, string | number | null>,
  ) {
    await this.db(ITSM_SYNC)
      .insert({ connector_id: connectorId, ...columns })
      .onConflict('connector_id')
      .merge(Object.keys(columns));
  }
}
