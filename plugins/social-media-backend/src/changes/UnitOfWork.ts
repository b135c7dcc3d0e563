import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  RiskModelConfig,
  RiskRating,
  SocialService,
  SocialServiceDetails,
  StageCompliance,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { GuardianshipPolicy } from '../domain/guardianship';
import { countLeavers, LeaverPlan } from '../domain/leavers';
import { decideRerating, rateNewService, rateService } from '../domain/rating';
import {
  checkedAgainstTrail,
  fieldsToColumns,
  riskRank,
  rowToService,
  ServiceRow,
  stageRank,
  toServiceDetails,
  trailCheckOf,
  trailedServiceOf,
} from '../domain/serviceRecord';
import { AuditWrites, PendingAuditEntry } from '../stores/audit/AuditStore';
import { DatabaseAuditStore } from '../stores/audit/DatabaseAuditStore';
import { DatabaseGuardianshipStore } from '../stores/guardianship/DatabaseGuardianshipStore';
import {
  GuardianshipWrites,
  RatingUpdate,
} from '../stores/guardianship/GuardianshipStore';
import { DatabaseIncidentStore } from '../stores/incidents/DatabaseIncidentStore';
import { IncidentWrites } from '../stores/incidents/IncidentStore';
import { DatabaseServiceStore } from '../stores/services/DatabaseServiceStore';
import {
  Actor,
  NewService,
  ServiceWrites,
} from '../stores/services/ServiceStore';
import {
  insertSignOff,
  readLatestSignOff,
} from '../stores/guardianship/signOffs';
import { DatabaseHandoverStore } from '../stores/handovers/DatabaseHandoverStore';
import { DatabaseOwnershipStore } from '../stores/ownership/DatabaseOwnershipStore';
import { OwnershipUpdate } from '../stores/ownership/OwnershipStore';
import { changeFromAudit, ownershipChanged } from '../domain/ownership';
import { HandoverWrites } from '../stores/handovers/HandoverStore';
import { DatabaseRequestStore } from '../stores/requests/DatabaseRequestStore';
import { RequestWrites } from '../stores/requests/RequestStore';
import { CommittedChanges } from './ServiceChangeAnnouncer';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An audit entry of this unit of work; the actor and time are the unit's own. */
export type AuditRecord = Omit<
  PendingAuditEntry,
  'actor' | 'entityType' | 'entityId'
> & {
  serviceId: string;
};

/** Settings the unit of work rates services with. */
export interface RatingSettings {
  riskModel: RiskModelConfig;
  policy: GuardianshipPolicy;
}

/**
 * One change to services, inside one transaction. It is the only way to write a service:
 *
 * - `lock` reads a service once, locked, and checks the version the change was based on; the
 *   unit keeps that row and every later step works on it, so a change reads the record once;
 * - `create`, `update` and `remove` write records; each written service must be given an audit
 *   entry with `record`, or the unit refuses to commit (and the transaction rolls back);
 * - written services get their leaver counts and their rating worked out again before the audit
 *   entries are appended (on `flush`, which `details` and the end of the unit call);
 * - derived changes (ratings after incidents or with time, leaver flags) use `rate`,
 *   `recountLeavers` and `applyLeaverPlan`, which do not bump the version people edit against.
 *
 * Everything happens at one reading of the clock, `now`.
 */
export class UnitOfWork {
  readonly services: ServiceWrites;
  readonly guardianship: GuardianshipWrites;
  readonly incidents: IncidentWrites;
  readonly requests: RequestWrites;
  readonly handovers: HandoverWrites;
  readonly at: string;

  readonly #audit: AuditWrites;
  readonly #ownership: DatabaseOwnershipStore;
  /** Services whose owner, service owner, leaver flag or name this unit may have changed. */
  readonly #ownershipTouched = new Set<string>();
  readonly #tx: Knex.Transaction;
  /** Rows this unit holds (locked or inserted), as they are now. */
  readonly #rows = new Map<string, ServiceRow>();
  /** Written services, with the trigger their new rating is recorded under. */
  readonly #toRate = new Map<string, string>();
  readonly #toRecount = new Set<string>();
  readonly #mustAudit = new Set<string>();
  readonly #audited = new Set<string>();
  #pendingAudit: PendingAuditEntry[] = [];
  readonly #created = new Set<string>();
  readonly #updated = new Set<string>();
  readonly #deleted = new Set<string>();

