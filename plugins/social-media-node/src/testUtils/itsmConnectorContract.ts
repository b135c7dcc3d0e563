/*
 * The contract suite is a test utility: it defines Jest blocks for the connector modules' test
 * files to run, and exports them (the only file of the package that uses Jest's globals).
 */
/* eslint-disable jest/no-export */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ItsmConnector,
  ItsmIncident,
  ItsmIncidentPage,
  ItsmServiceMapping,
} from '../connectors';

/**
 * A fault the vendor-format server answers the next incident list request with.
 *
 * - `status`: that HTTP status, in the tool's own error format, with `message` as the tool's
 *   error message when given (it may echo secrets, as misconfigured proxies and scripts do), and a
 *   `Retry-After` header when `retryAfterSeconds` is given.
 * - `hang`: no answer at all; the connection stays open.
 * - `truncated`: the page the server would have sent, cut off half-way before its
 *   `Content-Length`, and the connection closed.
 * - `malformed`: HTTP 200 with a body that is not JSON.
 *
 * @public
 */
export type ItsmContractFault =
  | {
      kind: 'status';
      status: number;
      retryAfterSeconds?: number;
      message?: string;
    }
  | { kind: 'hang' }
  | { kind: 'truncated' }
  | { kind: 'malformed' };

/**
 * How the server spoils the next incident list answer.
 *
 * - `replay`: it sends the previous list answer again instead (a stale cache).
 * - `duplicate`: it lists one record twice.
 * - `reorder`: it lists its records in reverse order.
 *
 * @public
 */
export type ItsmContractPageChange = 'replay' | 'duplicate' | 'reorder';

/**
 * When a change is stamped, in the tool's own timestamps.
 *
 * - `next`: after every change so far, by at least one timestamp unit.
 * - `same-unit`: within the same timestamp unit (second, minute) as the newest change on the
 *   server, no later than it: a burst of changes.
 * - `earlier`: `byMs` before the newest change on the server: a transaction that commits after
 *   later ones. The suite keeps it after the changed incident's own previous stamp.
 *
 * @public
 */
export type ItsmContractStamp =
  | { kind: 'next' }
  | { kind: 'same-unit' }
  | { kind: 'earlier'; byMs: number };

/**
 * What the suite asks of a connector it creates: small pages, retries and timeouts so that the
 * tests run fast, its own `sleep` (so that waits are recorded rather than spent) and a recording
 * logger.
 *
 * @public
 */
export interface ItsmContractConnectorOptions {
  /** Incidents per page the connector asks for. */
  pageSize: number;
  /** How far before its cursor each run reads again. */
  overlapMs: number;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay. */
  retryBaseDelayMs: number;
  /** Waits between attempts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  logger: LoggerService;
}

/**
 * What a connector module provides to run {@link describeItsmConnectorContract}: its
 * vendor-format server, started fresh for each test, and vendor-neutral operations on it.
 *
 * @public
 */
export interface ItsmConnectorContractAdapter {
  /** Starts the server with no incidents; called before each test. */
  start(): Promise<void>;
  /** Stops the server; called after each test. */
  stop(): Promise<void>;
  /**
   * The services mapped in the tests, grouped by the ITSM record they are mapped to: at least
   * two records, one of them with at least two services (each gets its own copy of an
   * incident). References may be written in any form the connector accepts.
   */
  mappedRecords(): ItsmServiceMapping[][];
  /** A connector of the module, talking to the server. */
  createConnector(options: ItsmContractConnectorOptions): ItsmConnector;
  /**
   * Files an incident with this title against the record of a mapping, or against a record no
   * service is mapped to; returns its external id.
   */
  addIncident(options: {
    mapping?: ItsmServiceMapping;
    title: string;
    stamp: ItsmContractStamp;
  }): Promise<string> | string;
  /** Changes an incident's title, stamped as asked. */
  updateIncident(
    externalId: string,
    options: { title: string; stamp: ItsmContractStamp },
  ): Promise<void> | void;
  /** Queues a fault for the next incident list request (first in, first out). */
  failNextListRequest(fault: ItsmContractFault): void;
  /** Spoils the next incident list answer. */
  changeNextListAnswer(change: ItsmContractPageChange): void;
  /**
   * Everything secret the connector is given or receives (passwords, tokens, their encodings):
   * none may appear in an error message or a log line. Read after each test.
   */
  secrets(): string[];
  /** The length of the tool's timestamp unit in milliseconds: 1 000 (second), 60 000 (minute). */
  readonly timestampUnitMs: number;
  /**
   * What a message must say for a refused request, in the tool's terms: which setting to check
   * on HTTP 401, which permission or role to grant on HTTP 403.
   */
  readonly hints: { unauthorized: RegExp; forbidden: RegExp };
}

/**
 * Options of {@link describeItsmConnectorContract}.
 *
 * @public
 */
export interface ItsmConnectorContractOptions {
  /** Names the `describe` block, e.g. `ServiceNowConnector`. */
  name: string;
  /** Makes the adapter; called once, when the suite is defined. */
  adapter: () => ItsmConnectorContractAdapter;
}

const PAST: Record<ItsmContractPageChange, string> = {
  replay: 'replayed',
  duplicate: 'duplicated',
  reorder: 'reordered',
};

/** A log line as recorded, with its metadata, errors written out. */
interface LogLine {
  level: string;
  text: string;
}

function describeValue(value: unknown, depth = 0): string {
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return `${value.name}: ${value.message} ${value.stack ?? ''}${
      cause !== undefined && depth < 3
        ? ` cause: ${describeValue(cause, depth + 1)}`
        : ''
    }`;
  }
  if (value && typeof value === 'object' && depth < 3) {
    return Object.entries(value)
      .map(([key, item]) => `${key}=${describeValue(item, depth + 1)}`)
      .join(' ');
  }
  return String(value);
}

