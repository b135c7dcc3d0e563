import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AuditEntry,
  AuditVerification,
  describeBlockedTransition,
  evaluateTransition,
  LIFECYCLE_STAGES,
  LifecycleStage,
  nextTransitions,
  ServiceAdmin,
  ServiceListQuery,
  SocialService,
  SocialServiceDetails,
  SocialServiceList,
  ValidSocialServiceUpdate,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import {
  canonicalJson,
  hashEntry,
  StoredAuditEntry,
  verifyChain,
} from '../domain/auditChain';
import { DEFAULT_PAGE_SIZE } from '../domain/listQuery';
import {
  auditSnapshot,
  fieldsToColumns,
  riskRank,
  rowToService,
  ServiceRow,
  stageRank,
} from '../domain/serviceRecord';
import {
  Actor,
  AdminRecord,
  NewService,
  SocialMediaStore,
  StoreStatus,
} from './SocialMediaStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-social-media-backend',
  'migrations',
);

const MIGRATIONS_TABLE = 'knex_migrations';
const SERVICES = 'social_services';
const ADMINS = 'social_service_admins';
const TRANSITIONS = 'social_service_transitions';
const AUDIT = 'social_media_audit_log';
const AUDIT_HEAD = 'social_media_audit_head';

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

type AuditRow = {
  seq: number | string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor: string;
  at: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
};

type AdminRow = {
  account: string;
  user_ref: string | null;
  role: string;
  in_organisation: boolean | number;
  added_at: string;
};

