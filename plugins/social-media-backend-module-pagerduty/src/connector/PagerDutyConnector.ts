import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ItsmConnector,
  ItsmIncident,
  ItsmIncidentPage,
  ItsmServiceMapping,
  NewItsmIncident,
} from '@internal/plugin-social-media-node';
import { pagerDutyDescription } from './description';
import { randomUUID } from 'node:crypto';
import { CONFIG_KEY, CONNECTOR_ID } from './constants';
import {
  isFullIncident,
  PagerDutyIncident,
  serviceOf,
  toItsmIncident,
} from './incident';
import {
  PagerDutyClient,
  PagerDutyClientOptions,
  pagerDutyErrorDetail,
} from './PagerDutyClient';
import {
  chunk,
  decodeCursor,
  deliveryPrint,
  encodeCursor,
  fingerprint,
  fromInstant,
  FullPhase,
  isPagerDutyId,
  LogPhase,
  serviceIdOfReference,
  SyncState,
  toInstant,
} from './query';

/**
 * Options of {@link PagerDutyConnector}. Apart from the ones read from configuration, they exist
 * mainly so that tests can use small numbers.
 *
 * @public
 */
export interface PagerDutyConnectorOptions extends PagerDutyClientOptions {
  /** Email of the PagerDuty user incidents are created as (`From` header); needed to create. */
  fromEmail?: string;
  /** Records per request (`limit`), 1 to 100. Defaults to 100. */
  pageSize?: number;
  logger?: LoggerService;
  /** Service ids per `GET /incidents` request (`service_ids[]`). Defaults to 25. */
  servicesPerRequest?: number;
  /**
   * How far before the previous pass's end the pass at the start of a run (`runStart`) reads the
   * log again; other passes read on from where the previous one ended. A pass's end is fixed by
   * the backend's clock, so the overlap also absorbs clock skew up to its length. Defaults to
   * {@link DEFAULT_PAGERDUTY_OVERLAP_MS}.
   */
  overlapMs?: number;
  /** Longest log window read at once; longer catch-ups are split. Defaults to one day. */
  maxLogWindowMs?: number;
  /** Creation-time window used once offset paging hits its cap. Defaults to 90 days. */
  incidentWindowMs?: number;
  /** PagerDuty's cap on `offset + limit`. Defaults to 10 000. */
  maxOffset?: number;
  /** The clock, in milliseconds. Defaults to `Date.now`. */
  now?: () => number;
}

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;

/**
 * Five minutes: log entries are stamped to the second, status changes come in bursts within one
 * second, and PagerDuty lists an entry a little after the time it carries. Whatever is listed in
 * the five minutes before the previous pass's end after that pass read them arrives at the next
 * run.
 *
 * @public
 */
export const DEFAULT_PAGERDUTY_OVERLAP_MS = 5 * 60 * SECOND;
/** When a page repeats the previous one (a stale or replayed page), ask again this often. */
const MAX_STALE_PAGES = 3;
/**
 * Incidents a pass remembers having delivered (in the cursor, so that a resumed pass remembers
 * them too): an incident named by several log entries of the pass comes once. Beyond this many,
 * the oldest are forgotten and may come again (harmless: the store drops what it holds).
 */
const MAX_REMEMBERED_INCIDENTS = 500;

interface ListPage<T> {
  records: T[];
  more: boolean;
}

/** PagerDuty service id -> the catalogue services mapped to it (at least one). */
type MappedServices = Map<string, string[]>;

interface LogEntry {
  id: string;
  created_at?: unknown;
  incident?: unknown;
  service?: { id?: unknown } | null;
}

/**
 * The PagerDuty ITSM connector: reads the incidents of the mapped PagerDuty services through the
 * REST API v2 and raises new ones.
 *
 * PagerDuty cannot list incidents by the time they last changed, so the first pass reads every
 * incident of the mapped services, and later passes read the incidents named by the account's
 * log entries (trigger, acknowledge, resolve) in fixed windows of time. See the README for why.
 *
 * @public
 */
