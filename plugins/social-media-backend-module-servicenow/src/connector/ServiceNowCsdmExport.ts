import {
  normalizeEntityRef,
  toCsdmLifecycle,
} from '@internal/plugin-social-media-common';
import {
  ItsmCmdbExport,
  ItsmExportChange,
  ItsmExportFieldChange,
  ItsmExportOutcome,
  ItsmExportPlan,
  ItsmExportService,
  ItsmExportState,
  ItsmExportUnmatched,
} from '@internal/plugin-social-media-node';
import {
  escapeQueryValue,
  isSysId,
  MAX_REQUEST_URL_LENGTH,
  requestUrlLength,
} from './query';
import { ServiceNowClient } from './ServiceNowClient';

/**
 * Where and how services are exported to the CMDB under CSDM
 * (`socialMedia.itsm.servicenow.csdm`).
 *
 * @public
 */
export interface ServiceNowCsdmOptions {
  /** sys_id of the business service (`cmdb_ci_service_business`) the offerings are placed under. */
  parentBusinessService: string;
  /**
   * Catalog users and the ServiceNow user each is (a `user_name` or a sys_id). Users not listed
   * are looked up by the name of their User entity as `user_name`.
   */
  users?: Array<{ entityRef: string; servicenow: string }>;
  /**
   * Catalog groups and the ServiceNow group each is (a group name or a sys_id). Groups not listed
   * are looked up by the name of their Group entity.
   */
  groups?: Array<{ entityRef: string; servicenow: string }>;
}

const OFFERING_TABLE = 'service_offering';
const OFFERING_PATH = `/api/now/table/${OFFERING_TABLE}`;
/** The fields an export writes, in the order a plan lists them. */
const WRITTEN_FIELDS = [
  'name',
  'short_description',
  'service_classification',
  'parent',
  'life_cycle_stage',
  'life_cycle_stage_status',
  'owned_by',
  'managed_by_group',
  'correlation_id',
] as const;
type WrittenField = (typeof WRITTEN_FIELDS)[number];
/** Reference fields hold sys_ids, compared without regard to case. */
const REFERENCE_FIELDS = new Set<string>([
  'parent',
  'owned_by',
  'managed_by_group',
]);
const READ_FIELDS = [
  'sys_id',
  ...WRITTEN_FIELDS,
  'sys_mod_count',
  'sys_updated_on',
].join(',');
const VERSION_FIELDS = 'sys_id,sys_mod_count,sys_updated_on';
/** Records asked for per request; a chunk of values never brings more. */
const READ_LIMIT = 10_000;
/** Values per query at most, whatever the URL length allows. */
const MAX_VALUES_PER_QUERY = 500;

type Raw = Record<string, unknown>;

function text(raw: Raw, field: string): string {
  const value = raw[field];
  if (typeof value === 'string') return value;
  // A reference field read without sysparm_exclude_reference_link: `{ value, link }`.
  if (value && typeof value === 'object') {
    const inner = (value as { value?: unknown }).value;
    if (typeof inner === 'string') return inner;
  }
  return '';
}

/** The version of an offering: its change count and last change time, as ServiceNow stamps them. */
function versionOf(raw: Raw): string {
  return `${text(raw, 'sys_mod_count')}@${text(raw, 'sys_updated_on')}`;
}

/** `user:default/social-media-manager` → `social-media-manager`. */
function entityName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/**
 * Exports catalogue services to ServiceNow's CMDB as CSDM business service offerings: one
 * `service_offering` per service (`service_classification` Business Service) under the configured
 * business service, found again by `correlation_id` = the service id. Reads go through the Table
 * API with short answers (`sysparm_fields`, internal values) and URLs of bounded length.
 */
export class ServiceNowCsdmExport implements ItsmCmdbExport {
  readonly #client: ServiceNowClient;
  readonly #options: ServiceNowCsdmOptions;

  constructor(client: ServiceNowClient, options: ServiceNowCsdmOptions) {
    this.#client = client;
    this.#options = options;
  }

