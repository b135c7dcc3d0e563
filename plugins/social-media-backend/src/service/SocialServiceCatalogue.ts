import { ConflictError } from '@backstage/errors';
import {
  adminsInputSchema,
  describeBlockedTransition,
  evaluateTransition,
  ImportReport,
  ImportRequest,
  LAST_REVIEW_IS_AN_EVENT,
  retirementNeedsRequest,
  ServiceListQuery,
  slugify,
  socialServiceInputSchema,
  socialServiceUpdateSchema,
  SocialService,
  SocialServiceDetails,
  SocialServiceList,
  StageCompliance,
  TransitionInput,
  transitionInputSchema,
  ValidSocialServiceUpdate,
} from '@internal/plugin-social-media-common';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { UnitOfWork } from '../changes/UnitOfWork';
import { accessReviewWindow } from '../domain/accessReview';
import { Clock } from '../domain/clock';
import { InvalidInputError } from '../domain/InvalidInputError';
import { GuardianshipPolicy } from '../domain/guardianship';
import {
  DescribedConnector,
  itsmMappingProblems,
} from '../domain/itsmConnectors';
import { parseInventory } from '../domain/importInventory';
import {
  auditSnapshot,
  fieldsToColumns,
  rowToAdmin,
  rowToService,
  stageIsReadable,
  stageRank,
  toServiceDetails,
} from '../domain/serviceRecord';
import {
  Actor,
  AdminRecord,
  NewService,
  ServiceStore,
} from '../stores/services/ServiceStore';
import { AuditStore } from '../stores/audit/AuditStore';
import { isViolationOn, uniqueViolationOf } from './databaseErrors';
import { EntityDirectory } from './EntityDirectory';
import { parseInput } from './parseInput';

/** What a plain move of a live service to retired is told, with the way that works. */
export function liveRetirementRefusal(id: string): string {
  return `${id} is live: retire it with a retirement request, which IT service management approves (POST /services/${id}/handovers with kind retirement)`;
}

type RefFields = {
  ownerGroup: string;
  serviceOwner?: string;
  businessRequester?: string;
};

const REF_LABELS: Array<[keyof RefFields, string]> = [
  ['ownerGroup', 'Owner group'],
  ['serviceOwner', 'Service owner'],
  ['businessRequester', 'Business requester'],
];

/**
 * The catalogue's use cases: validates input with the shared rules, checks that owners exist
 * in the Backstage catalog, and makes each change as one unit of work on the write path.
 */
export class SocialServiceCatalogue {
  constructor(
    private readonly options: {
      services: ServiceStore;
      writes: ServiceWritePath;
      directory: EntityDirectory;
      clock: Clock;
      policy: GuardianshipPolicy;
      /** The installed ITSM connectors, which mappings are checked against. */
      connectors?: () => DescribedConnector[];
      /** The audit trail, which the service page checks each record against. */
      audit?: Pick<AuditStore, 'getServiceHistory'>;
    },
  ) {}

  /**
   * One page of the catalogue. Access review statuses are judged at this moment, with the
   * same window as the dashboard's counts.
   */
  async listServices(query: ServiceListQuery): Promise<SocialServiceList> {
    return this.options.services.listServices(
      query,
      accessReviewWindow(this.options.clock.now(), this.options.policy),
    );
  }

  /** The service page's view of one service. */
  async getService(id: string): Promise<SocialServiceDetails> {
    // The trail is read after the record: every entry of the version read is there by then
    // (a record and its entry are committed together), and later ones are left out by version.
    const parts = await this.options.services.getServiceParts(id);
    const trail = (await this.options.audit?.getServiceHistory(id)) ?? [];
    return toServiceDetails(
      parts,
      this.options.clock.now(),
      this.options.policy,
      trail,
    );
  }

  async create(body: unknown, actor: Actor): Promise<SocialServiceDetails> {
    const input = parseInput(socialServiceInputSchema, body, 'service');
    const id = input.id ?? slugify(input.name);
    if (!id) {
      throw InvalidInputError.of('service', [
        {
          field: 'name',
          message: 'Name must contain letters or digits to derive an id from',
        },
      ]);
    }
    this.assertMappable(input.itsm);
    await this.assertRefsExist(input);
    return this.createService({ ...input, id }, actor);
  }

