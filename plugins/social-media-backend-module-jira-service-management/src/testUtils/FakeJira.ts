import { randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { JqlError, JqlNode, parseJql, textMatches } from './fakeJql';

/** Status categories as Jira reports them. */
export type StatusCategory = 'new' | 'indeterminate' | 'done';

/** An issue as the fake stores it; times are epoch ms. */
export interface FakeIssue {
  id: string;
  key: string;
  project: string;
  issueType: string;
  summary: string;
  description?: unknown;
  priority?: string;
  status: string;
  statusCategory: StatusCategory;
  resolutiondate?: number;
  created: number;
  updated: number;
  statusCategoryChanged: number;
  components: string[];
  labels: string[];
  /** Custom field values by id: a string (text or select) or a string array (multi-select). */
  custom: Record<string, string | string[] | undefined>;
}

/** A custom field and its kind. */
export interface FakeCustomField {
  id: `customfield_${number}`;
  name: string;
  kind: 'select' | 'multiselect' | 'text' | 'date';
  options?: string[];
}

/** A recorded request. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  /** The parsed JSON body, if any. */
  json?: any;
}

/**
 * Takes over one request: write any answer (or none) and return. For a search, `answer` is what
 * the server would have sent.
 */
export type Fault = (
  res: ServerResponse,
  context: { answer?: Record<string, any>; request: FakeRequest },
) => void;

const CATEGORIES: Record<
  StatusCategory,
  { id: number; key: string; colorName: string; name: string }
> = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: {
    id: 4,
    key: 'indeterminate',
    colorName: 'yellow',
    name: 'In Progress',
  },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
};
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
const ISSUE_TYPES = ['Incident', 'Service request', 'Problem', 'Task'];

const CUSTOM_TYPES = {
  select: { type: 'option', custom: 'select' },
  multiselect: { type: 'array', items: 'option', custom: 'multiselect' },
  text: { type: 'string', custom: 'textfield' },
  date: { type: 'date', custom: 'datepicker' },
} as const;