export class PagerDutyConnector implements ItsmConnector {
  readonly id = CONNECTOR_ID;
  readonly description = pagerDutyDescription;
  readonly #client: PagerDutyClient;
  readonly #fromEmail?: string;
  readonly #pageSize: number;
  readonly #logger?: LoggerService;
  readonly #servicesPerRequest: number;
  readonly #overlapMs: number;
  readonly #maxLogWindowMs: number;
  readonly #incidentWindowMs: number;
  readonly #maxOffset: number;
  readonly #now: () => number;
  readonly #warned = new Set<string>();

  constructor(options: PagerDutyConnectorOptions) {
    this.#client = new PagerDutyClient(options);
    this.#fromEmail = options.fromEmail;
    this.#pageSize = options.pageSize ?? 100;
    this.#logger = options.logger;
    this.#servicesPerRequest = options.servicesPerRequest ?? 25;
    this.#overlapMs = options.overlapMs ?? DEFAULT_PAGERDUTY_OVERLAP_MS;
    this.#maxLogWindowMs = options.maxLogWindowMs ?? DAY;
    this.#incidentWindowMs = options.incidentWindowMs ?? 90 * DAY;
    this.#maxOffset = options.maxOffset ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get baseUrl(): string {
    return this.#client.baseUrl;
  }

