import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  AccessReview,
  AccessReviewListItem,
  LIFECYCLE_STAGES,
  PortfolioDashboard,
  RISK_RATINGS,
  RiskHistoryEntry,
  RiskRating,
  topRiskReasons,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { Clock } from '../../domain/clock';
import {
  accessReviewStatus,
  DEFAULT_GUARDIANSHIP_POLICY,
  GuardianshipPolicy,
} from '../../domain/guardianship';
import { AdminPresence, LeaverPlan, OwnerPresence } from '../../domain/leavers';
import { riskRank, rowToService, ServiceRow } from '../../domain/serviceRecord';
import { Rating } from '../../domain/rating';
import { riskTrend } from '../../domain/riskTrend';
import { RecordReader } from '../../domain/storedRecord';
import { whereAccessReview } from '../accessReviewFilter';
import { LIST_COLUMNS } from '../services/DatabaseServiceStore';
import {
  countOf,
  inChunks,
  insertReturningId,
  openDatabase,
  TABLES,
  updateRowsById,
} from '../database';
import {
  AccessReviewQuery,
  GuardianshipWrites,
  RatingUpdate,
} from './GuardianshipStore';

const {
  services: SERVICES,
  admins: ADMINS,
  riskHistory: RISK_HISTORY,
  reviews: REVIEWS,
} = TABLES;
const DAY_MS = 24 * 60 * 60 * 1000;

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

/**
 * An entry of the risk history as stored; a value the risk engine never writes (changed in the
 * database outside the catalogue) is shown as the cautious one and listed in `recordProblems`.
 */
function toRiskHistoryEntry(row: RiskHistoryRow): RiskHistoryEntry {
  const read = new RecordReader();
  const previousRating = row.previous_rating
    ? read.oneOf('previousRating', row.previous_rating, RISK_RATINGS, undefined)
    : undefined;
  const entry: RiskHistoryEntry = {
    serviceId: row.service_id,
    rating: read.oneOf('rating', row.rating, RISK_RATINGS, 'critical'),
    ...(previousRating ? { previousRating } : {}),
    likelihoodLevel: read.count('likelihoodLevel', row.likelihood_level),
    impactLevel: read.count('impactLevel', row.impact_level),
    reasons: read.factors('reasons', row.reasons_json),
    trigger: row.trigger,
    at: read.time('at', row.at),
  };
  return read.problems.length
    ? { ...entry, recordProblems: read.problems }
    : entry;
}

/** An access review as stored, its decisions read as {@link toRiskHistoryEntry} reads. */
function toAccessReview(row: AccessReviewRow): AccessReview {
  const read = new RecordReader();
  const review: AccessReview = {
    id: Number(row.id),
    serviceId: row.service_id,
    reviewer: row.reviewer,
    at: read.time('at', row.at),
    decisions: read.reviewDecisions(row.decisions_json),
    ...(row.note ? { note: row.note } : {}),
  };
  return read.problems.length
    ? { ...review, recordProblems: read.problems }
    : review;
}

type AccessReviewRow = {
  id: number | string;
  service_id: string;
  reviewer: string;
  at: string;
  decisions_json: string;
  note: string | null;
};

/** The risk history's entry for a change of rating. */
function historyRow(
  serviceId: string,
  rating: Rating,
  change: { previousRating: string | null; trigger: string },
  at: string,
): RiskHistoryRow {
  return {
    service_id: serviceId,
    rating: rating.assessment.rating,
    previous_rating: change.previousRating,
    likelihood_level: rating.assessment.likelihood.level,
    impact_level: rating.assessment.impact.level,
    reasons_json: JSON.stringify(topRiskReasons(rating.assessment, 5)),
    trigger: change.trigger,
    at,
  };
}

/** Knex implementation of {@link GuardianshipStore} and {@link GuardianshipWrites}. */
export class DatabaseGuardianshipStore implements GuardianshipWrites {
  static async create(options: {
    database: DatabaseService;
    clock: Clock;
    /** Review intervals and windows; the defaults when left out. */
    policy?: GuardianshipPolicy;
  }): Promise<DatabaseGuardianshipStore> {
    return new DatabaseGuardianshipStore(
      await openDatabase(options.database),
      options.clock,
      options.policy ?? DEFAULT_GUARDIANSHIP_POLICY,
    );
  }

