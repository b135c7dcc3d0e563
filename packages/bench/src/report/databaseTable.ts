// The table printed after each database.
import os from 'node:os';
import path from 'node:path';
import {
  AuditResult,
  DatabaseResult,
  FileLocationResult,
  ItsmResult,
  ItsmShapeResult,
  LargeListResult,
  PageInBrowserResult,
} from '../results';
import {
  AUDIT,
  FILTER,
  ITSM,
  LARGE_LIST,
  PAGE_IN_BROWSER,
  PAGE_SIZE,
  reportDir,
  repoRoot,
  SERVICE_COUNT,
  SETTLE_MS,
} from '../settings';
import { Summary } from '../stats';
import { count, met, ms, seconds } from './format';

/** "request  p50 ms  p95 ms  n" and one line per request. */
function latencyLines(rows: Array<[string, Summary]>): string[] {
  const out = [
    `  ${'request'.padEnd(46)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(
      9,
    )}${'n'.padStart(6)}`,
  ];
  for (const [label, s] of rows) {
    out.push(
      `  ${label.padEnd(46)}${ms(s.p50).padStart(9)}${ms(s.p95).padStart(
        9,
      )}${String(s.samples).padStart(6)}`,
    );
  }
  return out;
}

function ratioLine(label: string, ratio: { p50: number; p95: number }) {
  return `  ${label.padEnd(46)}${`${ratio.p50.toFixed(2)}x`.padStart(
    9,
  )}${`${ratio.p95.toFixed(2)}x`.padStart(9)}`;
}

/** Next to the provider's time until visible: the same entities from a file location. */
function fileLocationLines(f: FileLocationResult): string[] {
  const v = f.visible;
  if (!v) {
    return [`  visible from a file location: NOT MEASURED: ${f.error ?? '-'}`];
  }
  const out = [];
  if (v.complete) {
    const ratio =
      f.providerPerFileLocation !== undefined
        ? `; ratio provider/file location ${f.providerPerFileLocation.toFixed(
            2,
          )}x`
        : '';
    out.push(
      `  visible from a file location (the same ${SERVICE_COUNT} as Components in namespace ${
        f.namespace
      }, from the refresh): ${seconds(v.ms)}  (first entity after ${seconds(
        v.firstEntityMs,
      )})${ratio}`,
    );
  } else {
    out.push(
      `  visible from a file location: NOT COMPLETE, ${v.count} of ${SERVICE_COUNT} (${v.error})`,
    );
  }
  const q = f.quietBefore;
  const providerWait =
    f.waitedForProviderMs !== undefined
      ? `waited ${seconds(f.waitedForProviderMs)} for the provider's, then `
      : '';
  out.push(
    `    (measured last, with ${count(
      f.entitiesInCatalogBefore,
    )} entities already in the catalog; ${((f.yamlBytes ?? 0) / 1e6).toFixed(
      1,
    )} MB of YAML; ${providerWait}waited ${seconds(
      q?.waitedMs,
    )} for a quiet backend first: ${q?.quiet ? 'quiet' : 'STILL BUSY'}, ${
      q?.cpuPercent ?? '-'
    }% CPU)`,
  );
  return out;
}

