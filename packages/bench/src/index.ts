// `npm run bench` / `yarn bench`: how the social media catalogue's list endpoint and catalog
// projection compare with Backstage's own catalog at 10,000 services, and how its ITSM sync and
// incident reads compare with the ITSM's own API, on SQLite and on PostgreSQL.
//
// For each database it starts a fresh backend on port 7117 (loopback only), waits for the example
// organisation to be in the catalog, then runs the parts of the run, each a module of
// ./benchmarks:
//
//   catalogue.ts          the import of 10,000 services, the time until the catalog shows all of
//                         them (through the entity provider), our list page against the catalog's
//                         /entities/by-query, the guardianship sweep and the dashboard; then
//   cataloguePage.ts      the catalogue page in Chromium against the catalog's page (the app built
//                         once per run, before the databases), and
//   largeList.ts          the list page at 100,000 services (copied straight into the database)
//   itsm.ts               the full sync of 100,000 incidents against a bare fetch of the same
//                         pages, and the service page's incident read against one live call
//   catalogFileLocation.ts  (with the catalog part, after everything else) the catalog ingesting
//                         the same 10,000 services from a file location: the anchor for the
//                         provider's time until visible
//   audit.ts              (after everything else) the audit trail filled to 1,000,000 entries:
//                         its pages, its verification and its CSV export
//
// Last, on PostgreSQL only, the production part (production.ts) runs the BUILT backend, as it is
// deployed, under load, through a restart of PostgreSQL and as two instances.
//
// It prints a table per database and a summary, and writes everything to
// reports/bench/results.json (backend logs next to it). Options: see ./cli.ts (or --help).
import path from 'node:path';
import { killAllBackendsNow } from './backendProcess';
import { parseOptions, USAGE, UsageError } from './cli';
import { generateInventory } from './inventory';
import { printDatabase } from './report/databaseTable';
import { printSummary, writeResults } from './report/summary';
import { AppBuild, buildApp } from './benchmarks/cataloguePage';
import { benchProduction } from './benchmarks/production';
import { printProduction, productionSummary } from './report/production';
import { DatabaseResult, ProductionResult } from './results';
import { benchDatabase } from './runDatabase';
import { cleanUpAfterInterruption, removeScratchDirsNow } from './scratch';
import {
  BASE_URL,
  DEV_PARTS,
  FILTER,
  PORT,
  repoRoot,
  SERVICE_COUNT,
  wholeRunMs,
} from './settings';
import { log } from './util';

/** Refuses to start when something already answers on the benchmark port. */
async function assertPortFree() {
  let answered = false;
  try {
    await fetch(`${BASE_URL}/`, { signal: AbortSignal.timeout(2000) });
    answered = true;
  } catch {
    // Nothing there: good.
  }
  if (answered) {
    throw new Error(
      `Port ${PORT} is already in use; stop whatever runs there before benchmarking.`,
    );
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const runStarted = performance.now();
  const runLimitMs = wholeRunMs(options);

  // Whatever happens, no backend or scratch database outlives the benchmark.
  const interrupt = (why: string, code: number) => {
    log(`${why}; stopping`);
    cleanUpAfterInterruption().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(
    () => interrupt(`the whole run exceeded ${runLimitMs / 60_000} minutes`, 1),
    runLimitMs,
  );
  watchdog.unref();
  process.on('exit', () => {
    killAllBackendsNow();
    removeScratchDirsNow();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => interrupt(signal, 130));
  }

  log(
    `parts: ${options.parts.join(', ')}; databases: ${options.databases.join(
      ', ',
    )}`,
  );
  // The parts on the development backend, once per database; the production part after them.
  const devParts = options.parts.filter(part => DEV_PARTS.includes(part));
  const results: DatabaseResult[] = [];
  if (devParts.length) {
    await assertPortFree();
    const inventory = generateInventory(SERVICE_COUNT);
    log(
      `generated ${SERVICE_COUNT} services; ${inventory.filterMatches} match platform=${FILTER.platform}, lifecycleStage=${FILTER.lifecycleStage}`,
    );
    // The app for the catalog part's page in Chromium: built once for the run, served by each
    // database's backend.
    let app: AppBuild | undefined;
    if (devParts.includes('catalog')) app = await buildApp();
    for (const database of options.databases) {
      log(`--- ${database} ---`);
      const result = await benchDatabase(database, inventory, {
        ...options,
        parts: devParts,
        app,
      });
      results.push(result);
      process.stdout.write(`${printDatabase(result)}\n`);
    }
  }
  let production: ProductionResult | undefined;
  if (
    options.parts.includes('production') &&
    options.databases.includes('postgres')
  ) {
    log('--- production (PostgreSQL) ---');
    production = { ok: false, failures: [], steps: {} };
    await benchProduction(production);
    process.stdout.write(`${printProduction(production)}\n`);
  }
  process.stdout.write(`${printSummary(results, devParts)}\n`);
  if (production) {
    process.stdout.write(`${productionSummary(production).join('\n')}\n`);
  }

  const file = writeResults(
    results,
    options,
    performance.now() - runStarted,
    production,
  );
  process.stdout.write(
    `\nResults written to ${path.relative(repoRoot, file)}\n`,
  );
  // A run that could not take every figure (a failure, or a catalog that never showed all the
  // services in time) fails, even though what it did measure is printed and saved.
  return results.every(
    r =>
      r.ok &&
      (!options.parts.includes('catalog') ||
        (r.visible?.complete &&
          r.fileLocation?.visible?.complete &&
          r.pageInBrowser?.oursPerCatalog &&
          r.largeList?.latency)),
  ) &&
    (!production || production.ok)
    ? 0
    : 1;
}

main().then(
  code => {
    process.exitCode = code;
  },
  error => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    log(error?.stack || String(error));
    killAllBackendsNow();
    process.exitCode = 1;
  },
);
