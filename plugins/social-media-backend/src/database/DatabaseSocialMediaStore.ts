import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AccessReview,
  AccessReviewListItem,
  AccessReviewStatus,
  assessRisk,
  AuditEntry,
  AuditVerification,
  DEFAULT_RISK_MODEL,
  describeBlockedTransition,
  GuardianshipSweepResult,
  ItsmSyncStatus,
  Leaver,
  LinkedIncident,
  PortfolioDashboard,
  RISK_RATINGS,
  RiskAssessment,
  RiskHistoryEntry,
  RiskModelConfig,
  RiskRating,
  StoredRiskAssessment,
  topRiskReasons,
  ValidAccessReviewInput,
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
import {
  accessReviewDueAt,
  accessReviewStatus,
  DEFAULT_GUARDIANSHIP_POLICY,
  GuardianshipPolicy,
  isOpenIncident,
  isSecurityIncident,
  riskInputFor,
} from '../domain/guardianship';
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
  AccessReviewQuery,
  IncidentRecord,
  ItsmMappingRecord,
  ItsmSyncState,
  NewService,
  SocialMediaStore,
  StoreStatus,
  SweepOptions,
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
const RISK_HISTORY = 'social_service_risk_history';
const REVIEWS = 'social_service_access_reviews';
const INCIDENTS = 'social_service_incidents';
const ITSM_SYNC = 'social_media_itsm_sync';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per statement and per transaction when working through the whole portfolio. */
const CHUNK = 500;

/**
 * The columns a service is read from in lists: everything but the derived sorting and search
 * columns and the full risk explanation, which only the service page needs.
 */
