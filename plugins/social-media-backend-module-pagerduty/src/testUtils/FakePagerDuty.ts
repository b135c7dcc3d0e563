import { randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** An incident as the fake keeps it; times in milliseconds. */
export interface FakeIncident {
  id: string;
  incident_number: number;
  title: string;
  details: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  priority: { id: string; summary: string } | null;
  created_at: number;
  updated_at: number;
  last_status_change_at: number;
  resolved_at: number | null;
  service: string;
  incident_key: string;
}

/** A log entry as the fake keeps it. */
export interface FakeLogEntry {
  id: string;
  type: string;
  created_at: number;
  incident: string;
  service: string;
  summary: string;
}

/** A recorded request. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * Takes over one request: write any answer (or none) and return. `body` is the answer the
 * server would have sent to a list request, if the request was one.
 */
export type Fault = (
  res: ServerResponse,
  context: { body?: Record<string, unknown>; request: FakeRequest },
) => void;

/** Log entry types PagerDuty keeps in the overview (`is_overview=true`). */
const OVERVIEW_TYPES = new Set([
  'trigger_log_entry',
  'acknowledge_log_entry',
  'resolve_log_entry',
]);
const DAY = 24 * 60 * 60 * 1000;
const MAX_LIMIT = 100;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A PagerDuty-style id: a letter and upper-case letters and digits. */
export function newId(prefix = 'P', length = 7): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (let i = 1; i < length; i++) id += ID_ALPHABET[bytes[i] % 36];
  return id;
}

function error(
  message: string,
  code: number,
  errors?: string[],
): Record<string, unknown> {
  return { error: { message, code, ...(errors ? { errors } : {}) } };
}

/**
 * A local stand-in for PagerDuty's REST API v2: `GET /incidents` (service_ids[], statuses[],
 * incident_key, since/until or date_range=all, sort_by, time_zone, classic offset paging with
 * limit/offset/more/total and the 10 000 cap), `GET /incidents/{id}`, `POST /incidents` (with the
 * `From` header and de-duplication by incident_key) and `GET /log_entries` (since/until,
 * is_overview, include[]=incidents, newest first); `Token token=` API keys, read-only keys, and
 * faults injected per request.
 */
export class FakePagerDuty {
  readonly services = new Map<string, { name: string }>();
  readonly incidents = new Map<string, FakeIncident>();
  readonly logEntries: FakeLogEntry[] = [];
  readonly users = new Set<string>(['integration-bot@example.com']);
  readonly requests: FakeRequest[] = [];
  /** The last answer each list endpoint (`/incidents`, `/log_entries`) sent, by path. */
  readonly lastListAnswers = new Map<string, Record<string, unknown>>();
  /** One-shot faults for the next requests to the given path prefix (FIFO). */
  readonly faults: Array<{ path: string; fault: Fault }> = [];
  /** Rewrites the records of a list page (incidents or log entries) before it is sent. */
  pageFilter?: (
    records: Array<Record<string, unknown>>,
    request: FakeRequest,
  ) => Array<Record<string, unknown>>;
  apiToken = 'pd-api-key-s3cret-0123';
  /** A read-only API key: reads work, writes get 403. */
  readOnly = false;
  /** Older API versions send neither `updated_at` nor `resolved_at`. */
  legacyFields = false;
  /** When false, `include[]=incidents` leaves incident references unexpanded. */
  expandIncludes = true;
  /** PagerDuty's cap on offset + limit. */
  maxOffset = 10_000;
  /** The account's time zone offset, used to render times when no `time_zone` is asked for. */
  accountUtcOffsetMinutes = -300;
  /** Use the real clock (for tests that cannot inject one into the connector). */
  realClock = false;
  #clock = Date.parse('2026-11-01T08:00:00Z');
  #server?: Server;
  #counter = 1000;
  #entryCounter = 0;

