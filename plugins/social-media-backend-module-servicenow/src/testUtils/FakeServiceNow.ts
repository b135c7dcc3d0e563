import { randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** An incident as ServiceNow stores it (internal values, UTC date-times). */
export interface FakeIncident {
  sys_id: string;
  number: string;
  short_description: string;
  description?: string;
  priority: string;
  state: string;
  category: string;
  opened_at: string;
  resolved_at: string;
  sys_updated_on: string;
  /** How many times the record was changed: 0 when created, one more with every update. */
  sys_mod_count?: string;
  business_service: string;
  cmdb_ci: string;
}

/** A recorded request. */
export interface FakeRequest {
  method: string;
  /** The request target as sent: path and encoded query string. */
  url: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  body: string;
  /** Milliseconds the server took to answer an incident list: the query, the records, the JSON. */
  serverMs?: number;
  /** When the incident list's answer was written (`performance.now()` of the server's process). */
  answeredAt?: number;
}

/**
 * Takes over one request: write any answer (or none) and return. `records` is the page the
 * server would have sent for an incident list, if the request was one.
 */
export type Fault = (
  res: ServerResponse,
  context: { records?: Array<Record<string, unknown>>; total?: number },
) => void;

const PRIORITIES: Record<string, string> = {
  '1': '1 - Critical',
  '2': '2 - High',
  '3': '3 - Moderate',
  '4': '4 - Low',
  '5': '5 - Planning',
};
const STATES: Record<string, string> = {
  '1': 'New',
  '2': 'In Progress',
  '3': 'On Hold',
  '6': 'Resolved',
  '7': 'Closed',
};

export const newSysId = () => randomBytes(16).toString('hex');

/**
 * The tables the fake keeps as plain records, as a real instance does for them: every field a
 * string of its internal value (references as sys_ids, booleans as `true`/`false`), with
 * `sys_id`, `sys_created_on`, `sys_updated_on` (to the second) and `sys_mod_count` (0 when
 * created, one more with every change) kept by the instance.
 */
export const FAKE_RECORD_TABLES = [
  'service_offering',
  'sys_user',
  'sys_user_group',
] as const;

/** One of {@link FAKE_RECORD_TABLES}. */
export type FakeRecordTable = (typeof FAKE_RECORD_TABLES)[number];

/** A record of one of {@link FAKE_RECORD_TABLES}. */
export type FakeRecord = Record<string, string>;

const SYSTEM_FIELDS = [
  'sys_id',
  'sys_created_on',
  'sys_updated_on',
  'sys_mod_count',
];

/** What `toLocaleString('en-US', { timeZone: 'America/New_York' })` writes, made once. */
const NEW_YORK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** A date-time as a user in New York would see it: display values are not UTC. */
function displayDateTime(value: string): string {
  if (!value) return '';
  return NEW_YORK.format(new Date(`${value.replace(' ', 'T')}Z`));
}

type Condition = { field: string; op: string; value: string };

/** Splits an encoded query on `^`, keeping `^^` as a literal caret. */
function splitEncodedQuery(query: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < query.length; i++) {
    if (query[i] === '^') {
      if (query[i + 1] === '^') {
        current += '^';
        i++;
      } else {
        parts.push(current);
        current = '';
      }
    } else {
      current += query[i];
    }
  }
  parts.push(current);
  return parts.filter(p => p !== '');
}

function parseCondition(text: string): Condition {
  const list = /^([a-z_.]+)IN(.*)$/s.exec(text);
  if (list) return { field: list[1], op: 'IN', value: list[2] };
  const match = /^([a-z_.]+)(>=|<=|!=|=|>|<)(.*)$/s.exec(text);
  if (!match) throw new Error(`Unsupported condition '${text}'`);
  return { field: match[1], op: match[2], value: match[3] };
}

/** An encoded query: NQ-separated queries of AND-ed OR groups, plus the order. */
function parseEncodedQuery(query: string) {
  const queries: Condition[][][] = [[]];
  const orderBy: Array<{ field: string; desc: boolean }> = [];
  for (const part of splitEncodedQuery(query)) {
    if (part.startsWith('ORDERBYDESC')) {
      orderBy.push({ field: part.slice(11), desc: true });
    } else if (part.startsWith('ORDERBY')) {
      orderBy.push({ field: part.slice(7), desc: false });
    } else if (part.startsWith('NQ')) {
      queries.push([[parseCondition(part.slice(2))]]);
    } else if (part.startsWith('OR')) {
      const groups = queries[queries.length - 1];
      groups[groups.length - 1].push(parseCondition(part.slice(2)));
    } else {
      queries[queries.length - 1].push([parseCondition(part)]);
    }
  }
  return { queries: queries.filter(q => q.length > 0), orderBy };
}

