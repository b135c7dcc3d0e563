import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ItsmConnector,
  ItsmExportChange,
  ItsmExportConflict,
  ItsmExportOutcome,
  ItsmExportPlan,
  ItsmExportState,
  ItsmExportUnmatched,
} from '@internal/plugin-social-media-node';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { UnitOfWork } from '../changes/UnitOfWork';
import { Clock } from '../domain/clock';
import { InvalidInputError } from '../domain/InvalidInputError';
import { auditSnapshot, rowToService } from '../domain/serviceRecord';
import { ItsmExportStore } from '../stores/itsmExports/ItsmExportStore';
import {
  Actor,
  ExportableService,
  ServiceStore,
} from '../stores/services/ServiceStore';

/** What a run is asked to do (`POST /itsm/connectors/{connectorId}/cmdb-export`). */
export interface CmdbExportRequest {
  dryRun: boolean;
  /** Services whose conflicting records are written all the same (real runs only). */
  overwrite?: string[];
}

const REQUEST_FIELDS = new Set(['dryRun', 'overwrite']);

/**
 * The body of an export request, its shape already checked against the OpenAPI spec; fields the
 * spec does not name are refused here, each named.
 */
export function parseCmdbExportRequest(body: unknown): CmdbExportRequest {
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter(key => !REQUEST_FIELDS.has(key));
  if (unknown.length > 0) {
    throw InvalidInputError.of(
      'export',
      unknown.map(field => ({
        field,
        message: `Unknown field ${field}: an export takes dryRun and overwrite only`,
      })),
    );
  }
  return {
    dryRun: fields.dryRun === true,
    ...(Array.isArray(fields.overwrite)
      ? { overwrite: fields.overwrite as string[] }
      : {}),
  };
}

/** What became of a service's ITSM mapping after its record was created in the tool. */
export interface CmdbExportMapping {
  serviceId: string;
  /** `set`: the service now maps to the record; `kept`: it maps to something else, left so. */
  result: 'set' | 'kept';
  reference: string;
  message: string;
}

/** The answer of an export run, dry or real. */
export interface CmdbExportReport {
  connectorId: string;
  dryRun: boolean;
  /** Records to create (dry run) or created (real run, with their new id). */
  creates: ItsmExportChange[];
  /** Records to change (dry run) or changed (real run), with the fields written. */
  updates: ItsmExportChange[];
  /** Records changed in the tool since the last export: not written unless overwritten. */
  conflicts: ItsmExportConflict[];
  /** Conflicting records written all the same because the run named them. */
  overwritten: ItsmExportChange[];
  /** Owners and groups the tool has no match for; those fields are left out. */
  unmatched: ItsmExportUnmatched[];
  /** How many records already hold what the catalogue would write. */
  unchanged: number;
  /** Mappings set (or kept) after creations; real runs only. */
  mappings: CmdbExportMapping[];
}

/**
 * Keeps an ITSM tool's CMDB in step with the catalogue through a connector's optional CMDB
 * export: a dry run says what would be created, changed or is in conflict; a real run writes
 * creations and changes, skips conflicts, records the new versions and maps each service whose
 * record it created to that record, on the write path, as a person's edit would.
 */
export class CmdbExport {
  /** Runs going on in this backend instance, by connector: one at a time each. */
  readonly #running = new Map<string, string>();

  constructor(
    private readonly options: {
      services: ServiceStore;
      exports: ItsmExportStore;
      writes: ServiceWritePath;
      connectors: () => ItsmConnector[];
      clock: Clock;
    },
  ) {}