  /** Catalogues a service from checked input. */
  async createService(
    service: NewService,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    try {
      return await this.options.writes.run(actor, async unit => {
        const [taken] = await unit.lockAll([service.id]);
        if (taken) throw idTaken(rowToService(taken));
        await assertAccountIsFree(unit.services, service);
        const [created] = await unit.create([service], 'create');
        unit.record({
          serviceId: service.id,
          action: 'create',
          after: { ...auditSnapshot(created), ...recordedAsFound(created) },
        });
        return unit.details(service.id);
      });
    } catch (error) {
      throw (await this.explainDuplicate(error, service)) ?? error;
    }
  }

  async update(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    const update = parseInput(socialServiceUpdateSchema, body, 'service');
    await this.assertRefsExist(update);
    return this.updateService(id, update, actor);
  }

  /** Changes a service from checked input, based on the version it names. */
  async updateService(
    id: string,
    update: ValidSocialServiceUpdate,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    try {
      return await this.changeService(id, update, actor);
    } catch (error) {
      throw (await this.explainDuplicate(error, { ...update, id })) ?? error;
    }
  }

  private async changeService(
    id: string,
    update: ValidSocialServiceUpdate,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    return this.options.writes.run(actor, async unit => {
      const before = await unit.lock(id, update.version);
      const { version: _version, id: _id, ...edited } = update;
      this.assertMappable(edited.itsm, before.itsm);
      const typedReview = edited.controls.lastAccessReviewAt;
      if (
        typedReview !== undefined &&
        Date.parse(typedReview) !==
          Date.parse(before.controls.lastAccessReviewAt ?? '')
      ) {
        throw InvalidInputError.of('service', [
          {
            field: 'controls.lastAccessReviewAt',
            message: LAST_REVIEW_IS_AN_EVENT,
          },
        ]);
      }
      const fields = edited;
      if (
        fields.platform !== before.platform ||
        fields.handle !== before.handle
      ) {
        await assertAccountIsFree(unit.services, { ...fields, id });
      }
      const after = await unit.update(
        id,
        {
          ...fieldsToColumns(fields),
          // A newly named service owner was just checked against the catalog.
          ...(fields.serviceOwner !== before.serviceOwner
            ? { service_owner_in_organisation: true }
            : {}),
        },
        'update',
      );
      unit.record({
        serviceId: id,
        action: 'update',
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
      return unit.details(id);
    });
  }

  async transition(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    const transition = parseInput(transitionInputSchema, body, 'transition');
    return this.transitionService(id, transition, actor);
  }

  /**
   * Moves a service when the lifecycle allows it and the stage's gates are met. A live service
   * is retired only by a retirement request, so that the checklist and IT service management's
   * approval are on record: the move is refused as a conflict with the service's state.
   */
  async transitionService(
    id: string,
    transition: TransitionInput,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    return this.options.writes.run(actor, async unit => {
      const before = await unit.lockChecked(id, transition.version);
      if (!stageIsReadable(before)) {
        throw new ConflictError(
          `The stored lifecycle stage of ${id} is not one the catalogue wrote: it was changed in the database outside the catalogue, so no move can start from it. A portal administrator restores it from the audit trail.`,
        );
      }
      if (retirementNeedsRequest(before.lifecycleStage, transition.to)) {
        throw new ConflictError(liveRetirementRefusal(id));
      }
      const option = evaluateTransition(before, transition.to);
      if (!option.allowed) {
        const message = describeBlockedTransition(option);
        throw new InvalidInputError(message, [{ field: 'to', message }]);
      }
      const after = await unit.update(
        id,
        {
          lifecycle_stage: transition.to,
          stage_rank: stageRank(transition.to),
        },
        'transition',
      );
      await unit.services.addTransition({
        service_id: id,
        from_stage: before.lifecycleStage,
        to_stage: transition.to,
        actor,
        reason: transition.reason,
        at: unit.at,
      });
      unit.record({
        serviceId: id,
        action: 'transition',
        before: {
          lifecycleStage: before.lifecycleStage,
          version: before.version,
        },
        after: {
          lifecycleStage: after.lifecycleStage,
          version: after.version,
          reason: transition.reason,
        },
      });
      return unit.details(id);
    });
  }

  async updateAdmins(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    const { admins, version } = parseInput(
      adminsInputSchema,
      body,
      'admin list',
    );
    // People whose User is gone from the catalog have left the organisation: they are kept on
    // the list (they still hold access) but flagged.
    const gone = await this.options.directory.findMissing(
      admins.flatMap(a => (a.userRef ? [a.userRef] : [])),
    );
    return this.replaceAdmins(
      id,
      admins.map(a => ({
        ...a,
        inOrganisation: !a.userRef || !gone.has(a.userRef.toLowerCase()),
      })),
      version,
      actor,
    );
  }

  /** Replaces the admin list, each admin already known to be in the organisation or not. */
  async replaceAdmins(
    id: string,
    admins: AdminRecord[],
    version: number,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    return this.options.writes.run(actor, unit =>
      replaceAdminList(unit, id, admins, version),
    );
  }

  async delete(id: string, version: number, actor: Actor): Promise<void> {
    await this.options.writes.run(actor, async unit => {
      const before = await unit.lock(id, version);
      await unit.remove(id);
      unit.record({
        serviceId: id,
        action: 'delete',
        before: auditSnapshot(before),
      });
    });
  }

  async import(request: ImportRequest, actor: Actor): Promise<ImportReport> {
    const dryRun = request.dryRun === true;
    const parsed = parseInventory(request.format, request.content);
    const problems = [...parsed.problems];

    const refs = parsed.rows.flatMap(({ input }) =>
      REF_LABELS.flatMap(([field]) => (input[field] ? [input[field]!] : [])),
    );
    const missing = await this.options.directory.findMissing(refs);
    const installed = this.installedConnectors();
    for (const { row, input } of parsed.rows) {
      for (const problem of itsmMappingProblems(input.itsm, installed)) {
        problems.push({ row, ...problem });
      }
      for (const [field, label] of REF_LABELS) {
        const ref = input[field];
        if (ref && missing.has(ref.toLowerCase())) {
          problems.push({
            row,
            field,
            message: `${label} ${ref} is not in the Backstage catalog`,
          });
        }
      }
    }

    let created: string[] = [];
    let outOfCompliance: ImportReport['outOfCompliance'] = [];
    if (problems.length === 0) {
      const result = await this.importServices(parsed.rows, actor, {
        dryRun,
      });
      problems.push(...result.problems);
      created = result.created;
      outOfCompliance = result.outOfCompliance;
    }
    problems.sort((a, b) => a.row - b.row);
    const valid = problems.length === 0;
    return {
      dryRun,
      valid,
      rows: parsed.total,
      created: valid ? created : [],
      problems,
      outOfCompliance: valid ? outOfCompliance : [],
    };
  }

  /**
   * Catalogues all services of a checked inventory or none: the existing ids and accounts it
   * collides with are returned as problems instead; with `dryRun` it only checks.
   */
  async importServices(
    rows: Array<{ row: number; input: NewService }>,
    actor: Actor,
    options: { dryRun: boolean },
  ): Promise<ImportOutcome> {
    try {
      return await importInventory(
        this.options.writes,
        actor,
        rows,
        options.dryRun,
      );
    } catch (error) {
      if (!uniqueViolationOf(error)) throw error;
      // Another change catalogued one of these ids or accounts meanwhile: nothing was written,
      // and the report names the rows as a dry run would.
      const problems = await this.options.services.findImportCollisions(rows);
      if (problems.length === 0) throw error;
      return { created: [], problems, outOfCompliance: [] };
    }
  }

  /**
   * A 409 naming the service that already holds the id or the platform account, when the
   * database refused `service` as a duplicate (two people creating the same service at once).
   */
  private async explainDuplicate(
    error: unknown,
    service: { id: string; platform: string; handle: string },
  ): Promise<ConflictError | undefined> {
    const violation = uniqueViolationOf(error);
    if (!violation || !isViolationOn(violation, 'social_services')) {
      return undefined;
    }
    if (violation.columns.includes('id')) {
      const [holder] = await this.options.services.getPermissionResources([
        service.id,
      ]);
      if (holder) {
        return idTaken(await this.options.services.getService(service.id));
      }
    }
    const holder = await this.options.services.findAccountHolder(service);
    return holder ? accountTaken(service, holder) : undefined;
  }

  private installedConnectors(): DescribedConnector[] {
    return this.options.connectors?.() ?? [];
  }

  /**
   * Refuses a mapping to an ITSM no installed connector syncs, or a reference its connector
   * refuses; the mapping the service already has (`stored`) is kept as it is.
   */
  private assertMappable(
    mapping: SocialService['itsm'],
    stored?: SocialService['itsm'],
  ) {
    const problems = itsmMappingProblems(
      mapping,
      this.installedConnectors(),
      stored,
    );
    if (problems.length) throw InvalidInputError.of('service', problems);
  }

  private async assertRefsExist(fields: RefFields) {
    const refs = REF_LABELS.flatMap(([field]) =>
      fields[field] ? [fields[field]!] : [],
    );
    const missing = await this.options.directory.findMissing(refs);
    const problems = REF_LABELS.filter(
      ([field]) => fields[field] && missing.has(fields[field]!.toLowerCase()),
    ).map(([field, label]) => ({
      field,
      message: `${label} ${fields[field]} is not in the Backstage catalog`,
    }));
    if (problems.length) throw InvalidInputError.of('service', problems);
  }
}

/** Refuses a second service for the same platform account, whatever the case of the handle. */
async function assertAccountIsFree(
  services: ServiceStore,
  service: { id: string; platform: string; handle: string },
) {
  const holder = await services.findAccountHolder(service);
  if (holder) throw accountTaken(service, holder);
}

function accountTaken(
  service: { platform: string; handle: string },
  holder: string,
): ConflictError {
  return new ConflictError(
    `The ${service.platform} account ${service.handle} is already catalogued as ${holder}`,
  );
}

function idTaken(holder: SocialService): ConflictError {
  return new ConflictError(
    `A service with id ${holder.id} already exists: ${holder.name} (${holder.platform} ${holder.handle}). Give the new service another name, or an id of its own.`,
  );
}

/** Replaces the admin list of a service; the audit entry keeps both lists. */
export async function replaceAdminList(
  unit: UnitOfWork,
  id: string,
  admins: AdminRecord[],
  version: number,
): Promise<SocialServiceDetails> {
  const before = await unit.lock(id, version);
  const previous = await unit.services.listAdmins(id);
  await unit.services.replaceAdmins(id, admins, unit.at);
  await unit.update(id, { admin_count: admins.length }, 'update-admins');
  const after = await unit.services.listAdmins(id);
  unit.record({
    serviceId: id,
    action: 'update-admins',
    before: { admins: previous.map(rowToAdmin), version: before.version },
    after: { admins: after.map(rowToAdmin), version: before.version + 1 },
  });
  return unit.details(id);
}

/**
 * Catalogues all services of an inventory or none: the existing ids and accounts it collides
 * with are returned as problems instead; with `dryRun` it only checks.
 */
export async function importInventory(
  writes: ServiceWritePath,
  actor: Actor,
  rows: Array<{ row: number; input: NewService }>,
  dryRun: boolean,
): Promise<ImportOutcome> {
  return writes.run(actor, async unit => {
    const problems = await unit.services.findImportCollisions(rows);
    if (problems.length > 0) {
      return { created: [], problems, outOfCompliance: [] };
    }
    if (dryRun) {
      const compliance = unit.previewCompliance(rows.map(r => r.input));
      return {
        created: rows.map(r => r.input.id),
        problems,
        outOfCompliance: rows.flatMap(({ row, input }, i) =>
          outOfComplianceRow(row, input.id, compliance[i]),
        ),
      };
    }
    const created = await unit.create(
      rows.map(r => r.input),
      'import',
    );
    unit.record(
      ...created.map(service => ({
        serviceId: service.id,
        action: 'import',
        after: { ...auditSnapshot(service), ...recordedAsFound(service) },
      })),
    );
    return {
      created: created.map(s => s.id),
      problems: [],
      outOfCompliance: rows.flatMap(({ row }, i) =>
        outOfComplianceRow(row, created[i].id, created[i].compliance),
      ),
    };
  });
}

/** What an import did: the services it catalogued, its problems, and who is out of compliance. */
export type ImportOutcome = Pick<
  ImportReport,
  'created' | 'problems' | 'outOfCompliance'
>;

function outOfComplianceRow(
  row: number,
  id: string,
  compliance: StageCompliance,
): ImportReport['outOfCompliance'] {
  return compliance.compliant
    ? []
    : [{ row, id, stage: compliance.stage, missing: compliance.missing }];
}

/**
 * For the audit entry of a service catalogued in a stage whose requirements it does not meet:
 * the inventory was taken as it was found, and the trail says so and why.
 */
function recordedAsFound(service: SocialService) {
  const { compliance } = service;
  if (compliance.compliant) return {};
  return {
    outOfCompliance: {
      stage: compliance.stage,
      missing: compliance.missing,
      reason: `Catalogued in ${
        compliance.stage
      } as found, without ${compliance.missing.join(', ')}`,
    },
  };
}