export function printDatabase(result: DatabaseResult): string {
  const title =
    result.database === 'sqlite'
      ? 'SQLite (better-sqlite3)'
      : `PostgreSQL ${result.postgresVersion ?? ''}`.trim();
  const out: string[] = [];
  out.push('');
  out.push(`${title}: ${SERVICE_COUNT.toLocaleString('en')} services`);
  if (!result.ok) {
    out.push(`  FAILED: ${result.error}`);
  }
  if (result.import?.ms !== undefined) {
    out.push(
      `  seed: ${count(result.import.rows)} rows in one import: ${seconds(
        result.import.ms,
      )}`,
    );
  }
  if (result.visible) {
    out.push(
      result.visible.complete
        ? `  visible in the catalog (all ${SERVICE_COUNT}, from import start): ${seconds(
            result.visible.ms,
          )}  (first entity after ${seconds(result.visible.firstEntityMs)})`
        : `  visible in the catalog: NOT COMPLETE, ${result.visible.count} of ${SERVICE_COUNT} (${result.visible.error})`,
    );
  }
  if (result.fileLocation) out.push(...fileLocationLines(result.fileLocation));
  if (result.page) {
    const p = result.page;
    let same = 'no';
    if (p.sameItems) same = 'yes';
    else if (p.sameItemsAnyOrder) same = 'same items, other order';
    out.push(
      `  page: platform=${FILTER.platform}, lifecycleStage=${FILTER.lifecycleStage}, by name, limit ${PAGE_SIZE}: ` +
        `ours ${p.ours.items} of ${p.ours.totalCount}, catalog ${p.catalog.items} of ${p.catalog.totalItems} ` +
        `(expected ${p.expectedTotal}); same items in the same order: ${same}`,
    );
  }
  if (result.latency && result.ratio) {
    const l = result.latency;
    out.push(
      ...latencyLines([
        ['ours      GET /api/social-media/services', l.ours],
        ['catalog   GET /api/catalog/entities/by-query', l.catalog],
        ['baseline  GET /api/social-media/readiness', l.baseline],
      ]),
      ratioLine('ratio catalog/ours (>1: ours is faster)', result.ratio),
    );
  }
  if (result.guardianship) {
    const g = result.guardianship;
    out.push(
      `  guardianship sweep (leavers + rating ${count(
        g.servicesChecked,
      )} services): ${seconds(
        g.sweepMs,
      )}; reading all of them through our list API: ${seconds(
        g.fullReadMs,
      )}; ratio sweep/read ${g.sweepPerFullRead.toFixed(2)}x`,
    );
    out.push(
      `  dashboard (GET /dashboard?days=30): ${ms(
        g.dashboardMs,
      )} ms; ratio dashboard/list page p50 ${g.dashboardPerListPage.toFixed(
        2,
      )}x`,
    );
  }
  if (result.pageInBrowser)
    out.push(...printPageInBrowser(result.pageInBrowser));
  if (result.largeList) out.push(...printLargeList(result.largeList));
  if (result.itsm) out.push(...printItsm(result.itsm));
  if (result.audit) out.push(...printAudit(result.audit));
  if (result.load) {
    const l = result.load;
    out.push(
      `  backend CPU: ${l.backendIdleCpuPercent ?? '-'}% when idle for ${
        SETTLE_MS / 1000
      } s before measuring (the catalog's own background work), ` +
        `${
          l.backendCpuPercentWhileMeasuring ?? '-'
        }% while measuring; machine load average ${l.loadAverage1m} on ${
          os.cpus().length
        } CPUs`,
    );
  }
  out.push(
    `  (run took ${result.totalS} s; backend log: ${path.relative(
      repoRoot,
      path.join(reportDir, `backend-${result.database}.log`),
    )})`,
  );
  return out.join('\n');
}

