import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ItsmCmdbExport,
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
  firstGroupIndex,
  glideDateTimeToIso,
  GroupPosition,
  groupMappings,
  INCIDENT_FIELDS,
  isGlideDateTime,
  MAX_REQUEST_URL_LENGTH,
  isSysId,
  ReferenceGroup,
  requestUrlLength,
  rewindSyncKey,
  ServiceNowMappingField,
  SyncKey,
} from './query';
import { ServiceNowClient, ServiceNowClientOptions } from './ServiceNowClient';
import {
  ServiceNowCsdmExport,
  ServiceNowCsdmOptions,
} from './ServiceNowCsdmExport';

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
  /**
   * Whether the next groups of references are read while the sync stores the current one.
   * Defaults to true; false reads one request at a time.
   */
  readAhead?: boolean;
  /**
   * With `readAhead`, the list requests in flight at most: the current group's and one for each
   * group read ahead, 2 to {@link MAX_SERVICENOW_REQUESTS_IN_FLIGHT}. Defaults to
   * {@link DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT}.
   */
  requestsInFlight?: number;
  /**
   * Where services are exported to the CMDB under CSDM; without it the connector cannot export
   * (`cmdbExport` is absent).
   */
  csdm?: ServiceNowCsdmOptions;
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

/**
 * List requests in flight at most, by default: an instance serves an integration's requests on
 * a few threads per node (its `API_INT` semaphore), and an incremental run asks each group of
 * references once, mostly for an empty page, so that its time is the requests' round trips.
 *
 * @public
 */
export const DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT = 4;

/** @public */
export const MAX_SERVICENOW_REQUESTS_IN_FLIGHT = 8;

/**
 * Pages of the groups read ahead and not yet asked for, at most, per group read ahead (and never
 * fewer than four). A sync that stops leaves at most these behind; they are dropped when the next
 * run starts.
 */
const PAGES_READ_AHEAD_PER_GROUP = 2;

/** A page read ahead is used by the run that read it, and by none after this long. */
const READ_AHEAD_KEPT_MS = 60_000;

/** The newest version of each record of one group's page that lies after the position asked. */
interface GroupPage {
  fresh: Array<{ key: SyncKey; raw: RawIncident }>;
  done: boolean;
}

/** A group's page asked for before the sync reached it. */
interface PageAhead {
  page: Promise<GroupPage>;
  signal: AbortSignal | undefined;
  at: number;
}

/** Names a group's page by the group and the position it continues from. */
function pageName(group: ReferenceGroup, after: SyncKey | undefined) {
  return after ? `${group.key} ${after.updatedOn} ${after.sysId}` : group.key;
}

/** When a full page brings nothing new (a stale or repeated page), ask again this often. */
const MAX_STALE_PAGES = 3;

const INCIDENT_PATH = '/api/now/table/incident';