/** The bytes of the request line and headers, as the request arrived. */
function requestHeaderBytes(req: IncomingMessage): number {
  let bytes = Buffer.byteLength(
    `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`,
  );
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    bytes += Buffer.byteLength(
      `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`,
    );
  }
  return bytes + 2;
}

/** The order of the connector's keyset: `sys_updated_on`, then `sys_id`. */
function compareKeys(
  a: { sys_updated_on: string; sys_id: string },
  b: { sys_updated_on: string; sys_id: string },
): number {
  if (a.sys_updated_on !== b.sys_updated_on) {
    return a.sys_updated_on < b.sys_updated_on ? -1 : 1;
  }
  if (a.sys_id === b.sys_id) return 0;
  return a.sys_id < b.sys_id ? -1 : 1;
}

/** The first index of `list` (in key order) whose key is after `key` (or at it, with `inclusive`). */
function firstAfter(
  list: FakeIncident[],
  key: { sys_updated_on: string; sys_id: string },
  inclusive: boolean,
): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = compareKeys(list[mid], key);
    if (order > 0 || (inclusive && order === 0)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function compare(a: string, op: string, b: string): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case 'IN':
      return b.split(',').includes(a);
    default:
      throw new Error(op);
  }
}

/**
 * A local stand-in for a ServiceNow instance speaking the Table API wire format: encoded
 * queries (OR groups, `^NQ`, `^^` escapes, dot-walked `.name`, ORDERBY), `sysparm_limit`,
 * `sysparm_offset`, `sysparm_fields`, `sysparm_display_value=all`, `X-Total-Count`, basic auth
 * and the OAuth client credentials grant. Faults can be queued per request.
 */