/** The wall-clock fields of an instant in a zone. */
function wallParts(ms: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map(p => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return { asUtc, offset: asUtc - Math.floor(ms / 1000) * 1000 };
}

/** A Jira timestamp in the zone, e.g. `2026-11-20T05:00:05.123-0500`. */
export function jiraTimestamp(ms: number, timeZone: string): string {
  const { asUtc, offset } = wallParts(ms, timeZone);
  const local = new Date(asUtc + (ms % 1000)).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${local}${sign}${hh}${mm}`;
}

/**
 * The instant a JQL wall-clock date-time stands for in a zone. When daylight saving time ends
 * and the time happens twice, the later one is taken: the harder case for a client.
 */
function wallToInstant(wallUtc: number, timeZone: string): number {
  const candidates = [-1, 0, 1]
    .map(d => wallParts(wallUtc + d * 86_400_000, timeZone).offset)
    .map(offset => wallUtc - offset)
    .filter(t => wallParts(t, timeZone).asUtc === wallUtc);
  if (candidates.length) return Math.max(...candidates);
  // In a gap (clocks moved forward): the offset before it.
  return wallUtc - wallParts(wallUtc - 86_400_000, timeZone).offset;
}

function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}

/**
 * A local stand-in for Jira (Cloud REST API v3, or Data Center REST API v2): the enhanced JQL
 * search with `nextPageToken` (Cloud) or `startAt` (Data Center), issues by id or key, issue
 * creation with Atlassian Document Format descriptions (Cloud), `/myself` and `/field`, basic
 * auth with an API token or a bearer personal access token, JQL date-times read in the account's
 * time zone, and Jira's `{ errorMessages, errors }` error bodies. Faults can be queued per
 * request.
 */
export class FakeJira {
  deployment: 'cloud' | 'dataCenter' = 'cloud';
  account = {
    email: 'itsm-integration@example.com',
    apiToken: 'ATATT3xFfGF0-api-token-s3cret',
    pat: 'NjM4-personal-access-token-s3cret',
    timeZone: 'UTC',
  };
  readonly projects = new Map<
    string,
    { id: string; key: string; name: string; components: string[] }
  >();
  /** Projects the account cannot browse: Jira behaves as if they did not exist. */
  readonly hiddenProjects = new Set<string>();
  readonly customFields: FakeCustomField[] = [];
  readonly issues = new Map<string, FakeIssue>();
  readonly requests: FakeRequest[] = [];
  readonly faults: Array<{ path: string; fault: Fault }> = [];
  /** Cloud page tokens: the query they belong to and the offset they continue at. */
  readonly tokens = new Map<string, { jql: string; offset: number }>();
  /** The last search answer sent (not a fault's), as sent. */
  lastSearchAnswer?: Record<string, any>;
  /** Rewrites the issues of a search page before it is sent. */
  pageFilter?: (
    issues: Array<Record<string, any>>,
    request: FakeRequest,
  ) => Array<Record<string, any>>;
  #server?: Server;
  #nextId = 10000;
  #counters = new Map<string, number>();
  #clock = Date.parse('2026-11-01T08:00:00.000Z');

  get url(): string {
    const { port } = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get now(): number {
    return this.#clock;
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        try {
          this.#handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          this.#json(res, 500, {
            errorMessages: [`Internal server error: ${String(error)}`],
            errors: {},
          });
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

  addProject(key: string, components: string[] = [], name = key) {
    const project = {
      id: String(10000 + this.projects.size),
      key,
      name,
      components,
    };
    this.projects.set(key, project);
    return project;
  }

  addCustomField(field: FakeCustomField): void {
    this.customFields.push(field);
  }

  /** Sets the clock, e.g. to the real time for tests whose results depend on it. */
  setClock(ms: number): void {
    this.#clock = ms;
  }

  /** Advances the clock by `ms` (default: a minute and a bit) and returns it. */
  tick(ms = 61_123): number {
    this.#clock += ms;
    return this.#clock;
  }

  addIssue(fields: Partial<FakeIssue> & { project: string }): FakeIssue {
    const updated = fields.updated ?? this.tick();
    const id = String(this.#nextId++);
    const number = (this.#counters.get(fields.project) ?? 0) + 1;
    this.#counters.set(fields.project, number);
    const issue: FakeIssue = {
      id,
      key: `${fields.project}-${number}`,
      issueType: 'Incident',
      summary: 'Suspicious login',
      priority: 'Medium',
      status: 'Open',
      statusCategory: 'new',
      created: updated,
      updated,
      statusCategoryChanged: updated,
      components: [],
      labels: [],
      custom: {},
      ...fields,
    };
    this.issues.set(id, issue);
    return issue;
  }

  /** Changes an issue; its `updated` moves to the clock's next tick unless given. */
  update(id: string, fields: Partial<FakeIssue>): FakeIssue {
    const current = this.issues.get(id)!;
    const updated = fields.updated ?? this.tick();
    const issue = { ...current, ...fields, updated };
    if (
      fields.statusCategory &&
      fields.statusCategory !== current.statusCategory
    ) {
      issue.statusCategoryChanged = updated;
    }
    this.issues.set(id, issue);
    return issue;
  }

  /** Queues a fault for the next request whose path starts with `path`. */
  failNext(fault: Fault, path = this.searchPath): void {
    this.faults.push({ path, fault });
  }

  get apiPrefix(): string {
    return this.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  }

  get searchPath(): string {
    return this.deployment === 'cloud'
      ? '/rest/api/3/search/jql'
      : '/rest/api/2/search';
  }

  listRequests(path = this.searchPath): FakeRequest[] {
    return this.requests.filter(r => r.path === path);
  }

  /** The JQL of each search request so far. */
  get searches(): string[] {
    return this.listRequests().map(r => r.json?.jql);
  }

  // -------------------------------------------------------------------------------------------

  #json(res: ServerResponse, status: number, body: unknown, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  #error(
    res: ServerResponse,
    status: number,
    errorMessages: string[],
    errors: Record<string, string> = {},
  ) {
    this.#json(res, status, { errorMessages, errors });
  }

  #authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (this.deployment === 'cloud') {
      const expected = Buffer.from(
        `${this.account.email}:${this.account.apiToken}`,
      ).toString('base64');
      return header === `Basic ${expected}`;
    }
    return header === `Bearer ${this.account.pat}`;
  }

  #takeFault(path: string): Fault | undefined {
    const index = this.faults.findIndex(f => path.startsWith(f.path));
    if (index < 0) return undefined;
    return this.faults.splice(index, 1)[0].fault;
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url!, 'http://fake');
    let json: any;
    if (body) {
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
    }
    const request: FakeRequest = {
      method: req.method!,
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      json,
    };
    this.requests.push(request);
    const fault = this.#takeFault(url.pathname);
    if (fault) {
      let answer: Record<string, any> | undefined;
      if (url.pathname === this.searchPath && json) {
        try {
          answer = this.#search(json).answer;
        } catch {
          answer = undefined;
        }
      }
      return fault(res, { answer, request });
    }

    if (!this.#authorized(req)) {
      return this.#json(
        res,
        401,
        {
          errorMessages: [
            'You are not authenticated. Authentication required to perform this operation.',
          ],
          errors: {},
        },
        { 'WWW-Authenticate': 'Basic realm="protected-area"' },
      );
    }
    const prefix = this.apiPrefix;
    if (!url.pathname.startsWith(`${prefix}/`)) {
      return this.#json(res, 404, {
        errorMessages: [`null for uri: ${url.pathname}`],
      });
    }
    const path = url.pathname.slice(prefix.length);
    if (body && json === undefined) {
      return this.#error(res, 400, [
        'Unexpected character in the request body; it is not JSON.',
      ]);
    }

    if (path === '/myself' && req.method === 'GET') {
      return this.#json(res, 200, {
        self: `${this.url}${prefix}/myself`,
        ...(this.deployment === 'cloud'
          ? { accountId: '5b10ac8d82e05b22cc7d4ef5', accountType: 'atlassian' }
          : { key: 'JIRAUSER10100', name: 'itsm-integration' }),
        emailAddress: this.account.email,
        displayName: 'ITSM integration',
        active: true,
        timeZone: this.account.timeZone,
        locale: 'en_US',
      });
    }
    if (path === '/field' && req.method === 'GET') {
      return this.#json(res, 200, this.#fieldList());
    }
    if (
      req.method === 'POST' &&
      ((this.deployment === 'cloud' && path === '/search/jql') ||
        (this.deployment === 'dataCenter' && path === '/search'))
    ) {
      try {
        const { answer } = this.#search(json ?? {});
        if (this.pageFilter && Array.isArray(answer.issues)) {
          answer.issues = this.pageFilter(answer.issues, request);
        }
        this.lastSearchAnswer = structuredClone(answer);
        return this.#json(res, 200, answer);
      } catch (error) {
        if (error instanceof JqlError) {
          return this.#error(res, 400, [error.message]);
        }
        throw error;
      }
    }
    if (this.deployment === 'cloud' && path === '/search') {
      return this.#error(res, 410, [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.',
      ]);
    }
    const issuePath = /^\/issue\/([^/]+)$/.exec(path);
    if (issuePath && req.method === 'GET') {
      const issue = this.#find(decodeURIComponent(issuePath[1]));
      if (!issue || this.hiddenProjects.has(issue.project)) {
        return this.#error(res, 404, [
          'Issue does not exist or you do not have permission to see it.',
        ]);
      }
      const fields = url.searchParams.get('fields')?.split(',');
      return this.#json(res, 200, this.#render(issue, fields ?? ['*all']));
    }
    if (path === '/issue' && req.method === 'POST') {
      return this.#create(res, json);
    }
    return this.#error(res, 404, [
      `No resource for ${req.method} ${url.pathname}`,
    ]);
  }

  #find(idOrKey: string): FakeIssue | undefined {
    if (/^\d+$/.test(idOrKey)) return this.issues.get(idOrKey);
    return [...this.issues.values()].find(
      i => i.key.toLowerCase() === idOrKey.toLowerCase(),
    );
  }

  #fieldList() {
    const system = [
      ['summary', 'Summary', 'string'],
      ['priority', 'Priority', 'priority'],
      ['status', 'Status', 'status'],
      ['resolutiondate', 'Resolved', 'datetime'],
      ['created', 'Created', 'datetime'],
      ['updated', 'Updated', 'datetime'],
      ['components', 'Components', 'array'],
      ['issuetype', 'Work type', 'issuetype'],
      ['labels', 'Labels', 'array'],
      ['project', 'Space', 'project'],
    ].map(([id, name, type]) => ({
      id,
      key: id,
      name,
      custom: false,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [id],
      schema: { type, system: id },
    }));
    const custom = this.customFields.map(f => {
      const number = Number(f.id.slice('customfield_'.length));
      const { custom: plugin, ...schema } = CUSTOM_TYPES[f.kind];
      return {
        id: f.id,
        key: f.id,
        name: f.name,
        untranslatedName: f.name,
        custom: true,
        orderable: true,
        navigable: true,
        searchable: true,
        clauseNames: [`cf[${number}]`, f.name],
        schema: {
          ...schema,
          custom: `com.atlassian.jira.plugin.system.customfieldtypes:${plugin}`,
          customId: number,
        },
      };
    });
    return [...system, ...custom];
  }

  // --- search ---------------------------------------------------------------------------------

  #search(body: Record<string, any>): { answer: Record<string, any> } {
    const cloud = this.deployment === 'cloud';
    const allowed = cloud
      ? [
          'jql',
          'nextPageToken',
          'maxResults',
          'fields',
          'expand',
          'properties',
          'fieldsByKeys',
          'failFast',
          'reconcileIssues',
        ]
      : [
          'jql',
          'startAt',
          'maxResults',
          'fields',
          'expand',
          'properties',
          'fieldsByKeys',
          'validateQuery',
        ];
    if (
      typeof body !== 'object' ||
      body === null ||
      Object.keys(body).some(k => !allowed.includes(k)) ||
      typeof body.jql !== 'string'
    ) {
      throw new JqlError(
        'Invalid request payload. Refer to the REST API documentation and try again.',
      );
    }
    const jql: string = body.jql;
    const query = parseJql(jql);
    if (cloud && !query.where) {
      throw new JqlError(
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      );
    }
    const matches = query.where ? this.#compile(query.where) : () => true;
    const sorters = query.orderBy.map(({ field, desc }) => {
      const lower = field.toLowerCase();
      let get: (i: FakeIssue) => number | string;
      if (lower === 'updated' || lower === 'updateddate') get = i => i.updated;
      else if (lower === 'created' || lower === 'createddate')
        get = i => i.created;
      else if (['key', 'issuekey', 'id', 'issue'].includes(lower)) {
        // JQL's id is an alias of the issue key: project key first, then the number.
        get = i => `${i.project}-${String(keyNumber(i.key)).padStart(12, '0')}`;
      } else {
        throw new JqlError(`Not able to sort using field '${field}'.`);
      }
      return (a: FakeIssue, b: FakeIssue) => {
        const x = get(a);
        const y = get(b);
        if (x === y) return 0;
        return (x < y ? -1 : 1) * (desc ? -1 : 1);
      };
    });
    const found = [...this.issues.values()]
      .filter(i => !this.hiddenProjects.has(i.project))
      .filter(matches)
      .sort((a, b) => {
        for (const sort of sorters) {
          const c = sort(a, b);
          if (c) return c;
        }
        return 0;
      });
    const requested = Number(body.maxResults ?? 50);
    const maxResults = Math.max(0, Math.min(requested, cloud ? 100 : 1000));
    // Without a field list, the enhanced search returns ids only; Data Center navigable fields.
    let fields: string[] = cloud ? [] : ['*navigable'];
    if (Array.isArray(body.fields)) fields = body.fields;

    if (cloud) {
      let offset = 0;
      if (body.nextPageToken !== undefined) {
        const token = this.tokens.get(String(body.nextPageToken));
        if (!token || token.jql !== jql) {
          throw new JqlError(
            'The nextPageToken is invalid or has expired. Start the search again without it.',
          );
        }
        offset = token.offset;
      }
      const page = found.slice(offset, offset + maxResults);
      const more = offset + page.length < found.length;
      let nextPageToken: string | undefined;
      if (more) {
        nextPageToken = randomBytes(18).toString('base64');
        this.tokens.set(nextPageToken, { jql, offset: offset + page.length });
      }
      return {
        answer: {
          issues: page.map(i => this.#render(i, fields)),
          ...(nextPageToken ? { nextPageToken } : {}),
          isLast: !more,
        },
      };
    }
    const startAt = Number(body.startAt ?? 0);
    const page = found.slice(startAt, startAt + maxResults);
    return {
      answer: {
        expand: 'schema,names',
        startAt,
        maxResults,
        total: found.length,
        issues: page.map(i => this.#render(i, fields)),
      },
    };
  }

  /** Turns a JQL condition into a predicate, checking fields and values as Jira does. */
  #compile(node: JqlNode): (issue: FakeIssue) => boolean {
    if (node.type === 'and' || node.type === 'or') {
      const items = node.items.map(n => this.#compile(n));
      return node.type === 'and'
        ? i => items.every(f => f(i))
        : i => items.some(f => f(i));
    }
    if (node.type === 'not') {
      const item = this.#compile(node.item);
      return i => !item(i);
    }
    const { field, op, values, empty } = node;
    const lower = field.toLowerCase();
    const unsupported = (name: string) =>
      new JqlError(
        `The operator '${op.toUpperCase()}' is not supported by the '${name}' field.`,
      );
    const missing = (value: string, name: string) =>
      new JqlError(
        `The value '${value}' does not exist for the field '${name}'.`,
      );
    const setOps = ['=', '!=', 'in', 'not in', 'is', 'is not'];

    const membership = (
      name: string,
      get: (i: FakeIssue) => string[],
      exists: (value: string) => boolean,
      normalize: (value: string) => string = v => v,
    ) => {
      if (!setOps.includes(op)) throw unsupported(name);
      for (const v of values) if (!exists(v)) throw missing(v, name);
      const wanted = values.map(v => normalize(v).toLowerCase());
      const has = (i: FakeIssue) =>
        get(i).some(v => wanted.includes(v.toLowerCase()));
      if (empty) {
        return op === 'is' || op === '='
          ? (i: FakeIssue) => get(i).length === 0
          : (i: FakeIssue) => get(i).length > 0;
      }
      return op === '=' || op === 'in' ? has : (i: FakeIssue) => !has(i);
    };

    if (lower === 'project') {
      const projects = [...this.projects.values()].filter(
        p => !this.hiddenProjects.has(p.key),
      );
      const toKey = (v: string) =>
        projects.find(
          p =>
            p.key.toLowerCase() === v.toLowerCase() ||
            p.name.toLowerCase() === v.toLowerCase(),
        )?.key;
      return membership(
        'project',
        i => [i.project],
        v => toKey(v) !== undefined,
        v => toKey(v) ?? v,
      );
    }
    if (lower === 'component') {
      return membership(
        'component',
        i => i.components,
        v =>
          [...this.projects.values()].some(p =>
            p.components.some(c => c.toLowerCase() === v.toLowerCase()),
          ),
      );
    }
    if (lower === 'issuetype' || lower === 'type') {
      return membership(
        'issuetype',
        i => [i.issueType],
        v => ISSUE_TYPES.some(t => t.toLowerCase() === v.toLowerCase()),
      );
    }
    if (lower === 'labels') {
      return membership(
        'labels',
        i => i.labels,
        () => true,
      );
    }
    if (lower === 'status') {
      return membership(
        'status',
        i => [i.status],
        () => true,
      );
    }
    if (['key', 'issuekey', 'id', 'issue'].includes(lower)) {
      return membership(
        'key',
        i => [i.key, i.id],
        v => this.#find(v) !== undefined,
      );
    }
    if (['updated', 'updateddate', 'created', 'createddate'].includes(lower)) {
      const name = lower.startsWith('updated') ? 'updated' : 'created';
      if (!['=', '!=', '>', '>=', '<', '<='].includes(op)) {
        throw unsupported(name);
      }
      const at = this.#parseDate(values[0], name);
      const get = (i: FakeIssue) =>
        name === 'updated' ? i.updated : i.created;
      const compare: Record<string, (x: number) => boolean> = {
        '=': x => x === at,
        '!=': x => x !== at,
        '>': x => x > at,
        '>=': x => x >= at,
        '<': x => x < at,
        '<=': x => x <= at,
      };
      return i => compare[op](get(i));
    }
    const cf = /^cf\[(\d+)\]$/i.exec(field);
    const customField = this.customFields.find(f =>
      cf ? f.id === `customfield_${cf[1]}` : f.name.toLowerCase() === lower,
    );
    if (!customField) {
      throw new JqlError(
        `Field '${field}' does not exist or you do not have permission to view it.`,
      );
    }
    const valuesOf = (i: FakeIssue) => {
      const value = i.custom[customField.id];
      if (value === undefined) return [];
      return Array.isArray(value) ? value : [value];
    };
    if (customField.kind === 'text') {
      if (!['~', '!~', 'is', 'is not'].includes(op)) {
        throw unsupported(customField.name);
      }
      if (empty) {
        return op === 'is'
          ? i => valuesOf(i).length === 0
          : i => valuesOf(i).length > 0;
      }
      const match = (i: FakeIssue) =>
        valuesOf(i).some(v => textMatches(v, values[0]));
      return op === '~' ? match : i => !match(i);
    }
    if (customField.kind === 'date') throw unsupported(customField.name);
    return membership(customField.name, valuesOf, v => {
      if (customField.options?.some(o => o.toLowerCase() === v.toLowerCase())) {
        return true;
      }
      throw new JqlError(
        `The option '${v}' for field '${customField.name}' does not exist.`,
      );
    });
  }

  #parseDate(value: string, name: string): number {
    const absolute =
      /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: (\d{1,2}):(\d{2}))?$/.exec(value);
    if (absolute) {
      const [, y, mo, d, h, mi] = absolute.map(Number);
      const wall = Date.UTC(y, mo - 1, d, h || 0, mi || 0);
      return wallToInstant(wall, this.account.timeZone);
    }
    const relative = /^([-+]?)((?:\s*\d+[wdhm])+)$/.exec(value.trim());
    if (relative) {
      const units: Record<string, number> = {
        w: 604_800_000,
        d: 86_400_000,
        h: 3_600_000,
        m: 60_000,
      };
      let total = 0;
      for (const [, n, unit] of relative[2].matchAll(/(\d+)([wdhm])/g)) {
        total += Number(n) * units[unit];
      }
      return this.#clock + (relative[1] === '-' ? -total : total);
    }
    throw new JqlError(
      `Date value '${value}' for field '${name}' is invalid. Valid formats include: ` +
        "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
    );
  }

  // --- rendering ------------------------------------------------------------------------------

  #render(issue: FakeIssue, requested: string[]): Record<string, any> {
    const prefix = `${this.url}${this.apiPrefix}`;
    const zone = this.account.timeZone;
    const stamp = (ms: number | undefined) =>
      ms === undefined ? null : jiraTimestamp(ms, zone);
    const project = this.projects.get(issue.project)!;
    const all: Record<string, () => unknown> = {
      summary: () => issue.summary,
      description: () => issue.description ?? null,
      priority: () =>
        issue.priority
          ? {
              self: `${prefix}/priority/${
                PRIORITIES.indexOf(issue.priority) + 1
              }`,
              iconUrl: `${
                this.url
              }/images/icons/priorities/${issue.priority.toLowerCase()}.svg`,
              name: issue.priority,
              id: String(PRIORITIES.indexOf(issue.priority) + 1),
            }
          : null,
      status: () => ({
        self: `${prefix}/status/1`,
        description: '',
        iconUrl: `${this.url}/images/icons/statuses/generic.png`,
        name: issue.status,
        id: '1',
        statusCategory: {
          self: `${prefix}/statuscategory/${
            CATEGORIES[issue.statusCategory].id
          }`,
          ...CATEGORIES[issue.statusCategory],
        },
      }),
      resolutiondate: () => stamp(issue.resolutiondate),
      created: () => stamp(issue.created),
      updated: () => stamp(issue.updated),
      statuscategorychangedate: () => stamp(issue.statusCategoryChanged),
      components: () =>
        issue.components.map(name => ({
          self: `${prefix}/component/${
            project.components.indexOf(name) + 10000
          }`,
          id: String(project.components.indexOf(name) + 10000),
          name,
        })),
      issuetype: () => ({
        self: `${prefix}/issuetype/${
          ISSUE_TYPES.indexOf(issue.issueType) + 10001
        }`,
        id: String(ISSUE_TYPES.indexOf(issue.issueType) + 10001),
        description: '',
        iconUrl: `${this.url}/images/icons/issuetypes/incident.svg`,
        name: issue.issueType,
        subtask: false,
        hierarchyLevel: 0,
      }),
      labels: () => issue.labels,
      project: () => ({
        self: `${prefix}/project/${project.id}`,
        id: project.id,
        key: project.key,
        name: project.name,
        projectTypeKey: 'service_desk',
        simplified: false,
      }),
    };
    for (const field of this.customFields) {
      all[field.id] = () => {
        const value = issue.custom[field.id];
        if (value === undefined) return null;
        const option = (v: string) => ({
          self: `${prefix}/customFieldOption/${
            (field.options ?? []).indexOf(v) + 10100
          }`,
          value: v,
          id: String((field.options ?? []).indexOf(v) + 10100),
        });
        if (field.kind === 'select') return option(String(value));
        if (field.kind === 'multiselect') {
          return (Array.isArray(value) ? value : [value]).map(option);
        }
        return value;
      };
    }
    const names =
      requested.includes('*all') || requested.includes('*navigable')
        ? Object.keys(all)
        : requested.filter(f => f in all);
    const fields = Object.fromEntries(names.map(n => [n, all[n]()]));
    return {
      expand:
        'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${prefix}/issue/${issue.id}`,
      key: issue.key,
      ...(names.length || this.deployment === 'dataCenter' ? { fields } : {}),
    };
  }

  // --- create ---------------------------------------------------------------------------------

  #create(res: ServerResponse, body: any) {
    const fields = body?.fields;
    if (typeof fields !== 'object' || fields === null) {
      return this.#error(res, 400, ['No fields were given for the new issue.']);
    }
    const errors: Record<string, string> = {};
    const project = [...this.projects.values()].find(
      p =>
        !this.hiddenProjects.has(p.key) &&
        (p.key === fields.project?.key || p.id === fields.project?.id),
    );
    if (!project) errors.project = 'Specify a valid project ID or key';
    const issueType = ISSUE_TYPES.find(t => t === fields.issuetype?.name);
    if (!issueType) errors.issuetype = 'Specify a valid issue type';
    const summary = fields.summary;
    if (typeof summary !== 'string' || !summary.trim()) {
      errors.summary = 'You must specify a summary of the issue.';
    } else if (/[\r\n]/.test(summary)) {
      errors.summary =
        'The summary is invalid because it contains newline characters.';
    } else if (summary.length > 255) {
      errors.summary = 'Summary must be less than 255 characters.';
    }
    const description = fields.description;
    if (description !== undefined) {
      if (this.deployment === 'cloud') {
        if (!isAdf(description)) {
          errors.description =
            'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        }
      } else if (typeof description !== 'string') {
        errors.description = 'Operation value must be a string';
      }
    }
    const components: string[] = [];
    for (const c of Array.isArray(fields.components) ? fields.components : []) {
      const name = project?.components.find(
        n => n.toLowerCase() === String(c?.name).toLowerCase(),
      );
      if (!name) {
        errors.components = `Component name '${c?.name}' is not valid`;
      } else {
        components.push(name);
      }
    }
    const labels: string[] = Array.isArray(fields.labels) ? fields.labels : [];
    const spaced = labels.find(l => /\s/.test(l));
    if (spaced !== undefined) {
      errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
    }
    const custom: FakeIssue['custom'] = {};
    const known = new Set([
      'project',
      'issuetype',
      'summary',
      'description',
      'components',
      'labels',
    ]);
    for (const [id, value] of Object.entries(fields)) {
      if (known.has(id)) continue;
      const field = this.customFields.find(f => f.id === id);
      if (!field) {
        errors[
          id
        ] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
        continue;
      }
      const optionOf = (v: any) => field.options?.find(o => o === v?.value);
      if (field.kind === 'text' && typeof value === 'string') {
        custom[id] = value;
      } else if (field.kind === 'select' && optionOf(value)) {
        custom[id] = optionOf(value);
      } else if (
        field.kind === 'multiselect' &&
        Array.isArray(value) &&
        value.every(optionOf)
      ) {
        custom[id] = value.map(optionOf) as string[];
      } else {
        errors[id] = `Specify a valid value for ${field.name}`;
      }
    }
    if (Object.keys(errors).length) return this.#error(res, 400, [], errors);
    const issue = this.addIssue({
      project: project!.key,
      issueType: issueType!,
      summary,
      description,
      components,
      labels,
      custom,
      priority: 'Medium',
    });
    return this.#json(res, 201, {
      id: issue.id,
      key: issue.key,
      self: `${this.url}${this.apiPrefix}/issue/${issue.id}`,
    });
  }
}

/** A minimal check of an Atlassian Document: a doc of blocks whose text nodes are not empty. */
function isAdf(value: any): boolean {
  if (
    value?.type !== 'doc' ||
    value.version !== 1 ||
    !Array.isArray(value.content)
  ) {
    return false;
  }
  const inline = (node: any): boolean =>
    node?.type === 'hardBreak' ||
    (node?.type === 'text' &&
      typeof node.text === 'string' &&
      node.text.length > 0);
  return value.content.every(
    (block: any) =>
      block?.type === 'paragraph' &&
      Array.isArray(block.content) &&
      block.content.every(inline),
  );
}