function printItsmShape(shape: ItsmShapeResult): string[] {
  const out: string[] = [];
  const perService =
    shape.incidents && shape.businessServices
      ? Math.round(shape.incidents / shape.businessServices)
      : undefined;
  out.push(
    `  shape "${shape.id}": ${count(shape.incidents)} incidents (${count(
      shape.openIncidents,
    )} open) on ${count(
      shape.businessServices,
    )} business services, about ${count(perService)} each`,
  );
  if (shape.quietBeforeSync) {
    const q = shape.quietBeforeSync;
    out.push(
      `    waited ${seconds(q.waitedMs)} for a quiet backend before the sync (${
        q.quiet ? 'quiet' : 'STILL BUSY'
      }: ${q.cpuPercent ?? '-'}% CPU)`,
    );
  }
  if (shape.sync && shape.bare && shape.syncPerBare !== undefined) {
    const { sync, bare } = shape;
    out.push(
      `    full sync POST /itsm/connectors/servicenow/sync: ${seconds(
        sync.ms,
      )} (${sync.pages} pages, ${count(
        sync.incidentsStored,
      )} incident copies stored); bare fetch + JSON.parse of the same pages: ${seconds(
        bare.ms,
      )} (same requests: ${shape.sameRequests ? 'yes' : 'no'})`,
    );
    out.push(
      `    ${'ratio sync/bare (aim <= 1.5x)'.padEnd(
        44,
      )}${`${shape.syncPerBare.toFixed(2)}x`.padStart(9)}  (aim ${met(
        shape.syncPerBare <= ITSM.syncPerBareAim,
      )}; the sync takes ${seconds(
        sync.ms - bare.ms,
      )} more than the bare fetch)`,
    );
    const server = shape.serverPageMs;
    out.push(
      `    where the time goes: the server's own time per page p50 ${ms(
        server?.p50,
      )} ms, p95 ${ms(server?.p95)} ms (${seconds(
        server?.totalMs,
      )} in all); bare fetch ${seconds(
        bare.serverWaitMs,
      )} waiting for answers, ${seconds(
        bare.bodyAndParseMs,
      )} reading + JSON.parse; during the sync the fake used ${seconds(
        sync.fakeCpuMs,
      )} CPU, the backend process ${seconds(
        sync.backendCpuMs,
      )} CPU; the sync ended ${seconds(
        sync.afterLastPageMs,
      )} after the last page's answer (the last batch stored, the full sync's reconciliation, the services still due rated)`,
    );
    const cpuLine = cpuBound(shape);
    if (cpuLine) out.push(`    ${cpuLine}`);
  }
  if (shape.incremental) {
    const i = shape.incremental;
    out.push(
      `    incremental run after ${count(i.changes)} changes in bursts: ${ms(
        i.ms,
      )} ms (${i.pages} pages, ${count(
        i.incidentsStored,
      )} copies stored; aim < ${ITSM.incrementalAimMs} ms ${met(
        i.ms < ITSM.incrementalAimMs,
      )}; after ${seconds(i.quietBefore.waitedMs)} waiting for a quiet backend${
        i.quietBefore.quiet ? '' : ', STILL BUSY'
      })`,
    );
  }
  if (shape.withLatency) {
    const w = shape.withLatency;
    out.push(
      `    with ${
        w.latencyMs
      } ms of latency per request, a full sync again: ${seconds(
        w.syncMs,
      )}; bare fetch of the same pages ${seconds(
        w.bareOneAtATimeMs,
      )} one request at a time (sync/bare ${(
        w.syncMs / w.bareOneAtATimeMs
      ).toFixed(2)}x), ${seconds(w.bareInFlightMs)} ${
        w.bareInFlight
      } at a time as the connector reads (sync/bare ${(
        w.syncMs / w.bareInFlightMs
      ).toFixed(2)}x)`,
    );
  }
  if (shape.postgresDuringSync?.length) {
    out.push(
      `    PostgreSQL during the syncs (and the quiet period after them): ${shape.postgresDuringSync
        .map(
          d =>
            `${d.database} ${count(d.commits)} commits, ${count(
              d.inserted,
            )}/${count(d.updated)}/${count(d.deleted)} rows ins/upd/del`,
        )
        .join('; ')}`,
    );
  }
  return out;
}

function printItsm(itsm: ItsmResult): string[] {
  const out: string[] = [];
  out.push(
    `  ITSM: a ServiceNow-format server (FakeServiceNow answering from an index, loopback) with ${count(
      itsm.businessServices,
    )} business services, each mapped by one of ${count(
      itsm.mappedServices,
    )} services; connector page size ${itsm.pageSize ?? '-'}, ${
      itsm.queryGroups ?? '-'
    } ${
      itsm.queryGroups === 1 ? 'query' : 'queries'
    } (groups of references, longest request URL ${count(
      itsm.requestUrlChars,
    )} characters)`,
  );
  for (const shape of itsm.shapes ?? []) out.push(...printItsmShape(shape));
  if (itsm.page) {
    const p = itsm.page;
    out.push(
      `  service page: ${p.service}, ${p.openIncidents} open incidents: ours ${
        p.ours.items
      } (${count(p.ours.bytes)} bytes), live ${p.live.items} (${count(
        p.live.bytes,
      )} bytes); same incidents: ${p.sameIncidents ? 'yes' : 'no'}`,
    );
  }
  if (itsm.latency && itsm.ratio) {
    const l = itsm.latency;
    out.push(
      ...latencyLines([
        ['ours      GET .../services/:id/incidents', l.ours],
        [
          `live      GET /api/now/table/incident +${ITSM.liveLatencyMs} ms`,
          l.live,
        ],
        ['baseline  GET /api/social-media/readiness', l.baseline],
      ]),
      `${ratioLine(
        'ratio live/ours (>1: ours is faster)',
        itsm.ratio,
      )}  (aim p95 >= ${ITSM.liveOverOursAim}x ${met(
        itsm.ratio.p95 >= ITSM.liveOverOursAim,
      )})`,
    );
    out.push(
      `  (the live call without the added latency, i.e. the fake's own time: p50 ${ms(
        l.liveWithoutLatency.p50,
      )} ms; before measuring waited ${seconds(
        itsm.quietBeforeReads?.waitedMs,
      )} for a quiet backend: ${itsm.backendIdleCpuPercent ?? '-'}% CPU)`,
    );
  }
  return out;
}

