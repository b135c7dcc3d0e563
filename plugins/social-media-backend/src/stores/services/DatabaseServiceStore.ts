import { DatabaseService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  LIFECYCLE_STAGES,
  LifecycleStage,
  ServiceListQuery,
  SocialService,
  SocialServiceList,
} from '@internal/plugin-social-media-common';
import { SocialServicePermissionResource } from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import { AccessReviewWindow } from '../../domain/accessReview';
import {
  cursorValueOf,
  decodeListCursor,
  encodeListCursor,
} from '../../domain/listCursor';
import { DEFAULT_PAGE_SIZE, IdPageQuery } from '../../domain/listQuery';
import {
  AdminRow,
  rowToService,
  ServiceRow,
  StoredServiceParts,
  TransitionRow,
} from '../../domain/serviceRecord';
import {
  countOf,
  inChunks,
  isPostgres,
  openDatabase,
  TABLES,
  whereOneOf,
} from '../database';
import { whereAccessReview } from '../accessReviewFilter';
import { readLatestSignOff } from '../guardianship/signOffs';
import {
  AdminRecord,
  ExportableService,
  ImportCollision,
  ItsmMappingRecord,
  NewService,
  ServiceWrites,
  StoredOwners,
  StoreStatus,
} from './ServiceStore';

const { services: SERVICES, admins: ADMINS, transitions: TRANSITIONS } = TABLES;

/**
 * The columns a service is read from in lists: everything but the derived sorting and search
 * columns and the full risk explanation, which only the service page needs.
 */
export const LIST_COLUMNS = [
  'id',
  'name',
  'platform',
  'handle',
  'profile_url',
  'purpose',
  'business_unit',
  'owner_group',
  'service_owner',
  'business_requester',
  'audience_size',
  'tags',
  'controls',
  'itsm_system',
  'itsm_reference',
  'lifecycle_stage',
  'risk_rating',
  'open_incident_count',
  'admin_count',
  'leaver_count',
  'access_review_due_at',
  'access_reviewed_at',
  'out_of_compliance',
  'trail_check',
  'version',
  'created_at',
  'updated_at',
];

/** Columns the list can be sorted by, and how. */
const SORT_COLUMNS: Record<NonNullable<ServiceListQuery['sort']>, string> = {
  name: 'sort_name',
  platform: 'platform',
  ownerGroup: 'owner_group',
  lifecycleStage: 'stage_rank',
  riskRating: 'risk_rank',
  openIncidentCount: 'open_incident_count',
  audienceSize: 'audience_size',
  updatedAt: 'updated_at',
};

/** Escapes LIKE wildcards so that a search for "50%" finds "50%". */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`No social media service with id '${id}'`);
}

/**
 * Knex implementation of {@link ServiceStore} (and, bound to a transaction by the unit of work,
 * of {@link ServiceWrites}) for SQLite and PostgreSQL.
 */
export class DatabaseServiceStore implements ServiceWrites {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseServiceStore> {
    return new DatabaseServiceStore(await openDatabase(options.database));
  }

  /** @param db the database, or a transaction of the unit of work */
  constructor(private readonly db: Knex) {}

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async getStatus(): Promise<StoreStatus> {
    const [latest] = await this.db(TABLES.migrations)
      .select('name')
      .orderBy('id', 'desc')
      .limit(1);
    const counts: Array<{ lifecycle_stage: string; count: string | number }> =
      await this.db(SERVICES)
        .select('lifecycle_stage')
        .count({ count: '*' })
        .groupBy('lifecycle_stage');
    const servicesByStage = Object.fromEntries(
      LIFECYCLE_STAGES.map(stage => [stage, 0]),
    ) as Record<LifecycleStage, number>;
    for (const row of counts) {
      servicesByStage[row.lifecycle_stage as LifecycleStage] = Number(
        row.count,
      );
    }
    // A string, an object or (for Backstage's in-memory SQLite) a loader function; SQLite's
    // carry a filename, `:memory:` when the database lives in memory.
    const connection: unknown = this.db.client.config.connection;
    const filename =
      typeof connection === 'string'
        ? connection
        : (connection as { filename?: unknown } | undefined)?.filename;
    return {
      client: String(this.db.client.config.client),
      latestMigration: latest?.name ?? 'none',
      inMemory: filename === ':memory:',
      servicesByStage,
    };
  }