  get url(): string {
    const { port } = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The server's clock, in milliseconds (whole seconds, as PagerDuty stamps records). */
  now(): number {
    const ms = this.realClock ? Date.now() : this.#clock;
    return Math.floor(ms / 1000) * 1000;
  }

  /** Advances the manual clock by `seconds` and returns it. */
  tick(seconds = 1): number {
    this.#clock += seconds * 1000;
    return this.now();
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        try {
          this.#handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (e) {
          this.#json(res, 500, error(`Internal error: ${String(e)}`, 2000));
        }
      });
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(0, '127.0.0.1', resolve),
    );
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }

  addService(name: string): string {
    const id = newId();
    this.services.set(id, { name });
    return id;
  }

  /** Triggers an incident (at `created_at`, or now) and logs it. */
  addIncident(
    fields: Partial<Omit<FakeIncident, 'service'>> & { service: string },
  ): FakeIncident {
    const created = fields.created_at ?? this.tick();
    const incident: FakeIncident = {
      id: newId('Q', 14),
      incident_number: this.#counter++,
      title: 'Unusual login on the brand account',
      details: '',
      status: 'triggered',
      urgency: 'high',
      priority: null,
      created_at: created,
      updated_at: created,
      last_status_change_at: created,
      resolved_at: null,
      incident_key: randomBytes(8).toString('hex'),
      ...fields,
    };
    this.incidents.set(incident.id, incident);
    this.#log(
      incident,
      'trigger_log_entry',
      created,
      'Triggered through the API',
    );
    // Notifications are logged too, but are not part of the overview.
    this.#log(incident, 'notify_log_entry', created, 'Notified a responder');
    if (incident.status !== 'triggered') {
      const at = fields.last_status_change_at ?? created;
      incident.last_status_change_at = at;
      incident.updated_at = Math.max(incident.updated_at, at);
      if (incident.status === 'resolved') incident.resolved_at = at;
      this.#log(
        incident,
        `${
          incident.status === 'resolved' ? 'resolve' : 'acknowledge'
        }_log_entry`,
        at,
        `Changed to ${incident.status}`,
      );
    }
    return incident;
  }

  /**
   * Acknowledges or resolves an incident now, as a responder would; or logs the change at an
   * earlier time `at`, as an entry that shows up late in the log.
   */
  setStatus(
    id: string,
    status: 'acknowledged' | 'resolved',
    at: number = this.tick(),
  ): FakeIncident {
    const incident = this.incidents.get(id)!;
    incident.status = status;
    incident.last_status_change_at = at;
    incident.updated_at = at;
    incident.resolved_at = status === 'resolved' ? at : null;
    this.#log(
      incident,
      status === 'resolved' ? 'resolve_log_entry' : 'acknowledge_log_entry',
      at,
      `${status === 'resolved' ? 'Resolved' : 'Acknowledged'} by a responder`,
    );
    return incident;
  }

  /** Changes the urgency now: logged, but not in the overview. */
  setUrgency(id: string, urgency: 'high' | 'low'): FakeIncident {
    const incident = this.incidents.get(id)!;
    const at = this.tick();
    incident.urgency = urgency;
    incident.updated_at = at;
    this.#log(
      incident,
      'urgency_change_log_entry',
      at,
      `Urgency changed to ${urgency}`,
    );
    return incident;
  }

  /** Queues a fault for the next request whose path starts with `path`. */
  failNext(fault: Fault, path = '/'): void {
    this.faults.push({ path, fault });
  }

  listRequests(path: string, method = 'GET'): FakeRequest[] {
    return this.requests.filter(r => r.path === path && r.method === method);
  }

  #log(incident: FakeIncident, type: string, at: number, summary: string) {
    this.logEntries.push({
      id: `R${String(++this.#entryCounter).padStart(13, '0')}`,
      type,
      created_at: at,
      incident: incident.id,
      service: incident.service,
      summary,
    });
  }

  #json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'ratelimit-limit': '960',
      'ratelimit-remaining': '959',
      'ratelimit-reset': '60',
      ...headers,
    });
    res.end(text);
  }

  /** A time as PagerDuty renders it: in UTC with `time_zone=UTC`, else in the account's zone. */
  #time(ms: number | null, query: URLSearchParams): string | null {
    if (ms === null) return null;
    const zone = query.get('time_zone');
    if (zone === 'UTC' || zone === 'Etc/UTC') {
      return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    const offset = this.accountUtcOffsetMinutes;
    const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(
      2,
      '0',
    )}:${String(abs % 60).padStart(2, '0')}`;
  }

  #serviceReference(id: string) {
    return {
      id,
      type: 'service_reference',
      summary: this.services.get(id)?.name ?? 'Deleted service',
      self: `${this.url}/services/${id}`,
      html_url: `https://acme.pagerduty.com/service-directory/${id}`,
    };
  }

  #renderIncident(incident: FakeIncident, query: URLSearchParams) {
    return {
      id: incident.id,
      type: 'incident',
      summary: `[#${incident.incident_number}] ${incident.title}`,
      self: `${this.url}/incidents/${incident.id}`,
      html_url: `https://acme.pagerduty.com/incidents/${incident.id}`,
      incident_number: incident.incident_number,
      title: incident.title,
      created_at: this.#time(incident.created_at, query),
      ...(this.legacyFields
        ? {}
        : { updated_at: this.#time(incident.updated_at, query) }),
      status: incident.status,
      incident_key: incident.incident_key,
      service: this.#serviceReference(incident.service),
      assignments: [],
      assigned_via: 'escalation_policy',
      last_status_change_at: this.#time(incident.last_status_change_at, query),
      ...(this.legacyFields
        ? {}
        : { resolved_at: this.#time(incident.resolved_at, query) }),
      first_trigger_log_entry: {
        id: 'R0000000000000',
        type: 'trigger_log_entry_reference',
      },
      alert_counts: { all: 0, triggered: 0, resolved: 0 },
      is_mergeable: true,
      escalation_policy: {
        id: 'PT20YPA',
        type: 'escalation_policy_reference',
        summary: 'Social media on-call',
      },
      teams: [],
      pending_actions: [],
      acknowledgements: [],
      last_status_change_by: this.#serviceReference(incident.service),
      priority: incident.priority
        ? {
            ...incident.priority,
            type: 'priority_reference',
            self: `${this.url}/priorities/${incident.priority.id}`,
          }
        : null,
      resolve_reason: null,
      incidents_responders: [],
      responder_requests: [],
      urgency: incident.urgency,
    };
  }

  #renderEntry(entry: FakeLogEntry, query: URLSearchParams) {
    const include = query.getAll('include[]');
    const incident = this.incidents.get(entry.incident)!;
    return {
      id: entry.id,
      type: entry.type,
      summary: entry.summary,
      self: `${this.url}/log_entries/${entry.id}?incident_id=${entry.incident}`,
      html_url: `https://acme.pagerduty.com/incidents/${entry.incident}/log_entries/${entry.id}`,
      created_at: this.#time(entry.created_at, query),
      agent: this.#serviceReference(entry.service),
      channel: { type: 'api' },
      service: this.#serviceReference(entry.service),
      incident:
        include.includes('incidents') && this.expandIncludes
          ? this.#renderIncident(incident, query)
          : {
              id: incident.id,
              type: 'incident_reference',
              summary: `[#${incident.incident_number}] ${incident.title}`,
              self: `${this.url}/incidents/${incident.id}`,
              html_url: `https://acme.pagerduty.com/incidents/${incident.id}`,
            },
      teams: [],
      contexts: [],
      event_details: { description: entry.summary },
    };
  }

  #takeFault(path: string): Fault | undefined {
    const index = this.faults.findIndex(f => path.startsWith(f.path));
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0].fault;
  }

  /** Reads since/until as PagerDuty does: offsets honoured, else in the account's zone. */
  #instant(value: string, query: URLSearchParams): number {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
    if (zoned) return Date.parse(value);
    const zone = query.get('time_zone');
    const offset =
      zone === 'UTC' || zone === 'Etc/UTC' ? 0 : this.accountUtcOffsetMinutes;
    return Date.parse(`${value}Z`) - offset * 60_000;
  }

  /** Limit and offset, or an error answer. */
  #paging(
    query: URLSearchParams,
    defaultLimit: number,
  ): { limit: number; offset: number } | { error: Record<string, unknown> } {
    const limit = Math.min(
      MAX_LIMIT,
      Number(query.get('limit') ?? defaultLimit),
    );
    const offset = Number(query.get('offset') ?? 0);
    if (
      !Number.isInteger(limit) ||
      limit < 1 ||
      !Number.isInteger(offset) ||
      offset < 0
    ) {
      return {
        error: error('Invalid Input Provided', 2001, [
          'Invalid limit or offset',
        ]),
      };
    }
    if (offset + limit > this.maxOffset) {
      return {
        error: error('Invalid Input Provided', 2001, [
          `Offset must be less than ${this.maxOffset - limit + 1}.`,
        ]),
      };
    }
    return { limit, offset };
  }

  #page(
    records: Array<Record<string, unknown>>,
    query: URLSearchParams,
    field: string,
    limit: number,
    offset: number,
    request: FakeRequest,
  ) {
    const slice = records.slice(offset, offset + limit);
    const sent = this.pageFilter ? this.pageFilter(slice, request) : slice;
    return {
      [field]: sent,
      limit,
      offset,
      more: offset + limit < records.length,
      total: query.get('total') === 'true' ? records.length : null,
    };
  }

  #window(
    query: URLSearchParams,
    defaultDays: number,
    maxDays: number | undefined,
  ): { since: number; until: number } | { error: Record<string, unknown> } {
    const now = this.now();
    const since = query.get('since');
    const until = query.get('until');
    const s = since ? this.#instant(since, query) : undefined;
    const u = until ? this.#instant(until, query) : undefined;
    if ((since && Number.isNaN(s)) || (until && Number.isNaN(u))) {
      return {
        error: error("Invalid 'since' or 'until' Parameter Values", 2004),
      };
    }
    const end = u ?? now;
    const start = s ?? end - defaultDays * DAY;
    if (start > end || (maxDays !== undefined && end - start > maxDays * DAY)) {
      return { error: error('Invalid Query Date Range', 2005) };
    }
    return { since: start, until: end };
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url!, 'http://fake');
    const query = url.searchParams;
    const request: FakeRequest = {
      method: req.method!,
      path: url.pathname,
      query,
      headers: req.headers,
      body,
    };
    this.requests.push(request);

    const fault = this.#takeFault(url.pathname);
    if (fault) {
      let context: { body?: Record<string, unknown>; request: FakeRequest } = {
        request,
      };
      if (req.method === 'GET' && url.pathname === '/incidents') {
        context = { request, body: this.#listIncidents(query, request).body };
      } else if (req.method === 'GET' && url.pathname === '/log_entries') {
        context = { request, body: this.#listLogEntries(query, request).body };
      }
      return fault(res, context);
    }

    if (req.headers.authorization !== `Token token=${this.apiToken}`) {
      return this.#json(res, 401, error('Authentication failed', 2006));
    }
    const path = url.pathname;
    if (req.method === 'GET' && path === '/incidents') {
      const { status, body: answer } = this.#listIncidents(query, request);
      if (status === 200) this.lastListAnswers.set(path, answer);
      return this.#json(res, status, answer);
    }
    if (req.method === 'GET' && path === '/log_entries') {
      const { status, body: answer } = this.#listLogEntries(query, request);
      if (status === 200) this.lastListAnswers.set(path, answer);
      return this.#json(res, status, answer);
    }
    const one = /^\/incidents\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && one) {
      const key = decodeURIComponent(one[1]);
      const incident =
        this.incidents.get(key) ??
        [...this.incidents.values()].find(
          i => String(i.incident_number) === key,
        );
      if (!incident) return this.#json(res, 404, error('Not Found', 2100));
      return this.#json(res, 200, {
        incident: this.#renderIncident(incident, query),
      });
    }
    if (req.method === 'POST' && path === '/incidents') {
      return this.#create(req, res, body, query);
    }
    return this.#json(res, 404, error('Not Found', 2100));
  }

  #listIncidents(
    query: URLSearchParams,
    request: FakeRequest,
  ): { status: number; body: Record<string, unknown> } {
    const paging = this.#paging(query, 25);
    if ('error' in paging) return { status: 400, body: paging.error };
    const serviceIds = query.getAll('service_ids[]');
    const unknown = serviceIds.filter(id => !this.services.has(id));
    if (unknown.length) {
      return {
        status: 400,
        body: error('Invalid Input Provided', 2001, [
          `Service ids ${unknown.join(', ')} are not valid.`,
        ]),
      };
    }
    let from = -Infinity;
    let to = Infinity;
    if (query.get('date_range') !== 'all') {
      const window = this.#window(query, 30, 183);
      if ('error' in window) return { status: 400, body: window.error };
      from = window.since;
      to = window.until;
    }
    const statuses = query.getAll('statuses[]');
    const key = query.get('incident_key');
    const matches = [...this.incidents.values()].filter(
      i =>
        (serviceIds.length === 0 || serviceIds.includes(i.service)) &&
        (statuses.length === 0 || statuses.includes(i.status)) &&
        (key === null || i.incident_key === key) &&
        i.created_at >= from &&
        i.created_at < to,
    );
    const sorts = (query.get('sort_by') ?? 'created_at:asc')
      .split(',')
      .map(s => s.split(':'));
    for (const [field, direction = 'asc'] of sorts) {
      if (
        !['incident_number', 'created_at', 'resolved_at', 'urgency'].includes(
          field,
        )
      ) {
        return {
          status: 400,
          body: error('Invalid Input Provided', 2001, [
            `Cannot sort by ${field}`,
          ]),
        };
      }
      if (!['asc', 'desc'].includes(direction)) {
        return {
          status: 400,
          body: error('Invalid Input Provided', 2001, [
            `Bad direction ${direction}`,
          ]),
        };
      }
    }
    matches.sort((a, b) => {
      for (const [field, direction = 'asc'] of sorts) {
        const x = (a as unknown as Record<string, number | string>)[field] ?? 0;
        const y = (b as unknown as Record<string, number | string>)[field] ?? 0;
        if (x !== y) return (x < y ? -1 : 1) * (direction === 'desc' ? -1 : 1);
      }
      return 0;
    });
    const rendered = matches.map(i => this.#renderIncident(i, query));
    return {
      status: 200,
      body: this.#page(
        rendered,
        query,
        'incidents',
        paging.limit,
        paging.offset,
        request,
      ),
    };
  }

  #listLogEntries(
    query: URLSearchParams,
    request: FakeRequest,
  ): { status: number; body: Record<string, unknown> } {
    const paging = this.#paging(query, 25);
    if ('error' in paging) return { status: 400, body: paging.error };
    const window = this.#window(query, 7, undefined);
    if ('error' in window) return { status: 400, body: window.error };
    const overview = query.get('is_overview') === 'true';
    const entries = this.logEntries
      .filter(
        e =>
          e.created_at >= window.since &&
          e.created_at < window.until &&
          (!overview || OVERVIEW_TYPES.has(e.type)),
      )
      // Newest first.
      .sort((a, b) =>
        a.created_at === b.created_at
          ? b.id.localeCompare(a.id)
          : b.created_at - a.created_at,
      )
      .map(e => this.#renderEntry(e, query));
    return {
      status: 200,
      body: this.#page(
        entries,
        query,
        'log_entries',
        paging.limit,
        paging.offset,
        request,
      ),
    };
  }

  #create(
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    query: URLSearchParams,
  ) {
    if (this.readOnly) {
      return this.#json(
        res,
        403,
        error('Access Denied', 2010, [
          'The API key is read-only; it cannot create incidents.',
        ]),
      );
    }
    const from = req.headers.from;
    if (!from) {
      return this.#json(
        res,
        400,
        error('Invalid Input Provided', 2001, [
          'You must specify a user\u0027s email address in the "From" header to perform this action.',
        ]),
      );
    }
    if (!this.users.has(String(from))) {
      return this.#json(
        res,
        400,
        error('Invalid Input Provided', 2001, ['Requester User Not Found']),
      );
    }
    let input: {
      incident?: {
        type?: string;
        title?: string;
        service?: { id?: string; type?: string };
        urgency?: string;
        incident_key?: string;
        body?: { type?: string; details?: string };
      };
    };
    try {
      input = JSON.parse(body);
    } catch {
      return this.#json(
        res,
        400,
        error('Invalid Input Provided', 2001, ['Malformed JSON']),
      );
    }
    const incident = input.incident;
    if (
      incident?.type !== 'incident' ||
      !incident.title ||
      incident.service?.type !== 'service_reference'
    ) {
      return this.#json(
        res,
        400,
        error('Invalid Input Provided', 2001, ['Incident is invalid.']),
      );
    }
    if (!incident.service.id || !this.services.has(incident.service.id)) {
      return this.#json(
        res,
        400,
        error('Invalid Input Provided', 2001, ['Service not found']),
      );
    }
    if (incident.urgency && !['high', 'low'].includes(incident.urgency)) {
      return this.#json(
        res,
        400,
        error('Invalid Input Provided', 2001, ['Urgency is invalid']),
      );
    }
    const key = incident.incident_key;
    if (
      key &&
      [...this.incidents.values()].some(
        i =>
          i.incident_key === key &&
          i.service === incident.service!.id &&
          i.status !== 'resolved',
      )
    ) {
      return this.#json(
        res,
        400,
        error('Invalid Input Provided', 2001, [
          'Open incident with matching dedup key already exists on this service',
        ]),
      );
    }
    const created = this.addIncident({
      service: incident.service.id,
      title: incident.title,
      details: incident.body?.details ?? '',
      urgency: (incident.urgency as 'high' | 'low' | undefined) ?? 'high',
      ...(key ? { incident_key: key } : {}),
    });
    return this.#json(res, 201, {
      incident: this.#renderIncident(created, query),
    });
  }
}