const mb = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined
    ? '-'
    : `${(bytes / 2 ** 20).toFixed(0)} MB`;

function printAudit(audit: AuditResult): string[] {
  const out: string[] = [];
  const f = audit.fill;
  if (f) {
    out.push(
      `  audit trail: ${count(f.entries)} entries (${count(
        f.added,
      )} filled straight into the database in ${seconds(f.ms)}, ${seconds(
        f.hashMs,
      )} of it hashing; snapshots ${count(
        f.avgSnapshotBytes,
      )} bytes on average${
        f.analyzeMs !== undefined ? `; ANALYZE ${seconds(f.analyzeMs)}` : ''
      })${
        f.cutShort
          ? `  CUT SHORT by the time limit: measured at ${count(
              f.entries,
            )}, not ${count(AUDIT.entries)}`
          : ''
      }`,
    );
  }
  if (audit.pages?.every(p => p.latency) && audit.baseline) {
    const budget = AUDIT.pageP95BudgetMs;
    out.push(
      `  ${'audit page (limit 50)'.padEnd(46)}${'p50 ms'.padStart(
        9,
      )}${'p95 ms'.padStart(9)}${'n'.padStart(6)}  p95/budget  p95/readiness`,
    );
    for (const p of audit.pages) {
      const l = p.latency!;
      out.push(
        `  ${`${p.label} (${p.items} items)`.padEnd(46)}${ms(l.p50).padStart(
          9,
        )}${ms(l.p95).padStart(9)}${String(l.samples).padStart(6)}  ${`${(
          l.p95 / budget
        ).toFixed(2)}x`.padStart(10)}  ${`${(
          l.p95 / audit.baseline.p95
        ).toFixed(1)}x`.padStart(13)}  ${met(l.p95 <= budget)}`,
      );
    }
    out.push(
      `  ${'baseline  GET /api/social-media/readiness'.padEnd(46)}${ms(
        audit.baseline.p50,
      ).padStart(9)}${ms(audit.baseline.p95).padStart(9)}${String(
        audit.baseline.samples,
      ).padStart(6)}  (budget: p95 <= ${budget} ms a page; backend CPU ${
        audit.backendCpuPercentWhileMeasuring ?? '-'
      }% while measuring)`,
    );
  }
  const v = audit.verify;
  if (v) {
    out.push(
      `  verify GET /audit/verify: median ${seconds(v.medianMs)} of ${
        v.runs.length
      } (${v.runs.map(r => seconds(r)).join(', ')}); intact: ${
        v.intact ? 'yes' : 'NO'
      }, ${count(v.entries)} entries; ratio to the ${
        AUDIT.verifyBudgetMs / 1000
      } s budget ${(v.medianMs / AUDIT.verifyBudgetMs).toFixed(2)}x (${met(
        v.medianMs <= AUDIT.verifyBudgetMs,
      )}); ratio to hashing the same entries in the benchmark (${seconds(
        v.bareHashMs,
      )}) ${v.bareHashMs ? `${(v.medianMs / v.bareHashMs).toFixed(1)}x` : '-'}`,
    );
  }
  const e = audit.export;
  if (e) {
    out.push(
      `  export GET /audit/export?format=csv: ${seconds(e.ms)} for ${mb(
        e.bytes,
      )} (${count(
        e.endMarkerEntries,
      )} entries by its end marker, expected ${count(
        e.entries,
      )}); backend RSS ${mb(e.rssBeforeBytes)} before, peak ${mb(
        e.rssPeakBytes,
      )}: growth ${mb(e.rssGrowthBytes)}, ${
        e.rssGrowthBytes !== null && e.bytes
          ? `${((e.rssGrowthBytes / e.bytes) * 100).toFixed(1)}%`
          : '-'
      } of the export's size (${e.samples} samples)`,
    );
  }
  return out;
}