/**
 * The ServiceNow ITSM connector: reads incidents of the mapped business services (or CIs)
 * through the Table API and raises new ones.
 *
 * The mapped references are split into groups whose request URL stays within
 * `MAX_REQUEST_URL_LENGTH` (6,000 characters), read one after the other. Each group's incidents are read in
 * `(sys_updated_on, sys_id)` order with keyset paging: each page asks for the records after the
 * last one returned from that group, so a resumed sync neither repeats nor skips records, even
 * when records change between pages. The cursor holds a position per group.
 *
 * While one group is read, the next ones are read ahead (`readAhead`, `requestsInFlight`): their
 * pages wait in memory until the sync asks for them at the same position, so that the instance
 * answers requests while the sync stores the page before, and a run whose groups bring little
 * (an incremental one) waits for several round trips at once rather than one after the other.
 * A page read ahead is what the same request would have returned a moment later; what changed
 * meanwhile lies after it in the sync order and is read in its turn.
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
  /** Groups read ahead of the current one: 0 reads one request at a time. */
  readonly #groupsAhead: number;
  readonly #maxPagesAhead: number;
  readonly #pagesAhead = new Map<string, PageAhead>();
  readonly #logger?: LoggerService;
  /** Business service offerings under CSDM, when `csdm` is configured. */
  readonly cmdbExport?: ItsmCmdbExport;
  constructor(options: ServiceNowConnectorOptions) {
    this.#client = new ServiceNowClient(options);
    if (options.csdm) {
      this.cmdbExport = new ServiceNowCsdmExport(this.#client, options.csdm);
    }
    this.#field = options.mappingField ?? 'business_service';
    this.#pageSize = options.pageSize ?? 100;
    this.#overlapMs = options.overlapMs ?? DEFAULT_SERVICENOW_OVERLAP_MS;
    const inFlight =
      options.readAhead === false
        ? 1
        : Math.min(
            MAX_SERVICENOW_REQUESTS_IN_FLIGHT,
            Math.max(
              2,
              Math.floor(
                options.requestsInFlight ??
                  DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT,
              ),
            ),
          );
    this.#groupsAhead = inFlight - 1;
    this.#maxPagesAhead = Math.max(
      4,
      this.#groupsAhead * PAGES_READ_AHEAD_PER_GROUP,
    );
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
    const { groups, firstGroupOf } = this.#groupsFor(options.mappings);
    const positions = decodeCursor(options.cursor, groups);
    if (groups.length === 0) {
      return {
        incidents: [],
        nextCursor: options.cursor || encodeCursor(groups, positions),
        done: true,
      };
    }
    const all = [...positions.values()];
    // Pages read ahead by a run before are not this run's.
    if (options.runStart) this.#pagesAhead.clear();
    // A run starts a new pass over the groups, each from the overlap before its position: what
    // was stamped in the position's second after it was read, or committed late with an earlier
    // stamp, is read now. The store drops what it already has. A cursor that has every group
    // read (not one this connector returns) starts a new pass too.
    if (options.runStart || all.every(p => p.read)) {
      for (const position of all) {
        position.read = false;
        if (options.runStart) {
          position.overlap = !!position.key && this.#overlapMs > 0;
        }
      }
    }

    const startAt = (position: GroupPosition) =>
      position.overlap && position.key
        ? rewindSyncKey(position.key, this.#overlapMs)
        : position.key;
    for (;;) {
      const index = groups.findIndex(g => !positions.get(g.key)!.read);
      const group = groups[index];
      const position = positions.get(group.key)!;
      const after = startAt(position);
      const page = this.#takeGroupPage(group, after, options.signal);
      // The next unread groups, each from its own position, while this one is taken.
      let readAhead = 0;
      for (
        let i = index + 1;
        i < groups.length && readAhead < this.#groupsAhead;
        i++
      ) {
        const nextPosition = positions.get(groups[i].key)!;
        if (nextPosition.read) continue;
        readAhead += 1;
        this.#readGroupAhead(groups[i], startAt(nextPosition), options.signal);
      }
      const { fresh, done } = await page;
      // A rewound position is never a cursor: with nothing new, the group stays where it was.
      position.overlap = false;
      if (fresh.length > 0) position.key = fresh[fresh.length - 1].key;
      if (done) position.read = true;
      const incidents: ItsmIncident[] = [];
      for (const { raw } of fresh) {
        // A record several groups match comes from the first of them only, read in this pass
        // before or after this one: a full sync lists it once.
        const first = firstGroupOf({
          sysId: valueOf(raw[this.#field]).toLowerCase(),
          name: valueOf(raw[`${this.#field}.name`]),
        });
        if (first !== undefined && first !== index) continue;
        const serviceIds = this.#serviceIdsOf(raw, options.mappings);
        if (serviceIds.length === 0) {
          this.#logger?.warn(
            `ServiceNow incident ${valueOf(
              raw.number,
            )} matched the query but no mapping; skipped`,
          );
          continue;
        }
        // One copy per service mapped to the record, all in this page.
        const incident = this.#toIncident(raw, serviceIds[0]);
        for (const serviceId of serviceIds) {
          incidents.push({ ...incident, serviceId });
        }
      }
      const passDone = all.every(p => p.read);
      // A group with nothing new: the next one, in the same call.
      if (incidents.length === 0 && done && !passDone) continue;
      if (passDone) {
        for (const p of all) p.read = false;
      }
      return {
        incidents,
        nextCursor: encodeCursor(groups, positions),
        done: passDone,
      };
    }
  }

  /** A group's page at a position: the one read ahead for this run, if any, else read now. */
  #takeGroupPage(
    group: ReferenceGroup,
    after: SyncKey | undefined,
    signal: AbortSignal | undefined,
  ): Promise<GroupPage> {
    const name = pageName(group, after);
    const ahead = this.#pagesAhead.get(name);
    this.#pagesAhead.delete(name);
    if (
      ahead &&
      ahead.signal === signal &&
      Date.now() - ahead.at < READ_AHEAD_KEPT_MS
    ) {
      return ahead.page;
    }
    return this.#readGroup(group, after, signal);
  }

  /**
   * Reads a group's pages from a position on, ahead of the sync, each after the one before, while
   * fewer pages than the connector holds at most wait. A failure is left for the sync to meet
   * when it asks for that page.
   */
  #readGroupAhead(
    group: ReferenceGroup,
    after: SyncKey | undefined,
    signal: AbortSignal | undefined,
  ): void {
    const name = pageName(group, after);
    if (
      this.#pagesAhead.has(name) ||
      this.#pagesAhead.size >= this.#maxPagesAhead ||
      signal?.aborted
    ) {
      return;
    }
    const page = this.#readGroup(group, after, signal);
    this.#pagesAhead.set(name, { page, signal, at: Date.now() });
    page.then(
      ({ fresh, done }) => {
        if (!done && fresh.length > 0) {
          this.#readGroupAhead(group, fresh[fresh.length - 1].key, signal);
        }
      },
      () => undefined,
    );
  }

  /**
   * Reads the next page of one group's incidents after `after`: the newest version of each
   * record that lies after it, in sync order, and whether the group has nothing more.
   */
  async #readGroup(
    group: ReferenceGroup,
    after: SyncKey | undefined,
    signal: AbortSignal | undefined,
  ): Promise<GroupPage> {
    const query = this.#listQuery(
      buildIncidentQuery({ conditions: group.conditions, after }),
    );
    for (let stale = 0; ; stale++) {
      const response = await this.#client.request({
        method: 'GET',
        path: INCIDENT_PATH,
        query,
        access: 'read',
        table: 'incident',
        signal,
      });
      const records = this.#resultArray(response.body);
      const total = Number(response.headers.get('x-total-count') ?? NaN);
      const done =
        records.length === 0 ||
        (Number.isFinite(total)
          ? total <= records.length
          : records.length < this.#pageSize);

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
      return { fresh, done };
    }
  }

  /** The query parameters of an incident list request. */
  #listQuery(sysparmQuery: string): Record<string, string> {
    return {
      sysparm_query: sysparmQuery,
      sysparm_fields: this.#fields,
      sysparm_limit: String(this.#pageSize),
      sysparm_display_value: 'all',
      sysparm_exclude_reference_link: 'true',
      // Without it, the instance repeats the query in a Link header (first, previous, next and
      // last page) and refuses a query too long for that; the connector pages by key instead.
      sysparm_suppress_pagination_header: 'true',
    };
  }

  #groups = new WeakMap<
    ItsmServiceMapping[],
    {
      groups: ReferenceGroup[];
      firstGroupOf: ReturnType<typeof firstGroupIndex>;
    }
  >();

  /**
   * The groups of references read with one query each, built once per list of mappings: each
   * group's request URL stays within `MAX_REQUEST_URL_LENGTH` (6,000 characters).
   */
  #groupsFor(mappings: ItsmServiceMapping[]) {
    let groups = this.#groups.get(mappings);
    if (!groups) {
      const grouped = groupMappings({
        field: this.#field,
        mappings,
        urlLength: sysparmQuery =>
          requestUrlLength(
            this.#client.instanceUrl,
            INCIDENT_PATH,
            this.#listQuery(sysparmQuery),
          ),
      });
      for (const condition of grouped.tooLong) {
        this.#logger?.warn(
          `ServiceNow mapping '${condition.slice(
            0,
            80,
          )}…' is too long for any request URL ` +
            `(${MAX_REQUEST_URL_LENGTH} characters); its incidents are not read. ` +
            'Map the service by sys_id instead.',
        );
      }
      groups = {
        groups: grouped.groups,
        firstGroupOf: firstGroupIndex(this.#field, grouped.groups),
      };
      this.#groups.set(mappings, groups);
    }
    return groups;
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
    // One incident: linked to the first service mapped to its record.
    const serviceId = this.#serviceIdsOf(raw, options.mappings)[0] ?? '';
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

  /** Every service mapped to the incident's record, by sys_id or by name, each once. */
  #serviceIdsOf(raw: RawIncident, mappings: ItsmServiceMapping[]): string[] {
    const field = raw[this.#field];
    const sysId = valueOf(field).toLowerCase();
    // The dot-walked name is there whatever the display mode; the display value as a fallback.
    const name = (valueOf(raw[`${this.#field}.name`]) || displayOf(field))
      .trim()
      .toLowerCase();
    const lookup = this.#lookupFor(mappings);
    const bySysId = (sysId && lookup.bySysId.get(sysId)) || [];
    const byName = (name && lookup.byName.get(name)) || [];
    if (byName.length === 0) return bySysId;
    return [...new Set([...bySysId, ...byName])];
  }

  #lookups = new WeakMap<
    ItsmServiceMapping[],
    { bySysId: Map<string, string[]>; byName: Map<string, string[]> }
  >();

  /**
   * The services by mapped sys_id and by mapped name (without regard to case), built once per
   * list of mappings: a page of a thousand incidents against thousands of mappings must not scan
   * them for each incident. Several services may map to the same record: each is listed.
   */
  #lookupFor(mappings: ItsmServiceMapping[]) {
    let lookup = this.#lookups.get(mappings);
    if (!lookup) {
      const bySysId = new Map<string, Set<string>>();
      const byName = new Map<string, Set<string>>();
      for (const mapping of mappings) {
        const ref = mapping.itsmReference.trim();
        if (!ref) continue;
        const target = isSysId(ref) ? bySysId : byName;
        const services = target.get(ref.toLowerCase()) ?? new Set<string>();
        services.add(mapping.serviceId);
        target.set(ref.toLowerCase(), services);
      }
      const lists = (sets: Map<string, Set<string>>) =>
        new Map([...sets].map(([ref, services]) => [ref, [...services]]));
      lookup = { bySysId: lists(bySysId), byName: lists(byName) };
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
