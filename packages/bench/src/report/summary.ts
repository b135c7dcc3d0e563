// The summary printed after all databases, and reports/bench/results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Options } from '../cli';
import { DatabaseResult, ItsmShapeResult, ProductionResult } from '../results';
import { syncCpuFloor } from './databaseTable';
import {
  AUDIT,
  PRODUCTION,
  baselinePath,
  catalogPath,
  FILE_LOCATION_NAMESPACE,
  FILTER,
  ITSM,
  LARGE_LIST,
  ourPath,
  PAGE_IN_BROWSER,
  PAGE_SIZE,
  PartId,
  REFERENCE,
  reportDir,
  SERVICE_COUNT,
  visibleFromFilePath,
  visiblePath,
} from '../settings';
import { round } from '../stats';
import { met, ms, seconds, times } from './format';

const nameOf = (r: DatabaseResult) =>
  r.database === 'sqlite' ? 'SQLite    ' : 'PostgreSQL';

export function printSummary(
  results: DatabaseResult[],
  parts: PartId[],
): string {
  const out = [''];
  if (parts.includes('catalog')) out.push(...catalogSummary(results));
  if (parts.includes('itsm')) out.push(...itsmSummary(results));
  if (parts.includes('audit')) out.push(...auditSummary(results));
  return out.join('\n');
}

function auditSummary(results: DatabaseResult[]): string[] {
  const out = [
    `Audit trail (budgets: a page of GET /audit/entries at most ${
      AUDIT.pageP95BudgetMs
    } ms at p95, GET /audit/verify at most ${
      AUDIT.verifyBudgetMs / 1000
    } s, on ${AUDIT.entries.toLocaleString(
      'en',
    )} entries; the export with bounded memory)`,
  ];
  for (const r of results) {
    const a = r.audit;
    if (!a?.fill) {
      out.push(`  ${nameOf(r)}  not measured`);
      continue;
    }
    const worst = a.pages?.every(p => p.latency)
      ? a.pages.reduce((w, p) => (p.latency!.p95 > w.latency!.p95 ? p : w))
      : undefined;
    const pages = worst
      ? `slowest page p95 ${ms(worst.latency!.p95)} ms (${worst.label}): ${(
          worst.latency!.p95 / AUDIT.pageP95BudgetMs
        ).toFixed(2)}x budget (${met(
          worst.latency!.p95 <= AUDIT.pageP95BudgetMs,
        )})`
      : 'pages: not measured';
    const verify = a.verify
      ? `verify ${seconds(a.verify.medianMs)}: ${(
          a.verify.medianMs / AUDIT.verifyBudgetMs
        ).toFixed(2)}x budget (${met(
          a.verify.medianMs <= AUDIT.verifyBudgetMs,
        )})`
      : 'verify: not measured';
    const exported = a.export
      ? `export ${seconds(a.export.ms)}, RSS growth ${
          a.export.rssGrowthBytes === null
            ? '-'
            : `${(a.export.rssGrowthBytes / 2 ** 20).toFixed(0)} MB`
        } for ${(a.export.bytes / 2 ** 20).toFixed(0)} MB`
      : 'export: not measured';
    out.push(
      `  ${nameOf(r)}  ${a.fill.entries.toLocaleString('en')} entries${
        a.fill.cutShort ? ' (CUT SHORT)' : ''
      }; ${pages}; ${verify}; ${exported}`,
    );
  }
  return out;
}

function itsmSummary(results: DatabaseResult[]): string[] {
  const out = [
    `ITSM (aims: a full sync of ${ITSM.incidents.toLocaleString(
      'en',
    )} incidents at most ${
      ITSM.syncPerBareAim
    }x a bare fetch of the same pages in each shape, an incremental run of ${
      ITSM.incrementalChanges
    } changes under ${
      ITSM.incrementalAimMs
    } ms; the service page's incidents from our store at least ${
      ITSM.liveOverOursAim
    }x faster (p95) than one live call with ${ITSM.liveLatencyMs} ms latency)`,
  ];
  for (const r of results) {
    const i = r.itsm;
    const shapes = (i?.shapes ?? []).map(shape =>
      shape.sync && shape.bare && shape.syncPerBare !== undefined
        ? `${shape.id}: sync ${seconds(shape.sync.ms)} vs bare ${seconds(
            shape.bare.ms,
          )}: ${shape.syncPerBare.toFixed(2)}x (aim ${met(
            shape.syncPerBare <= ITSM.syncPerBareAim,
          )}${cpuFloorNote(shape)}), incremental ${ms(
            shape.incremental?.ms,
          )} ms (aim ${met(
            (shape.incremental?.ms ?? Infinity) < ITSM.incrementalAimMs,
          )})`
        : `${shape.id}: sync not measured`,
    );
    const read =
      i?.latency && i.ratio
        ? `incidents p50/p95 ${ms(i.latency.ours.p50)}/${ms(
            i.latency.ours.p95,
          )} ms vs live ${ms(i.latency.live.p50)}/${ms(
            i.latency.live.p95,
          )} ms: p95 ${i.ratio.p95.toFixed(1)}x (aim ${met(
            i.ratio.p95 >= ITSM.liveOverOursAim,
          )})`
        : 'incident read: not measured';
    out.push(
      `  ${nameOf(r)}  ${shapes.join('; ') || 'sync: not measured'}; ${read}`,
    );
  }
  return out;
}