  async listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
    signal?: AbortSignal;
    runStart?: boolean;
  }): Promise<ItsmIncidentPage> {
    const state = decodeCursor(options.cursor);
    const services = this.#mappedServices(options.mappings);
    const ids = [...services.keys()].sort();
    if (ids.length === 0) {
      return {
        incidents: [],
        nextCursor: options.cursor || encodeCursor(this.#newFullPhase(ids)),
        done: true,
      };
    }
    if (state?.phase === 'log') {
      return this.#logPage(state, services, options.signal, options.runStart);
    }
    const full =
      state && state.services === fingerprint(ids)
        ? state
        : this.#newFullPhase(ids);
    return this.#fullPage(full, ids, services, options.signal);
  }

  async getIncident(
    externalId: string,
    options: { mappings: ItsmServiceMapping[]; signal?: AbortSignal },
  ): Promise<ItsmIncident | undefined> {
    if (!isPagerDutyId(externalId)) return undefined;
    const raw = await this.#fetchIncident(externalId, options.signal);
    if (!raw) return undefined;
    const services = this.#mappedServices(options.mappings);
    // One incident: linked to the first service mapped to its PagerDuty service.
    return this.#convert(raw, services.get(serviceOf(raw) ?? '')?.[0] ?? '');
  }

  async createIncident(incident: NewItsmIncident): Promise<ItsmIncident> {
    const service = serviceIdOfReference(incident.mapping.itsmReference);
    if (!service) {
      throw this.#client.error(
        `The ITSM reference '${incident.mapping.itsmReference.slice(
          0,
          80,
        )}' of service ` +
          `${incident.mapping.serviceId} is not a PagerDuty service id (such as PXXXXXX)`,
        { kind: 'rejected' },
      );
    }
    if (!this.#fromEmail) {
      throw this.#client.error(
        `PagerDuty creates incidents only on behalf of a user: set ${CONFIG_KEY}.fromEmail ` +
          'to the email address of a PagerDuty user',
        { kind: 'rejected' },
      );
    }
    const details = [
      incident.description,
      '',
      ...(incident.category ? [`Category: ${incident.category}`] : []),
      `Reported by ${incident.reportedBy} through the social media service catalogue ` +
        `(service ${incident.mapping.serviceId}).`,
    ].join('\n');
    // A key of our own makes a retried request harmless: PagerDuty refuses a second open
    // incident with the same key on the service, and the first one is looked up instead.
    const incidentKey = `social-media-catalogue-${randomUUID()}`;
    const response = await this.#client.request({
      method: 'POST',
      path: '/incidents',
      headers: { From: this.#fromEmail },
      body: {
        incident: {
          type: 'incident',
          title: incident.title,
          service: { id: service, type: 'service_reference' },
          urgency: 'high',
          incident_key: incidentKey,
          body: { type: 'incident_body', details },
        },
      },
      access: 'create',
      passStatuses: [400],
      // The incident key makes a second attempt harmless (see above).
      repeatable: true,
    });
    let raw: unknown;
    if (response.status === 400) {
      raw = await this.#findByKey(incidentKey, service);
      if (!raw) {
        const detail = pagerDutyErrorDetail(response.body);
        throw this.#client.error(
          `PagerDuty rejected the new incident (HTTP 400 on POST /incidents${
            detail ? `: ${detail}` : ''
          }); check that ${service} (the ITSM reference of service ${
            incident.mapping.serviceId
          }) is a PagerDuty service and that ${CONFIG_KEY}.fromEmail is the email of a PagerDuty user`,
          { kind: 'rejected', status: 400 },
        );
      }
    } else {
      raw = (response.body as { incident?: unknown } | undefined)?.incident;
    }
    if (!isFullIncident(raw)) {
      throw this.#client.error(
        "PagerDuty created the incident but its answer has no 'incident' record",
        { kind: 'malformed', status: response.status },
      );
    }
    return this.#convert(raw, incident.mapping.serviceId);
  }

  // ---------------------------------------------------------------------------------------------
  // The first pass: every incident of the mapped services.

  #newFullPhase(ids: string[]): FullPhase {
    return {
      phase: 'full',
      start: toInstant(this.#now()),
      services: fingerprint(ids),
      chunk: 0,
      offset: 0,
    };
  }

  async #fullPage(
    state: FullPhase,
    ids: string[],
    services: MappedServices,
    signal: AbortSignal | undefined,
  ): Promise<ItsmIncidentPage> {
    const groups = chunk(ids, this.#servicesPerRequest);
    const group = groups[state.chunk];
    if (!group) {
      return {
        incidents: [],
        nextCursor: encodeCursor(handOver(state)),
        done: false,
      };
    }
    const query: Record<string, string | string[]> = {
      'service_ids[]': group,
      ...(state.window
        ? { since: state.window[0], until: state.window[1] }
        : { date_range: 'all' }),
      sort_by: 'created_at:asc,incident_number:asc',
      time_zone: 'UTC',
      limit: String(this.#pageSize),
      offset: String(state.offset),
    };
    const { records, more, print, step } =
      await this.#readPage<PagerDutyIncident>({
        path: '/incidents',
        field: 'incidents',
        query,
        state,
        signal,
        check: raw => isFullIncident(raw),
      });

    const start = fromInstant(state.start);
    const newest: Newest = new Map();
    let latestCreated = 0;
    for (const raw of records) {
      const incident = this.#convert(raw, '');
      const created = Date.parse(incident.openedAt);
      latestCreated = Math.max(latestCreated, created);
      // Incidents created after the pass began come with the log entries that follow it.
      if (created >= start) continue;
      const serviceIds = services.get(serviceOf(raw) ?? '');
      if (serviceIds === undefined) {
        this.#logger?.warn(
          `PagerDuty incident ${incident.number} is on service ${serviceOf(
            raw,
          )}, which was not asked for; skipped`,
        );
        continue;
      }
      keepNewest(newest, incident, serviceIds);
    }

    // What changed after the pass began comes again with the log entries that follow it: the
    // log pass delivers it only when it changed once more.
    const sent = remember(
      state.sent,
      [...newest.values()].filter(
        ({ incident }) => Date.parse(incident.updatedAt) >= start,
      ),
    );
    return {
      incidents: copiesByUpdate(newest),
      nextCursor: encodeCursor(
        this.#nextFullState(
          { ...state, ...(sent.length ? { sent } : {}) },
          records.length ? step : 0,
          more,
          print,
          latestCreated,
          groups.length,
        ),
      ),
      done: false,
    };
  }

  #nextFullState(
    state: FullPhase,
    count: number,
    more: boolean,
    print: string,
    latestCreated: number,
    groups: number,
  ): SyncState {
    const start = fromInstant(state.start);
    const nextOffset = state.offset + count;
    if (more && count > 0) {
      if (nextOffset + this.#pageSize <= this.#maxOffset) {
        return { ...state, offset: nextOffset, last: print };
      }
      // Offset paging ends here: go on from the newest creation time read so far (a second
      // earlier, in case `since` is exclusive), in a window of creation time.
      const since = Math.floor(latestCreated / SECOND) * SECOND - SECOND;
      const windowEnd = state.window ? fromInstant(state.window[1]) : start;
      if (state.window && since <= fromInstant(state.window[0])) {
        throw this.#client.error(
          `More than ${
            this.#maxOffset
          } PagerDuty incidents were created within one second ` +
            `around ${state.window[0]}; PagerDuty cannot page through them`,
          { kind: 'rejected' },
        );
      }
      if (since < windowEnd) {
        return {
          ...state,
          window: [
            toInstant(since),
            toInstant(Math.min(since + this.#incidentWindowMs, windowEnd)),
          ],
          offset: 0,
          last: undefined,
        };
      }
      // Everything left was created after the pass began: the log phase brings it.
    } else if (state.window && fromInstant(state.window[1]) < start) {
      const since = Math.max(
        fromInstant(state.window[0]) + SECOND,
        fromInstant(state.window[1]) - SECOND,
      );
      return {
        ...state,
        window: [
          toInstant(since),
          toInstant(Math.min(since + this.#incidentWindowMs, start)),
        ],
        offset: 0,
        last: undefined,
      };
    }
    if (state.chunk + 1 < groups) {
      return {
        ...state,
        chunk: state.chunk + 1,
        window: undefined,
        offset: 0,
        last: undefined,
      };
    }
    return handOver(state);
  }

  // ---------------------------------------------------------------------------------------------
  // Later passes: the incidents named by log entries, in fixed windows of time.

  async #logPage(
    stored: LogPhase,
    services: MappedServices,
    signal: AbortSignal | undefined,
    runStart = false,
  ): Promise<ItsmIncidentPage> {
    let state = stored;
    if (state.until === undefined || state.end === undefined) {
      // A new pass: fix its end now, so that offsets stay valid for the whole pass. It starts
      // where the previous pass ended; at the start of a run, the overlap before that, so that
      // entries listed late (a burst in the second the previous pass read, a change committed
      // late with an earlier stamp) arrive. Within a run (the pass after the first pass, or a
      // caller asking again once caught up) nothing is read twice. A pass cut short is resumed
      // in its own fixed window instead: what was listed late there falls in the next run's
      // overlap.
      const end = Math.floor(this.#now() / SECOND) * SECOND + SECOND;
      const since = fromInstant(state.since) - (runStart ? this.#overlapMs : 0);
      if (end <= since) {
        return { incidents: [], nextCursor: encodeCursor(state), done: true };
      }
      state = {
        phase: 'log',
        since: toInstant(since),
        until: toInstant(Math.min(since + this.#maxLogWindowMs, end)),
        end: toInstant(end),
        offset: 0,
        // What the first pass delivered already, when this pass follows it.
        ...(state.sent ? { sent: state.sent } : {}),
      };
    }
    const { records, more, print, step } = await this.#readPage<LogEntry>({
      path: '/log_entries',
      field: 'log_entries',
      query: {
        since: state.since,
        until: state.until!,
        is_overview: 'true',
        'include[]': 'incidents',
        time_zone: 'UTC',
        limit: String(this.#pageSize),
        offset: String(state.offset),
      },
      state,
      signal,
      check: raw =>
        typeof raw === 'object' &&
        raw !== null &&
        typeof (raw as LogEntry).id === 'string',
    });

    const relevant = records.filter(entry =>
      isOfMappedService(entry, services),
    );

    // With `include[]=incidents` each entry carries its incident as it is now; an entry with a
    // bare reference is fetched.
    const found = new Map<string, PagerDutyIncident>();
    const missing = new Set<string>();
    for (const entry of relevant) {
      const incident = entry.incident;
      if (isFullIncident(incident)) {
        if (services.has(serviceOf(incident) ?? '')) {
          found.set(incident.id, incident);
        }
      } else {
        const reference = (incident as { id?: unknown } | undefined)?.id;
        if (typeof reference === 'string') missing.add(reference);
      }
    }
    for (const id of missing) {
      if (found.has(id) || !isPagerDutyId(id)) continue;
      const fetched = await this.#fetchIncident(id, signal);
      if (fetched && services.has(serviceOf(fetched) ?? '')) {
        found.set(id, fetched);
      }
    }
    const newest: Newest = new Map();
    for (const raw of found.values()) {
      keepNewest(
        newest,
        this.#convert(raw, ''),
        services.get(serviceOf(raw) ?? '')!,
      );
    }
    // An incident this pass delivered already, unchanged, is not delivered again: the log names
    // an incident once per entry (trigger, acknowledge, resolve), often on different pages.
    const delivered = new Set(state.sent ?? []);
    for (const [id, item] of newest) {
      if (delivered.has(printOf(item))) newest.delete(id);
    }
    const sent = remember(state.sent, [...newest.values()]);
    const { next, done } = this.#nextLogState(
      { ...state, sent: sent.length ? sent : undefined },
      records.length ? step : 0,
      more,
      print,
    );
    return {
      incidents: copiesByUpdate(newest),
      nextCursor: encodeCursor(next),
      done,
    };
  }

  #nextLogState(
    state: LogPhase,
    step: number,
    more: boolean,
    print: string,
  ): { next: LogPhase; done: boolean } {
    const since = fromInstant(state.since);
    const until = fromInstant(state.until!);
    const end = fromInstant(state.end!);
    const nextOffset = state.offset + step;
    if (more && step > 0) {
      if (nextOffset + this.#pageSize <= this.#maxOffset) {
        return {
          next: { ...state, offset: nextOffset, last: print },
          done: false,
        };
      }
      // Too many entries for offset paging: read the first half of the window again on its own
      // (the second half follows as the next window).
      const middle =
        Math.floor((since + (until - since) / 2) / SECOND) * SECOND;
      if (middle - since < 2 * SECOND) {
        throw this.#client.error(
          `PagerDuty logged more than ${
            this.#maxOffset
          } entries within two seconds ` +
            `from ${state.since}; they cannot be paged through`,
          { kind: 'rejected' },
        );
      }
      return {
        next: {
          ...state,
          until: toInstant(middle),
          offset: 0,
          last: undefined,
        },
        done: false,
      };
    }
    if (until >= end) {
      // The pass is complete; the next one starts where it ended, with nothing remembered.
      return {
        next: { phase: 'log', since: state.end!, offset: 0 },
        done: true,
      };
    }
    // The next window starts a second early, in case PagerDuty's `until` is exclusive and its
    // `since` is too.
    const nextSince = Math.max(since + SECOND, until - SECOND);
    return {
      next: {
        ...state,
        since: toInstant(nextSince),
        until: toInstant(Math.min(nextSince + this.#maxLogWindowMs, end)),
        offset: 0,
        last: undefined,
      },
      done: false,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Shared parts.

  /**
   * Reads one page of a list endpoint. A page with exactly the records of the previous page of
   * the same listing (a stale cache, a replayed answer) is asked for again, a few times, before
   * the sync fails instead of skipping records.
   */
  async #readPage<T extends { id: string }>(options: {
    path: string;
    field: string;
    query: Record<string, string | string[]>;
    state: { offset: number; last?: string };
    signal: AbortSignal | undefined;
    check: (raw: unknown) => boolean;
  }): Promise<ListPage<T> & { print: string; step: number }> {
    const what = `GET ${options.path}`;
    for (let stale = 0; ; stale++) {
      const response = await this.#client.request({
        method: 'GET',
        path: options.path,
        query: options.query,
        access: 'read',
        signal: options.signal,
      });
      const body = response.body as Record<string, unknown> | undefined;
      const records = body?.[options.field];
      if (!Array.isArray(records)) {
        throw this.#client.error(
          `PagerDuty's answer to ${what} has no '${options.field}' array; the page was not accepted`,
          { kind: 'malformed', status: response.status },
        );
      }
      const bad = records.findIndex(r => !options.check(r));
      if (bad >= 0) {
        throw this.#client.error(
          `PagerDuty's answer to ${what} has a malformed record at position ${bad} ` +
            `(${JSON.stringify(records[bad])?.slice(
              0,
              120,
            )}); the page was not accepted`,
          { kind: 'malformed', status: response.status },
        );
      }
      const more =
        typeof body?.more === 'boolean'
          ? body.more
          : records.length >= this.#pageSize;
      const ids = (records as T[]).map(r => r.id);
      const print = fingerprint(ids);
      // The next offset: PagerDuty's echoed limit (it may cap the one asked for); without it,
      // the records on the page, each counted once.
      const step =
        Number.isInteger(body?.limit) && (body!.limit as number) > 0
          ? (body!.limit as number)
          : new Set(ids).size;
      const repeated =
        options.state.offset > 0 &&
        records.length > 0 &&
        print === options.state.last;
      if (!repeated && !(more && records.length === 0)) {
        return { records: records as T[], more, print, step };
      }
      if (stale + 1 >= MAX_STALE_PAGES) {
        throw this.#client.error(
          `PagerDuty answered ${what} at offset ${options.state.offset} ${MAX_STALE_PAGES} times ` +
            `with ${
              repeated
                ? 'the previous page again'
                : 'an empty page that claims more'
            }; stopping so as not to skip records. Try the sync again later.`,
          { kind: 'malformed', status: response.status },
        );
      }
    }
  }

  async #fetchIncident(
    id: string,
    signal: AbortSignal | undefined,
  ): Promise<PagerDutyIncident | undefined> {
    const response = await this.#client.request({
      method: 'GET',
      path: `/incidents/${encodeURIComponent(id)}`,
      query: { time_zone: 'UTC' },
      access: 'read',
      signal,
      passStatuses: [404],
    });
    if (response.status === 404) return undefined;
    const raw = (response.body as { incident?: unknown } | undefined)?.incident;
    if (!isFullIncident(raw)) {
      throw this.#client.error(
        `PagerDuty's answer to GET /incidents/${id} has no 'incident' record`,
        { kind: 'malformed', status: response.status },
      );
    }
    return raw;
  }

  /** The incident a create request made, found by its key after PagerDuty refused a retry. */
  async #findByKey(
    incidentKey: string,
    service: string,
  ): Promise<PagerDutyIncident | undefined> {
    const response = await this.#client.request({
      method: 'GET',
      path: '/incidents',
      query: {
        incident_key: incidentKey,
        'service_ids[]': [service],
        date_range: 'all',
        time_zone: 'UTC',
      },
      access: 'read',
      passStatuses: [400, 404],
    });
    if (response.status !== 200) return undefined;
    const records = (response.body as { incidents?: unknown } | undefined)
      ?.incidents;
    if (!Array.isArray(records)) return undefined;
    return records.find(isFullIncident);
  }

  #convert(raw: PagerDutyIncident, serviceId: string): ItsmIncident {
    const result = toItsmIncident(raw, serviceId);
    if ('problem' in result) {
      throw this.#client.error(
        `PagerDuty returned ${result.problem}; the page was not accepted`,
        { kind: 'malformed' },
      );
    }
    return result;
  }

  /**
   * PagerDuty service id -> the catalogue services mapped to it, in the mappings' order, each
   * once; references that name no service are skipped.
   */
  #mappedServices(mappings: ItsmServiceMapping[]): MappedServices {
    const services: MappedServices = new Map();
    for (const mapping of mappings) {
      const id = serviceIdOfReference(mapping.itsmReference);
      if (!id) {
        const key = `${mapping.serviceId}\u0000${mapping.itsmReference}`;
        if (!this.#warned.has(key)) {
          this.#warned.add(key);
          this.#logger?.warn(
            `Service ${
              mapping.serviceId
            } is mapped to PagerDuty reference '${mapping.itsmReference.slice(
              0,
              80,
            )}', which is not a PagerDuty service id (such as PXXXXXX); its incidents are not synced`,
          );
        }
        continue;
      }
      const serviceIds = services.get(id);
      if (!serviceIds) services.set(id, [mapping.serviceId]);
      else if (!serviceIds.includes(mapping.serviceId)) {
        serviceIds.push(mapping.serviceId);
      }
    }
    return services;
  }
}