  async listServices(
    query: ServiceListQuery,
    reviewWindow?: AccessReviewWindow,
  ): Promise<SocialServiceList> {
    if (query.accessReview?.length && !reviewWindow) {
      throw new Error('Filtering by access review needs the review window');
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const offset = query.offset ?? 0;
    const filtered = () => {
      const q = this.db<ServiceRow>(SERVICES);
      if (query.platform?.length) q.whereIn('platform', query.platform);
      if (query.ownerGroup?.length) q.whereIn('owner_group', query.ownerGroup);
      if (query.serviceOwner?.length) {
        q.whereIn('service_owner', query.serviceOwner);
      }
      if (query.lifecycleStage?.length) {
        q.whereIn('lifecycle_stage', query.lifecycleStage);
      }
      if (query.riskRating?.length) {
        const rated = query.riskRating.filter(r => r !== 'unrated');
        const unrated = rated.length < query.riskRating.length;
        q.where(r => {
          if (rated.length) r.orWhereIn('risk_rating', rated);
          if (unrated) r.orWhereNull('risk_rating');
        });
      }
      if (query.accessReview?.length) {
        whereAccessReview(q, query.accessReview, reviewWindow!);
      }
      if (query.hasOpenIncidents === true) {
        q.where('open_incident_count', '>', 0);
      }
      if (query.hasOpenIncidents === false) q.where('open_incident_count', 0);
      if (query.hasLeavers === true) q.where('leaver_count', '>', 0);
      if (query.hasLeavers === false) q.where('leaver_count', 0);
      if (query.changedOutside !== undefined) {
        q.where('changed_outside', query.changedOutside);
      }
      if (query.compliant !== undefined) {
        q.where('out_of_compliance', !query.compliant);
      }
      for (const word of (query.search ?? '').toLowerCase().split(/\s+/)) {
        if (word) {
          q.whereRaw(`search_text like ? escape '\\'`, [likePattern(word)]);
        }
      }
      return q;
    };
    const sort = query.sort ?? 'name';
    const column = SORT_COLUMNS[sort];
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const sorted = filtered().select(...LIST_COLUMNS, { sort_value: column });
    if (query.after) {
      const after = decodeListCursor(query.after, sort, order);
      this.whereAfter(sorted, column, order, after);
    }
    if (column === 'risk_rank') {
      // Unrated services come after rated ones in both directions, on every database.
      sorted.orderByRaw(
        `case when risk_rank is null then 1 else 0 end, risk_rank ${order}`,
      );
    } else {
      sorted.orderBy(column, order);
    }
    // One row more than the page, to tell whether another page follows.
    const [rows, counted] = await Promise.all([
      sorted
        .orderBy('id', 'asc')
        .limit(limit + 1)
        .offset(query.after ? 0 : offset),
      filtered().count({ count: '*' }),
    ]);
    const page = (rows as Array<ServiceRow & { sort_value: unknown }>).slice(
      0,
      limit,
    );
    const last = page[page.length - 1];
    return {
      items: page.map(rowToService),
      totalCount: countOf(counted as Array<{ count: number }>),
      limit,
      offset: query.after ? 0 : offset,
      ...(rows.length > limit && last
        ? {
            nextAfter: encodeListCursor({
              sort,
              order,
              value: cursorValueOf(sort, last.sort_value),
              id: last.id,
            }),
          }
        : {}),
    };
  }

  /**
   * Only the services after the cursor's in the list's order: the sort column past the cursor's
   * value, or equal to it with a greater id (ids break ties, ascending in both directions).
   * Unrated services, last in both directions, follow every rated one.
   */
  private whereAfter(
    q: Knex.QueryBuilder,
    column: string,
    order: 'asc' | 'desc',
    after: { value: string | number | null; id: string },
  ) {
    const past = order === 'asc' ? '>' : '<';
    // A time is kept in the cursor as milliseconds: SQLite stores them, PostgreSQL a timestamp.
    const value =
      column === 'updated_at' && isPostgres(this.db) && after.value !== null
        ? new Date(after.value)
        : after.value;
    if (column === 'risk_rank') {
      if (value === null) {
        q.whereNull('risk_rank').where('id', '>', after.id);
        return;
      }
      q.where(r =>
        r
          .whereNull('risk_rank')
          .orWhere('risk_rank', past, value)
          .orWhere(tie =>
            tie.where('risk_rank', value).where('id', '>', after.id),
          ),
      );
      return;
    }
    const bound = value as string | number | Date;
    // The first condition says the same as the pair after it, less exactly, in a form both
    // databases read as where to start in the index of the column and the id (the pair alone,
    // an OR, had PostgreSQL read the index from its start and skip up to the cursor).
    q.where(column, `${past}=`, bound).where(r =>
      r
        .where(column, past, bound)
        .orWhere(tie => tie.where(column, bound).where('id', '>', after.id)),
    );
  }

  async listGuardianshipRows(
    page: IdPageQuery,
  ): Promise<{ rows: ServiceRow[]; totalCount: number; more: boolean }> {
    const read = this.db<ServiceRow>(SERVICES).select(
      ...LIST_COLUMNS,
      'risk_json',
    );
    if (page.afterId !== undefined) read.where('id', '>', page.afterId);
    // One row more than the page, to tell whether another page follows.
    const [rows, counted] = await Promise.all([
      read
        .orderBy('id', 'asc')
        .limit(page.limit + 1)
        .offset(page.afterId !== undefined ? 0 : page.offset),
      this.db(SERVICES).count({ count: '*' }),
    ]);
    return {
      rows: (rows as ServiceRow[]).slice(0, page.limit),
      totalCount: countOf(counted as Array<{ count: number }>),
      more: rows.length > page.limit,
    };
  }

  async getPermissionResources(ids: string[]): Promise<StoredOwners[]> {
    const found: StoredOwners[] = [];
    await inChunks(ids, async chunk => {
      const rows = await this.db(SERVICES)
        .whereIn('id', chunk)
        .select('id', 'owner_group', 'service_owner', 'version');
      for (const row of rows) {
        found.push({
          id: row.id,
          ownerGroup: row.owner_group,
          ...(row.service_owner ? { serviceOwner: row.service_owner } : {}),
          version: Number(row.version),
        });
      }
    });
    return found;
  }

  async requirePermissionResource(
    id: string,
  ): Promise<SocialServicePermissionResource> {
    const [found] = await this.getPermissionResources([id]);
    if (!found) throw notFound(id);
    return found;
  }

  async getServiceParts(id: string): Promise<StoredServiceParts> {
    const row = await this.db<ServiceRow>(SERVICES).where({ id }).first();
    if (!row) throw notFound(id);
    const [admins, transitions, signOff] = await Promise.all([
      this.listAdmins(id),
      this.listTransitions(id),
      readLatestSignOff(this.db, id),
    ]);
    return { row: row as ServiceRow, admins, transitions, signOff };
  }

  async getService(id: string): Promise<SocialService> {
    const row = await this.db<ServiceRow>(SERVICES)
      .where({ id })
      .first(...LIST_COLUMNS);
    if (!row) throw notFound(id);
    return rowToService(row as ServiceRow);
  }

  async countServices(): Promise<number> {
    return countOf(await this.db(SERVICES).count({ count: '*' }));
  }

  async listServiceIds(): Promise<string[]> {
    const rows = await this.db(SERVICES).select('id').orderBy('id');
    return rows.map(r => r.id as string);
  }

  async listPeopleRefs(): Promise<string[]> {
    const [admins, owners] = await Promise.all([
      this.db(ADMINS).distinct('user_ref').whereNotNull('user_ref'),
      this.db(SERVICES).distinct('service_owner').whereNotNull('service_owner'),
    ]);
    return [
      ...new Set([
        ...admins.map(r => String(r.user_ref).toLowerCase()),
        ...owners.map(r => String(r.service_owner).toLowerCase()),
      ]),
    ].sort();
  }

  async listItsmMappings(system: string): Promise<ItsmMappingRecord[]> {
    const rows = await this.db(SERVICES)
      .where({ itsm_system: system })
      .whereNotNull('itsm_reference')
      .select('id', 'itsm_reference', 'lifecycle_stage')
      .orderBy('id');
    return rows.map(row => ({
      serviceId: row.id,
      itsmReference: row.itsm_reference,
      lifecycleStage: row.lifecycle_stage,
    }));
  }

  async listExportableServices(): Promise<ExportableService[]> {
    const rows: Array<
      Pick<
        ServiceRow,
        | 'id'
        | 'name'
        | 'purpose'
        | 'business_unit'
        | 'platform'
        | 'lifecycle_stage'
        | 'owner_group'
        | 'service_owner'
        | 'itsm_system'
        | 'itsm_reference'
      >
    > = await this.db(SERVICES)
      .select(
        'id',
        'name',
        'purpose',
        'business_unit',
        'platform',
        'lifecycle_stage',
        'owner_group',
        'service_owner',
        'itsm_system',
        'itsm_reference',
      )
      .orderBy('id');
    return rows.map(row => ({
      serviceId: row.id,
      name: row.name,
      purpose: row.purpose,
      businessUnit: row.business_unit,
      platform: row.platform,
      lifecycleStage: row.lifecycle_stage as LifecycleStage,
      ownerGroup: row.owner_group,
      ...(row.service_owner ? { serviceOwner: row.service_owner } : {}),
      ...(row.itsm_system && row.itsm_reference
        ? { itsm: { system: row.itsm_system, reference: row.itsm_reference } }
        : {}),
    }));
  }

  async countItsmMappings(systems: string[]): Promise<Map<string, number>> {
    const rows = (await this.db(SERVICES)
      .whereIn('itsm_system', systems)
      .whereNotNull('itsm_reference')
      .select('itsm_system')
      .count({ count: '*' })
      .groupBy('itsm_system')) as Array<{
      itsm_system: string;
      count: string | number;
    }>;
    return new Map(rows.map(r => [r.itsm_system, Number(r.count)]));
  }

  // --- writes, inside a unit of work -----------------------------------------------------

  async lockRows(ids: string[]): Promise<ServiceRow[]> {
    const rows: ServiceRow[] = [];
    await inChunks([...ids].sort(), async chunk => {
      const query = this.db<ServiceRow>(SERVICES)
        .whereIn('id', chunk)
        .orderBy('id');
      if (isPostgres(this.db)) query.forUpdate();
      rows.push(...((await query) as ServiceRow[]));
    });
    return rows;
  }

  async keepRows(ids: string[]): Promise<string[]> {
    const kept: string[] = [];
    await inChunks([...ids].sort(), async chunk => {
      const query = whereOneOf(this.db, this.db(SERVICES), 'id', chunk)
        .orderBy('id')
        .select('id');
      if (isPostgres(this.db)) query.forKeyShare();
      kept.push(...((await query) as Array<{ id: string }>).map(r => r.id));
    });
    return kept;
  }

  async insertRows(rows: ServiceRow[]): Promise<void> {
    await inChunks(rows, chunk => this.db(SERVICES).insert(chunk));
  }

  async updateRow(id: string, columns: Partial<ServiceRow>): Promise<void> {
    await this.db(SERVICES).where({ id }).update(columns);
  }

  async deleteRow(id: string): Promise<void> {
    await this.db(SERVICES).where({ id }).delete();
  }

  async findAccountHolder(service: {
    id: string;
    platform: string;
    handle: string;
  }): Promise<string | undefined> {
    const holder = await this.db<ServiceRow>(SERVICES)
      .where({ platform: service.platform })
      .whereRaw('lower(handle) = ?', [service.handle.toLowerCase()])
      .whereNot({ id: service.id })
      .first('id');
    return holder?.id;
  }

  async findImportCollisions(
    services: Array<{ row: number; input: NewService }>,
  ): Promise<ImportCollision[]> {
    const existingIds = new Set<string>();
    await inChunks(
      services.map(s => s.input.id),
      async chunk => {
        const found = await this.db(SERVICES).whereIn('id', chunk).select('id');
        found.forEach(r => existingIds.add(r.id));
      },
    );
    const platforms = [...new Set(services.map(s => s.input.platform))];
    const holders = new Map<string, string>();
    for (const r of await this.db(SERVICES)
      .whereIn('platform', platforms)
      .select('id', 'platform', 'handle')) {
      holders.set(`${r.platform}:${String(r.handle).toLowerCase()}`, r.id);
    }
    const problems: ImportCollision[] = [];
    for (const { row, input } of services) {
      if (existingIds.has(input.id)) {
        problems.push({
          row,
          field: 'id',
          message: `A service with id ${input.id} already exists`,
        });
        continue;
      }
      const holder = holders.get(
        `${input.platform}:${input.handle.toLowerCase()}`,
      );
      if (holder) {
        problems.push({
          row,
          field: 'handle',
          message: `The ${input.platform} account ${input.handle} is already catalogued as ${holder}`,
        });
      }
    }
    return problems;
  }

  async listAdmins(id: string): Promise<AdminRow[]> {
    return (await this.db(ADMINS)
      .where({ service_id: id })
      .orderBy('id')) as AdminRow[];
  }

  async replaceAdmins(
    id: string,
    admins: AdminRecord[],
    at: string,
  ): Promise<void> {
    const previous = await this.listAdmins(id);
    const addedAt = new Map(
      previous.map(a => [a.account.toLowerCase(), a.added_at]),
    );
    await this.db(ADMINS).where({ service_id: id }).delete();
    if (admins.length === 0) return;
    await this.db(ADMINS).insert(
      admins.map(admin => ({
        service_id: id,
        account: admin.account,
        account_key: admin.account.toLowerCase(),
        user_ref: admin.userRef ?? null,
        role: admin.role,
        in_organisation: admin.inOrganisation,
        added_at: addedAt.get(admin.account.toLowerCase()) ?? at,
      })),
    );
  }

  async removeAdmins(id: string, accountKeys: string[]): Promise<void> {
    if (accountKeys.length === 0) return;
    await this.db(ADMINS)
      .where({ service_id: id })
      .whereIn('account_key', accountKeys)
      .delete();
  }

  async addTransition(row: TransitionRow): Promise<void> {
    await this.db(TRANSITIONS).insert(row);
  }

  async listTransitions(id: string): Promise<TransitionRow[]> {
    return (await this.db(TRANSITIONS)
      .where({ service_id: id })
      .orderBy('id', 'asc')) as TransitionRow[];
  }
}