export class FakeServiceNow {
  readonly incidents = new Map<string, FakeIncident>();
  /** Business services and CIs by sys_id, with their names. */
  readonly cis = new Map<string, { name: string; table: string }>();
  /** Records of {@link FAKE_RECORD_TABLES}, by table and sys_id. */
  readonly tables = new Map<FakeRecordTable, Map<string, FakeRecord>>(
    FAKE_RECORD_TABLES.map(t => [t, new Map()]),
  );
  /**
   * Tables the integration user may read but not write: a POST or PATCH there is refused with
   * HTTP 403, as an instance's ACLs refuse it.
   */
  readonly readOnlyTables = new Set<string>();
  readonly requests: FakeRequest[] = [];
  /**
   * One-shot faults for the next requests to the given path prefix (FIFO), of one method only
   * when `method` is given, after `skip` such requests have been answered as usual.
   */
  readonly faults: Array<{
    path: string;
    fault: Fault;
    method?: string;
    skip?: number;
  }> = [];
  /** Rewrites the records of an incident list page before it is sent. */
  pageFilter?: (
    records: Array<Record<string, unknown>>,
    request: FakeRequest,
  ) => Array<Record<string, unknown>>;
  auth:
    | { type: 'basic'; username: string; password: string }
    | { type: 'oauth'; clientId: string; clientSecret: string } = {
    type: 'basic',
    username: 'integration',
    password: 'integration-password-s3cret',
  };
  readonly tokens = new Set<string>();
  tokenLifetimeSeconds = 1800;
  /**
   * Added server latency: every request is handled (and answered) this many milliseconds after
   * it has arrived, like an instance that takes its time. 0 (the default) answers at once.
   */
  latencyMs = 0;
  /** The most requests the fake held at once, from arrival to answer. */
  maxRequestsInFlight = 0;
  #inFlight = 0;
  /**
   * The most bytes the request line and headers may take together. An instance's application
   * server reads both into one buffer, 8 KB by default, and answers a longer request with HTTP 400
   * ("Request header is too large") before the Table API sees it: a query string carrying too
   * many references is refused so.
   */
  maxRequestHeaderBytes = 8 * 1024;
  /**
   * Answers the connector's incident lists (an OR group of equalities on this field, the keyset,
   * ordered by `sys_updated_on` and `sys_id`) from an index, as an instance does with an index
   * on the field and the update time: a page costs its own records, not a scan of the table.
   * Off by default; with it on, incidents change through {@link addIncident} and
   * {@link update} only (a direct change of a stored record is not seen by the index).
   */
  indexedField?: 'business_service' | 'cmdb_ci';
  #index?: {
    field: 'business_service' | 'cmdb_ci';
    lists: Map<string, FakeIncident[]>;
    size: number;
  };
  #server?: Server;
  #counter = 10000;
  // The instance clock starts 30 days ago (whole seconds), so that incidents are recent whenever
  // the tests run (security incidents count in the rating for 90 days).
  #clock = Math.floor((Date.now() - 30 * 24 * 3600 * 1000) / 1000) * 1000;

  get url(): string {
    const { port } = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Listens on 127.0.0.1; port 0 (the default) picks a free one. */
  async start(port = 0): Promise<void> {
    // Node's own limit (16 KB) would answer 431 first: the instance's limit is checked instead.
    this.#server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
      const chunks: Buffer[] = [];
      this.#inFlight += 1;
      this.maxRequestsInFlight = Math.max(
        this.maxRequestsInFlight,
        this.#inFlight,
      );
      res.once('close', () => {
        this.#inFlight -= 1;
      });
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const handle = () => {
          try {
            this.#handle(req, res, Buffer.concat(chunks).toString('utf8'));
          } catch (error) {
            this.#json(res, 500, {
              error: { message: String(error) },
              status: 'failure',
            });
          }
        };
        if (this.latencyMs > 0) setTimeout(handle, this.latencyMs);
        else handle();
      });
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(port, '127.0.0.1', resolve),
    );
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }

  addCi(name: string, table = 'cmdb_ci_service'): string {
    const sysId = newSysId();
    this.cis.set(sysId, { name, table });
    return sysId;
  }

  /** Advances the instance clock by `seconds` and returns it as a ServiceNow date-time. */
  tick(seconds = 1): string {
    this.#clock += seconds * 1000;
    return new Date(this.#clock).toISOString().slice(0, 19).replace('T', ' ');
  }

  /** Adds a record to a table, stamped with the instance clock moved on a second. */
  addRecord(table: FakeRecordTable, fields: FakeRecord = {}): FakeRecord {
    const now = this.tick();
    const record: FakeRecord = {
      ...fields,
      sys_id: fields.sys_id ?? newSysId(),
      sys_created_on: now,
      sys_updated_on: now,
      sys_mod_count: '0',
    };
    this.tables.get(table)!.set(record.sys_id, record);
    return record;
  }

  /**
   * Changes a record as a person in the instance would: its change count goes up by one and it
   * is stamped with the instance clock moved on a second.
   */
  updateRecord(
    table: FakeRecordTable,
    sysId: string,
    fields: FakeRecord,
  ): FakeRecord {
    const before = this.tables.get(table)!.get(sysId);
    if (!before) throw new Error(`No ${table} record ${sysId}`);
    const record: FakeRecord = {
      ...before,
      ...fields,
      sys_id: sysId,
      sys_updated_on: this.tick(),
      sys_mod_count: String(Number(before.sys_mod_count) + 1),
    };
    this.tables.get(table)!.set(sysId, record);
    return record;
  }

  /** The records of a table, oldest first. */
  records(table: FakeRecordTable): FakeRecord[] {
    return [...this.tables.get(table)!.values()];
  }

  /** Requests that would change something: every POST, PUT, PATCH and DELETE to a table. */
  writeRequests(): FakeRequest[] {
    return this.requests.filter(
      r => r.method !== 'GET' && r.path.startsWith('/api/now/table/'),
    );
  }

  addIncident(fields: Partial<FakeIncident> = {}): FakeIncident {
    const now = fields.sys_updated_on ?? this.tick();
    const incident: FakeIncident = {
      sys_id: newSysId(),
      number: `INC${String(this.#counter++).padStart(7, '0')}`,
      short_description: 'Suspicious login',
      priority: '3',
      state: '1',
      category: 'inquiry',
      opened_at: now,
      resolved_at: '',
      sys_updated_on: now,
      sys_mod_count: '0',
      business_service: '',
      cmdb_ci: '',
      ...fields,
    };
    this.#unindex(this.incidents.get(incident.sys_id));
    this.incidents.set(incident.sys_id, incident);
    this.#indexAdd(incident);
    return incident;
  }

  /**
   * Changes an incident, stamped with the instance clock moved on a second, or with the
   * `sys_updated_on` given: the same second as an earlier change (a burst), or an earlier one
   * (a transaction that commits after later ones, as on a busy instance).
   */
  update(sysId: string, fields: Partial<FakeIncident>): FakeIncident {
    const before = this.incidents.get(sysId)!;
    const incident = {
      ...before,
      sys_updated_on: fields.sys_updated_on ?? this.tick(),
      sys_mod_count: String(Number(before.sys_mod_count ?? 0) + 1),
      ...fields,
    };
    this.#unindex(before);
    this.incidents.set(sysId, incident);
    this.#indexAdd(incident);
    return incident;
  }

  /** The index, built again when incidents changed around it (or the indexed field changed). */
  #currentIndex() {
    const field = this.indexedField;
    if (!field) return undefined;
    const index = this.#index;
    if (index && index.field === field && index.size === this.incidents.size) {
      return index;
    }
    const lists = new Map<string, FakeIncident[]>();
    for (const incident of this.incidents.values()) {
      const list = lists.get(incident[field]) ?? [];
      list.push(incident);
      lists.set(incident[field], list);
    }
    for (const list of lists.values()) list.sort(compareKeys);
    this.#index = { field, lists, size: this.incidents.size };
    return this.#index;
  }

  #indexAdd(incident: FakeIncident) {
    const index = this.#index;
    if (!index || index.size !== this.incidents.size - 1) {
      this.#index = undefined;
      return;
    }
    const value = incident[index.field];
    const list = index.lists.get(value) ?? [];
    list.splice(firstAfter(list, incident, true), 0, incident);
    index.lists.set(value, list);
    index.size++;
  }

  #unindex(incident: FakeIncident | undefined) {
    const index = this.#index;
    if (!incident || !index) return;
    const list = index.lists.get(incident[index.field]) ?? [];
    const at = firstAfter(list, incident, true);
    if (list[at] !== incident || index.size !== this.incidents.size) {
      this.#index = undefined;
      return;
    }
    list.splice(at, 1);
    index.size--;
  }
  /** Queues a fault for the next request whose path starts with `path`. */
  failNext(
    fault: Fault,
    path = '/api/now/table/incident',
    options: { method?: string; skip?: number } = {},
  ): void {
    this.faults.push({ path, fault, ...options });
  }

  listRequests(path = '/api/now/table/incident'): FakeRequest[] {
    return this.requests.filter(r => r.path === path);
  }

  #json(res: ServerResponse, status: number, body: unknown, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  #html(res: ServerResponse, status: number, text: string) {
    res.writeHead(status, {
      'Content-Type': 'text/html;charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  #authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (this.auth.type === 'basic') {
      const expected = Buffer.from(
        `${this.auth.username}:${this.auth.password}`,
      ).toString('base64');
      return header === `Basic ${expected}`;
    }
    return header.startsWith('Bearer ') && this.tokens.has(header.slice(7));
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url!, 'http://fake');
    const request: FakeRequest = {
      method: req.method!,
      url: req.url!,
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
    };
    this.requests.push(request);

    if (requestHeaderBytes(req) > this.maxRequestHeaderBytes) {
      return this.#html(
        res,
        400,
        '<html><head><title>HTTP Status 400 - Bad Request</title></head>' +
          '<body><h1>HTTP Status 400 - Bad Request</h1>' +
          '<p>Request header is too large</p></body></html>',
      );
    }

    if (url.pathname === '/oauth_token.do' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const fault = this.#takeFault(url.pathname);
      if (fault) return fault(res, {});
      if (
        this.auth.type !== 'oauth' ||
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== this.auth.clientId ||
        form.get('client_secret') !== this.auth.clientSecret
      ) {
        return this.#json(res, 401, {
          error: 'access_denied',
          error_description: 'Access denied',
        });
      }
      const token = `token-${randomBytes(12).toString('hex')}`;
      this.tokens.add(token);
      return this.#json(res, 200, {
        access_token: token,
        token_type: 'Bearer',
        expires_in: this.tokenLifetimeSeconds,
        scope: 'useraccount',
      });
    }

    const table = /^\/api\/now\/table\/([a-z_]+)(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
    const fault = this.#takeFault(url.pathname, req.method);
    const pageContext = () => {
      if (table?.[1] !== 'incident' || table[2] || req.method !== 'GET') {
        return {};
      }
      return this.#page(url.searchParams);
    };
    if (fault) return fault(res, pageContext());
    if (!this.#authorized(req)) {
      return this.#json(res, 401, {
        error: {
          message: 'User Not Authenticated',
          detail: 'Required to provide Auth information',
        },
        status: 'failure',
      });
    }
    if (!table) {
      return this.#json(res, 400, {
        error: { message: 'Invalid path' },
        status: 'failure',
      });
    }
    const [, tableName, sysId] = table;

    if ((FAKE_RECORD_TABLES as readonly string[]).includes(tableName)) {
      return this.#handleRecords(
        req.method!,
        tableName as FakeRecordTable,
        sysId,
        url.searchParams,
        body,
        res,
      );
    }

    if (tableName === 'incident' && req.method === 'GET' && !sysId) {
      const started = performance.now();
      const page = this.#page(url.searchParams);
      const records = this.pageFilter
        ? this.pageFilter(page.records, request)
        : page.records;
      this.#json(
        res,
        200,
        { result: records },
        { 'X-Total-Count': String(page.total) },
      );
      request.answeredAt = performance.now();
      request.serverMs = request.answeredAt - started;
      return undefined;
    }
    if (tableName === 'incident' && req.method === 'GET' && sysId) {
      const incident = this.incidents.get(sysId);
      if (!incident) {
        return this.#json(res, 404, {
          error: {
            message: 'No Record found',
            detail:
              'Record doesn\u0027t exist or ACL restricts the record retrieval',
          },
          status: 'failure',
        });
      }
      return this.#json(res, 200, {
        result: this.#render(incident, url.searchParams),
      });
    }
    if (tableName === 'incident' && req.method === 'POST') {
      const input = JSON.parse(body) as Record<string, string>;
      for (const field of ['business_service', 'cmdb_ci']) {
        if (input[field] && !this.cis.has(input[field])) {
          return this.#json(res, 400, {
            error: { message: `Invalid reference for ${field}` },
            status: 'failure',
          });
        }
      }
      const incident = this.addIncident({
        short_description: input.short_description ?? '',
        description: input.description ?? '',
        category: input.category ?? 'inquiry',
        business_service: input.business_service ?? '',
        cmdb_ci: input.cmdb_ci ?? '',
      });
      return this.#json(res, 201, {
        result: this.#render(incident, url.searchParams),
      });
    }
    if (
      (tableName === 'cmdb_ci_service' || tableName === 'cmdb_ci') &&
      req.method === 'GET'
    ) {
      const { queries } = parseEncodedQuery(
        url.searchParams.get('sysparm_query') ?? '',
      );
      const records = [...this.cis.entries()]
        .filter(([, ci]) => tableName === 'cmdb_ci' || ci.table === tableName)
        .map(([id, ci]) => ({ sys_id: id, name: ci.name }))
        .filter(r =>
          queries.every(groups =>
            groups.every(group =>
              group.some(c =>
                compare(
                  (r as Record<string, string>)[c.field] ?? '',
                  c.op,
                  c.value,
                ),
              ),
            ),
          ),
        );
      return this.#json(res, 200, { result: records });
    }
    return this.#json(res, 400, {
      error: { message: `Unsupported request ${req.method} ${url.pathname}` },
      status: 'failure',
    });
  }

  /** The Table API on one of {@link FAKE_RECORD_TABLES}: list, read, create and change. */
  #handleRecords(
    method: string,
    table: FakeRecordTable,
    sysId: string | undefined,
    params: URLSearchParams,
    body: string,
    res: ServerResponse,
  ) {
    const records = this.tables.get(table)!;
    const render = (record: FakeRecord) => {
      const fields = params.get('sysparm_fields')?.split(',');
      if (!fields) return { ...record };
      return Object.fromEntries(fields.map(f => [f, record[f] ?? '']));
    };
    const notFound = () =>
      this.#json(res, 404, {
        error: {
          message: 'No Record found',
          detail:
            'Record doesn\u0027t exist or ACL restricts the record retrieval',
        },
        status: 'failure',
      });
    if (method === 'GET' && !sysId) {
      const { queries, orderBy } = parseEncodedQuery(
        params.get('sysparm_query') ?? '',
      );
      // String comparisons on an instance do not mind case.
      const matches = [...records.values()].filter(
        record =>
          queries.length === 0 ||
          queries.some(groups =>
            groups.every(group =>
              group.some(c =>
                compare(
                  (record[c.field] ?? '').toLowerCase(),
                  c.op,
                  c.value.toLowerCase(),
                ),
              ),
            ),
          ),
      );
      matches.sort((a, b) => {
        for (const { field, desc } of orderBy) {
          const x = a[field] ?? '';
          const y = b[field] ?? '';
          if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
        }
        return 0;
      });
      const offset = Number(params.get('sysparm_offset') ?? 0);
      const limit = Number(params.get('sysparm_limit') ?? 10000);
      return this.#json(
        res,
        200,
        { result: matches.slice(offset, offset + limit).map(render) },
        { 'X-Total-Count': String(matches.length) },
      );
    }
    if (method === 'GET') {
      const record = records.get(sysId!);
      return record
        ? this.#json(res, 200, { result: render(record) })
        : notFound();
    }
    if (method !== 'POST' && method !== 'PATCH' && method !== 'PUT') {
      return this.#json(res, 405, {
        error: { message: `Method ${method} not allowed` },
        status: 'failure',
      });
    }
    if (this.readOnlyTables.has(table)) {
      return this.#json(res, 403, {
        error: {
          message: 'Operation Failed',
          detail: `ACL Exception ${
            method === 'POST' ? 'Insert' : 'Update'
          } Failed due to security constraints`,
        },
        status: 'failure',
      });
    }
    let input: FakeRecord;
    try {
      input = JSON.parse(body || '{}');
    } catch {
      return this.#json(res, 400, {
        error: { message: 'Exception while reading request' },
        status: 'failure',
      });
    }
    const fields = Object.fromEntries(
      Object.entries(input)
        .filter(([field]) => !SYSTEM_FIELDS.includes(field))
        .map(([field, value]) => [field, String(value)]),
    );
    if (method === 'POST') {
      if (sysId) return notFound();
      return this.#json(res, 201, {
        result: render(this.addRecord(table, fields)),
      });
    }
    if (!sysId || !records.has(sysId)) return notFound();
    return this.#json(res, 200, {
      result: render(this.updateRecord(table, sysId, fields)),
    });
  }

  #takeFault(path: string, method?: string): Fault | undefined {
    const index = this.faults.findIndex(
      f =>
        path.startsWith(f.path) &&
        (!f.method || !method || f.method === method),
    );
    if (index < 0) return undefined;
    const skipped = this.faults[index];
    if (skipped.skip) {
      skipped.skip--;
      return undefined;
    }
    return this.faults.splice(index, 1)[0].fault;
  }

  #fieldValue(incident: FakeIncident, field: string): string {
    const [base, sub] = field.split('.');
    const value = (incident as unknown as Record<string, string>)[base] ?? '';
    if (sub === 'name') return this.cis.get(value)?.name ?? '';
    if (sub) throw new Error(`Unsupported dot-walk ${field}`);
    return value;
  }

  #page(params: URLSearchParams) {
    const { queries, orderBy } = parseEncodedQuery(
      params.get('sysparm_query') ?? '',
    );
    const offset = Number(params.get('sysparm_offset') ?? 0);
    const limit = Number(params.get('sysparm_limit') ?? 10000);
    const indexed = this.#indexedPage(queries, orderBy, offset + limit);
    if (indexed) {
      return {
        records: indexed.matches
          .slice(offset)
          .map(incident => this.#render(incident, params)),
        total: indexed.total,
      };
    }
    // An OR group of equalities (the mapped references) is looked up rather than scanned, so
    // that thousands of references cost no more than a few: the same records either way.
    const tests = queries.map(groups =>
      groups.map(group => {
        if (group.some(c => c.op !== '=')) {
          return (incident: FakeIncident) =>
            group.some(c =>
              compare(this.#fieldValue(incident, c.field), c.op, c.value),
            );
        }
        const valuesByField = new Map<string, Set<string>>();
        for (const c of group) {
          const values = valuesByField.get(c.field) ?? new Set<string>();
          values.add(c.value);
          valuesByField.set(c.field, values);
        }
        return (incident: FakeIncident) =>
          [...valuesByField].some(([field, values]) =>
            values.has(this.#fieldValue(incident, field)),
          );
      }),
    );
    const matches = [...this.incidents.values()].filter(
      incident =>
        tests.length === 0 ||
        tests.some(groups => groups.every(test => test(incident))),
    );
    matches.sort((a, b) => {
      for (const { field, desc } of orderBy) {
        const x = this.#fieldValue(a, field);
        const y = this.#fieldValue(b, field);
        if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }
      return 0;
    });
    const records = matches
      .slice(offset, offset + limit)
      .map(incident => this.#render(incident, params));
    return { records, total: matches.length };
  }

  /**
   * The first `count` matches and their total, from the index, when the query is one the index
   * answers: an OR group of equalities on the indexed field, and the connector's keyset
   * (`sys_updated_on>=T` and `sys_updated_on>T^ORsys_id>X`), in key order. Undefined otherwise.
   */
  #indexedPage(
    queries: Condition[][][],
    orderBy: Array<{ field: string; desc: boolean }>,
    count: number,
  ): { matches: FakeIncident[]; total: number } | undefined {
    const index = this.#currentIndex();
    if (
      !index ||
      queries.length !== 1 ||
      orderBy.map(o => `${o.field}${o.desc ? ' desc' : ''}`).join() !==
        'sys_updated_on,sys_id'
    ) {
      return undefined;
    }
    let values: Set<string> | undefined;
    let from = { sys_updated_on: '', sys_id: '' };
    let inclusive = true;
    for (const group of queries[0]) {
      const [first, second] = group;
      if (group.every(c => c.field === index.field && c.op === '=')) {
        if (values) return undefined;
        values = new Set(group.map(c => c.value));
      } else if (
        group.length === 1 &&
        first.field === 'sys_updated_on' &&
        first.op === '>='
      ) {
        if (first.value > from.sys_updated_on) {
          from = { sys_updated_on: first.value, sys_id: '' };
        }
      } else if (
        group.length === 2 &&
        first.field === 'sys_updated_on' &&
        first.op === '>' &&
        second.field === 'sys_id' &&
        second.op === '>' &&
        first.value === from.sys_updated_on
      ) {
        from = { sys_updated_on: first.value, sys_id: second.value };
        inclusive = false;
      } else {
        return undefined;
      }
    }
    if (!values) return undefined;
    // Each list from its first key after the position; the page merges them in key order.
    const cursors: Array<{ list: FakeIncident[]; at: number }> = [];
    let total = 0;
    for (const value of values) {
      const list = index.lists.get(value);
      if (!list) continue;
      const at = firstAfter(list, from, inclusive);
      total += list.length - at;
      if (at < list.length) cursors.push({ list, at });
    }
    const matches: FakeIncident[] = [];
    while (matches.length < count && cursors.length > 0) {
      let best = 0;
      for (let i = 1; i < cursors.length; i++) {
        const c = cursors[i];
        if (
          compareKeys(c.list[c.at], cursors[best].list[cursors[best].at]) < 0
        ) {
          best = i;
        }
      }
      const cursor = cursors[best];
      matches.push(cursor.list[cursor.at++]);
      if (cursor.at >= cursor.list.length) cursors.splice(best, 1);
    }
    return { matches, total };
  }

  /** Renders a record with `sysparm_fields` and `sysparm_display_value`. */
  #render(
    incident: FakeIncident,
    params: URLSearchParams,
  ): Record<string, unknown> {
    const fields = params.get('sysparm_fields')?.split(',') ?? [
      ...Object.keys(incident),
    ];
    const mode = params.get('sysparm_display_value') ?? 'false';
    const result: Record<string, unknown> = {};
    for (const field of fields) {
      const value = this.#fieldValue(incident, field);
      let display = value;
      if (field === 'priority') display = PRIORITIES[value] ?? value;
      if (field === 'state') display = STATES[value] ?? value;
      if (field === 'category') {
        display = value ? value[0].toUpperCase() + value.slice(1) : '';
      }
      if (field === 'business_service' || field === 'cmdb_ci') {
        display = this.cis.get(value)?.name ?? '';
      }
      if (['opened_at', 'resolved_at', 'sys_updated_on'].includes(field)) {
        display = displayDateTime(value);
      }
      if (mode === 'all') {
        result[field] = { value, display_value: display };
      } else if (mode === 'true') {
        result[field] = display;
      } else {
        result[field] = value;
      }
    }
    return result;
  }
}
