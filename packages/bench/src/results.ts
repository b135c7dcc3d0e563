// The shape of one database's results, as printed and as written to reports/bench/results.json.
import type { QuietResult } from './backendProcess';
import type { PgActivityDelta } from './postgres';
import type { SeedResult } from './seed';
import type { DatabaseId, PartId } from './settings';
import type { Summary } from './stats';
import type { VisibilityResult } from './visibility';

/** Our list page and the catalog's answer to the same filter. */
export interface PageCheck {
  expectedTotal: number;
  ours: { items: number; totalCount: number; bytes: number };
  catalog: { items: number; totalItems: number; bytes: number };
  sameItems: boolean;
  sameItemsAnyOrder: boolean;
  riskAndIncidentsInOurItems: boolean;
}

export interface LoadResult {
  backendIdleCpuPercent: number | null;
  loadAverage1m: number;
  backendCpuPercentWhileMeasuring?: number | null;
}

export interface GuardianshipResult {
  servicesChecked: number;
  sweepMs: number;
  fullReadMs: number;
  sweepPerFullRead: number;
  dashboardMs: number;
  dashboardPerListPage: number;
}

/** One shape of the ITSM part: a first full sync, its bare fetch and an incremental run after it. */
export interface ItsmShapeResult {
  id: string;
  /** The business services the incidents are filed against (each mapped by one service). */
  businessServices: number;
  incidents?: number;
  /** The incidents the sync stores: a copy for each service mapped to its business service. */
  incidentCopies?: number;
  openIncidents?: number;
  securityIncidents?: number;
  quietBeforeSync?: QuietResult;
  bare?: {
    ms: number;
    pages: number;
    records: number;
    serverWaitMs: number;
    bodyAndParseMs: number;
    benchCpuMs: number;
    /** CPU time of the whole machine during the bare fetch (all processes, all cores). */
    machineCpuMs: number | null;
  };
  sync?: {
    ms: number;
    pages: number;
    incidentsStored: number;
    fakeCpuMs: number;
    backendCpuMs: number | null;
    /** The backend's main thread during the sync (its JavaScript, and SQLite's writes). */
    backendMainThreadCpuMs: number | null;
    /** PostgreSQL's processes during the sync; null on SQLite or without /proc. */
    postgresCpuMs: number | null;
    /** CPU time of the whole machine during the sync (all processes, all cores). */
    machineCpuMs: number | null;
    /** The cores the fake, the backend and the database share. */
    cores: number;
    /**
     * From the last page's answer to the sync's: the last batch stored, the full sync's
     * reconciliation, the services still due rated and announced.
     */
    afterLastPageMs: number | null;
  };
  /** The server's own time per page of the sync (query, records, JSON), in ms. */
  serverPageMs?: Summary & { totalMs: number };
  sameRequests?: boolean;
  syncPerBare?: number;
  /** An incremental run after the full sync, with `changes` incidents changed in bursts. */
  incremental?: {
    changes: number;
    /** The wait for a quiet backend after the full sync, before the changes were made. */
    quietBefore: QuietResult;
    ms: number;
    pages: number;
    incidentsStored: number;
  };
  postgresDuringSync?: PgActivityDelta[];
  /**
   * A second full sync with `latencyMs` of server latency per request: the sync, and a bare fetch
   * of the same pages one request at a time and `bareInFlight` at a time (as the connector reads
   * ahead).
   */
  withLatency?: {
    latencyMs: number;
    syncMs: number;
    bareOneAtATimeMs: number;
    bareInFlight: number;
    bareInFlightMs: number;
  };
}

/** The ITSM part, filled in as it goes (a failure leaves the rest out). */
export interface ItsmResult {
  mappedServices?: number;
  businessServices?: number;
  pageSize?: number;
  /** The connector's queries: one per group of mapped references. */
  queryGroups?: number;
  /** The longest `sysparm_query` and request URL of the syncs, as the fake received them. */
  queryChars?: number;
  requestUrlChars?: number;
  shapes?: ItsmShapeResult[];
  page?: {
    service: string;
    openIncidents: number;
    ours: { items: number; bytes: number };
    live: { items: number; bytes: number };
    sameIncidents: boolean;
  };
  quietBeforeReads?: QuietResult;
  backendIdleCpuPercent?: number | null;
  latency?: {
    ours: Summary;
    live: Summary;
    baseline: Summary;
    liveWithoutLatency: Summary;
  };
  ratio?: { p50: number; p95: number };
  requests?: { ours: string; live: string };
}