  async run(
    connectorId: string,
    request: CmdbExportRequest,
    actor: Actor,
    signal?: AbortSignal,
  ): Promise<CmdbExportReport> {
    const connector = this.options.connectors().find(c => c.id === connectorId);
    if (!connector) {
      throw new NotFoundError(
        `No ITSM connector '${connectorId}' is installed in this portal`,
      );
    }
    const exporter = connector.cmdbExport;
    if (!exporter) {
      throw InvalidInputError.of('export', [
        {
          field: 'connectorId',
          message: `The ${connector.description.displayName} connector (${connectorId}) cannot export services to its CMDB as installed; see its module's configuration for the CMDB export`,
        },
      ]);
    }
    if (request.dryRun && request.overwrite?.length) {
      throw InvalidInputError.of('export', [
        {
          field: 'overwrite',
          message:
            'A dry run writes nothing; name conflicts to overwrite in a real run',
        },
      ]);
    }
    const since = this.#running.get(connectorId);
    if (since) {
      throw new ConflictError(
        `An export to ${connector.description.displayName} (${connectorId}) is already running since ${since}; try again when it has finished`,
      );
    }
    this.#running.set(connectorId, this.options.clock.now().toISOString());
    try {
      return await this.#run(connector, exporter, request, actor, signal);
    } finally {
      this.#running.delete(connectorId);
    }
  }