function catalogSummary(results: DatabaseResult[]): string[] {
  const pageTarget = REFERENCE.catalogPageP50Ms / 2;
  const ingestTarget = REFERENCE.catalogIngestMs / 2;
  const out: string[] = [];
  out.push(
    `Summary against the reference (Backstage's catalog on this machine at 10k: page p50 ${REFERENCE.catalogPageP50Ms} ms, ` +
      `ingest from a file location ${
        REFERENCE.catalogIngestMs / 1000
      } s; aim: half, i.e. p50 <= ${pageTarget} ms and visible <= ${
        ingestTarget / 1000
      } s)`,
  );
  for (const r of results) {
    const page = r.latency
      ? `page p50 ${ms(r.latency.ours.p50)} ms (aim ${
          r.latency.ours.p50 <= pageTarget ? 'met' : 'missed'
        }; ` +
        `${times(
          REFERENCE.catalogPageP50Ms,
          r.latency.ours.p50,
        )} the reference, ` +
        `${times(
          r.latency.catalog.p50,
          r.latency.ours.p50,
        )} the catalog in this run)`
      : 'page: not measured';
    const visible =
      r.visible?.complete && r.visible.ms !== null
        ? `all visible in the catalog after ${seconds(r.visible.ms)} (aim ${
            r.visible.ms <= ingestTarget ? 'met' : 'missed'
          }; ` +
          `${times(REFERENCE.catalogIngestMs, r.visible.ms)} the reference)`
        : 'visible: not complete';
    const f = r.fileLocation;
    const file = f?.visible?.complete
      ? `the same from a file location in this run ${seconds(f.visible.ms)}${
          f.providerPerFileLocation !== undefined
            ? `: provider/file location ${f.providerPerFileLocation.toFixed(
                2,
              )}x`
            : ''
        }`
      : 'file location: not measured';
    out.push(`  ${nameOf(r)}  ${page}; ${visible}; ${file}`);
  }
  out.push(
    `The catalogue page in Chromium (first row visible, ours against the catalog's page at ${SERVICE_COUNT.toLocaleString(
      'en',
    )}; aim: at most ${
      PAGE_IN_BROWSER.aimShare
    }x) and the list at ${LARGE_LIST.services.toLocaleString(
      'en',
    )} services (aim: p95 <= ${LARGE_LIST.p95AimMs} ms)`,
  );
  for (const r of results) {
    const p = r.pageInBrowser;
    const browser =
      p?.ours && p.catalog && p.oursPerCatalog
        ? `page p50/p95 ${ms(p.ours.p50)}/${ms(p.ours.p95)} ms vs catalog ${ms(
            p.catalog.p50,
          )}/${ms(p.catalog.p95)} ms: ${p.oursPerCatalog.p50.toFixed(
            2,
          )}x/${p.oursPerCatalog.p95.toFixed(2)}x (aim ${met(
            p.oursPerCatalog.p50 <= PAGE_IN_BROWSER.aimShare &&
              p.oursPerCatalog.p95 <= PAGE_IN_BROWSER.aimShare,
          )})${
            p.painted
              ? `; by the page's own clock ${p.painted.oursPerCatalog.p50.toFixed(
                  2,
                )}x/${p.painted.oursPerCatalog.p95.toFixed(2)}x (aim ${met(
                  p.painted.oursPerCatalog.p50 <= PAGE_IN_BROWSER.aimShare &&
                    p.painted.oursPerCatalog.p95 <= PAGE_IN_BROWSER.aimShare,
                )})`
              : ''
          }${
            p.inApp
              ? `; from another page ${p.inApp.oursPerCatalog.p50.toFixed(
                  2,
                )}x/${p.inApp.oursPerCatalog.p95.toFixed(2)}x (aim ${met(
                  p.inApp.oursPerCatalog.p50 <= PAGE_IN_BROWSER.aimShare &&
                    p.inApp.oursPerCatalog.p95 <= PAGE_IN_BROWSER.aimShare,
                )})`
              : ''
          }`
        : `page in Chromium: not measured${
            p?.error ? ` (${p.error.split('\n')[0]})` : ''
          }`;
    const l = r.largeList;
    const large = l?.latency
      ? `list at ${l.services?.toLocaleString('en')} p50/p95 ${ms(
          l.latency.ours.p50,
        )}/${ms(l.latency.ours.p95)} ms (aim ${met(
          l.latency.ours.p95 <= LARGE_LIST.p95AimMs,
        )}${
          l.ratio
            ? `; the catalog's by-query at ${SERVICE_COUNT.toLocaleString(
                'en',
              )} p95 ${ms(l.catalogAt10k?.p95)} ms, ${l.ratio.p95.toFixed(
                1,
              )}x ours`
            : ''
        })`
      : 'list at 100,000: not measured';
    out.push(`  ${nameOf(r)}  ${browser}; ${large}`);
  }
  return out;
}

