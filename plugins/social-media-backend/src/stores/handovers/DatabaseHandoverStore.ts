import {
  Handover,
  HandleDisposition,
  HandoverKind,
  HandoverStatus,
  HandoverStep,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import {
  childRowsOf,
  countOf,
  insertReturningId,
  isPostgres,
  TABLES,
} from '../database';
import { RecordReader } from '../../domain/storedRecord';
import { HandoverQuery, HandoverRecord, HandoverWrites } from './HandoverStore';

const { handovers: HANDOVERS, handoverSteps: STEPS } = TABLES;

interface HandoverRow {
  id: number;
  kind: string;
  service_id: string;
  service_name: string;
  status: string;
  version: number | string;
  requester: string;
  reason: string;
  from_owner_group: string | null;
  from_service_owner: string | null;
  to_owner_group: string | null;
  to_service_owner: string | null;
  handle: string | null;
  checklist_json: string;
  deciders_json: string;
  created_at: string;
  updated_at: string;
}

interface StepRow {
  handover_id: number;
  action: string;
  actor: string;
  at: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  checklist_json: string | null;
}

function toRow(handover: HandoverRecord) {
  return {
    kind: handover.kind,
    service_id: handover.serviceId,
    service_name: handover.serviceName,
    status: handover.status,
    version: handover.version,
    requester: handover.requester,
    reason: handover.reason,
    from_owner_group: handover.fromOwnerGroup ?? null,
    from_service_owner: handover.fromServiceOwner ?? null,
    to_owner_group: handover.toOwnerGroup ?? null,
    to_service_owner: handover.toServiceOwner ?? null,
    handle: handover.handle ?? null,
    checklist_json: JSON.stringify(handover.checklist),
    deciders_json: JSON.stringify(handover.deciders),
    created_at: handover.createdAt,
    updated_at: handover.updatedAt,
  };
}

const optional = <K extends string>(key: K, value: string | null) =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>;

function toStep(row: StepRow, read: RecordReader): HandoverStep {
  return {
    action: row.action,
    actor: row.actor,
    at: row.at,
    ...(row.from_status ? { from: row.from_status as HandoverStatus } : {}),
    to: row.to_status as HandoverStatus,
    ...optional('comment', row.comment),
    ...(row.checklist_json
      ? { checklist: read.checklist('steps.checklist', row.checklist_json) }
      : {}),
  };
}

function toHandover(row: HandoverRow, steps: StepRow[]): Handover {
  // Written by the catalogue as JSON; anything else was changed in the database by hand.
  const read = new RecordReader();
  const handover: Handover = {
    id: Number(row.id),
    kind: row.kind as HandoverKind,
    serviceId: row.service_id,
    serviceName: row.service_name,
    status: row.status as HandoverStatus,
    requester: row.requester,
    reason: row.reason,
    ...optional('fromOwnerGroup', row.from_owner_group),
    ...optional('fromServiceOwner', row.from_service_owner),
    ...optional('toOwnerGroup', row.to_owner_group),
    ...optional('toServiceOwner', row.to_service_owner),
    ...(row.handle ? { handle: row.handle as HandleDisposition } : {}),
    checklist: read.checklist('checklist', row.checklist_json),
    deciders: read.textList('deciders', row.deciders_json),
    steps: steps.map(step => toStep(step, read)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
  return read.problems.length > 0
    ? { ...handover, recordProblems: read.problems }
    : handover;
}

/** Transfers and retirements and their timelines in the plugin's database. */
export class DatabaseHandoverStore implements HandoverWrites {
  /** @param db the database, or a transaction of the unit of work */
  constructor(private readonly db: Knex) {}

  async getHandover(id: number): Promise<Handover | undefined> {
    const row = (await this.db(HANDOVERS).where({ id }).first()) as
      | HandoverRow
      | undefined;
    return row ? this.withSteps([row]).then(([h]) => h) : undefined;
  }

  async listHandovers(
    query: HandoverQuery,
  ): Promise<{ items: Handover[]; totalCount: number }> {
    const filtered = () => {
      const q = this.db<HandoverRow>(HANDOVERS);
      if (query.serviceId) q.where('service_id', query.serviceId);
      if (query.kind) q.where('kind', query.kind);
      if (query.status?.length) q.whereIn('status', query.status);
      if (query.requester) q.where('requester', query.requester);
      const deciders = query.deciders;
      if (deciders) {
        // Deciders are few per request; a JSON text match keeps this portable across databases.
        q.where(w => {
          w.whereRaw('1 = 0');
          for (const ref of deciders) {
            w.orWhere('deciders_json', 'like', `%${JSON.stringify(ref)}%`);
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
      items: await this.withSteps(rows as HandoverRow[]),
      totalCount: countOf(counted as Array<{ count: number }>),
    };
  }

  async lockHandover(id: number): Promise<Handover | undefined> {
    const q = this.db(HANDOVERS).where({ id });
    if (isPostgres(this.db)) q.forUpdate();
    const row = (await q.first()) as HandoverRow | undefined;
    return row ? this.withSteps([row]).then(([h]) => h) : undefined;
  }

  async findOpenHandover(serviceId: string): Promise<Handover | undefined> {
    const row = (await this.db(HANDOVERS)
      .where({ service_id: serviceId, status: 'submitted' })
      .first()) as HandoverRow | undefined;
    return row ? this.withSteps([row]).then(([h]) => h) : undefined;
  }

  async insertHandover(handover: HandoverRecord): Promise<number> {
    return insertReturningId(this.db, HANDOVERS, toRow(handover));
  }

  async updateHandover(id: number, handover: HandoverRecord): Promise<void> {
    await this.db(HANDOVERS).where({ id }).update(toRow(handover));
  }

  async addStep(id: number, step: HandoverStep): Promise<void> {
    await this.db(STEPS).insert({
      handover_id: id,
      action: step.action,
      actor: step.actor,
      at: step.at,
      from_status: step.from ?? null,
      to_status: step.to,
      comment: step.comment ?? null,
      checklist_json: step.checklist ? JSON.stringify(step.checklist) : null,
    });
  }

  private async withSteps(rows: HandoverRow[]): Promise<Handover[]> {
    const stepsOf = await childRowsOf<StepRow>(
      this.db,
      STEPS,
      'handover_id',
      rows.map(r => r.id),
    );
    return rows.map(row => toHandover(row, stepsOf(row.id)));
  }
}