/** Both pages' times and their ratio against the aim, as the table shows each comparison. */
function pageComparisonLines(
  urls: PageInBrowserResult['urls'],
  times: {
    ours: Summary;
    catalog: Summary;
    oursPerCatalog: { p50: number; p95: number };
  },
): string[] {
  const ratio = times.oursPerCatalog;
  return [
    ...latencyLines([
      [`ours      ${urls.ours}`, times.ours],
      [
        `catalog   ${decodeURIComponent(urls.catalog)}`.slice(0, 45),
        times.catalog,
      ],
    ]),
    `${ratioLine('ratio ours/catalog (aim <= 0.5)', ratio)}  (aim ${met(
      ratio.p50 <= PAGE_IN_BROWSER.aimShare &&
        ratio.p95 <= PAGE_IN_BROWSER.aimShare,
    )})`,
  ];
}

function printPageInBrowser(p: PageInBrowserResult): string[] {
  const out = [
    `  the page in Chromium${
      p.browser ? ` ${p.browser}` : ''
    }: from navigation until the first row is visible, ${
      PAGE_IN_BROWSER.samples
    } cold navigations each (a new page, signed in as the guest; the app built once in ${seconds(
      p.appBuildMs,
    )})`,
  ];
  if (!p.ours || !p.catalog || !p.oursPerCatalog) {
    out.push(`    NOT MEASURED: ${p.error ?? '-'}`);
    return out;
  }
  out.push(
    ...pageComparisonLines(p.urls, {
      ours: p.ours,
      catalog: p.catalog,
      oursPerCatalog: p.oursPerCatalog,
    }),
  );
  if (p.painted) {
    out.push(
      `    the same navigations by the page's own clock, until the frame that first shows the row:`,
      ...pageComparisonLines(p.urls, p.painted),
    );
    if (p.byLocator) {
      const { ours, catalog } = p.byLocator;
      out.push(
        `    as Playwright's locator.waitFor saw the same rows (it looks every 500 ms after its first tries), p50 / p95: ours ${ours.p50.toFixed(
          0,
        )} / ${ours.p95.toFixed(0)} ms, catalog ${catalog.p50.toFixed(
          0,
        )} / ${catalog.p95.toFixed(0)} ms, ratio ${(
          ours.p50 / catalog.p50
        ).toFixed(2)}x / ${(ours.p95 / catalog.p95).toFixed(2)}x`,
      );
    }
    const busy = p.painted.busyAfterRow;
    if (busy) {
      out.push(
        `    the main thread's long tasks after that frame, until the benchmark saw the row, p50 / p95: ours ${busy.ours.p50.toFixed(
          0,
        )} / ${busy.ours.p95.toFixed(0)} ms, catalog ${busy.catalog.p50.toFixed(
          0,
        )} / ${busy.catalog.p95.toFixed(0)} ms`,
      );
    }
  }
  if (p.inApp) {
    out.push(
      `    from another page of the portal (${p.inApp.from}, the app already started), the address changed as a link changes it:`,
      ...pageComparisonLines(p.urls, p.inApp),
    );
  }
  if (p.shown) {
    out.push(
      `    shown: ours ${p.shown.ours.rows} rows (${p.shown.ours.shows}), catalog ${p.shown.catalog.rows} rows (${p.shown.catalog.shows})`,
    );
  }
  return out;
}