  constructor(
    tx: Knex.Transaction,
    readonly actor: Actor,
    readonly now: Date,
    private readonly settings: RatingSettings,
  ) {
    this.at = now.toISOString();
    this.#tx = tx;
    this.services = new DatabaseServiceStore(tx);
    this.guardianship = new DatabaseGuardianshipStore(
      tx,
      { now: () => now },
      settings.policy,
    );
    this.incidents = new DatabaseIncidentStore(tx);
    this.requests = new DatabaseRequestStore(tx, settings.riskModel);
    this.handovers = new DatabaseHandoverStore(tx);
    this.#audit = new DatabaseAuditStore(tx);
    this.#ownership = new DatabaseOwnershipStore(tx);
  }

  /**
   * Locks a service for a change and returns it; `NotFoundError` when there is none, and
   * `ConflictError` when it is no longer at the version the change was based on.
   */
  async lock(id: string, expectedVersion?: number): Promise<SocialService> {
    const [row] = await this.lockAll([id]);
    if (!row) {
      throw new NotFoundError(`No social media service with id '${id}'`);
    }
    const service = rowToService(row);
    if (expectedVersion !== undefined && service.version !== expectedVersion) {
      throw new ConflictError(
        `Service ${id} changed since version ${expectedVersion} (it is now at version ${service.version}). Reload it and apply your change again.`,
      );
    }
    return service;
  }

  /**
   * Locks a service as {@link UnitOfWork.lock} does, with the values its audit trail never set
   * (changed in the database outside the catalogue) listed among its record problems.
   */
  async lockChecked(
    id: string,
    expectedVersion?: number,
  ): Promise<SocialService> {
    const service = await this.lock(id, expectedVersion);
    return checkedAgainstTrail(
      service,
      await this.#audit.getServiceHistory(id),
    );
  }

  /**
   * Checks services against their audit trails and keeps what was found with each
   * (`trail_check`), so that lists and the dashboard show it and the next rating counts it.
   * Derived, as the rating is: no new version and no audit entry. Returns the ids of the records
   * that hold values their trail never set.
   */
  async checkTrails(ids: string[]): Promise<string[]> {
    const rows = await this.lockAll(ids);
    const trails = await this.#audit.getServiceHistories(rows.map(r => r.id));
    const untrailed: string[] = [];
    for (const row of rows) {
      const check = trailCheckOf(row, trails.get(row.id) ?? []);
      if (check !== null) untrailed.push(row.id);
      if ((row.trail_check ?? null) !== check) {
        await this.services.updateRow(row.id, { trail_check: check });
        row.trail_check = check;
      }
    }
    return untrailed;
  }

