import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ItsmConnector,
  ItsmIncident,
  ItsmIncidentPage,
  ItsmServiceMapping,
  NewItsmIncident,
} from '@internal/plugin-social-media-node';
import { serviceNowDescription } from './description';
import {
  buildIncidentQuery,
  compareSyncKeys,
  decodeCursor,
  encodeCursor,
  escapeQueryValue,
  glideDateTimeToIso,
  INCIDENT_FIELDS,
  isGlideDateTime,
  isSysId,
  rewindSyncKey,
  ServiceNowMappingField,
  SyncKey,
} from './query';
import { ServiceNowClient, ServiceNowClientOptions } from './ServiceNowClient';

/**
 * Options of {@link ServiceNowConnector}.
 *
 * @public
 */
export interface ServiceNowConnectorOptions extends ServiceNowClientOptions {
  /** The incident field mapped services are matched on. Defaults to `business_service`. */
  mappingField?: ServiceNowMappingField;
  /** Incidents per page (`sysparm_limit`). Defaults to 100. */
  pageSize?: number;
  /**
   * How far before its cursor each incremental run reads again, in the instance's own
   * timestamps. Defaults to {@link DEFAULT_SERVICENOW_OVERLAP_MS}.
   */
  overlapMs?: number;
  logger?: LoggerService;
}

/**
 * Five minutes: `sys_updated_on` is stamped to the second, updates come in bursts within one
 * second, and a transaction can commit after a later one with an earlier stamp. Whatever lands
 * in the five minutes before the cursor after it was read arrives at the next run.
 *
 * @public
 */
export const DEFAULT_SERVICENOW_OVERLAP_MS = 5 * 60 * 1000;

/** A field as the Table API returns it: a plain string, or `{ value, display_value }`. */
type RawField =
  | string
  | null
  | undefined
  | { value?: unknown; display_value?: unknown };
type RawIncident = Record<string, RawField>;

function valueOf(field: RawField): string {
  if (field === null || field === undefined) return '';
  if (typeof field === 'string') return field;
  return typeof field.value === 'string' ? field.value : '';
}

function displayOf(field: RawField): string {
  if (field && typeof field === 'object') {
    if (typeof field.display_value === 'string') return field.display_value;
  }
  return valueOf(field);
}

/** When a full page brings nothing new (a stale or repeated page), ask again this often. */
const MAX_STALE_PAGES = 3;

/**
 * The ServiceNow ITSM connector: reads incidents of the mapped business services (or CIs)
 * through the Table API and raises new ones.
 *
 * Incidents are read in `(sys_updated_on, sys_id)` order with keyset paging: each page asks for
 * the records after the last one returned, so a resumed sync neither repeats nor skips records,
 * even when records change between pages.
 *
 * @public
 */
export class ServiceNowConnector implements ItsmConnector {
  readonly id = 'servicenow';
  readonly description = serviceNowDescription;
  readonly #client: ServiceNowClient;
  readonly #field: ServiceNowMappingField;
  readonly #pageSize: number;
  readonly #overlapMs: number;
  readonly #logger?: LoggerService;
  constructor(options: ServiceNowConnectorOptions) {
    this.#client = new ServiceNowClient(options);
    this.#field = options.mappingField ?? 'business_service';
    this.#pageSize = options.pageSize ?? 100;
    this.#overlapMs = options.overlapMs ?? DEFAULT_SERVICENOW_OVERLAP_MS;
    this.#logger = options.logger;
  }

