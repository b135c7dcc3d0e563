import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  RiskModelConfig,
  ServiceRequest,
  ServiceRequestStatus,
  ServiceRequestStep,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import {
  childRowsOf,
  countOf,
  insertReturningId,
  isPostgres,
  openDatabase,
  TABLES,
} from '../database';
import { RequestQuery, RequestRecord, RequestWrites } from './RequestStore';
import { readRequest, RequestRow, StepRow } from './requestRecord';

const { requests: REQUESTS, requestSteps: STEPS } = TABLES;

/** Requests still on their way: a second one for the same account is refused. */
const PENDING: ServiceRequestStatus[] = [
  'draft',
  'submitted',
  'changes-requested',
];

function toRow(request: RequestRecord) {
  const {
    status,
    version,
    requester,
    prediction,
    approvals,
    serviceId,
    createdAt,
    updatedAt,
    recordProblems: _shownInstead,
    ...fields
  } = request;
  return {
    status,
    version,
    requester,
    requesting_team: fields.requestingTeam,
    platform: fields.platform,
    handle_key: fields.handle.toLowerCase(),
    fields_json: JSON.stringify(fields),
    prediction_json: JSON.stringify(prediction),
    approvals_json: JSON.stringify(approvals),
    service_id: serviceId ?? null,
    service_owner: fields.serviceOwner.toLowerCase(),
    owner_group: fields.ownerGroup.toLowerCase(),
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

/** Service requests and their timelines in the plugin's database. */
export class DatabaseRequestStore implements RequestWrites {
  static async create(options: {
    database: DatabaseService;
    riskModel: RiskModelConfig;
  }): Promise<DatabaseRequestStore> {
    return new DatabaseRequestStore(
      await openDatabase(options.database),
      options.riskModel,
    );
  }

  /**
   * @param db the database, or a transaction of the unit of work
   * @param riskModel predicts again what a stored prediction changed outside the catalogue no
   *   longer says
   */
  constructor(
    private readonly db: Knex,
    private readonly riskModel: RiskModelConfig,
  ) {}

  async getRequest(id: number): Promise<ServiceRequest | undefined> {
    const row = (await this.db(REQUESTS).where({ id }).first()) as
      | RequestRow
      | undefined;
    return row ? this.withSteps([row]).then(([r]) => r) : undefined;
  }

  async listRequests(
    query: RequestQuery,
  ): Promise<{ items: ServiceRequest[]; totalCount: number }> {
    const filtered = () => {
      const q = this.db<RequestRow>(REQUESTS);
      if (query.status?.length) q.whereIn('status', query.status);
      const side = query.requesterSide;
      if (side) {
        const teams = side.teams.length ? side.teams : ['-'];
        q.where(w => {
          w.where('requester', side.userRef).orWhereIn(
            'requesting_team',
            teams,
          );
          if (query.namedToOwn) {
            w.orWhere(named =>
              named.whereNot('status', 'draft').andWhere(who =>
                who
                  .where('service_owner', side.userRef.toLowerCase())
                  .orWhereIn(
                    'owner_group',
                    teams.map(t => t.toLowerCase()),
                  ),
              ),
            );
          }
        });
      }
      return q;
    };
    const [rows, counted] = await Promise.all([
      filtered().orderBy('id', 'desc').limit(query.limit).offset(query.offset),
      filtered().count({ count: '*' }),
    ]);
    return {
      items: await this.withSteps(rows as RequestRow[]),
      totalCount: countOf(counted as Array<{ count: number }>),
    };
  }

  async findPendingRequestFor(
    platform: string,
    handle: string,
    exceptId?: number,
  ): Promise<number | undefined> {
    const q = this.db(REQUESTS)
      .where({ platform, handle_key: handle.toLowerCase() })
      .whereIn('status', PENDING)
      .first('id');
    if (exceptId !== undefined) q.whereNot('id', exceptId);
    const row = await q;
    return row ? Number(row.id) : undefined;
  }

  async lockRequest(id: number): Promise<ServiceRequest | undefined> {
    const q = this.db(REQUESTS).where({ id });
    if (isPostgres(this.db)) q.forUpdate();
    const row = (await q.first()) as RequestRow | undefined;
    return row ? this.withSteps([row]).then(([r]) => r) : undefined;
  }

  async insertRequest(request: RequestRecord): Promise<number> {
    return insertReturningId(this.db, REQUESTS, toRow(request));
  }

  async updateRequest(id: number, request: RequestRecord): Promise<void> {
    await this.db(REQUESTS).where({ id }).update(toRow(request));
  }

  async addStep(id: number, step: ServiceRequestStep): Promise<void> {
    await this.db(STEPS).insert({
      request_id: id,
      action: step.action,
      actor: step.actor,
      at: step.at,
      from_status: step.from ?? null,
      to_status: step.to,
      comment: step.comment ?? null,
    });
  }

  private async withSteps(rows: RequestRow[]): Promise<ServiceRequest[]> {
    const stepsOf = await childRowsOf<StepRow>(
      this.db,
      STEPS,
      'request_id',
      rows.map(r => r.id),
    );
    return rows.map(row => readRequest(row, stepsOf(row.id), this.riskModel));
  }
}