/** A logger that keeps every line it is given, metadata and errors written out. */
function recordingLogger(lines: LogLine[], meta = ''): LoggerService {
  const log = (level: string) => (message: string, extra?: unknown) => {
    lines.push({
      level,
      text: `${message} ${meta} ${
        extra === undefined ? '' : describeValue(extra)
      }`,
    });
  };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: fields => recordingLogger(lines, `${meta} ${describeValue(fields)}`),
  };
}

/** What the suite expects the server to hold: each incident's title and the services it is for. */
interface Ledger {
  incidents: Map<string, { title: string; serviceIds: string[] }>;
}

/** A store as the catalogue keeps incidents: one copy per service, the newest change wins. */
class SimulatedStore {
  readonly copies = new Map<string, ItsmIncident>();

  apply(incidents: ItsmIncident[]) {
    for (const incident of incidents) {
      const key = `${incident.externalId} ${incident.serviceId}`;
      const held = this.copies.get(key);
      if (held && isOlder(incident, held)) continue;
      this.copies.set(key, incident);
    }
  }

  /** `<external id> <service id>` -> title of each copy held. */
  titles(): Map<string, string> {
    return new Map([...this.copies].map(([key, i]) => [key, i.title]));
  }
}

function isOlder(a: ItsmIncident, b: ItsmIncident): boolean {
  const at = Date.parse(a.updatedAt);
  const bt = Date.parse(b.updatedAt);
  if (at !== bt) return at < bt;
  return (a.version ?? 0) < (b.version ?? 0);
}

/** The copies the server's incidents should give: `<external id> <service id>` -> title. */
function expectedTitles(ledger: Ledger): Map<string, string> {
  const expected = new Map<string, string>();
  for (const [externalId, { title, serviceIds }] of ledger.incidents) {
    for (const serviceId of serviceIds) {
      expected.set(`${externalId} ${serviceId}`, title);
    }
  }
  return expected;
}

interface RunResult {
  pages: ItsmIncidentPage[];
  incidents: ItsmIncident[];
  cursor: string;
  done: boolean;
}

/**
 * Defines Jest `describe`/`it` blocks that check an ITSM connector against the behaviour the
 * catalogue relies on, through the module's vendor-format server: a full sync equals the server;
 * a run resumed by a new connector from a mid-run cursor misses and repeats nothing; replayed,
 * duplicated and reordered pages change nothing; bursts of changes within one timestamp unit and
 * late commits within the overlap arrive at the next run; 401 and 403 say what to check at once,
 * 429 waits as asked, 5xx, timeouts and truncated bodies are retried, malformed bodies are
 * refused without accepting anything; an abort stops at once; and no secret appears in any
 * message or log line.
 *
 * Call it at the top level of a test file of the connector module (e.g. `src/contract.test.ts`);
 * the module's own tests keep what is specific to its tool (query syntax, authentication,
 * field mapping).
 *
 * @public
 */