/**
 * Whether a log entry concerns a mapped service (the log is account-wide): by its incident's
 * service when the incident is included, else by the entry's own service.
 */
function isOfMappedService(entry: LogEntry, services: MappedServices): boolean {
  if (isFullIncident(entry.incident)) {
    return services.has(serviceOf(entry.incident) ?? '');
  }
  const service = entry.service?.id;
  return typeof service === 'string' && services.has(service.toUpperCase());
}

/**
 * The newest version of each incident of a page, by incident id, with the catalogue services
 * mapped to its PagerDuty service.
 */
type Newest = Map<string, NewestItem>;
interface NewestItem {
  incident: ItsmIncident;
  serviceIds: string[];
}

/** The print of an incident as delivered, for all the services it is delivered for. */
function printOf({ incident, serviceIds }: NewestItem): string {
  const { serviceId: _serviceId, ...fields } = incident;
  return deliveryPrint(fields, serviceIds);
}

/** The prints remembered after delivering `items`: the newest ones, within the bound. */
function remember(held: string[] | undefined, items: NewestItem[]): string[] {
  // A set keeps the order things were added in: the oldest prints come first.
  const prints = new Set(held);
  for (const item of items) prints.add(printOf(item));
  return [...prints].slice(-MAX_REMEMBERED_INCIDENTS);
}

/** The log pass that follows the first pass: from the first pass's start, knowing what it sent. */
function handOver(state: FullPhase): LogPhase {
  return {
    phase: 'log',
    since: state.start,
    offset: 0,
    ...(state.sent?.length ? { sent: state.sent } : {}),
  };
}

function keepNewest(
  map: Newest,
  incident: ItsmIncident,
  serviceIds: string[],
): void {
  const seen = map.get(incident.externalId);
  if (!seen || seen.incident.updatedAt <= incident.updatedAt) {
    map.set(incident.externalId, { incident, serviceIds });
  }
}

/**
 * The page's incidents, oldest change first (ties by id, so that the order does not depend on
 * the page's), one copy per catalogue service mapped to each, made after de-duplicating: every
 * copy of an incident is in the same page.
 */
function copiesByUpdate(map: Newest): ItsmIncident[] {
  return [...map.values()]
    .sort(({ incident: a }, { incident: b }) =>
      a.updatedAt === b.updatedAt
        ? a.externalId.localeCompare(b.externalId)
        : a.updatedAt.localeCompare(b.updatedAt),
    )
    .flatMap(({ incident, serviceIds }) =>
      serviceIds.map(serviceId => ({ ...incident, serviceId })),
    );
}