/**
 * Backstage's catalog ingesting the provider's 10,000 entities again, from a file location, in
 * the same backend and database: the anchor for the provider's time until visible.
 */
export interface FileLocationResult {
  /** What was in the catalog when the ingest started. */
  entitiesInCatalogBefore?: number;
  namespace: string;
  locationEntityRef?: string;
  /** When the catalog part ended before the provider's entities were all visible. */
  waitedForProviderMs?: number;
  entities?: number;
  yamlBytes?: number;
  readFromCatalogMs?: number;
  quietBefore?: QuietResult;
  /** From the refresh of the location until all entities were visible. */
  visible?: VisibilityResult;
  /** The provider's time until visible divided by the file location's. */
  providerPerFileLocation?: number;
  error?: string;
}

/** The audit part, filled in as it goes (a failure leaves the rest out). */
export interface AuditResult {
  quietBefore?: QuietResult;
  fill?: {
    before: number;
    added: number;
    entries: number;
    ms: number;
    hashMs: number;
    avgSnapshotBytes: number;
    cutShort: boolean;
    /** PostgreSQL only: ANALYZE of the table after the fill, as autovacuum does for a grown one. */
    analyzeMs?: number;
  };
  /** The trail's length when the pages, verification and export were measured. */
  entries?: number;
  /** The requests of each kind of page, and what the first answer held. */
  pages?: Array<{
    key: string;
    label: string;
    paths: string[];
    items: number;
    latency?: Summary;
  }>;
  baseline?: Summary;
  backendCpuPercentWhileMeasuring?: number | null;
  verify?: {
    runs: number[];
    medianMs: number;
    intact: boolean;
    entries: number;
    /** Hashing the filled entries in the benchmark's own process, scaled to the whole trail. */
    bareHashMs: number;
  };
  export?: {
    ms: number;
    bytes: number;
    entries: number;
    endMarkerEntries: number | null;
    rssBeforeBytes: number | null;
    rssPeakBytes: number | null;
    rssGrowthBytes: number | null;
    samples: number;
  };
}

/** The catalogue page in Chromium against Backstage's catalog page (see benchmarks/cataloguePage.ts). */
export interface PageInBrowserResult {
  /** Building the app once for the run (shared by both databases). */
  appBuildMs: number;
  urls: { ours: string; catalog: string };
  browser?: string;
  /**
   * From the start of navigation until the first row is visible, in ms, as the benchmark sees it
   * from outside the page (looking every 10 ms).
   */
  ours?: Summary;
  catalog?: Summary;
  /** Ours divided by the catalog's (aim: at most 0.5). */
  oursPerCatalog?: { p50: number; p95: number };
  /**
   * The same cold navigations as Playwright's `locator.waitFor` sees the row (it looks every
   * 500 ms after its first few tries), in ms; for comparison with earlier runs, which used it.
   */
  byLocator?: { ours: Summary; catalog: Summary };
  /**
   * The same cold navigations by the page's own clock: from the start of navigation until the
   * animation frame that first shows the row, in ms (Playwright sees it when its polling next gets
   * the page's main thread).
   */
  painted?: {
    ours: Summary;
    catalog: Summary;
    oursPerCatalog: { p50: number; p95: number };
    /**
     * The main thread's long tasks (over 50 ms) between that frame and the moment the benchmark
     * read the frame's time, in ms: the page's work after drawing its row, which delays
     * Playwright's sight of it.
     */
    busyAfterRow?: { ours: Summary; catalog: Summary };
  };
  /**
   * The same pages reached from another page of the running portal (`from`), the app's start
   * not counted: from the change of address until the first row is visible, in ms.
   */
  inApp?: {
    from: string;
    ours: Summary;
    catalog: Summary;
    oursPerCatalog: { p50: number; p95: number };
  };
  /** What each page said it showed (rows on screen; the pager's or the title's count). */
  shown?: {
    ours: { rows: number; shows: string };
    catalog: { rows: number; shows: string };
  };
  error?: string;
}

