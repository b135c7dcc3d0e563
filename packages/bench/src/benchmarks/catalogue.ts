// The catalog part: the timed import, the time until the catalog shows every service through the
// entity provider, our list page against the catalog's `/entities/by-query` for the same filter,
// the guardianship sweep and the dashboard; then, with the figures at 10,000 taken, the catalogue
// page in Chromium against the catalog's page (cataloguePage.ts) and the list API at 100,000
// services (largeList.ts).
import os from 'node:os';
import { AuditDatabase } from '../auditTrailFill';
import {
  assertAlive,
  Backend,
  cpuPercent,
  cpuSeconds,
} from '../backendProcess';
import { describeFailure, request } from '../http';
import { Inventory } from '../inventory';
import { measureRounds, warmupRounds } from '../measureRounds';
import { DatabaseResult } from '../results';
import { seed } from '../seed';
import {
  BASE_URL,
  baselinePath,
  catalogPath,
  ourPath,
  SERVICE_COUNT,
  SETTLE_MS,
  TIMEOUTS,
  visiblePath,
} from '../settings';
import { median, round, summarize } from '../stats';
import { log, sleep } from '../util';
import { watchVisibility } from '../visibility';
import { AppBuild, benchPageInBrowser } from './cataloguePage';
import { benchLargeList } from './largeList';

/** Writes into `result` as it goes, so that a failure keeps what was measured. */
export async function benchCatalog(options: {
  database: string;
  backend: Backend;
  headers: Record<string, string>;
  inventory: Inventory;
  samples: number;
  result: DatabaseResult;
  /** The app built once for the run, for the page in Chromium. */
  app: AppBuild;
  /** The plugin's database, which the list at 100,000 grows straight. */
  store: AuditDatabase;
}): Promise<void> {
  const { database, backend, headers, inventory, samples, result } = options;

  // 1. Seed: one import of the whole inventory. The catalog is watched from the moment the
  //    import starts, so that the time to visible and the first entity seen count from there.
  const importStarted = performance.now();
  const stopWatching = new AbortController();
  const visibility = watchVisibility({
    backend,
    headers,
    path: visiblePath,
    since: importStarted,
    timeoutMs: TIMEOUTS.visibleMs,
    startedBy: 'the import started',
    signal: stopWatching.signal,
  });
  try {
    result.import = await seed(headers, inventory.rows, database);
  } catch (error) {
    stopWatching.abort();
    await visibility;
    throw error;
  }
  log(
    `${database}: import took ${(result.import.ms / 1000).toFixed(1)} s in ${
      result.import.requests
    } request(s)`,
  );

  // 2. Until the catalog shows all of them through the entity provider. When it does not in
  //    time, the pages are still measured; the results say the catalog was incomplete.
  result.visible = await visibility;
  log(
    result.visible.complete
      ? `${database}: all ${SERVICE_COUNT} visible in the catalog ${(
          result.visible.ms! / 1000
        ).toFixed(1)} s after the import started`
      : `${database}: ${result.visible.error}`,
  );
  assertAlive(backend);

  // 3. Both sides return the same page.
  await checkSamePage(headers, inventory, result, database);

  // 4. A short quiet period, which also shows how busy the backend is on its own (the catalog
  //    keeps processing its entities in the background) and how busy the machine is.
  const quietCpu = cpuSeconds(backend.child.pid);
  await sleep(SETTLE_MS);
  result.load = {
    backendIdleCpuPercent: cpuPercent(
      quietCpu,
      cpuSeconds(backend.child.pid),
      SETTLE_MS,
    ),
    loadAverage1m: round(os.loadavg()[0], 2),
  };

  // 5. Latency: warm up, then interleave the three requests, rotating which goes first so that
  //    neither side always runs right after the other.
  await measurePages(backend, headers, samples, result, database);

  // 6. Guardianship and the dashboard.
  await measureGuardianship(backend, headers, result, database);

  // 7. The catalogue page in Chromium against the catalog's page, both at 10,000.
  assertAlive(backend);
  result.pageInBrowser = await benchPageInBrowser({
    database,
    app: options.app,
  });

  // 8. Last: the list at 100,000 services (the copies are removed again at its end).
  assertAlive(backend);
  result.largeList = {};
  await benchLargeList({
    database,
    backend,
    headers,
    samples,
    store: options.store,
    catalogAt10k: result.latency?.catalog,
    totalAt10k: inventory.filterMatches,
    result: result.largeList,
  });
}