  /** Locks the services that exist among `ids` (in id order) and returns their rows. */
  async lockAll(ids: string[]): Promise<ServiceRow[]> {
    const missing = ids.filter(id => !this.#rows.has(id));
    for (const row of await this.services.lockRows(missing)) {
      this.#rows.set(row.id, row);
    }
    return ids.flatMap(id => (this.#rows.has(id) ? [this.#rows.get(id)!] : []));
  }

  /**
   * Which of these services exist, kept from being deleted until the unit ends but not locked
   * against changes: for writes that touch what belongs to a service, not the service itself.
   */
  async keepAll(ids: string[]): Promise<string[]> {
    return this.services.keepRows(ids);
  }

  /**
   * Catalogues new services at version 1, each rated at once and its first rating recorded
   * under `trigger`. Returns them as stored.
   */
  async create(
    inputs: NewService[],
    trigger: string,
  ): Promise<SocialService[]> {
    const { policy, riskModel } = this.settings;
    const rows = inputs.map(input => {
      const rating = rateNewService(
        { ...input, createdAt: this.at },
        this.now,
        policy,
        riskModel,
      );
      const row: ServiceRow = {
        id: input.id,
        ...fieldsToColumns(input),
        lifecycle_stage: input.lifecycleStage,
        stage_rank: stageRank(input.lifecycleStage),
        risk_rating: rating.assessment.rating,
        risk_rank: riskRank(rating.assessment.rating),
        risk_json: rating.riskJson,
        risk_assessed_at: this.at,
        access_review_due_at: rating.accessReviewDueAt,
        out_of_compliance: !rating.compliance.compliant,
        leaver_count: 0,
        service_owner_in_organisation: true,
        open_incident_count: 0,
        admin_count: 0,
        version: 1,
        created_at: this.now,
        updated_at: this.now,
      };
      return { row, rating };
    });
    // The rows are written rated; only their first rating goes to the history.
    await this.services.insertRows(rows.map(r => r.row));
    await this.guardianship.recordFirstRatings(
      rows.map(({ row, rating }) => ({ serviceId: row.id, rating, trigger })),
      this.at,
    );
    for (const { row } of rows) {
      this.#rows.set(row.id, row);
      this.#mustAudit.add(row.id);
      this.#created.add(row.id);
      this.#ownershipTouched.add(row.id);
    }
    return rows.map(({ row }) => rowToService(row));
  }

  /**
   * Whether services about to be catalogued would meet the requirements of their stage, as
   * `create` would rate them; writes nothing (for a dry run).
   */
  previewCompliance(inputs: NewService[]): StageCompliance[] {
    const { policy, riskModel } = this.settings;
    return inputs.map(
      input =>
        rateNewService(
          { ...input, createdAt: this.at },
          this.now,
          policy,
          riskModel,
        ).compliance,
    );
  }

  /**
   * Writes columns of a locked service, bumps its version and marks it for a new rating (under
   * `trigger`) and leaver count. Returns the service as it now is.
   */
  async update(
    id: string,
    columns: Partial<ServiceRow>,
    trigger: string,
  ): Promise<SocialService> {
    const row = this.held(id);
    const written = {
      ...columns,
      version: Number(row.version) + 1,
      updated_at: this.now,
      // Its audit entry is written with it; the next sweep checks the record again.
      trail_check: null,
    };
    await this.services.updateRow(id, written);
    Object.assign(row, written);
    this.#mustAudit.add(id);
    this.#toRate.set(id, trigger);
    this.#toRecount.add(id);
    this.#ownershipTouched.add(id);
    if (!this.#created.has(id)) this.#updated.add(id);
    return rowToService(row);
  }

  /** Deletes a locked service (its admins, moves and incidents go with it). */
  async remove(id: string): Promise<void> {
    this.held(id);
    // The incidents' table holds no foreign key to the services (see its migration).
    await this.incidents.removeServiceIncidents(id);
    await this.services.deleteRow(id);
    this.#rows.delete(id);
    this.#toRate.delete(id);
    this.#toRecount.delete(id);
    this.#updated.delete(id);
    this.#mustAudit.add(id);
    this.#deleted.add(id);
    this.#ownershipTouched.add(id);
  }

  /** Adds entries to the audit trail, appended with this unit's actor and time. */
  record(...entries: AuditRecord[]): void {
    for (const { serviceId, ...entry } of entries) {
      this.#pendingAudit.push({
        entityType: 'service',
        entityId: serviceId,
        actor: this.actor,
        ...entry,
      });
      this.#audited.add(serviceId);
    }
  }

  /** Adds an entry about a service request to the audit trail. */
  recordRequest(
    requestId: number,
    entry: Pick<PendingAuditEntry, 'action' | 'before' | 'after'>,
  ): void {
    this.#pendingAudit.push({
      entityType: 'service-request',
      entityId: String(requestId),
      actor: this.actor,
      ...entry,
    });
  }