  async #run(
    connector: ItsmConnector,
    exporter: NonNullable<ItsmConnector['cmdbExport']>,
    request: CmdbExportRequest,
    actor: Actor,
    signal: AbortSignal | undefined,
  ): Promise<CmdbExportReport> {
    const tool = connector.description.displayName;
    const [services, states] = await Promise.all([
      this.options.services.listExportableServices(),
      this.options.exports.listStates(connector.id),
    ]);
    const known = new Set(services.map(s => s.serviceId));
    const unknown = (request.overwrite ?? []).filter(id => !known.has(id));
    if (unknown.length > 0) {
      throw InvalidInputError.of('export', [
        {
          field: 'overwrite',
          message: `No social media service with id ${unknown
            .map(id => `'${id}'`)
            .join(', ')}`,
        },
      ]);
    }

    let plan: ItsmExportPlan;
    try {
      plan = await exporter.planExport({
        services: services.map(({ itsm: _itsm, ...service }) => service),
        states: states.filter(s => known.has(s.serviceId)),
        signal,
      });
    } catch (error) {
      // Connectors keep credentials out of their messages.
      throw new ServiceUnavailableError(
        `The export to ${tool} could not read what ${tool} holds, so nothing was written: ${messageOf(
          error,
        )}`,
      );
    }

    if (request.dryRun) {
      const report = this.#report(connector.id, true, plan, {
        created: [],
        updated: [],
      });
      await this.options.writes.run(actor, async unit => {
        unit.recordItsmExport(connector.id, {
          action: 'cmdb-export-dry-run',
          after: counts(report),
        });
      });
      return report;
    }

    const overwrite = new Set(request.overwrite ?? []);
    const outcome = await exporter.applyExport({
      plan,
      overwrite: [...overwrite],
      signal,
    });
    const storedBefore = new Map(states.map(s => [s.serviceId, s]));
    const report = this.#report(connector.id, false, plan, outcome, overwrite);

    // What the tool now holds, recorded even when the run stopped part-way: the next run finds
    // these records again and compares against these versions.
    const changedVersions: ItsmExportState[] = [
      ...outcome.created,
      ...outcome.updated,
      ...plan.unchanged.filter(
        s =>
          storedBefore.get(s.serviceId)?.version !== s.version ||
          storedBefore.get(s.serviceId)?.externalId !== s.externalId,
      ),
    ];
    const at = this.options.clock.now().toISOString();
    await this.options.exports.saveStates(connector.id, changedVersions, at);

    // A service whose record the export created (or found for the first time by its id) is
    // mapped to it, unless it maps to something else already.
    const toMap = [
      ...outcome.created,
      ...outcome.updated.filter(s => !storedBefore.has(s.serviceId)),
      ...plan.unchanged.filter(s => !storedBefore.has(s.serviceId)),
    ];
    const byId = new Map(services.map(s => [s.serviceId, s]));
    report.mappings = await this.options.writes.run(actor, async unit => {
      const mappings = await this.#mapServices(unit, connector, toMap, byId);
      unit.recordItsmExport(connector.id, {
        action: 'cmdb-export',
        after: {
          ...counts(report),
          mappingsSet: mappings.filter(m => m.result === 'set').length,
          ...(outcome.failure
            ? {
                failedAt: outcome.failure.serviceId,
                failure: outcome.failure.message,
              }
            : {}),
        },
      });
      return mappings;
    });

    if (outcome.failure) {
      const written = outcome.created.length + outcome.updated.length;
      throw new ServiceUnavailableError(
        `The export to ${tool} stopped at ${outcome.failure.serviceId}: ${
          outcome.failure.message
        }. ${written} record${written === 1 ? '' : 's'} written before it ${
          written === 1 ? 'is' : 'are'
        } recorded; run the export again to finish.`,
      );
    }
    return report;
  }

  /** Maps each service to the record it was exported to, unless it maps elsewhere already. */
  async #mapServices(
    unit: UnitOfWork,
    connector: ItsmConnector,
    records: ItsmExportState[],
    services: Map<string, ExportableService>,
  ): Promise<CmdbExportMapping[]> {
    const mappings: CmdbExportMapping[] = [];
    const tool = connector.description.displayName;
    const candidates = records.filter(r => {
      const itsm = services.get(r.serviceId)?.itsm;
      return (
        !itsm ||
        itsm.system !== connector.id ||
        itsm.reference.toLowerCase() !== r.externalId.toLowerCase()
      );
    });
    if (candidates.length === 0) return mappings;
    const rows = await unit.lockAll(candidates.map(r => r.serviceId));
    const rowById = new Map(rows.map(row => [row.id, row]));
    for (const record of candidates) {
      const row = rowById.get(record.serviceId);
      if (!row) continue; // deleted since the export read it
      const before = rowToService(row);
      if (before.itsm) {
        if (
          before.itsm.system === connector.id &&
          before.itsm.reference.toLowerCase() ===
            record.externalId.toLowerCase()
        ) {
          continue;
        }
        mappings.push({
          serviceId: record.serviceId,
          result: 'kept',
          reference: record.externalId,
          message: `${before.name} already maps to ${before.itsm.system} '${before.itsm.reference}'; its mapping was left as it is (the exported record is ${record.externalId})`,
        });
        continue;
      }
      const after = await unit.update(
        record.serviceId,
        { itsm_system: connector.id, itsm_reference: record.externalId },
        'update',
      );
      unit.record({
        serviceId: record.serviceId,
        action: 'update',
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
      mappings.push({
        serviceId: record.serviceId,
        result: 'set',
        reference: record.externalId,
        message: `${before.name} now maps to the ${tool} record ${record.externalId} the export made for it`,
      });
    }
    return mappings;
  }

  #report(
    connectorId: string,
    dryRun: boolean,
    plan: ItsmExportPlan,
    outcome: ItsmExportOutcome,
    overwrite = new Set<string>(),
  ): CmdbExportReport {
    if (dryRun) {
      return {
        connectorId,
        dryRun,
        creates: plan.creates,
        updates: plan.updates,
        conflicts: plan.conflicts,
        overwritten: [],
        unmatched: plan.unmatched,
        unchanged: plan.unchanged.length,
        mappings: [],
      };
    }
    const created = new Map(outcome.created.map(s => [s.serviceId, s]));
    const updated = new Map(outcome.updated.map(s => [s.serviceId, s]));
    const written = (change: ItsmExportChange): ItsmExportChange => {
      const state =
        created.get(change.serviceId) ?? updated.get(change.serviceId);
      return state
        ? { ...change, externalId: state.externalId, version: state.version }
        : change;
    };
    const isOverwritten = (c: ItsmExportConflict) =>
      overwrite.has(c.serviceId) &&
      (created.has(c.serviceId) || updated.has(c.serviceId));
    return {
      connectorId,
      dryRun,
      creates: plan.creates.filter(c => created.has(c.serviceId)).map(written),
      updates: plan.updates.filter(c => updated.has(c.serviceId)).map(written),
      conflicts: plan.conflicts.filter(c => !isOverwritten(c)),
      overwritten: plan.conflicts
        .filter(isOverwritten)
        .map(({ reason: _r, storedVersion: _s, ...change }) => written(change)),
      unmatched: plan.unmatched,
      unchanged: plan.unchanged.length,
      mappings: [],
    };
  }
}

/** The counts of a report, for the audit trail. */
function counts(report: CmdbExportReport) {
  return {
    dryRun: report.dryRun,
    creates: report.creates.length,
    updates: report.updates.length,
    conflicts: report.conflicts.length,
    overwritten: report.overwritten.length,
    unmatched: report.unmatched.length,
    unchanged: report.unchanged,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