  async planExport(options: {
    services: ItsmExportService[];
    states: ItsmExportState[];
    signal?: AbortSignal;
  }): Promise<ItsmExportPlan> {
    const { services, signal } = options;
    const states = new Map(options.states.map(s => [s.serviceId, s]));
    const existing = await this.#readOfferings(
      services.map(s => s.serviceId),
      signal,
    );
    const unmatched: ItsmExportUnmatched[] = [];
    const users = await this.#resolve('user', services, signal);
    const groups = await this.#resolve('group', services, signal);

    const plan: ItsmExportPlan = {
      creates: [],
      updates: [],
      conflicts: [],
      unchanged: [],
      unmatched,
    };
    const parent = this.#options.parentBusinessService.toLowerCase();
    for (const service of services) {
      const csdm = toCsdmLifecycle(service.lifecycleStage);
      const wanted: Partial<Record<WrittenField, string>> = {
        name: service.name,
        short_description: service.purpose,
        service_classification: 'Business Service',
        parent,
        life_cycle_stage: csdm.stage,
        life_cycle_stage_status: csdm.status,
        correlation_id: service.serviceId,
      };
      // The owner and the owning group, each matched to an active record of the instance; a
      // ref without a match is reported and its field left as it is.
      const match = (
        kind: 'user' | 'group',
        value: string | undefined,
        found: Map<string, string>,
        field: 'serviceOwner' | 'ownerGroup',
        column: 'owned_by' | 'managed_by_group',
      ) => {
        const ref = value ? normalizeEntityRef(value, kind) : undefined;
        if (!ref) return;
        const sysId = found.get(ref);
        if (sysId) {
          wanted[column] = sysId;
          return;
        }
        unmatched.push({
          serviceId: service.serviceId,
          field,
          ref,
          message: `No active ServiceNow ${kind} for ${ref} (${this.#lookupOf(
            kind,
            ref,
          )}); ${column} is left as it is`,
        });
      };
      match('user', service.serviceOwner, users, 'serviceOwner', 'owned_by');
      match(
        'group',
        service.ownerGroup,
        groups,
        'ownerGroup',
        'managed_by_group',
      );

      const records = existing.get(service.serviceId) ?? [];
      const state = states.get(service.serviceId);
      const base = { serviceId: service.serviceId, name: service.name };
      if (records.length > 1) {
        plan.conflicts.push({
          ...base,
          fields: [],
          reason: `${records.length} service offerings carry correlation_id ${
            service.serviceId
          } (${records
            .map(r => text(r, 'sys_id'))
            .join(', ')}); remove the extra ones in ServiceNow`,
          ...(state ? { storedVersion: state.version } : {}),
        });
        continue;
      }
      const [record] = records;
      if (!record) {
        const fields = WRITTEN_FIELDS.flatMap(field =>
          wanted[field] !== undefined ? [{ field, to: wanted[field]! }] : [],
        );
        if (state) {
          plan.conflicts.push({
            ...base,
            fields,
            reason: `The service offering exported last time (sys_id ${state.externalId}) is no longer found by its correlation_id: deleted in ServiceNow, or its correlation_id changed`,
            storedVersion: state.version,
          });
        } else {
          plan.creates.push({ ...base, fields });
        }
        continue;
      }
      const sysId = text(record, 'sys_id').toLowerCase();
      const version = versionOf(record);
      const fields: ItsmExportFieldChange[] = [];
      for (const field of WRITTEN_FIELDS) {
        const to = wanted[field];
        if (to === undefined) continue;
        const from = text(record, field);
        const same = REFERENCE_FIELDS.has(field)
          ? from.toLowerCase() === to.toLowerCase()
          : from === to;
        if (!same) fields.push({ field, ...(from ? { from } : {}), to });
      }
      const change: ItsmExportChange = {
        ...base,
        externalId: sysId,
        version,
        fields,
      };
      if (fields.length === 0) {
        plan.unchanged.push({
          serviceId: service.serviceId,
          externalId: sysId,
          version,
        });
      } else if (
        state &&
        (state.externalId !== sysId || state.version !== version)
      ) {
        plan.conflicts.push({
          ...change,
          reason:
            state.externalId === sysId
              ? `Changed in ServiceNow since the last export (version ${state.version}, now ${version})`
              : `correlation_id ${service.serviceId} now names another service offering (sys_id ${sysId}) than the one exported last time (sys_id ${state.externalId})`,
          storedVersion: state.version,
        });
      } else {
        plan.updates.push(change);
      }
    }
    return plan;
  }

  async applyExport(options: {
    plan: ItsmExportPlan;
    overwrite?: string[];
    signal?: AbortSignal;
  }): Promise<ItsmExportOutcome> {
    const { plan, signal } = options;
    const overwrite = new Set(options.overwrite ?? []);
    const outcome: ItsmExportOutcome = { created: [], updated: [] };
    const writes: ItsmExportChange[] = [
      ...plan.creates,
      ...plan.updates,
      ...plan.conflicts.filter(
        c => overwrite.has(c.serviceId) && c.fields.length > 0,
      ),
    ];
    for (const change of writes) {
      signal?.throwIfAborted();
      const body = Object.fromEntries(change.fields.map(f => [f.field, f.to]));
      try {
        const response = await this.#client.request({
          method: change.externalId ? 'PATCH' : 'POST',
          path: change.externalId
            ? `${OFFERING_PATH}/${change.externalId}`
            : OFFERING_PATH,
          query: {
            sysparm_fields: VERSION_FIELDS,
            sysparm_display_value: 'false',
            sysparm_exclude_reference_link: 'true',
          },
          body,
          access: change.externalId ? 'write' : 'create',
          table: OFFERING_TABLE,
          signal,
        });
        const result = (response.body as { result?: unknown } | undefined)
          ?.result as Raw | undefined;
        const sysId = result ? text(result, 'sys_id').toLowerCase() : '';
        if (!isSysId(sysId)) {
          throw this.#client.error(
            `ServiceNow answered the ${
              change.externalId ? 'change' : 'creation'
            } of the service offering for ${
              change.serviceId
            } without its sys_id`,
            { kind: 'malformed', status: response.status },
          );
        }
        const state = {
          serviceId: change.serviceId,
          externalId: sysId,
          version: versionOf(result!),
        };
        (change.externalId ? outcome.updated : outcome.created).push(state);
      } catch (error) {
        if (signal?.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        outcome.failure = {
          serviceId: change.serviceId,
          message: this.#client.redact(message),
        };
        break;
      }
    }
    return outcome;
  }

  /** How a person or group is looked up, for a message. */
  #lookupOf(kind: 'user' | 'group', ref: string): string {
    const configured = this.#configured(kind).get(ref);
    if (configured) return `configured as '${configured}'`;
    return kind === 'user'
      ? `looked up by user_name '${entityName(ref)}'`
      : `looked up by name '${entityName(ref)}'`;
  }

  #configured(kind: 'user' | 'group'): Map<string, string> {
    const list =
      (kind === 'user' ? this.#options.users : this.#options.groups) ?? [];
    return new Map(
      list.flatMap(({ entityRef, servicenow }) => {
        const ref = normalizeEntityRef(entityRef, kind);
        return ref ? [[ref, servicenow.trim()] as const] : [];
      }),
    );
  }

  /**
   * The sys_id of each person (or group) the services name, by entity ref: a configured sys_id as
   * it is, otherwise the active `sys_user` by `user_name` (`sys_user_group` by `name`), the
   * configured one or the entity's name. Those not found are absent.
   */
  async #resolve(
    kind: 'user' | 'group',
    services: ItsmExportService[],
    signal: AbortSignal | undefined,
  ): Promise<Map<string, string>> {
    const refs = new Set<string>();
    for (const service of services) {
      const ref =
        kind === 'user'
          ? service.serviceOwner &&
            normalizeEntityRef(service.serviceOwner, 'user')
          : normalizeEntityRef(service.ownerGroup, 'group');
      if (ref) refs.add(ref);
    }
    const configured = this.#configured(kind);
    const resolved = new Map<string, string>();
    const byKey = new Map<string, string[]>();
    for (const ref of refs) {
      const key = configured.get(ref) ?? entityName(ref);
      if (isSysId(key)) {
        resolved.set(ref, key.toLowerCase());
        continue;
      }
      const lower = key.toLowerCase();
      byKey.set(lower, [...(byKey.get(lower) ?? []), ref]);
    }
    if (byKey.size === 0) return resolved;
    const table = kind === 'user' ? 'sys_user' : 'sys_user_group';
    const field = kind === 'user' ? 'user_name' : 'name';
    const found = await this.#readWhere({
      table,
      values: [...byKey.keys()],
      condition: values =>
        `${values
          .map(v => `${field}=${escapeQueryValue(v)}`)
          .join('^OR')}^active=true`,
      fields: `sys_id,${field}`,
      signal,
    });
    for (const record of found) {
      const sysId = text(record, 'sys_id').toLowerCase();
      const key = text(record, field).toLowerCase();
      if (!isSysId(sysId)) continue;
      for (const ref of byKey.get(key) ?? []) {
        // Two active records of one name: the first in sys_id order, the same every run.
        const seen = resolved.get(ref);
        if (!seen || sysId < seen) resolved.set(ref, sysId);
      }
    }
    return resolved;
  }

  /** The offerings that carry each service id as their correlation_id. */
  async #readOfferings(
    serviceIds: string[],
    signal: AbortSignal | undefined,
  ): Promise<Map<string, Raw[]>> {
    const records = await this.#readWhere({
      table: OFFERING_TABLE,
      values: serviceIds,
      condition: values => `correlation_idIN${values.join(',')}^ORDERBYsys_id`,
      fields: READ_FIELDS,
      signal,
    });
    const wanted = new Set(serviceIds);
    const byService = new Map<string, Raw[]>();
    for (const record of records) {
      const id = text(record, 'correlation_id');
      if (!wanted.has(id)) continue;
      byService.set(id, [...(byService.get(id) ?? []), record]);
    }
    return byService;
  }

  /**
   * Reads the records of `table` matching `values`, as few at a time as keeps each request URL
   * within `MAX_REQUEST_URL_LENGTH`.
   */
  async #readWhere(options: {
    table: string;
    values: string[];
    condition: (values: string[]) => string;
    fields: string;
    signal: AbortSignal | undefined;
  }): Promise<Raw[]> {
    const { table, fields, signal } = options;
    const path = `/api/now/table/${table}`;
    const queryOf = (values: string[]) => ({
      sysparm_query: options.condition(values),
      sysparm_fields: fields,
      sysparm_limit: String(READ_LIMIT),
      sysparm_display_value: 'false',
      sysparm_exclude_reference_link: 'true',
      sysparm_suppress_pagination_header: 'true',
    });
    const chunks: string[][] = [];
    let chunk: string[] = [];
    for (const value of options.values) {
      const next = [...chunk, value];
      if (
        chunk.length > 0 &&
        (next.length > MAX_VALUES_PER_QUERY ||
          requestUrlLength(this.#client.instanceUrl, path, queryOf(next)) >
            MAX_REQUEST_URL_LENGTH)
      ) {
        chunks.push(chunk);
        chunk = [value];
      } else {
        chunk = next;
      }
    }
    if (chunk.length > 0) chunks.push(chunk);

    const records: Raw[] = [];
    for (const values of chunks) {
      const response = await this.#client.request({
        method: 'GET',
        path,
        query: queryOf(values),
        access: 'read',
        table,
        signal,
      });
      const result = (response.body as { result?: unknown } | null)?.result;
      if (
        !Array.isArray(result) ||
        result.some(r => typeof r !== 'object' || r === null)
      ) {
        throw this.#client.error(
          `ServiceNow's answer from the ${table} table has no 'result' array of records`,
          { kind: 'malformed', status: response.status },
        );
      }
      if (result.length >= READ_LIMIT) {
        throw this.#client.error(
          `ServiceNow returned ${READ_LIMIT} or more ${table} records for ${values.length} values; nothing was exported`,
          { kind: 'malformed', status: response.status },
        );
      }
      records.push(...(result as Raw[]));
    }
    return records;
  }
}