  /** The fields to ask for: the incident's, plus the name of the mapped record. */
  get #fields(): string {
    return [...INCIDENT_FIELDS, `${this.#field}.name`].join(',');
  }

  get instanceUrl(): string {
    return this.#client.instanceUrl;
  }

  async listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
    signal?: AbortSignal;
    runStart?: boolean;
  }): Promise<ItsmIncidentPage> {
    const cursor = decodeCursor(options.cursor);
    const mappings = options.mappings.filter(m => m.itsmReference.trim());
    if (mappings.length === 0) {
      return { incidents: [], nextCursor: encodeCursor(cursor), done: true };
    }
    // A run starts the overlap before its cursor: what was stamped in the cursor's second after
    // it was read, or committed late with an earlier stamp, is read now. The store drops what
    // it already has.
    const after =
      options.runStart && cursor && this.#overlapMs > 0
        ? rewindSyncKey(cursor, this.#overlapMs)
        : cursor;
    const query = {
      sysparm_query: buildIncidentQuery({
        field: this.#field,
        mappings,
        after,
      }),
      sysparm_fields: this.#fields,
      sysparm_limit: String(this.#pageSize),
      sysparm_display_value: 'all',
      sysparm_exclude_reference_link: 'true',
    };

    for (let stale = 0; ; stale++) {
      const response = await this.#client.request({
        method: 'GET',
        path: '/api/now/table/incident',
        query,
        access: 'read',
        table: 'incident',
        signal: options.signal,
      });
      const records = this.#resultArray(response.body);
      const total = Number(response.headers.get('x-total-count') ?? NaN);
      const done =
        records.length === 0 ||
        (Number.isFinite(total)
          ? total <= records.length
          : records.length < this.#pageSize);

      // Keep the newest version of each record that lies after the cursor, in sync order.
      const newest = new Map<string, { key: SyncKey; raw: RawIncident }>();
      for (const raw of records) {
        const key = this.#syncKey(raw);
        if (after && compareSyncKeys(key, after) <= 0) continue;
        const seen = newest.get(key.sysId);
        if (!seen || compareSyncKeys(key, seen.key) > 0) {
          newest.set(key.sysId, { key, raw });
        }
      }
      const fresh = [...newest.values()].sort((a, b) =>
        compareSyncKeys(a.key, b.key),
      );

      if (fresh.length === 0 && !done) {
        // Everything on a full page was at or before the cursor: the server sent a stale page.
        if (stale + 1 >= MAX_STALE_PAGES) {
          throw this.#client.error(
            `ServiceNow returned ${MAX_STALE_PAGES} pages in a row with no incident after the cursor; ` +
              'stopping so as not to loop. Try the sync again later.',
            { kind: 'malformed' },
          );
        }
        continue;
      }

      const incidents: ItsmIncident[] = [];
      for (const { raw } of fresh) {
        const serviceId = this.#serviceIdOf(raw, mappings);
        if (serviceId === undefined) {
          this.#logger?.warn(
            `ServiceNow incident ${valueOf(
              raw.number,
            )} matched the query but no mapping; skipped`,
          );
          continue;
        }
        incidents.push(this.#toIncident(raw, serviceId));
      }
      // A rewound position is never a cursor: with nothing new, the run stays where it was.
      const last = fresh.length ? fresh[fresh.length - 1].key : cursor;
      return { incidents, nextCursor: encodeCursor(last), done };
    }
  }

  async getIncident(
    externalId: string,
    options: { mappings: ItsmServiceMapping[]; signal?: AbortSignal },
  ): Promise<ItsmIncident | undefined> {
    if (!isSysId(externalId)) return undefined;
    const response = await this.#client.request({
      method: 'GET',
      path: `/api/now/table/incident/${externalId.toLowerCase()}`,
      query: {
        sysparm_fields: this.#fields,
        sysparm_display_value: 'all',
        sysparm_exclude_reference_link: 'true',
      },
      access: 'read',
      table: 'incident',
      signal: options?.signal,
      passStatuses: [404],
    });
    if (response.status === 404) return undefined;
    const raw = this.#resultObject(response.body);
    this.#syncKey(raw);
    const serviceId = this.#serviceIdOf(raw, options.mappings) ?? '';
    return this.#toIncident(raw, serviceId);
  }

  async createIncident(incident: NewItsmIncident): Promise<ItsmIncident> {
    const reference = await this.#resolveReference(
      incident.mapping.itsmReference,
    );
    const description = [
      incident.description,
      '',
      `Reported by ${incident.reportedBy} through the social media service catalogue ` +
        `(service ${incident.mapping.serviceId}).`,
    ].join('\n');
    const response = await this.#client.request({
      method: 'POST',
      path: '/api/now/table/incident',
      query: {
        sysparm_fields: this.#fields,
        sysparm_display_value: 'all',
        sysparm_exclude_reference_link: 'true',
      },
      body: {
        short_description: incident.title,
        description,
        ...(incident.category ? { category: incident.category } : {}),
        [this.#field]: reference,
      },
      access: 'create',
      table: 'incident',
    });
    const raw = this.#resultObject(response.body);
    this.#syncKey(raw);
    if (!valueOf(raw.number)) {
      throw this.#client.error(
        'ServiceNow created the incident but did not return its number',
        { kind: 'malformed' },
      );
    }
    return this.#toIncident(raw, incident.mapping.serviceId);
  }

  /** A mapping reference as a sys_id: names are looked up in the mapped table. */
  async #resolveReference(reference: string): Promise<string> {
    const ref = reference.trim();
    if (isSysId(ref)) return ref.toLowerCase();
    const table =
      this.#field === 'business_service' ? 'cmdb_ci_service' : 'cmdb_ci';
    const response = await this.#client.request({
      method: 'GET',
      path: `/api/now/table/${table}`,
      query: {
        sysparm_query: `name=${escapeQueryValue(ref)}`,
        sysparm_fields: 'sys_id,name',
        sysparm_limit: '2',
      },
      access: 'read',
      table,
    });
    const found = this.#resultArray(response.body);
    const sysIds = found.map(r => valueOf(r.sys_id)).filter(isSysId);
    if (sysIds.length !== 1) {
      throw this.#client.error(
        sysIds.length === 0
          ? `ServiceNow has no ${table} record named '${ref}' to file the incident against`
          : `ServiceNow has several ${table} records named '${ref}'; map the service by sys_id instead`,
        { kind: 'rejected' },
      );
    }
    return sysIds[0];
  }

  #resultArray(body: unknown): RawIncident[] {
    const result = (body as { result?: unknown } | null)?.result;
    if (
      !Array.isArray(result) ||
      result.some(r => typeof r !== 'object' || r === null)
    ) {
      throw this.#client.error(
        "ServiceNow's answer has no 'result' array of records; the page was not accepted",
        { kind: 'malformed' },
      );
    }
    return result as RawIncident[];
  }

  #resultObject(body: unknown): RawIncident {
    const result = (body as { result?: unknown } | null)?.result;
    if (
      typeof result !== 'object' ||
      result === null ||
      Array.isArray(result)
    ) {
      throw this.#client.error("ServiceNow's answer has no 'result' record", {
        kind: 'malformed',
      });
    }
    return result as RawIncident;
  }

  /** The record's position in the sync order; a record without one spoils the whole page. */
  #syncKey(raw: RawIncident): SyncKey {
    const sysId = valueOf(raw.sys_id).toLowerCase();
    const updatedOn = valueOf(raw.sys_updated_on);
    if (!isSysId(sysId) || !isGlideDateTime(updatedOn)) {
      throw this.#client.error(
        `ServiceNow returned an incident without a valid sys_id and sys_updated_on ` +
          `(sys_id '${sysId.slice(0, 40)}', sys_updated_on '${updatedOn.slice(
            0,
            40,
          )}'); the page was not accepted`,
        { kind: 'malformed' },
      );
    }
    return { sysId, updatedOn };
  }

  #serviceIdOf(
    raw: RawIncident,
    mappings: ItsmServiceMapping[],
  ): string | undefined {
    const field = raw[this.#field];
    const sysId = valueOf(field).toLowerCase();
    // The dot-walked name is there whatever the display mode; the display value as a fallback.
    const name = (valueOf(raw[`${this.#field}.name`]) || displayOf(field))
      .trim()
      .toLowerCase();
    const lookup = this.#lookupFor(mappings);
    return lookup.bySysId.get(sysId) ?? lookup.byName.get(name);
  }

  #lookups = new WeakMap<
    ItsmServiceMapping[],
    { bySysId: Map<string, string>; byName: Map<string, string> }
  >();

  /**
   * The services by mapped sys_id and by mapped name, built once per list of mappings: a page
   * of a thousand incidents against thousands of mappings must not scan them for each incident.
   * The first mapping of a reference wins, as before.
   */
  #lookupFor(mappings: ItsmServiceMapping[]) {
    let lookup = this.#lookups.get(mappings);
    if (!lookup) {
      lookup = { bySysId: new Map(), byName: new Map() };
      for (const mapping of mappings) {
        const ref = mapping.itsmReference.trim();
        const target = isSysId(ref) ? lookup.bySysId : lookup.byName;
        if (!target.has(ref.toLowerCase())) {
          target.set(ref.toLowerCase(), mapping.serviceId);
        }
      }
      this.#lookups.set(mappings, lookup);
    }
    return lookup;
  }

  #toIncident(raw: RawIncident, serviceId: string): ItsmIncident {
    const { sysId, updatedOn } = this.#syncKey(raw);
    const date = (name: string) => {
      try {
        return glideDateTimeToIso(valueOf(raw[name]));
      } catch (error) {
        throw this.#client.error(
          `ServiceNow returned incident ${sysId} with a malformed ${name}: ${
            (error as Error).message
          }`,
          { kind: 'malformed' },
        );
      }
    };
    const category = displayOf(raw.category);
    const modCount = valueOf(raw.sys_mod_count);
    return {
      externalId: sysId,
      number: valueOf(raw.number),
      title: displayOf(raw.short_description),
      priority: displayOf(raw.priority),
      state: displayOf(raw.state),
      ...(category ? { category } : {}),
      openedAt: date('opened_at') ?? glideDateTimeToIso(updatedOn)!,
      ...(valueOf(raw.resolved_at) ? { resolvedAt: date('resolved_at') } : {}),
      updatedAt: glideDateTimeToIso(updatedOn)!,
      ...(/^\d{1,15}$/.test(modCount) ? { version: Number(modCount) } : {}),
      url: `${
        this.#client.instanceUrl
      }/nav_to.do?uri=incident.do?sys_id=${sysId}`,
      serviceId,
    };
  }
}