export function describeItsmConnectorContract(
  options: ItsmConnectorContractOptions,
): void {
  const adapter = options.adapter();
  const unit = adapter.timestampUnitMs;
  /** Ten timestamp units: a late commit three units early falls well within it. */
  const overlapMs = 10 * unit;
  const PAGE_SIZE = 3;

  let ledger: Ledger;
  let logLines: LogLine[];
  let sleep: jest.Mock<Promise<void>, [number, AbortSignal?]>;
  let titleCounter: number;
  let serviceIdsOf: Map<string, string[]>;

  const mappings = () => adapter.mappedRecords().flat();

  function connector(overrides: Partial<ItsmContractConnectorOptions> = {}) {
    return adapter.createConnector({
      pageSize: PAGE_SIZE,
      overlapMs,
      timeoutMs: 2_000,
      maxRetries: 2,
      retryBaseDelayMs: 10,
      sleep,
      logger: recordingLogger(logLines),
      ...overrides,
    });
  }

  const nextTitle = (what: string) => `${what} ${++titleCounter}`;

  async function add(
    mapping: ItsmServiceMapping | undefined,
    stamp: ItsmContractStamp = { kind: 'next' },
  ): Promise<string> {
    const title = nextTitle('Suspicious login wave');
    const externalId = await adapter.addIncident({ mapping, title, stamp });
    ledger.incidents.set(externalId, {
      title,
      serviceIds: mapping ? serviceIdsOf.get(mapping.serviceId)! : [],
    });
    return externalId;
  }

  async function update(
    externalId: string,
    stamp: ItsmContractStamp = { kind: 'next' },
  ): Promise<void> {
    const title = nextTitle('Phishing messages');
    await adapter.updateIncident(externalId, { title, stamp });
    ledger.incidents.get(externalId)!.title = title;
  }

  /**
   * Eleven incidents over the mapped records, some stamped within one timestamp unit so that
   * page boundaries fall inside a unit, and two on a record no service is mapped to; the newest
   * change on the server is a mapped one.
   */
  async function seed(): Promise<string[]> {
    const records = adapter.mappedRecords();
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      const record = records[i % records.length];
      ids.push(
        await add(
          record[i % record.length],
          i % 4 === 1 || i % 4 === 2 ? { kind: 'same-unit' } : { kind: 'next' },
        ),
      );
      if (i % 5 === 2) await add(undefined);
    }
    return ids;
  }

  /** Reads to the end of a run, page by page; the first page starts the run when asked. */
  async function run(
    target: ItsmConnector,
    runOptions: {
      cursor?: string;
      runStart?: boolean;
      maxPages?: number;
      afterPage?: (index: number) => void;
      signal?: AbortSignal;
    } = {},
  ): Promise<RunResult> {
    const pages: ItsmIncidentPage[] = [];
    let cursor = runOptions.cursor;
    let done = false;
    while (!done && pages.length < (runOptions.maxPages ?? 100)) {
      const page = await target.listIncidentsChangedSince({
        mappings: mappings(),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(pages.length === 0 && runOptions.runStart !== false
          ? { runStart: true }
          : {}),
        ...(runOptions.signal ? { signal: runOptions.signal } : {}),
      });
      pages.push(page);
      runOptions.afterPage?.(pages.length);
      cursor = page.nextCursor;
      done = page.done;
    }
    if (!done && runOptions.maxPages === undefined) {
      throw new Error('The connector did not finish within 100 pages');
    }
    return {
      pages,
      incidents: pages.flatMap(p => p.incidents),
      cursor: cursor!,
      done,
    };
  }

  /**
   * What a run delivered twice: copies delivered more than once, and incidents whose copies
   * came in more than one page (a page that lists an incident must hold every copy of it).
   */
  function duplicatesIn(result: RunResult): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    const pageOf = new Map<string, number>();
    result.pages.forEach((page, index) => {
      for (const incident of page.incidents) {
        const pair = `${incident.externalId} ${incident.serviceId}`;
        if (seen.has(pair)) problems.push(`copy ${pair} delivered twice`);
        seen.add(pair);
        const first = pageOf.get(incident.externalId) ?? index;
        if (first !== index) {
          problems.push(
            `copies of ${incident.externalId} in pages ${first} and ${index}`,
          );
        }
        pageOf.set(incident.externalId, first);
      }
    });
    return problems;
  }

  /** What the catalogue should hold after syncing the server: copy -> title. */
  const serverTitles = () => expectedTitles(ledger);

  async function fullSync(target = connector()) {
    const store = new SimulatedStore();
    const result = await run(target);
    store.apply(result.incidents);
    return { store, result };
  }

  function secretsIn(text: string): string[] {
    return adapter.secrets().filter(secret => secret && text.includes(secret));
  }

  /** The error the promise is rejected with; fails when it is not rejected. */
  async function rejection(promise: Promise<unknown>): Promise<Error> {
    const outcome = await promise.then(
      value => ({ value }),
      error => ({ error }),
    );
    if (!('error' in outcome)) {
      throw new Error(
        `Expected the connector to fail, but it answered ${JSON.stringify(
          outcome.value,
        ).slice(0, 200)}`,
      );
    }
    const error = outcome.error as Error;
    expect(secretsIn(describeValue(error))).toEqual([]);
    return error;
  }

  const firstPage = (target: ItsmConnector, signal?: AbortSignal) =>
    target.listIncidentsChangedSince({
      mappings: mappings(),
      runStart: true,
      ...(signal ? { signal } : {}),
    });

  describe(`${options.name} (ITSM connector contract)`, () => {
    let displayName: string;

    beforeEach(async () => {
      ledger = { incidents: new Map() };
      logLines = [];
      titleCounter = 0;
      sleep = jest.fn(async (_ms: number, _signal?: AbortSignal) => {});
      await adapter.start();
      serviceIdsOf = new Map();
      for (const record of adapter.mappedRecords()) {
        for (const mapping of record) {
          serviceIdsOf.set(
            mapping.serviceId,
            record.map(m => m.serviceId),
          );
        }
      }
      displayName = connector().description.displayName;
    });

    afterEach(async () => {
      await adapter.stop();
      // No secret in any log line, whatever the test did.
      const leaked = logLines.filter(line => secretsIn(line.text).length > 0);
      if (leaked.length > 0) {
        throw new Error(
          `A secret appeared in ${leaked.length} log line(s) (${leaked
            .map(line => line.level)
            .join(', ')})`,
        );
      }
    });

    it('is set up as the suite needs', () => {
      const records = adapter.mappedRecords();
      expect(records.length).toBeGreaterThanOrEqual(2);
      expect(records.some(r => r.length >= 2)).toBe(true);
      expect(adapter.secrets().length).toBeGreaterThan(0);
    });

    describe('sync', () => {
      it('a full sync equals the server: every mapped service gets one copy of each of its incidents, all copies in one page, nothing else', async () => {
        await seed();
        const { store, result } = await fullSync();
        expect(duplicatesIn(result)).toEqual([]);
        expect(store.titles()).toEqual(serverTitles());
        expect(result.pages.length).toBeGreaterThan(1);
      });

      it('asks nothing and finishes when no service is mapped', async () => {
        await seed();
        const page = await connector().listIncidentsChangedSince({
          mappings: [],
        });
        expect(page.incidents).toEqual([]);
        expect(page.done).toBe(true);
      });

      it('refuses a cursor it did not make as bad input', async () => {
        const error = await rejection(
          connector().listIncidentsChangedSince({
            mappings: mappings(),
            cursor: 'offset=40',
          }),
        );
        expect(error.name).toBe('InputError');
      });

      it('brings the changes at the next run, and nothing past the cursor once caught up', async () => {
        const ids = await seed();
        const target = connector();
        const { store, result } = await fullSync(target);
        await update(ids[0]);
        await update(ids[5]);
        const added = await add(adapter.mappedRecords()[1][0]);

        const incremental = await run(target, { cursor: result.cursor });
        expect(duplicatesIn(incremental)).toEqual([]);
        const delivered = new Set(incremental.incidents.map(i => i.externalId));
        expect(
          [ids[0], ids[5], added].filter(id => !delivered.has(id)),
        ).toEqual([]);
        store.apply(incremental.incidents);
        expect(store.titles()).toEqual(serverTitles());

        // Within the same run (not its start), nothing is waiting after the cursor.
        const again = await target.listIncidentsChangedSince({
          mappings: mappings(),
          cursor: incremental.cursor,
        });
        expect(again.incidents).toEqual([]);
        expect(again.done).toBe(true);
      });

      it('resumes after a crash with a new connector from a mid-run cursor, repeating only what changed', async () => {
        const ids = await seed();
        const store = new SimulatedStore();
        const first = await run(connector(), { maxPages: 2 });
        expect(first.done).toBe(false);
        store.apply(first.incidents);

        // A change while the backend was down, to an incident already read.
        const changed = first.incidents[0].externalId;
        expect(ids).toContain(changed);
        await update(changed);

        const resumed = await run(connector(), {
          cursor: first.cursor,
          runStart: false,
        });
        store.apply(resumed.incidents);
        expect(store.titles()).toEqual(serverTitles());
        const firstPairs = new Set(
          first.incidents.map(i => `${i.externalId} ${i.serviceId}`),
        );
        const repeated = resumed.incidents.filter(i =>
          firstPairs.has(`${i.externalId} ${i.serviceId}`),
        );
        expect(
          repeated.filter(i => i.externalId !== changed).map(i => i.externalId),
        ).toEqual([]);
      });

      it('never misses a burst of changes stamped within the cursor’s own timestamp unit', async () => {
        const ids = await seed();
        const target = connector();
        const { store, result } = await fullSync(target);
        // After the run, several changes land in the unit of the newest one already read.
        for (const id of [ids[0], ids[3], ids[7], ids[10]]) {
          await update(id, { kind: 'same-unit' });
        }
        await add(adapter.mappedRecords()[0][0], { kind: 'same-unit' });

        const next = await run(target, { cursor: result.cursor });
        expect(duplicatesIn(next)).toEqual([]);
        store.apply(next.incidents);
        expect(store.titles()).toEqual(serverTitles());
      });

      it('never misses a change committed late with an earlier stamp, within the overlap', async () => {
        const ids = await seed();
        const target = connector();
        const { store, result } = await fullSync(target);
        // Transactions that committed after the run, stamped units before its newest change.
        await add(adapter.mappedRecords()[1][0], {
          kind: 'earlier',
          byMs: 3 * unit,
        });
        await update(ids[0], { kind: 'earlier', byMs: 2 * unit });

        const next = await run(connector(), { cursor: result.cursor });
        expect(duplicatesIn(next)).toEqual([]);
        store.apply(next.incidents);
        expect(store.titles()).toEqual(serverTitles());
      });
    });

    describe('unreliable servers', () => {
      for (const change of ['replay', 'duplicate', 'reorder'] as const) {
        it(`a full sync still equals the server when a page is ${PAST[change]}`, async () => {
          await seed();
          const result = await run(connector(), {
            afterPage: index => {
              if (index === 1) adapter.changeNextListAnswer(change);
            },
          });
          expect(duplicatesIn(result)).toEqual([]);
          const store = new SimulatedStore();
          store.apply(result.incidents);
          expect(store.titles()).toEqual(serverTitles());
        });
      }
    });

    describe('errors and retries', () => {
      it('says which credentials to check on 401, at once, without a secret', async () => {
        await seed();
        // Twice: a connector may renew a token once.
        adapter.failNextListRequest({ kind: 'status', status: 401 });
        adapter.failNextListRequest({ kind: 'status', status: 401 });
        const target = connector();
        const error = await rejection(firstPage(target));
        expect(error.message).toContain(displayName);
        expect(error.message).toContain('HTTP 401');
        expect(error.message).toMatch(adapter.hints.unauthorized);
        expect(sleep).not.toHaveBeenCalled();
      });

      it('says which access is missing on 403, at once', async () => {
        await seed();
        adapter.failNextListRequest({ kind: 'status', status: 403 });
        const error = await rejection(firstPage(connector()));
        expect(error.message).toContain('HTTP 403');
        expect(error.message).toMatch(adapter.hints.forbidden);
        expect(sleep).not.toHaveBeenCalled();
      });

      it('waits as long as a 429 asks, then goes on', async () => {
        await seed();
        adapter.failNextListRequest({
          kind: 'status',
          status: 429,
          retryAfterSeconds: 7,
        });
        const { store, result } = await fullSync();
        expect(sleep.mock.calls.map(c => c[0])).toEqual([7_000]);
        expect(duplicatesIn(result)).toEqual([]);
        expect(store.titles()).toEqual(serverTitles());
      });

      it('stops, without waiting, when a 429 asks to wait longer than it is willing to', async () => {
        await seed();
        adapter.failNextListRequest({
          kind: 'status',
          status: 429,
          retryAfterSeconds: 3600,
        });
        const error = await rejection(firstPage(connector()));
        expect(error.message).toContain(displayName);
        expect(error.message).toContain('3600');
        expect(sleep).not.toHaveBeenCalled();
      });

      it('retries a 5xx with backoff, then goes on', async () => {
        await seed();
        adapter.failNextListRequest({ kind: 'status', status: 503 });
        const { store, result } = await fullSync();
        expect(sleep).toHaveBeenCalledTimes(1);
        expect(duplicatesIn(result)).toEqual([]);
        expect(store.titles()).toEqual(serverTitles());
      });

      it('gives up on a lasting 5xx with a message that keeps secrets the server echoed out', async () => {
        await seed();
        const echoed = `Script failed: ${adapter.secrets().join(' ')}`;
        for (let i = 0; i < 3; i++) {
          adapter.failNextListRequest({
            kind: 'status',
            status: 500,
            message: echoed,
          });
        }
        const error = await rejection(firstPage(connector()));
        expect(error.message).toContain(displayName);
        expect(error.message).toContain('HTTP 500');
        expect(sleep).toHaveBeenCalledTimes(2);
      });

      it('times out on a server that never answers, retries, and reports it once the retries are spent', async () => {
        await seed();
        adapter.failNextListRequest({ kind: 'hang' });
        const started = Date.now();
        const page = await firstPage(connector({ timeoutMs: 300 }));
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
        expect(page.incidents.length).toBeGreaterThan(0);
        expect(sleep).toHaveBeenCalledTimes(1);

        for (let i = 0; i < 3; i++) {
          adapter.failNextListRequest({ kind: 'hang' });
        }
        const error = await rejection(firstPage(connector({ timeoutMs: 200 })));
        expect(error.message).toContain(displayName);
        expect(error.message).toContain('200 ms');
      });

      it('retries a truncated body, then goes on', async () => {
        await seed();
        adapter.failNextListRequest({ kind: 'truncated' });
        const { store, result } = await fullSync();
        expect(sleep).toHaveBeenCalledTimes(1);
        expect(duplicatesIn(result)).toEqual([]);
        expect(store.titles()).toEqual(serverTitles());
      });

      it('refuses a malformed body without accepting anything, and goes on from the same cursor', async () => {
        await seed();
        const target = connector();
        const store = new SimulatedStore();
        const first = await run(target, { maxPages: 1 });
        store.apply(first.incidents);
        adapter.failNextListRequest({ kind: 'malformed' });
        const error = await rejection(
          target.listIncidentsChangedSince({
            mappings: mappings(),
            cursor: first.cursor,
          }),
        );
        expect(error.message).toContain(displayName);
        expect(error.message).toMatch(/malformed|JSON/i);
        expect(sleep).not.toHaveBeenCalled();

        const rest = await run(target, {
          cursor: first.cursor,
          runStart: false,
        });
        store.apply(rest.incidents);
        expect(store.titles()).toEqual(serverTitles());
      });

      it('stops at once when the caller aborts', async () => {
        await seed();
        adapter.failNextListRequest({ kind: 'hang' });
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error('sync cancelled')), 100);
        const started = Date.now();
        const error = await rejection(
          firstPage(connector({ timeoutMs: 5_000 }), controller.signal),
        );
        expect(error.message).toBe('sync cancelled');
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(sleep).not.toHaveBeenCalled();
      });
    });
  });
}