async function checkSamePage(
  headers: Record<string, string>,
  inventory: Inventory,
  result: DatabaseResult,
  database: string,
) {
  const ours = await request(`${BASE_URL}${ourPath}`, { headers });
  const catalog = await request(`${BASE_URL}${catalogPath}`, { headers });
  if (ours.status !== 200)
    throw new Error(`Our list: ${describeFailure(ours)}`);
  if (catalog.status !== 200) {
    throw new Error(`The catalog query: ${describeFailure(catalog)}`);
  }
  const ourIds: string[] = ours.json.items.map((s: { id: string }) => s.id);
  const catalogIds: string[] = catalog.json.items.map(
    (e: { metadata: { name: string } }) => e.metadata.name,
  );
  result.page = {
    expectedTotal: inventory.filterMatches,
    ours: {
      items: ourIds.length,
      totalCount: ours.json.totalCount,
      bytes: ours.text.length,
    },
    catalog: {
      items: catalogIds.length,
      totalItems: catalog.json.totalItems,
      bytes: catalog.text.length,
    },
    sameItems: ourIds.join() === catalogIds.join(),
    sameItemsAnyOrder:
      ourIds.length === catalogIds.length &&
      ourIds.every(id => catalogIds.includes(id)),
    riskAndIncidentsInOurItems: ours.json.items.every(
      (s: object) => 'openIncidentCount' in s,
    ),
  };
  if (ourIds.length !== catalogIds.length) {
    log(
      `${database}: WARNING the pages differ in size: ours ${ourIds.length}, catalog ${catalogIds.length}`,
    );
  }
}

async function measurePages(
  backend: Backend,
  headers: Record<string, string>,
  samples: number,
  result: DatabaseResult,
  database: string,
) {
  const endpoints = [
    { key: 'ours', urls: [`${BASE_URL}${ourPath}`], headers },
    { key: 'catalog', urls: [`${BASE_URL}${catalogPath}`], headers },
    { key: 'baseline', urls: [`${BASE_URL}${baselinePath}`], headers },
  ] as const;
  const warmup = warmupRounds(samples);
  log(
    `${database}: measuring ${samples} requests per endpoint (after ${warmup} warm-up rounds)`,
  );
  const measureCpu = cpuSeconds(backend.child.pid);
  const measureStarted = performance.now();
  const times = await measureRounds(backend, endpoints, { samples, warmup });
  result.load!.backendCpuPercentWhileMeasuring = cpuPercent(
    measureCpu,
    cpuSeconds(backend.child.pid),
    performance.now() - measureStarted,
  );
  result.latency = {
    ours: summarize(times.ours),
    catalog: summarize(times.catalog),
    baseline: summarize(times.baseline),
  };
  result.ratio = {
    p50: result.latency.catalog.p50 / result.latency.ours.p50,
    p95: result.latency.catalog.p95 / result.latency.ours.p95,
  };
}

/**
 * The sweep (leaver detection against the catalog and rating every service again) over the whole
 * portfolio, against the same run's baseline of reading the whole portfolio through our own list
 * API, 200 at a time; and the dashboard, against our list page. Three rounds each, interleaved;
 * medians.
 */
async function measureGuardianship(
  backend: Backend,
  headers: Record<string, string>,
  result: DatabaseResult,
  database: string,
) {
  const sweepMs: number[] = [];
  const fullReadMs: number[] = [];
  const dashboardMs: number[] = [];
  let servicesChecked = 0;
  for (let round_ = 0; round_ < 3; round_++) {
    assertAlive(backend);
    const sweep = await request(
      `${BASE_URL}/api/social-media/guardianship/sweep`,
      { method: 'POST', headers, timeoutMs: 180_000 },
    );
    if (sweep.status !== 200) {
      throw new Error(`The guardianship sweep: ${describeFailure(sweep)}`);
    }
    sweepMs.push(sweep.ms);
    servicesChecked = sweep.json.servicesChecked;
    const readStarted = performance.now();
    for (let offset = 0; offset < SERVICE_COUNT; offset += 200) {
      const page = await request(
        `${BASE_URL}/api/social-media/services?limit=200&offset=${offset}`,
        { headers },
      );
      if (page.status !== 200) {
        throw new Error(`Reading all services: ${describeFailure(page)}`);
      }
    }
    fullReadMs.push(performance.now() - readStarted);
    const dashboard = await request(
      `${BASE_URL}/api/social-media/dashboard?days=30`,
      { headers },
    );
    if (dashboard.status !== 200) {
      throw new Error(`The dashboard: ${describeFailure(dashboard)}`);
    }
    dashboardMs.push(dashboard.ms);
  }
  result.guardianship = {
    servicesChecked,
    sweepMs: median(sweepMs),
    fullReadMs: median(fullReadMs),
    sweepPerFullRead: median(sweepMs) / median(fullReadMs),
    dashboardMs: median(dashboardMs),
    dashboardPerListPage: median(dashboardMs) / result.latency!.ours.p50,
  };
  log(
    `${database}: guardianship sweep of ${
      result.guardianship.servicesChecked
    } services ${(result.guardianship.sweepMs / 1000).toFixed(1)} s`,
  );
}