/** Writes everything to reports/bench/results.json and returns its path. */
export function writeResults(
  results: DatabaseResult[],
  options: Options,
  totalMs: number,
  production?: ProductionResult,
): string {
  const report = {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: round(os.totalmem() / 2 ** 30),
    },
    parameters: {
      parts: options.parts,
      services: SERVICE_COUNT,
      pageSize: PAGE_SIZE,
      filter: FILTER,
      samplesPerEndpoint: options.samples,
      requests: {
        ours: ourPath,
        catalog: catalogPath,
        baseline: baselinePath,
        visible: visiblePath,
        ...(options.parts.includes('catalog')
          ? { visibleFromFileLocation: visibleFromFilePath }
          : {}),
      },
      fileLocation: options.parts.includes('catalog')
        ? {
            namespace: FILE_LOCATION_NAMESPACE,
            startsAt: 'POST /api/catalog/refresh of the file location',
            measuredAfter: 'the other parts, on the same backend and database',
          }
        : undefined,
      audit: options.parts.includes('audit')
        ? {
            entries: AUDIT.entries,
            pageSize: AUDIT.pageSize,
            budgets: {
              pageP95Ms: AUDIT.pageP95BudgetMs,
              verifyMs: AUDIT.verifyBudgetMs,
            },
            fill: "straight into social_media_audit_log in transactions of 10,000, hashed with the backend's hashEntry",
            requests: {
              pages: 'GET /api/social-media/audit/entries',
              verify: 'GET /api/social-media/audit/verify',
              export: 'GET /api/social-media/audit/export?format=csv',
            },
          }
        : undefined,
      pageInBrowser: options.parts.includes('catalog')
        ? {
            ...PAGE_IN_BROWSER,
            measures:
              'from the start of navigation until the first row with a link is visible, each sample a new page in a signed-in (guest) browser context; the app built once per run and served by the backend',
          }
        : undefined,
      largeList: options.parts.includes('catalog')
        ? {
            ...LARGE_LIST,
            request: ourPath,
            baseline: `the catalog's ${catalogPath} at ${SERVICE_COUNT}, same run`,
            grown:
              'the imported rows copied straight into social_services under new names, ids and handles; not in the catalog; removed afterwards',
          }
        : undefined,
      itsm: options.parts.includes('itsm')
        ? {
            incidents: ITSM.incidents,
            liveLatencyMs: ITSM.liveLatencyMs,
            aims: {
              syncPerBareAtMost: ITSM.syncPerBareAim,
              liveOverOursP95AtLeast: ITSM.liveOverOursAim,
            },
            requests: {
              sync: 'POST /api/social-media/itsm/connectors/servicenow/sync',
              ours: 'GET /api/social-media/services/:id/incidents',
              live: 'GET /api/now/table/incident (FakeServiceNow)',
            },
          }
        : undefined,
      production: production
        ? {
            ...PRODUCTION,
            backend:
              'the built bundle (yarn build:backend) installed outside the repository, with app-config.production.yaml, on PostgreSQL',
          }
        : undefined,
    },
    reference: REFERENCE,
    results,
    production,
    totalS: round(totalMs / 1000),
  };
  fs.mkdirSync(reportDir, { recursive: true });
  const file = path.join(reportDir, 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** The sync's CPU floor, where the machine's CPU alone puts the aim out of reach. */
function cpuFloorNote(shape: ItsmShapeResult): string {
  const bound = syncCpuFloor(shape);
  if (!bound || bound.floorMs <= bound.budgetMs) return '';
  const what =
    bound.by === 'all cores'
      ? 'its CPU over the cores'
      : "the backend's main thread";
  return `; ${what} alone ${seconds(bound.floorMs)} > budget ${seconds(
    bound.budgetMs,
  )}`;
}