  /** @param db the database, or a transaction of the unit of work */
  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly policy: GuardianshipPolicy,
  ) {}

  async getRiskHistory(serviceId: string): Promise<RiskHistoryEntry[]> {
    const rows = (await this.db(RISK_HISTORY)
      .where({ service_id: serviceId })
      .orderBy('id', 'desc')) as RiskHistoryRow[];
    return rows.map(toRiskHistoryEntry);
  }

  async getAccessReviews(serviceId: string): Promise<AccessReview[]> {
    const rows = await this.db(REVIEWS)
      .where({ service_id: serviceId })
      .orderBy('id', 'desc');
    return (rows as AccessReviewRow[]).map(toAccessReview);
  }

  async listAccessReviews(
    query: AccessReviewQuery,
  ): Promise<{ items: AccessReviewListItem[]; totalCount: number }> {
    const now = this.clock.now();
    const { nowIso, soonIso } = this.reviewWindow(now);
    const window = { now: nowIso, dueSoon: soonIso };
    const filtered = () =>
      whereAccessReview(this.db<ServiceRow>(SERVICES), query.status, window);
    const [rows, counted] = await Promise.all([
      filtered()
        .select(...LIST_COLUMNS)
        .orderBy('access_review_due_at', 'asc')
        .orderBy('id', 'asc')
        .limit(query.limit)
        .offset(query.offset),
      filtered().count({ count: '*' }),
    ]);
    return {
      items: (rows as ServiceRow[]).map(row => this.reviewItem(row, now)),
      totalCount: countOf(counted as Array<{ count: number }>),
    };
  }

  async getDashboard(days: number): Promise<PortfolioDashboard> {
    const now = this.clock.now();
    const { nowIso, soonIso } = this.reviewWindow(now);
    const window = { now: nowIso, dueSoon: soonIso };
    const count = async (q: Knex.QueryBuilder) =>
      countOf(
        (await q.count({ count: '*' })) as Array<{ count: string | number }>,
      );
    const [
      grid,
      overdue,
      due,
      current,
      leavers,
      outOfCompliance,
      changedOutside,
      overdueRows,
      history,
    ] = await Promise.all([
      this.db(SERVICES)
        .select('lifecycle_stage', 'risk_rating')
        .count({ count: '*' })
        .groupBy('lifecycle_stage', 'risk_rating'),
      count(whereAccessReview(this.db(SERVICES), ['overdue'], window)),
      count(whereAccessReview(this.db(SERVICES), ['due'], window)),
      count(whereAccessReview(this.db(SERVICES), ['current'], window)),
      count(this.db(SERVICES).where('leaver_count', '>', 0)),
      count(this.db(SERVICES).where('out_of_compliance', true)),
      count(this.db(SERVICES).where('changed_outside', true)),
      this.live()
        .select(...LIST_COLUMNS)
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
      lifecycle_stage: string;
      risk_rating: string | null;
      count: string | number;
    }>) {
      // A stage or rating changed outside the catalogue counts where the service page shows it
      // (the first stage, unrated), so that the total is the catalogue's.
      const cell =
        byStageAndRisk.find(c => c.stage === row.lifecycle_stage) ??
        byStageAndRisk[0];
      const rating = RISK_RATINGS.includes(row.risk_rating as RiskRating)
        ? (row.risk_rating as RiskRating)
        : 'unrated';
      cell[rating] += Number(row.count);
      totalServices += Number(row.count);
    }
    return {
      totalServices,
      byStageAndRisk,
      riskTrend: riskTrend(
        (
          history as Array<{
            service_id: string;
            rating: RiskRating;
            at: string;
          }>
        ).map(h => ({ serviceId: h.service_id, rating: h.rating, at: h.at })),
        now,
        days,
      ),
      accessReviews: { overdue, due, current },
      servicesWithLeavers: leavers,
      outOfCompliance,
      changedOutside,
      overdueReviews: (overdueRows as ServiceRow[]).map(row =>
        this.reviewItem(row, now),
      ),
    };
  }

  // --- writes, inside a unit of work -----------------------------------------------------

  async saveRatings(updates: RatingUpdate[], at: string): Promise<void> {
    const history: RiskHistoryRow[] = [];
    // Two statements per chunk of services, whatever their number: counts alone, and ratings.
    const counts: Array<{ id: string; open_incident_count: number }> = [];
    const rated: Array<{ id: string } & Record<string, unknown>> = [];
    for (const update of updates) {
      const { rating } = update;
      if (!rating) {
        counts.push({
          id: update.serviceId,
          open_incident_count: update.openIncidentCount,
        });
        continue;
      }
      rated.push({
        id: update.serviceId,
        open_incident_count: update.openIncidentCount,
        risk_rating: rating.assessment.rating,
        risk_rank: riskRank(rating.assessment.rating),
        risk_json: rating.riskJson,
        risk_assessed_at: at,
        access_review_due_at: rating.accessReviewDueAt ?? null,
        out_of_compliance: !rating.compliance.compliant,
        changed_outside: rating.changedOutside,
      });
      if (update.history) {
        history.push(historyRow(update.serviceId, rating, update.history, at));
      }
    }
    await updateRowsById(this.db, SERVICES, counts);
    await updateRowsById(this.db, SERVICES, rated);
    await inChunks(history, chunk => this.db(RISK_HISTORY).insert(chunk));
  }

  async recordFirstRatings(
    ratings: Array<{ serviceId: string; rating: Rating; trigger: string }>,
    at: string,
  ): Promise<void> {
    const history = ratings.map(r =>
      historyRow(
        r.serviceId,
        r.rating,
        { previousRating: null, trigger: r.trigger },
        at,
      ),
    );
    await inChunks(history, chunk => this.db(RISK_HISTORY).insert(chunk));
  }

  async addAccessReview(review: Omit<AccessReview, 'id'>): Promise<number> {
    return insertReturningId(this.db, REVIEWS, {
      service_id: review.serviceId,
      reviewer: review.reviewer,
      at: review.at,
      decisions_json: JSON.stringify(review.decisions),
      note: review.note ?? null,
    });
  }

  async listPresence(
    serviceIds: string[],
  ): Promise<{ admins: AdminPresence[]; owners: OwnerPresence[] }> {
    const admins: AdminPresence[] = [];
    const owners: OwnerPresence[] = [];
    await inChunks(serviceIds, async chunk => {
      const [services, adminRows] = await Promise.all([
        this.db(SERVICES)
          .whereIn('id', chunk)
          .whereNotNull('service_owner')
          .select('id', 'service_owner', 'service_owner_in_organisation'),
        this.db(ADMINS)
          .whereIn('service_id', chunk)
          .whereNotNull('user_ref')
          .select('id', 'service_id', 'user_ref', 'in_organisation')
          .orderBy('id'),
      ]);
      for (const a of adminRows) {
        admins.push({
          id: Number(a.id),
          serviceId: a.service_id,
          userRef: a.user_ref,
          inOrganisation: Boolean(a.in_organisation),
        });
      }
      for (const s of services) {
        owners.push({
          serviceId: s.id,
          serviceOwner: s.service_owner,
          inOrganisation: Boolean(s.service_owner_in_organisation),
        });
      }
    });
    return { admins, owners };
  }

  async applyLeaverPlan(plan: LeaverPlan): Promise<void> {
    for (const admin of plan.admins) {
      await this.db(ADMINS)
        .where({ id: admin.id })
        .update({ in_organisation: admin.inOrganisation });
    }
    for (const owner of plan.owners) {
      await this.db(SERVICES)
        .where({ id: owner.serviceId })
        .update({ service_owner_in_organisation: owner.inOrganisation });
    }
  }

  async countAdminsGone(serviceIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    await inChunks(serviceIds, async chunk => {
      const rows = (await this.db(ADMINS)
        .whereIn('service_id', chunk)
        .where('in_organisation', false)
        .whereNotNull('user_ref')
        .select('service_id')
        .count({ count: '*' })
        .groupBy('service_id')) as Array<{
        service_id: string;
        count: string | number;
      }>;
      rows.forEach(r => counts.set(r.service_id, Number(r.count)));
    });
    return counts;
  }

  // --- internals -------------------------------------------------------------------------

  /** Services that still need reviews: every stage but retired. */
  private live() {
    return this.db<ServiceRow>(SERVICES).whereNot('lifecycle_stage', 'retired');
  }

  private reviewWindow(now: Date) {
    return {
      nowIso: now.toISOString(),
      soonIso: new Date(
        now.getTime() + this.policy.accessReviewDueSoonDays * DAY_MS,
      ).toISOString(),
    };
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
}