const SERVICE_COLUMNS = [
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

type RiskHistoryRow = {
  service_id: string;
  rating: string;
  previous_rating: string | null;
  likelihood_level: number;
  impact_level: number;
  reasons_json: string;
  trigger: string;
  at: string;
};

function toRiskHistoryEntry(row: RiskHistoryRow): RiskHistoryEntry {
  return {
    serviceId: row.service_id,
    rating: row.rating as RiskRating,
    ...(row.previous_rating
      ? { previousRating: row.previous_rating as RiskRating }
      : {}),
    likelihoodLevel: Number(row.likelihood_level),
    impactLevel: Number(row.impact_level),
    reasons: JSON.parse(row.reasons_json),
    trigger: row.trigger,
    at: row.at,
  };
}

/** The risk columns of a service for an assessment. */
function riskColumns(assessment: RiskAssessment, at: string) {
  return {
    risk_rating: assessment.rating,
    risk_rank: riskRank(assessment.rating),
    risk_json: JSON.stringify(assessment),
    risk_assessed_at: at,
  };
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
    /** Weights and thresholds of the risk model; the defaults when left out. */
    riskModel?: RiskModelConfig;
    /** Review intervals and windows; the defaults when left out. */
    policy?: GuardianshipPolicy;
    /** The clock; tests move it to make reviews fall due. */
    now?: () => Date;
  }): Promise<DatabaseSocialMediaStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new DatabaseSocialMediaStore(
      client,
      options.riskModel ?? DEFAULT_RISK_MODEL,
      options.policy ?? DEFAULT_GUARDIANSHIP_POLICY,
      options.now ?? (() => new Date()),
    );
  }

  private readonly isPostgres: boolean;

  private constructor(
    private readonly db: Knex,
    private readonly riskModel: RiskModelConfig,
    private readonly policy: GuardianshipPolicy,
    private readonly now: () => Date,
  ) {
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
      if (query.hasLeavers === true) q.where('leaver_count', '>', 0);
      if (query.hasLeavers === false) q.where('leaver_count', 0);
      for (const word of (query.search ?? '').toLowerCase().split(/\s+/)) {
        if (word) {
          q.whereRaw(`search_text like ? escape '\\'`, [likePattern(word)]);
        }
      }
      return q;
    };
    const column = SORT_COLUMNS[query.sort ?? 'name'];
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const sorted = filtered().select(...SERVICE_COLUMNS);
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
    const rows = await this.db<ServiceRow>(SERVICES)
      .whereIn('id', ids)
      .select(...SERVICE_COLUMNS);
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
      const row = this.newRow(input, this.now());
      await tx(SERVICES).insert(row);
      await this.recordFirstRatings(tx, [row], 'create');
      const service = await this.loadService(tx, row.id);
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
      const { version: _version, id: _id, ...edited } = update;
      // The last access review is recorded by reviews only, never by an edit.
      const { lastAccessReviewAt: _ignored, ...controls } = edited.controls;
      const fields = {
        ...edited,
        controls: {
          ...controls,
          ...(before.controls.lastAccessReviewAt
            ? { lastAccessReviewAt: before.controls.lastAccessReviewAt }
            : {}),
        },
      };
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
          // A newly named service owner was just checked against the catalog.
          ...(fields.serviceOwner !== before.serviceOwner
            ? { service_owner_in_organisation: true }
            : {}),
          version: before.version + 1,
          updated_at: now,
        });
      await this.updateLeaverCounts(tx, [id]);
      await this.rerate(tx, [id], 'update');
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
      await this.rerate(tx, [id], 'transition');
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
      await this.updateLeaverCounts(tx, [id]);
      await this.rerate(tx, [id], 'update-admins');
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
      const now = this.now();
      const rows = services.map(({ input }) => this.newRow(input, now));
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx(SERVICES).insert(rows.slice(i, i + CHUNK));
      }
      await this.recordFirstRatings(tx, rows, 'import');
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

  async getRiskHistory(id: string): Promise<RiskHistoryEntry[]> {
    await this.loadService(this.db, id);
    const rows = (await this.db(RISK_HISTORY)
      .where({ service_id: id })
      .orderBy('id', 'desc')) as RiskHistoryRow[];
    return rows.map(toRiskHistoryEntry);
  }

  async getAccessReviews(id: string): Promise<AccessReview[]> {
    await this.loadService(this.db, id);
    const rows = await this.db(REVIEWS)
      .where({ service_id: id })
      .orderBy('id', 'desc');
    return rows.map(row => ({
      id: Number(row.id),
      serviceId: row.service_id,
      reviewer: row.reviewer,
      at: row.at,
      decisions: JSON.parse(row.decisions_json),
      ...(row.note ? { note: row.note } : {}),
    }));
  }

  async submitAccessReview(
    id: string,
    input: ValidAccessReviewInput,
    actor: Actor,
  ): Promise<{ review: AccessReview; service: SocialServiceDetails }> {
    return this.db.transaction(async tx => {
      const before = await this.loadForChange(tx, id, input.version);
      const admins = (await tx(ADMINS)
        .where({ service_id: id })
        .orderBy('id')) as AdminRow[];
      const byAccount = new Map(admins.map(a => [a.account.toLowerCase(), a]));
      const unknown = input.decisions
        .filter(d => !byAccount.has(d.account.toLowerCase()))
        .map(d => d.account);
      const decided = new Set(
        input.decisions.map(d => d.account.toLowerCase()),
      );
      const undecided = admins
        .filter(a => !decided.has(a.account.toLowerCase()))
        .map(a => a.account);
      if (unknown.length || undecided.length) {
        throw new InputError(
          [
            unknown.length
              ? `Not on the admin list of ${id}: ${unknown.join(', ')}`
              : '',
            undecided.length
              ? `Decide keep or remove for every admin; missing: ${undecided.join(
                  ', ',
                )}`
              : '',
          ]
            .filter(Boolean)
            .join('. '),
        );
      }
      const now = this.now();
      const at = now.toISOString();
      const decisions = admins.map(a => ({
        account: a.account,
        ...(a.user_ref ? { userRef: a.user_ref } : {}),
        decision: input.decisions.find(
          d => d.account.toLowerCase() === a.account.toLowerCase(),
        )!.decision,
      }));
      const removed = decisions
        .filter(d => d.decision === 'remove')
        .map(d => d.account.toLowerCase());
      if (removed.length) {
        await tx(ADMINS)
          .where({ service_id: id })
          .whereIn('account_key', removed)
          .delete();
      }
      const controls = { ...before.controls, lastAccessReviewAt: at };
      await tx(SERVICES)
        .where({ id })
        .update({
          controls: JSON.stringify(controls),
          admin_count: admins.length - removed.length,
          version: before.version + 1,
          updated_at: now,
        });
      const [inserted] = await tx(REVIEWS)
        .insert({
          service_id: id,
          reviewer: actor,
          at,
          decisions_json: JSON.stringify(decisions),
          note: input.note ?? null,
        })
        .returning('id');
      await this.updateLeaverCounts(tx, [id]);
      await this.rerate(tx, [id], 'access-review');
      await this.appendAudit(tx, [
        {
          entityType: 'service',
          entityId: id,
          action: 'access-review',
          actor,
          before: {
            admins: admins.map(toAdmin),
            lastAccessReviewAt: before.controls.lastAccessReviewAt ?? null,
            version: before.version,
          },
          after: {
            decisions,
            note: input.note ?? null,
            lastAccessReviewAt: at,
            version: before.version + 1,
          },
        },
      ]);
      const review: AccessReview = {
        id: Number(typeof inserted === 'object' ? inserted.id : inserted),
        serviceId: id,
        reviewer: actor,
        at,
        decisions,
        ...(input.note ? { note: input.note } : {}),
      };
      return { review, service: await this.loadDetails(tx, id) };
    });
  }

  async listAccessReviews(
    query: AccessReviewQuery,
  ): Promise<{ items: AccessReviewListItem[]; totalCount: number }> {
    const now = this.now();
    const nowIso = now.toISOString();
    const soonIso = new Date(
      now.getTime() + this.policy.accessReviewDueSoonDays * DAY_MS,
    ).toISOString();
    const statuses = new Set(query.status);
    const filtered = () =>
      this.db<ServiceRow>(SERVICES)
        .whereNot('lifecycle_stage', 'retired')
        .where(q => {
          if (statuses.has('overdue')) {
            q.orWhere('access_review_due_at', '<', nowIso);
          }
          if (statuses.has('due')) {
            q.orWhereBetween('access_review_due_at', [nowIso, soonIso]);
          }
          if (statuses.has('current')) {
            q.orWhere('access_review_due_at', '>', soonIso);
          }
        });
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select(...SERVICE_COLUMNS)
        .orderBy('access_review_due_at', 'asc')
        .orderBy('id', 'asc')
        .limit(query.limit)
        .offset(query.offset),
      filtered().count({ count: '*' }),
    ]);
    return {
      items: (rows as ServiceRow[]).map(row => this.reviewItem(row, now)),
      totalCount: Number(count),
    };
  }

  async getDashboard(days: number): Promise<PortfolioDashboard> {
    const now = this.now();
    const nowIso = now.toISOString();
    const soonIso = new Date(
      now.getTime() + this.policy.accessReviewDueSoonDays * DAY_MS,
    ).toISOString();
    const live = () =>
      this.db<ServiceRow>(SERVICES).whereNot('lifecycle_stage', 'retired');
    const [grid, overdue, due, current, leavers, overdueRows, history] =
      await Promise.all([
        this.db(SERVICES)
          .select('lifecycle_stage', 'risk_rating')
          .count({ count: '*' })
          .groupBy('lifecycle_stage', 'risk_rating'),
        live().where('access_review_due_at', '<', nowIso).count({ count: '*' }),
        live()
          .whereBetween('access_review_due_at', [nowIso, soonIso])
          .count({ count: '*' }),
        live()
          .where('access_review_due_at', '>', soonIso)
          .count({ count: '*' }),
        this.db(SERVICES).where('leaver_count', '>', 0).count({ count: '*' }),
        live()
          .select(...SERVICE_COLUMNS)
          .where('access_review_due_at', '<', nowIso)
          .orderBy('access_review_due_at', 'asc')
          .orderBy('id', 'asc')
          .limit(20),
        this.db(RISK_HISTORY)
          .select('service_id', 'rating', 'at')
          .orderBy('id', 'asc'),
      ]);
    const byStageAndRisk = LIFECYCLE_STAGES.map(stage => ({
      stage,
      low: 0,
      medium: 0,
      high: 0,
      critical: 0,
      unrated: 0,
    }));
    let totalServices = 0;
    for (const row of grid as Array<{
      lifecycle_stage: LifecycleStage;
      risk_rating: RiskRating | null;
      count: string | number;
    }>) {
      const cell = byStageAndRisk.find(c => c.stage === row.lifecycle_stage);
      if (!cell) continue;
      cell[row.risk_rating ?? 'unrated'] += Number(row.count);
      totalServices += Number(row.count);
    }
    const first = (rows: Array<{ count: string | number }>) =>
      Number(rows[0].count);
    return {
      totalServices,
      byStageAndRisk,
      riskTrend: riskTrend(
        history as Array<{
          service_id: string;
          rating: RiskRating;
          at: string;
        }>,
        now,
        days,
      ),
      accessReviews: {
        overdue: first(overdue as any),
        due: first(due as any),
        current: first(current as any),
      },
      servicesWithLeavers: first(leavers as any),
      overdueReviews: (overdueRows as ServiceRow[]).map(row =>
        this.reviewItem(row, now),
      ),
    };
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

  async sweep(
    options: SweepOptions,
  ): Promise<GuardianshipSweepResult & { changedIds: string[] }> {
    const now = this.now();
    const ids = (await this.db(SERVICES).select('id').orderBy('id')).map(
      r => r.id as string,
    );
    const result = {
      servicesChecked: ids.length,
      leaversFlagged: 0,
      leaversCleared: 0,
      ratingsChanged: 0,
      at: now.toISOString(),
      changedIds: [] as string[],
    };
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      await this.db.transaction(async tx => {
        // Lock the chunk's services first, in id order, as every change locks its service
        // before the audit head: a sweep and people's edits then wait for each other instead
        // of deadlocking, and no rating is computed from a row that is being changed.
        if (this.isPostgres) {
          await tx(SERVICES)
            .whereIn('id', chunk)
            .orderBy('id')
            .forUpdate()
            .select('id');
        }
        const leaverChanges = options.missingUsers
          ? await this.flagLeavers(
              tx,
              chunk,
              options.missingUsers,
              options.actor,
            )
          : { flagged: 0, cleared: 0, changedIds: [] };
        result.leaversFlagged += leaverChanges.flagged;
        result.leaversCleared += leaverChanges.cleared;
        const changed = new Set(leaverChanges.changedIds);
        const rerated = await this.rerate(tx, chunk, id =>
          changed.has(id) ? 'leaver-detection' : 'schedule',
        );
        result.ratingsChanged += rerated.length;
        result.changedIds.push(
          ...new Set([...leaverChanges.changedIds, ...rerated]),
        );
      });
    }
    return result;
  }

  async listIncidents(
    serviceId: string,
    options: { includeResolved: boolean },
  ): Promise<LinkedIncident[]> {
    // The service page reads this on every view: check that the service exists, no more.
    const exists = await this.db(SERVICES).where({ id: serviceId }).first('id');
    if (!exists) {
      throw new NotFoundError(`No social media service with id '${serviceId}'`);
    }
    const query = this.db(INCIDENTS).where({ service_id: serviceId });
    if (!options.includeResolved) query.where('is_open', true);
    const rows = await query
      .orderBy('is_open', 'desc')
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc');
    return rows.map(incidentRowToLinked);
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

  async beginFullSync(
    connectorId: string,
    options: { at: string; mappingsHash: string },
  ): Promise<void> {
    const columns = {
      cursor: null,
      mappings_hash: options.mappingsHash,
      full_sync_started_at: options.at,
    };
    await this.db(ITSM_SYNC)
      .insert({ connector_id: connectorId, ...columns })
      .onConflict('connector_id')
      .merge(Object.keys(columns));
  }

  async finishFullSync(
    connectorId: string,
    options: { startedAt: string; at: string },
  ): Promise<{ removed: number; changedIds: string[] }> {
    return this.db.transaction(async tx => {
      const unseen = tx(INCIDENTS)
        .where({ connector_id: connectorId })
        .andWhere(q =>
          q.whereNull('seen_at').orWhere('seen_at', '<', options.startedAt),
        );
      const gone = (await unseen.clone().select('id', 'service_id')) as Array<{
        id: number;
        service_id: string;
      }>;
      const ids = gone.map(g => g.id);
      for (let i = 0; i < ids.length; i += CHUNK) {
        await tx(INCIDENTS)
          .whereIn('id', ids.slice(i, i + CHUNK))
          .delete();
      }
      const affected = [...new Set(gone.map(g => g.service_id))];
      const rerated = await this.rerate(tx, affected, 'incident');
      await tx(ITSM_SYNC)
        .where({ connector_id: connectorId })
        .update({ full_sync_started_at: null, last_full_sync_at: options.at });
      return {
        removed: ids.length,
        changedIds: [...new Set([...affected, ...rerated])],
      };
    });
  }

  async recordSyncRun(
    connectorId: string,
    outcome:
      | { kind: 'started'; at: string }
      | { kind: 'succeeded'; at: string; incidents: number }
      | { kind: 'failed'; at: string; error: string; incidents: number },
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
    await this.db(ITSM_SYNC)
      .insert({ connector_id: connectorId, ...columns })
      .onConflict('connector_id')
      .merge(Object.keys(columns));
  }

  async getSyncStatuses(connectorIds: string[]): Promise<ItsmSyncStatus[]> {
    const [rows, mapped] = await Promise.all([
      this.db(ITSM_SYNC).whereIn('connector_id', connectorIds),
      this.db(SERVICES)
        .whereIn('itsm_system', connectorIds)
        .whereNotNull('itsm_reference')
        .select('itsm_system')
        .count({ count: '*' })
        .groupBy('itsm_system'),
    ]);
    return connectorIds.map(connectorId => {
      const row = rows.find(r => r.connector_id === connectorId);
      const count = (
        mapped as Array<{ itsm_system: string; count: string | number }>
      ).find(m => m.itsm_system === connectorId)?.count;
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
        mappedServices: Number(count ?? 0),
      };
    });
  }

  async storeIncidentPage(
    connectorId: string,
    incidents: IncidentRecord[],
    cursor: string,
    mappingsHash: string,
    seenAt: string,
  ): Promise<{ stored: number; changedIds: string[] }> {
    return this.db.transaction(async tx => {
      const result = await this.upsertIncidents(
        tx,
        connectorId,
        incidents,
        seenAt,
      );
      await tx(ITSM_SYNC)
        .insert({
          connector_id: connectorId,
          cursor,
          mappings_hash: mappingsHash,
        })
        .onConflict('connector_id')
        .merge(['cursor', 'mappings_hash']);
      return result;
    });
  }

  async recordReportedIncident(
    connectorId: string,
    incident: IncidentRecord,
    actor: Actor,
  ): Promise<LinkedIncident> {
    return this.db.transaction(async tx => {
      await this.upsertIncidents(
        tx,
        connectorId,
        [incident],
        new Date().toISOString(),
      );
      await this.appendAudit(tx, [
        {
          entityType: 'service',
          entityId: incident.serviceId,
          action: 'incident-reported',
          actor,
          before: null,
          after: {
            connectorId,
            externalId: incident.externalId,
            number: incident.number,
            title: incident.title,
            category: incident.category ?? null,
            url: incident.url,
          },
        },
      ]);
      const row = await tx(INCIDENTS)
        .where({ connector_id: connectorId, external_id: incident.externalId })
        .first();
      return incidentRowToLinked(row);
    });
  }

  /**
   * Writes incidents, newest version of each, for services that still exist, and keeps the
   * services' open-incident counts and ratings in step. Returns the services that changed.
   */
  private async upsertIncidents(
    tx: Knex.Transaction,
    connectorId: string,
    incidents: IncidentRecord[],
    seenAt: string,
  ): Promise<{ stored: number; changedIds: string[] }> {
    // The newest version of each incident in the page, for services that still exist.
    const newest = new Map<string, IncidentRecord>();
    for (const incident of incidents) {
      const seen = newest.get(incident.externalId);
      if (!seen || seen.updatedAt <= incident.updatedAt) {
        newest.set(incident.externalId, incident);
      }
    }
    const serviceIds = [...new Set([...newest.values()].map(i => i.serviceId))];
    const existing = new Set<string>();
    for (let i = 0; i < serviceIds.length; i += CHUNK) {
      const found = await tx(SERVICES)
        .whereIn('id', serviceIds.slice(i, i + CHUNK))
        .select('id');
      found.forEach(r => existing.add(r.id));
    }
    const records = [...newest.values()].filter(i => existing.has(i.serviceId));
    const externalIds = records.map(r => r.externalId);
    const before = new Map<
      string,
      { service_id: string; updated_at: string }
    >();
    for (let i = 0; i < externalIds.length; i += CHUNK) {
      const rows = await tx(INCIDENTS)
        .where({ connector_id: connectorId })
        .whereIn('external_id', externalIds.slice(i, i + CHUNK))
        .select('external_id', 'service_id', 'updated_at');
      rows.forEach(r => before.set(r.external_id, r));
    }
    // A page replayed after a crash, or served twice, never takes an incident back in time.
    const fresh = records.filter(r => {
      const stored = before.get(r.externalId);
      return !stored || stored.updated_at <= r.updatedAt;
    });
    const rows = fresh.map(r => ({
      service_id: r.serviceId,
      connector_id: connectorId,
      external_id: r.externalId,
      number: r.number,
      title: r.title,
      priority: r.priority,
      state: r.state,
      category: r.category ?? null,
      is_open: isOpenIncident(r),
      opened_at: r.openedAt,
      resolved_at: r.resolvedAt ?? null,
      updated_at: r.updatedAt,
      url: r.url,
      seen_at: seenAt,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx(INCIDENTS)
        .insert(rows.slice(i, i + CHUNK))
        .onConflict(['connector_id', 'external_id'])
        .merge();
    }
    // Older copies change nothing, but they were seen: a full sync must not remove them.
    const freshIds = new Set(fresh.map(r => r.externalId));
    const staleIds = records
      .map(r => r.externalId)
      .filter(id => !freshIds.has(id));
    for (let i = 0; i < staleIds.length; i += CHUNK) {
      await tx(INCIDENTS)
        .where({ connector_id: connectorId })
        .whereIn('external_id', staleIds.slice(i, i + CHUNK))
        .update({ seen_at: seenAt });
    }
    const affected = [
      ...new Set([
        ...fresh.map(r => r.serviceId),
        ...fresh.flatMap(r => {
          const moved = before.get(r.externalId)?.service_id;
          return moved && existing.has(moved) ? [moved] : [];
        }),
      ]),
    ];
    const rerated = await this.rerate(tx, affected, 'incident');
    return {
      stored: rows.length,
      changedIds: [...new Set([...affected, ...rerated])],
    };
  }

  // --- internals ---------------------------------------------------------------------------

  private reviewStatusOf(service: SocialService): AccessReviewStatus {
    return accessReviewStatus(service, this.now(), this.policy);
  }

  private reviewItem(row: ServiceRow, now: Date): AccessReviewListItem {
    const service = rowToService(row);
    return {
      serviceId: service.id,
      name: service.name,
      platform: service.platform,
      ownerGroup: service.ownerGroup,
      ...(service.serviceOwner ? { serviceOwner: service.serviceOwner } : {}),
      ...(service.riskRating ? { riskRating: service.riskRating } : {}),
      review: accessReviewStatus(service, now, this.policy),
    };
  }

  /** Records the first rating of new services, from the rows {@link newRow} rated. */
  private async recordFirstRatings(
    tx: Knex.Transaction,
    rows: Array<{ id: string; risk_json: string; risk_assessed_at: string }>,
    trigger: string,
  ) {
    const history = rows.map(row =>
      this.historyRow(
        row.id,
        JSON.parse(row.risk_json) as RiskAssessment,
        null,
        trigger,
        row.risk_assessed_at,
      ),
    );
    for (let i = 0; i < history.length; i += CHUNK) {
      await tx(RISK_HISTORY).insert(history.slice(i, i + CHUNK));
    }
  }

  private historyRow(
    serviceId: string,
    assessment: RiskAssessment,
    previous: string | null,
    trigger: string,
    at: string,
  ): RiskHistoryRow {
    return {
      service_id: serviceId,
      rating: assessment.rating,
      previous_rating: previous,
      likelihood_level: assessment.likelihood.level,
      impact_level: assessment.impact.level,
      reasons_json: JSON.stringify(topRiskReasons(assessment, 5)),
      trigger,
      at,
    };
  }

  /**
   * Rates services again from what is stored now (their open incidents counted again too), writes
   * what changed and records every change of rating in the risk history. Returns the ids whose
   * rating changed. Ratings are derived, so this neither bumps the version nor counts as an edit.
   */
  private async rerate(
    tx: Knex.Transaction,
    ids: string[],
    trigger: string | ((id: string) => string),
  ): Promise<string[]> {
    const now = this.now();
    const at = now.toISOString();
    const since = new Date(
      now.getTime() - this.policy.securityIncidentWindowDays * DAY_MS,
    ).toISOString();
    const changed: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const [rows, incidents, openCounts] = await Promise.all([
        tx(SERVICES).whereIn('id', chunk) as Promise<ServiceRow[]>,
        tx(INCIDENTS)
          .whereIn('service_id', chunk)
          .where('opened_at', '>=', since)
          .select('service_id', 'category', 'title') as Promise<
          Array<{ service_id: string; category: string | null; title: string }>
        >,
        tx(INCIDENTS)
          .whereIn('service_id', chunk)
          .where('is_open', true)
          .select('service_id')
          .count({ count: '*' })
          .groupBy('service_id') as Promise<
          Array<{ service_id: string; count: string | number }>
        >,
      ]);
      const open = new Map(
        openCounts.map(c => [c.service_id, Number(c.count)]),
      );
      const security = new Map<string, number>();
      for (const incident of incidents) {
        if (isSecurityIncident(incident)) {
          security.set(
            incident.service_id,
            (security.get(incident.service_id) ?? 0) + 1,
          );
        }
      }
      const history: RiskHistoryRow[] = [];
      for (const row of rows) {
        const service = rowToService(row);
        const assessment = assessRisk(
          riskInputFor(
            service,
            {
              leaverCount: service.leaverCount,
              recentSecurityIncidents: security.get(service.id) ?? 0,
              now,
            },
            this.policy,
          ),
          this.riskModel,
        );
        const riskJson = JSON.stringify(assessment);
        const dueAt = accessReviewDueAt(service, this.policy);
        const openIncidents = open.get(service.id) ?? 0;
        const countChanged = openIncidents !== Number(row.open_incident_count);
        if (
          riskJson === row.risk_json &&
          dueAt === row.access_review_due_at &&
          !countChanged
        ) {
          continue;
        }
        if (riskJson === row.risk_json && dueAt === row.access_review_due_at) {
          await tx(SERVICES)
            .where({ id: service.id })
            .update({ open_incident_count: openIncidents });
          continue;
        }
        await tx(SERVICES)
          .where({ id: service.id })
          .update({
            ...riskColumns(assessment, at),
            access_review_due_at: dueAt,
            open_incident_count: openIncidents,
          });
        if (assessment.rating !== row.risk_rating) {
          changed.push(service.id);
          history.push(
            this.historyRow(
              service.id,
              assessment,
              row.risk_rating,
              typeof trigger === 'string' ? trigger : trigger(service.id),
              at,
            ),
          );
        }
      }
      if (history.length) await tx(RISK_HISTORY).insert(history);
    }
    return changed;
  }

  /** Counts the admins and service owners who left, for each service. */
  private async updateLeaverCounts(tx: Knex.Transaction, ids: string[]) {
    const [services, gone] = await Promise.all([
      tx(SERVICES)
        .whereIn('id', ids)
        .select('id', 'service_owner', 'service_owner_in_organisation'),
      tx(ADMINS)
        .whereIn('service_id', ids)
        .where('in_organisation', false)
        .whereNotNull('user_ref')
        .select('service_id')
        .count({ count: '*' })
        .groupBy('service_id'),
    ]);
    const admins = new Map(
      (gone as Array<{ service_id: string; count: string | number }>).map(g => [
        g.service_id,
        Number(g.count),
      ]),
    );
    for (const service of services) {
      const ownerGone =
        service.service_owner && !service.service_owner_in_organisation ? 1 : 0;
      await tx(SERVICES)
        .where({ id: service.id })
        .update({ leaver_count: (admins.get(service.id) ?? 0) + ownerGone });
    }
  }

  /**
   * Marks admins and service owners in or out of the organisation from the catalog's answer,
   * records each service whose leavers changed in the audit trail, and keeps the counts.
   */
  private async flagLeavers(
    tx: Knex.Transaction,
    ids: string[],
    missingUsers: Set<string>,
    actor: Actor,
  ) {
    const [services, admins] = await Promise.all([
      tx(SERVICES)
        .whereIn('id', ids)
        .select('id', 'service_owner', 'service_owner_in_organisation'),
      tx(ADMINS).whereIn('service_id', ids).whereNotNull('user_ref'),
    ]);
    const gone = (ref: string) => missingUsers.has(ref.toLowerCase());
    const changes = new Map<string, { left: string[]; returned: string[] }>();
    const change = (id: string) => {
      if (!changes.has(id)) changes.set(id, { left: [], returned: [] });
      return changes.get(id)!;
    };
    let flagged = 0;
    let cleared = 0;
    for (const admin of admins as Array<
      AdminRow & { id: number; service_id: string }
    >) {
      const inOrganisation = !gone(admin.user_ref!);
      if (inOrganisation === Boolean(admin.in_organisation)) continue;
      await tx(ADMINS)
        .where({ id: admin.id })
        .update({ in_organisation: inOrganisation });
      const entry = change(admin.service_id);
      if (inOrganisation) {
        cleared += 1;
        entry.returned.push(admin.user_ref!);
      } else {
        flagged += 1;
        entry.left.push(admin.user_ref!);
      }
    }
    for (const service of services) {
      if (!service.service_owner) continue;
      const inOrganisation = !gone(service.service_owner);
      if (inOrganisation === Boolean(service.service_owner_in_organisation)) {
        continue;
      }
      await tx(SERVICES)
        .where({ id: service.id })
        .update({ service_owner_in_organisation: inOrganisation });
      const entry = change(service.id);
      if (inOrganisation) {
        cleared += 1;
        entry.returned.push(service.service_owner);
      } else {
        flagged += 1;
        entry.left.push(service.service_owner);
      }
    }
    const changedIds = [...changes.keys()];
    if (changedIds.length) {
      await this.updateLeaverCounts(tx, changedIds);
      await this.appendAudit(
        tx,
        changedIds.map(id => ({
          entityType: 'service' as const,
          entityId: id,
          action: 'leaver-detection',
          actor,
          after: {
            leftTheOrganisation: changes.get(id)!.left,
            backInTheOrganisation: changes.get(id)!.returned,
          },
        })),
      );
    }
    return { flagged, cleared, changedIds };
  }

  /** A new service's row, rated at once (a new service has no admins or incidents yet). */
  private newRow(input: NewService, now: Date) {
    const service = {
      ...input,
      adminCount: 0,
      createdAt: now.toISOString(),
    };
    const assessment = assessRisk(
      riskInputFor(
        service,
        { leaverCount: 0, recentSecurityIncidents: 0, now },
        this.policy,
      ),
      this.riskModel,
    );
    return {
      id: input.id,
      ...fieldsToColumns(input),
      lifecycle_stage: input.lifecycleStage,
      stage_rank: stageRank(input.lifecycleStage),
      ...riskColumns(assessment, now.toISOString()),
      access_review_due_at: accessReviewDueAt(service, this.policy),
      leaver_count: 0,
      service_owner_in_organisation: true,
      open_incident_count: 0,
      admin_count: 0,
      version: 1,
      created_at: now,
      updated_at: now,
    };
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
    const row = await db<ServiceRow>(SERVICES).where({ id }).first();
    if (!row) {
      throw new NotFoundError(`No social media service with id '${id}'`);
    }
    const service = rowToService(row as ServiceRow);
    const [admins, transitions] = await Promise.all([
      db(ADMINS).where({ service_id: id }).orderBy('id'),
      db(TRANSITIONS).where({ service_id: id }).orderBy('id', 'asc'),
    ]);
    const adminList = (admins as AdminRow[]).map(toAdmin);
    const leavers: Leaver[] = adminList
      .filter(a => !a.inOrganisation && a.userRef)
      .map(a => ({ role: 'admin', userRef: a.userRef!, account: a.account }));
    if (service.serviceOwner && !row.service_owner_in_organisation) {
      leavers.unshift({ role: 'service-owner', userRef: service.serviceOwner });
    }
    const risk: StoredRiskAssessment | undefined = row.risk_json
      ? {
          ...(JSON.parse(row.risk_json) as RiskAssessment),
          assessedAt: row.risk_assessed_at ?? service.updatedAt,
        }
      : undefined;
    return {
      ...service,
      ...(risk ? { risk } : {}),
      accessReview: this.reviewStatusOf(service),
      leavers,
      admins: adminList,
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

/** An incident row as the API shows it. */
function incidentRowToLinked(row: {
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
}): LinkedIncident {
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

/**
 * Services per rating at the end of each of the last `days` days (UTC), replayed from the
 * rating history: each service counts with the last rating it had by then.
 */
export function riskTrend(
  history: Array<{ service_id: string; rating: RiskRating; at: string }>,
  now: Date,
  days: number,
): PortfolioDashboard['riskTrend'] {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  const current = new Map<string, RiskRating>();
  const counts = Object.fromEntries(RISK_RATINGS.map(r => [r, 0])) as Record<
    RiskRating,
    number
  >;
  const trend: PortfolioDashboard['riskTrend'] = [];
  let next = 0;
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = today - d * DAY_MS;
    const dayEnd = new Date(dayStart + DAY_MS).toISOString();
    while (next < history.length && history[next].at < dayEnd) {
      const { service_id: id, rating } = history[next++];
      const before = current.get(id);
      if (before) counts[before] -= 1;
      counts[rating] += 1;
      current.set(id, rating);
    }
    trend.push({
      date: new Date(dayStart).toISOString().slice(0, 10),
      ...counts,
    });
  }
  return trend;
}