/** The list API at 100,000 services (see benchmarks/largeList.ts). */
export interface LargeListResult {
  /** Services in the plugin's database while measuring. */
  services?: number;
  /** Rows copied straight into the database, and how long that took. */
  copied?: number;
  copyMs?: number;
  /** PostgreSQL only: ANALYZE of the table after the copy, as autovacuum does for a grown one. */
  analyzeMs?: number;
  page?: { items: number; totalCount: number; bytes: number };
  latency?: { ours: Summary; baseline: Summary };
  /** The catalog's by-query at 10,000 of the same run (result.latency.catalog). */
  catalogAt10k?: Summary;
  /** The catalog's p50/p95 at 10,000 divided by ours at 100,000. */
  ratio?: { p50: number; p95: number };
  /** PostgreSQL only: the plan of the page's query and of its count. */
  plan?: string[];
  /**
   * The whole list read page after page (200 a page, by name) by cursor, as the catalog's entity
   * provider reads it, and by offset, as it read it before; the offset's time over the cursor's.
   */
  wholeRead?: {
    cursor: { ms: number; pages: number; services: number };
    offset: { ms: number; pages: number; services: number };
    offsetPerCursor: number;
  };
  /** The copies removed again, so that the later parts see the run's 10,000. */
  removed?: number;
  error?: string;
}

export interface DatabaseResult {
  database: DatabaseId;
  ok: boolean;
  parts: PartId[];
  steps: { backendStartS?: number; orgWaitS?: number };
  client?: string;
  postgresVersion?: string;
  error?: string;
  import?: SeedResult;
  visible?: VisibilityResult;
  page?: PageCheck;
  load?: LoadResult;
  latency?: { ours: Summary; catalog: Summary; baseline: Summary };
  ratio?: { p50: number; p95: number };
  guardianship?: GuardianshipResult;
  pageInBrowser?: PageInBrowserResult;
  largeList?: LargeListResult;
  itsm?: ItsmResult;
  fileLocation?: FileLocationResult;
  audit?: AuditResult;
  droppedDatabases?: string[];
  totalS?: number;
}

/** One load run of the production part (see benchmarks/productionLoad.ts). */
export type ProductionLoadRun = import('./benchmarks/productionLoad').LoadRun;
export type ProductionWriteCheck =
  import('./benchmarks/productionChecks').WriteCheck;

/** The production part: the built backend on PostgreSQL, filled in as it goes. */
export interface ProductionResult {
  ok: boolean;
  error?: string;
  /** What the part found wrong; empty when every check held. */
  failures: string[];
  postgresVersion?: string;
  steps: {
    buildS?: number;
    installS?: number;
    startS?: number;
    orgWaitS?: number;
    seedS?: number;
  };
  services?: number;
  hotServices?: number;
  /** Load (R1): 200 clients against one built backend. */
  load?: {
    run?: ProductionLoadRun;
    writes?: ProductionWriteCheck;
    auditIntact?: boolean;
    auditEntries?: number;
  };
  /** Database faults (R3): PostgreSQL stopped and started again during load. */
  fault?: {
    skipped?: string;
    run?: ProductionLoadRun;
    /** From the load's start, in ms. */
    stopAtMs?: number;
    stoppedAtMs?: number;
    startedAtMs?: number;
    /** From the stop command until PostgreSQL accepted connections again. */
    outageMs?: number;
    /** The answers from the stop until PostgreSQL was back, by class. */
    duringOutage?: Record<string, number>;
    /** From PostgreSQL back until the first accepted read and write. */
    firstReadAfterMs?: number | null;
    firstWriteAfterMs?: number | null;
    sameBackendProcess?: boolean;
    writes?: ProductionWriteCheck;
    auditIntact?: boolean;
    auditEntries?: number;
    postgresRunningAtEnd?: boolean;
  };
  /** Two instances (R4) on one database set. */
  twoInstances?: {
    startS?: number;
    rounds?: Array<{ ok: number; conflicts: number; other: number }>;
    versionsAdded?: number;
    auditEntriesAdded?: number;
    storedWinner?: boolean;
    sweep?: {
      everyS: number;
      watchedS: number;
      runs: number;
      byInstance: number[];
      minGapS: number | null;
      expectedAtMost: number;
    };
  };
  droppedDatabases?: number;
  totalS?: number;
}