  /** Adds an entry about a transfer or retirement to the audit trail. */
  recordHandover(
    handoverId: number,
    entry: Pick<PendingAuditEntry, 'action' | 'before' | 'after'>,
  ): void {
    this.#pendingAudit.push({
      entityType: 'service-handover',
      entityId: String(handoverId),
      actor: this.actor,
      ...entry,
    });
  }

  /** Adds an entry about an export of the audit trail itself: who took which part, when. */
  recordAuditExport(
    exportId: string,
    entry: Pick<PendingAuditEntry, 'action' | 'after'>,
  ): void {
    this.#pendingAudit.push({
      entityType: 'audit-export',
      entityId: exportId,
      actor: this.actor,
      ...entry,
    });
  }

  /** Adds an entry about an export of services to an ITSM's CMDB: who ran it, dry or not, counts. */
  recordItsmExport(
    connectorId: string,
    entry: Pick<PendingAuditEntry, 'action' | 'after'>,
  ): void {
    this.#pendingAudit.push({
      entityType: 'itsm-export',
      entityId: connectorId,
      actor: this.actor,
      ...entry,
    });
  }

  /**
   * Names services whose record did not change but whose catalog entity may (their incidents
   * did), for the announcement.
   */
  markChanged(ids: string[]): void {
    for (const id of ids) {
      if (!this.#created.has(id) && !this.#deleted.has(id))
        this.#updated.add(id);
    }
  }

  /**
   * Records a person's sign-off of a locked service's current rating; the caller audits it.
   * The record itself does not change, so its version stays.
   */
  async signOff(id: string, signOff: { rating: string; note: string }) {
    this.held(id);
    await insertSignOff(this.#tx, {
      service_id: id,
      signed_by: this.actor,
      signed_at: this.at,
      rating: signOff.rating,
      note: signOff.note,
    });
    this.#mustAudit.add(id);
  }

  /** Flags and clears leavers, keeping the held rows in step. */
  async applyLeaverPlan(plan: LeaverPlan): Promise<void> {
    await this.guardianship.applyLeaverPlan(plan);
    for (const owner of plan.owners) {
      const row = this.#rows.get(owner.serviceId);
      if (row) row.service_owner_in_organisation = owner.inOrganisation;
      this.#ownershipTouched.add(owner.serviceId);
    }
    for (const id of plan.byService.keys()) this.#updated.add(id);
  }

  /** Counts again the people who left but hold access, for each of the services. */
  async recountLeavers(ids: string[]): Promise<void> {
    const rows = await this.lockAll(ids);
    const gone = await this.guardianship.countAdminsGone(rows.map(r => r.id));
    for (const row of rows) {
      const count = countLeavers(gone.get(row.id) ?? 0, {
        serviceOwner: row.service_owner,
        inOrganisation: Boolean(row.service_owner_in_organisation),
      });
      if (count === Number(row.leaver_count)) continue;
      await this.services.updateRow(row.id, { leaver_count: count });
      row.leaver_count = count;
    }
  }

  /**
   * Rates services again from what is stored now (their open incidents counted again too),
   * writes what changed and records each change of rating under its trigger. Returns the ids
   * whose rating (low … critical) changed.
   */
  async rate(
    ids: string[],
    trigger: string | ((id: string) => string),
  ): Promise<string[]> {
    const { policy, riskModel } = this.settings;
    const rows = await this.lockAll(ids);
    const facts = await this.incidents.getIncidentFacts(
      rows.map(r => r.id),
      new Date(
        this.now.getTime() - policy.securityIncidentWindowDays * DAY_MS,
      ).toISOString(),
    );
    const updates: RatingUpdate[] = [];
    const changed: string[] = [];
    for (const row of rows) {
      const service = rowToService(row);
      const { open = 0, recentSecurity = 0 } = facts.get(row.id) ?? {};
      const rating = rateService(
        service,
        {
          leaverCount: service.leaverCount,
          recentSecurityIncidents: recentSecurity,
          now: this.now,
        },
        policy,
        riskModel,
        // What the last sweep found changed outside the catalogue weighs as the trail set it too.
        trailedServiceOf(row),
      );
      const decision = decideRerating(
        {
          riskJson: row.risk_json,
          riskRating: (row.risk_rating ?? null) as RiskRating | null,
          accessReviewDueAt: row.access_review_due_at,
          outOfCompliance:
            row.out_of_compliance === null ||
            row.out_of_compliance === undefined
              ? null
              : Boolean(row.out_of_compliance),
          changedOutside: Boolean(row.changed_outside),
          openIncidentCount: Number(row.open_incident_count),
        },
        rating,
        open,
      );
      if (decision.kind === 'unchanged') continue;
      row.open_incident_count = open;
      if (decision.kind === 'counts') {
        updates.push({ serviceId: row.id, openIncidentCount: open });
        continue;
      }
      if (decision.ratingChanged) changed.push(row.id);
      updates.push({
        serviceId: row.id,
        rating,
        openIncidentCount: open,
        ...(decision.ratingChanged
          ? {
              history: {
                previousRating: row.risk_rating,
                trigger:
                  typeof trigger === 'string' ? trigger : trigger(row.id),
              },
            }
          : {}),
      });
      Object.assign(row, {
        risk_rating: rating.assessment.rating,
        risk_rank: riskRank(rating.assessment.rating),
        risk_json: rating.riskJson,
        risk_assessed_at: this.at,
        access_review_due_at: rating.accessReviewDueAt,
        out_of_compliance: !rating.compliance.compliant,
        changed_outside: rating.changedOutside,
      });
    }
    await this.guardianship.saveRatings(updates, this.at);
    for (const id of changed) {
      if (!this.#created.has(id)) this.#updated.add(id);
    }
    return changed;
  }

  /** The service page's view of a service as this unit leaves it. */
  async details(id: string): Promise<SocialServiceDetails> {
    await this.flush();
    const row = this.held(id);
    // One after the other: the queries share the unit's transaction, which takes one at a time.
    const admins = await this.services.listAdmins(id);
    const transitions = await this.services.listTransitions(id);
    const signOff = await readLatestSignOff(this.#tx, id);
    return toServiceDetails(
      { row, admins, transitions, signOff },
      this.now,
      this.settings.policy,
    );
  }

  /**
   * Brings written services up to date (leaver counts, ratings) and appends the audit entries.
   * Refuses when a written service has no audit entry: nothing of the unit is then committed.
   */
  async flush(): Promise<void> {
    if (this.#toRecount.size) {
      await this.recountLeavers([...this.#toRecount]);
      this.#toRecount.clear();
    }
    const byTrigger = new Map<string, string[]>();
    for (const [id, trigger] of this.#toRate) {
      byTrigger.set(trigger, [...(byTrigger.get(trigger) ?? []), id]);
    }
    this.#toRate.clear();
    for (const [trigger, ids] of byTrigger) await this.rate(ids, trigger);
    const unaudited = [...this.#mustAudit].filter(id => !this.#audited.has(id));
    if (unaudited.length) {
      throw new Error(
        `A change to ${unaudited.join(
          ', ',
        )} has no audit trail entry; nothing of it was written`,
      );
    }
    const seqs = await this.#audit.append(this.#pendingAudit, this.at);
    await this.keepOwnershipTimeline(seqs);
    this.#pendingAudit = [];
  }

  /**
   * Closes and opens ownership periods for the services whose owner group, service owner or
   * service owner's leaver flag changed (or that were created or deleted), each period
   * recording the audit entry of the change (with the request behind it) that started it.
   */
  private async keepOwnershipTimeline(seqs: number[]): Promise<void> {
    if (this.#ownershipTouched.size === 0) return;
    const ids = [...this.#ownershipTouched];
    this.#ownershipTouched.clear();
    // The last entry about each service is the change that set its new state.
    const entryOf = new Map<
      string,
      { entry: PendingAuditEntry; seq: number }
    >();
    this.#pendingAudit.forEach((entry, i) => {
      if (entry.entityType === 'service') {
        entryOf.set(entry.entityId, { entry, seq: seqs[i] });
      }
    });
    const open = await this.#ownership.openPeriods(ids);
    const updates: OwnershipUpdate[] = [];
    for (const id of ids) {
      const audited = entryOf.get(id);
      const change = changeFromAudit({
        action: audited?.entry.action ?? 'update',
        actor: audited?.entry.actor ?? this.actor,
        at: this.at,
        ...(audited ? { seq: audited.seq, after: audited.entry.after } : {}),
      });
      const current = open.get(id);
      const row = this.#rows.get(id);
      if (!row) {
        if (current && this.#deleted.has(id)) {
          updates.push({
            serviceId: id,
            serviceName: current.serviceName,
            change,
          });
        }
        continue;
      }
      const state = {
        ownerGroup: row.owner_group,
        serviceOwner: row.service_owner,
        serviceOwnerInOrganisation: Boolean(row.service_owner_in_organisation),
      };
      if (!current || ownershipChanged(current, state)) {
        updates.push({ serviceId: id, serviceName: row.name, state, change });
      } else if (current.serviceName !== row.name) {
        await this.#ownership.rename(id, row.name);
      }
    }
    await this.#ownership.apply(updates);
  }

  /** What the unit changed, for the announcement after the commit. */
  committedChanges(): CommittedChanges {
    const current = (id: string) =>
      this.#rows.has(id) ? rowToService(this.#rows.get(id)!) : id;
    return {
      created: [...this.#created]
        .filter(id => this.#rows.has(id))
        .map(id => rowToService(this.#rows.get(id)!)),
      updated: [...this.#updated]
        .filter(id => !this.#deleted.has(id))
        .map(current),
      deleted: [...this.#deleted],
    };
  }

  /** The held row of a service; only locked or created services can be changed. */
  private held(id: string): ServiceRow {
    const row = this.#rows.get(id);
    if (!row) {
      throw new Error(`Service ${id} must be locked before it is changed`);
    }
    return row;
  }
}

/**
 * Runs `work` as one unit of work by `actor` in one transaction of `db` and returns what it
 * returned, with the unit (its committed changes). When `work` throws, or leaves a written
 * service without an audit entry, nothing is written.
 */
export async function runUnitOfWork<T>(
  db: Knex,
  actor: Actor,
  now: Date,
  settings: RatingSettings,
  work: (unit: UnitOfWork) => Promise<T>,
): Promise<{ result: T; unit: UnitOfWork }> {
  return db.transaction(async tx => {
    const unit = new UnitOfWork(tx, actor, now, settings);
    const result = await work(unit);
    await unit.flush();
    return { result, unit };
  });
}