function toStoredEntry(row: AuditRow): StoredAuditEntry {
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
  };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    entityType: row.entity_type as AuditEntry['entityType'],
    entityId: row.entity_id,
    action: row.action,
    actor: row.actor,
    at: row.at,
    ...(row.before_json ? { before: JSON.parse(row.before_json) } : {}),
    ...(row.after_json ? { after: JSON.parse(row.after_json) } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toAdmin(row: AdminRow): ServiceAdmin {
  return {
    account: row.account,
    ...(row.user_ref ? { userRef: row.user_ref } : {}),
    role: row.role as ServiceAdmin['role'],
    inOrganisation: Boolean(row.in_organisation),
    addedAt: row.added_at,
  };
}

/** Escapes LIKE wildcards so that a search for "50%" finds "50%". */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

interface PendingAuditEntry {
  entityType: 'service';
  entityId: string;
  action: string;
  actor: Actor;
  before?: unknown;
  after?: unknown;
}

/** Knex implementation of {@link SocialMediaStore} for SQLite and PostgreSQL. */
export class DatabaseSocialMediaStore implements SocialMediaStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSocialMediaStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new DatabaseSocialMediaStore(client);
  }

  private readonly isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.isPostgres = String(db.client.config.client).includes('pg');
  }

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async getStatus(): Promise<StoreStatus> {
    const [latest] = await this.db(MIGRATIONS_TABLE)
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
    return {
      client: String(this.db.client.config.client),
      latestMigration: latest?.name ?? 'none',
      servicesByStage,
    };
  }

  async listServices(query: ServiceListQuery): Promise<SocialServiceList> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const offset = query.offset ?? 0;
    const filtered = () => {
      const q = this.db<ServiceRow>(SERVICES);
      if (query.platform?.length) q.whereIn('platform', query.platform);
      if (query.ownerGroup?.length) q.whereIn('owner_group', query.ownerGroup);
      if (query.lifecycleStage?.length) {
        q.whereIn('lifecycle_stage', query.lifecycleStage);
      }
      if (query.riskRating?.length) q.whereIn('risk_rating', query.riskRating);
      if (query.hasOpenIncidents === true)
        q.where('open_incident_count', '>', 0);
      if (query.hasOpenIncidents === false) q.where('open_incident_count', 0);
      for (const word of (query.search ?? '').toLowerCase().split(/\s+/)) {
        if (word) {
          q.whereRaw(`search_text like ? escape '\\'`, [likePattern(word)]);
        }
      }
      return q;
    };
    const column = SORT_COLUMNS[query.sort ?? 'name'];
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const sorted = filtered().select('*');
    if (column === 'risk_rank') {
      // Unrated services come after rated ones in both directions, on every database.
      sorted.orderByRaw(
        `case when risk_rank is null then 1 else 0 end, risk_rank ${order}`,
      );
    } else {
      sorted.orderBy(column, order);
    }
    const [rows, [{ count }]] = await Promise.all([
      sorted.orderBy('id', 'asc').limit(limit).offset(offset),
      filtered().count({ count: '*' }),
    ]);
    return {
      items: (rows as ServiceRow[]).map(rowToService),
      totalCount: Number(count),
      limit,
      offset,
    };
  }

  async getServicesByIds(ids: string[]): Promise<SocialService[]> {
    if (ids.length === 0) return [];
    const rows = await this.db<ServiceRow>(SERVICES).whereIn('id', ids);
    return rows.map(rowToService);
  }

  async getService(id: string): Promise<SocialServiceDetails> {
    return this.loadDetails(this.db, id);
  }

  async createService(
    input: NewService,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    return this.db.transaction(async tx => {
      await this.assertNoDuplicate(tx, input);
      const service = await this.insertService(tx, input);
      await this.appendAudit(tx, [
        {
          entityType: 'service',
          entityId: service.id,
          action: 'create',
          actor,
          after: auditSnapshot(service),
        },
      ]);
      return this.loadDetails(tx, service.id);
    });
  }

  async updateService(
    id: string,
    update: ValidSocialServiceUpdate,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    return this.db.transaction(async tx => {
      const before = await this.loadForChange(tx, id, update.version);
      const { version: _version, id: _id, ...fields } = update;
      if (
        fields.platform !== before.platform ||
        fields.handle !== before.handle
      ) {
        await this.assertNoDuplicate(tx, { ...fields, id });
      }
      const now = new Date();
      await tx(SERVICES)
        .where({ id })
        .update({
          ...fieldsToColumns(fields),
          version: before.version + 1,
          updated_at: now,
        });
      const after = await this.loadService(tx, id);
      await this.appendAudit(tx, [
        {
          entityType: 'service',
          entityId: id,
          action: 'update',
          actor,
          before: auditSnapshot(before),
          after: auditSnapshot(after),
        },
      ]);
      return this.loadDetails(tx, id);
    });
  }

  async transitionService(
    id: string,
    transition: { to: LifecycleStage; reason: string; version: number },
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    return this.db.transaction(async tx => {
      const before = await this.loadForChange(tx, id, transition.version);
      const option = evaluateTransition(before, transition.to);
      if (!option.allowed) {
        throw new InputError(describeBlockedTransition(option));
      }
      const at = new Date();
      await tx(SERVICES)
        .where({ id })
        .update({
          lifecycle_stage: transition.to,
          stage_rank: stageRank(transition.to),
          version: before.version + 1,
          updated_at: at,
        });
      await tx(TRANSITIONS).insert({
        service_id: id,
        from_stage: before.lifecycleStage,
        to_stage: transition.to,
        actor,
        reason: transition.reason,
        at: at.toISOString(),
      });
      const after = await this.loadService(tx, id);
      await this.appendAudit(tx, [
        {
          entityType: 'service',
          entityId: id,
          action: 'transition',
          actor,
          before: {
            lifecycleStage: before.lifecycleStage,
            version: before.version,
          },
          after: {
            lifecycleStage: after.lifecycleStage,
            version: after.version,
            reason: transition.reason,
          },
        },
      ]);
      return this.loadDetails(tx, id);
    });
  }

  async replaceAdmins(
    id: string,
    admins: AdminRecord[],
    version: number,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    return this.db.transaction(async tx => {
      const before = await this.loadForChange(tx, id, version);
      const previous = (await tx(ADMINS)
        .where({ service_id: id })
        .orderBy('id')) as AdminRow[];
      const addedAt = new Map(
        previous.map(a => [a.account.toLowerCase(), a.added_at]),
      );
      const now = new Date();
      await tx(ADMINS).where({ service_id: id }).delete();
      if (admins.length) {
        await tx(ADMINS).insert(
          admins.map(admin => ({
            service_id: id,
            account: admin.account,
            account_key: admin.account.toLowerCase(),
            user_ref: admin.userRef ?? null,
            role: admin.role,
            in_organisation: admin.inOrganisation,
            added_at:
              addedAt.get(admin.account.toLowerCase()) ?? now.toISOString(),
          })),
        );
      }
      await tx(SERVICES)
        .where({ id })
        .update({
          admin_count: admins.length,
          version: before.version + 1,
          updated_at: now,
        });
      const after = (await tx(ADMINS)
        .where({ service_id: id })
        .orderBy('id')) as AdminRow[];
      await this.appendAudit(tx, [
        {
          entityType: 'service',
          entityId: id,
          action: 'update-admins',
          actor,
          before: { admins: previous.map(toAdmin), version: before.version },
          after: { admins: after.map(toAdmin), version: before.version + 1 },
        },
      ]);
      return this.loadDetails(tx, id);
    });
  }

  async deleteService(
    id: string,
    version: number,
    actor: Actor,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const before = await this.loadForChange(tx, id, version);
      await tx(SERVICES).where({ id }).delete();
      await this.appendAudit(tx, [
        {
          entityType: 'service',
          entityId: id,
          action: 'delete',
          actor,
          before: auditSnapshot(before),
        },
      ]);
    });
  }

  async importServices(
    services: Array<{ row: number; input: NewService }>,
    actor: Actor,
    options: { dryRun: boolean },
  ) {
    return this.db.transaction(async tx => {
      const problems = await this.findExisting(tx, services);
      if (problems.length > 0 || options.dryRun) {
        return {
          created: problems.length ? [] : services.map(s => s.input.id),
          problems,
        };
      }
      const now = new Date();
      const rows = services.map(({ input }) => this.newRow(input, now));
      for (let i = 0; i < rows.length; i += 500) {
        await tx(SERVICES).insert(rows.slice(i, i + 500));
      }
      await this.appendAudit(
        tx,
        rows.map(row => ({
          entityType: 'service' as const,
          entityId: row.id,
          action: 'import',
          actor,
          after: auditSnapshot(rowToService(row as unknown as ServiceRow)),
        })),
      );
      return { created: rows.map(r => r.id), problems: [] };
    });
  }

  async getServiceHistory(id: string): Promise<AuditEntry[]> {
    const rows = (await this.db<AuditRow>(AUDIT)
      .where({ entity_type: 'service', entity_id: id })
      .orderBy('seq', 'desc')) as AuditRow[];
    if (rows.length === 0) {
      // A service without history does not exist (every service is created through the trail).
      await this.loadService(this.db, id);
    }
    return rows.map(toAuditEntry);
  }

  async verifyAuditTrail(): Promise<AuditVerification> {
    const head = await this.db(AUDIT_HEAD).where({ id: 1 }).first();
    const rows = (await this.db<AuditRow>(AUDIT).orderBy(
      'seq',
      'asc',
    )) as AuditRow[];
    return verifyChain(rows.map(toStoredEntry), {
      seq: Number(head?.seq ?? 0),
      hash: head?.hash ?? '',
    });
  }

  async isPristine(): Promise<boolean> {
    const head = await this.db(AUDIT_HEAD).where({ id: 1 }).first();
    const [{ count }] = await this.db(SERVICES).count({ count: '*' });
    return Number(head?.seq ?? 0) === 0 && Number(count) === 0;
  }

  // --- internals ---------------------------------------------------------------------------

  private newRow(input: NewService, now: Date) {
    return {
      id: input.id,
      ...fieldsToColumns(input),
      lifecycle_stage: input.lifecycleStage,
      stage_rank: stageRank(input.lifecycleStage),
      risk_rating: null,
      risk_rank: riskRank(undefined),
      open_incident_count: 0,
      admin_count: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    };
  }

  private async insertService(
    tx: Knex.Transaction,
    input: NewService,
  ): Promise<SocialService> {
    await tx(SERVICES).insert(this.newRow(input, new Date()));
    return this.loadService(tx, input.id);
  }

  private async assertNoDuplicate(
    tx: Knex.Transaction,
    service: { id: string; platform: string; handle: string },
  ) {
    const sameHandle = await tx<ServiceRow>(SERVICES)
      .where({ platform: service.platform })
      .whereRaw('lower(handle) = ?', [service.handle.toLowerCase()])
      .whereNot({ id: service.id })
      .first('id');
    if (sameHandle) {
      throw new ConflictError(
        `The ${service.platform} account ${service.handle} is already catalogued as ${sameHandle.id}`,
      );
    }
  }

  /** Existing ids and handles that an import would collide with, as import problems. */
  private async findExisting(
    tx: Knex.Transaction,
    services: Array<{ row: number; input: NewService }>,
  ) {
    const problems: Array<{ row: number; field: string; message: string }> = [];
    const existingIds = new Set<string>();
    const existingHandles = new Map<string, string>();
    const ids = services.map(s => s.input.id);
    for (let i = 0; i < ids.length; i += 500) {
      const found = await tx(SERVICES)
        .whereIn('id', ids.slice(i, i + 500))
        .select('id');
      found.forEach(r => existingIds.add(r.id));
    }
    const platforms = [...new Set(services.map(s => s.input.platform))];
    const handleRows = await tx(SERVICES)
      .whereIn('platform', platforms)
      .select('id', 'platform', 'handle');
    for (const r of handleRows) {
      existingHandles.set(
        `${r.platform}:${String(r.handle).toLowerCase()}`,
        r.id,
      );
    }
    for (const { row, input } of services) {
      if (existingIds.has(input.id)) {
        problems.push({
          row,
          field: 'id',
          message: `A service with id ${input.id} already exists`,
        });
        continue;
      }
      const holder = existingHandles.get(
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

  private async loadService(db: Knex, id: string): Promise<SocialService> {
    const row = await db<ServiceRow>(SERVICES).where({ id }).first();
    if (!row) {
      throw new NotFoundError(`No social media service with id '${id}'`);
    }
    return rowToService(row as ServiceRow);
  }

  /** Loads a service for a change and checks the version the change was based on. */
  private async loadForChange(
    tx: Knex.Transaction,
    id: string,
    version: number,
  ): Promise<SocialService> {
    const query = tx<ServiceRow>(SERVICES).where({ id });
    if (this.isPostgres) query.forUpdate();
    const row = await query.first();
    if (!row) {
      throw new NotFoundError(`No social media service with id '${id}'`);
    }
    const service = rowToService(row as ServiceRow);
    if (service.version !== version) {
      throw new ConflictError(
        `Service ${id} changed since version ${version} (it is now at version ${service.version}). Reload it and apply your change again.`,
      );
    }
    return service;
  }

  private async loadDetails(
    db: Knex,
    id: string,
  ): Promise<SocialServiceDetails> {
    const service = await this.loadService(db, id);
    const [admins, transitions] = await Promise.all([
      db(ADMINS).where({ service_id: id }).orderBy('id'),
      db(TRANSITIONS).where({ service_id: id }).orderBy('id', 'asc'),
    ]);
    return {
      ...service,
      admins: (admins as AdminRow[]).map(toAdmin),
      transitions: transitions.map(t => ({
        serviceId: t.service_id,
        from: t.from_stage,
        to: t.to_stage,
        actor: t.actor,
        reason: t.reason,
        at: t.at,
      })),
      nextTransitions: nextTransitions(service),
    };
  }

  /**
   * Appends entries to the hash chain. The head row is locked (PostgreSQL) or the database is
   * write-locked by the transaction (SQLite), so concurrent writers, also on other backend
   * instances, append one after the other.
   */
  private async appendAudit(
    tx: Knex.Transaction,
    entries: PendingAuditEntry[],
  ) {
    const headQuery = tx(AUDIT_HEAD).where({ id: 1 });
    if (this.isPostgres) headQuery.forUpdate();
    const head = await headQuery.first();
    let seq = Number(head?.seq ?? 0);
    let prevHash: string = head?.hash ?? '';
    const at = new Date().toISOString();
    const rows: AuditRow[] = [];
    for (const entry of entries) {
      const content = {
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
      });
      prevHash = hash;
    }
    for (let i = 0; i < rows.length; i += 500) {
      await tx(AUDIT).insert(rows.slice(i, i + 500));
    }
    await tx(AUDIT_HEAD).where({ id: 1 }).update({ seq, hash: prevHash });
  }
}