function printLargeList(l: LargeListResult): string[] {
  const out = [
    `  the list at ${count(l.services)} services (${count(
      l.copied,
    )} copied straight into the database in ${seconds(l.copyMs)}${
      l.analyzeMs !== undefined ? `, ANALYZE ${seconds(l.analyzeMs)}` : ''
    }; removed again afterwards: ${count(l.removed)})`,
  ];
  if (!l.latency) {
    out.push(`    NOT MEASURED: ${l.error ?? '-'}`);
    return out;
  }
  if (l.page) {
    out.push(
      `    page: ${l.page.items} of ${count(l.page.totalCount)} (${count(
        l.page.bytes,
      )} bytes)`,
    );
  }
  out.push(
    ...latencyLines([
      [
        `ours      GET /api/social-media/services @${count(l.services)}`,
        l.latency.ours,
      ],
      ...(l.catalogAt10k
        ? ([
            [
              `catalog   /entities/by-query @${count(SERVICE_COUNT)}`,
              l.catalogAt10k,
            ],
          ] as Array<[string, Summary]>)
        : []),
      ['baseline  GET /api/social-media/readiness', l.latency.baseline],
    ]),
  );
  if (l.ratio) {
    out.push(
      ratioLine('ratio catalog@10k/ours@100k (>1: ours faster)', l.ratio),
    );
  }
  out.push(
    `    aim: p95 <= ${LARGE_LIST.p95AimMs} ms: ${ms(
      l.latency.ours.p95,
    )} ms, ${met(l.latency.ours.p95 <= LARGE_LIST.p95AimMs)}`,
  );
  if (l.wholeRead) {
    const { cursor, offset, offsetPerCursor } = l.wholeRead;
    out.push(
      `    the whole list as the catalog's entity provider reads it (${
        cursor.pages
      } pages): by cursor ${seconds(cursor.ms)}, by offset ${seconds(
        offset.ms,
      )} (${offsetPerCursor.toFixed(1)}x the cursor's time)`,
    );
  }
  return out;
}

/**
 * What the machine's CPU allows. The fake, the backend and the database share its cores, so the
 * sync cannot end before their CPU time spread over all cores; and the backend's main thread (its
 * JavaScript, and on SQLite the database's writes) runs on one core at a time, so not before that
 * thread's time either. When that floor exceeds 1.5 times the bare fetch, no overlap of the work
 * meets the aim. Undefined without the machine's CPU time.
 */
export function syncCpuFloor(shape: ItsmShapeResult):
  | {
      floorMs: number;
      budgetMs: number;
      by: 'all cores' | "the backend's main thread";
    }
  | undefined {
  const { sync, bare } = shape;
  if (!sync?.machineCpuMs || !bare) return undefined;
  const spread = sync.machineCpuMs / sync.cores;
  const mainThread = sync.backendMainThreadCpuMs ?? 0;
  return {
    floorMs: Math.max(spread, mainThread),
    budgetMs: bare.ms * ITSM.syncPerBareAim,
    by: mainThread > spread ? "the backend's main thread" : 'all cores',
  };
}

function cpuBound(shape: ItsmShapeResult): string | undefined {
  const bound = syncCpuFloor(shape);
  const { sync, bare } = shape;
  if (!bound || !sync || !bare) return undefined;
  const postgres =
    sync.postgresCpuMs === null
      ? ''
      : `, PostgreSQL ${seconds(sync.postgresCpuMs)}`;
  return `the machine's CPU: the bare fetch ${seconds(
    bare.machineCpuMs,
  )}, the sync ${seconds(sync.machineCpuMs)} (the fake ${seconds(
    sync.fakeCpuMs,
  )}, the backend ${seconds(sync.backendCpuMs)}, ${seconds(
    sync.backendMainThreadCpuMs,
  )} of it on its main thread${postgres}); the sync cannot end before ${seconds(
    bound.floorMs,
  )} (${
    bound.by === 'all cores' ? `its CPU over ${sync.cores} cores` : bound.by
  }), the aim's budget is ${seconds(bound.budgetMs)}${
    bound.floorMs > bound.budgetMs ? ' (the CPU alone exceeds it)' : ''
  }`;
}
