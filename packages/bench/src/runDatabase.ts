// One database: a fresh backend on it, the parts of the run in their order, and the clean-up.
import type { FakeServiceNow } from '@internal/plugin-social-media-backend-module-servicenow/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import {
  assertAlive,
  Backend,
  startBackend,
  stopBackend,
} from './backendProcess';
import {
  benchCatalogFileLocation,
  prepareFileLocation,
} from './benchmarks/catalogFileLocation';
import { AuditDatabase } from './auditTrailFill';
import { benchAudit } from './benchmarks/audit';
import { AppBuild } from './benchmarks/cataloguePage';
import { benchCatalog } from './benchmarks/catalogue';
import { benchItsm } from './benchmarks/itsm';
import { describeFailure, request, waitFor } from './http';
import { Inventory, ORG_REFS } from './inventory';
import { dropPgDatabases, PG_URL, pgServerVersion } from './postgres';
import { DatabaseResult } from './results';
import { makeScratchDir, removeScratchDir, scratchPgPrefixes } from './scratch';
import { seed } from './seed';
import { startFakeServiceNow, stopFakeServiceNow } from './serviceNow';
import {
  BASE_URL,
  baselinePath,
  configDir,
  DatabaseId,
  PartId,
  repoRoot,
  TIMEOUTS,
} from './settings';
import { round } from './stats';
import { log, messageOf } from './util';

export async function benchDatabase(
  database: DatabaseId,
  inventory: Inventory,
  options: { samples: number; parts: PartId[]; app?: AppBuild },
): Promise<DatabaseResult> {
  const { samples, parts } = options;
  const result: DatabaseResult = { database, ok: false, parts, steps: {} };
  const started = performance.now();
  const configs = [
    path.join(repoRoot, 'app-config.yaml'),
    path.join(configDir, 'app-config.bench.yaml'),
    path.join(configDir, `app-config.bench.${database}.yaml`),
    ...(parts.includes('itsm')
      ? [path.join(configDir, 'app-config.bench.itsm.yaml')]
      : []),
  ];
  const env: Record<string, string> = {};
  // One scratch folder per database: the SQLite files and the file location's YAML.
  const scratchDir = makeScratchDir();
  let pgPrefix: string | undefined;
  // The social-media plugin's own database, which the audit part fills directly.
  let auditDatabase: AuditDatabase;
  if (database === 'sqlite') {
    const sqliteDir = path.join(scratchDir, 'sqlite');
    fs.mkdirSync(sqliteDir);
    env.BENCH_SQLITE_DIRECTORY = sqliteDir;
    result.client = 'better-sqlite3';
    auditDatabase = {
      client: 'better-sqlite3',
      filename: path.join(sqliteDir, 'social-media.sqlite'),
    };
  } else {
    pgPrefix = `bench_${Date.now()}_`;
    auditDatabase = {
      client: 'pg',
      connectionString: `${PG_URL}/${pgPrefix}social-media`,
    };
    scratchPgPrefixes.add(pgPrefix);
    env.BENCH_PG_URL = PG_URL;
    env.BENCH_PG_PREFIX = pgPrefix;
    result.client = 'pg';
    try {
      result.postgresVersion = await pgServerVersion();
    } catch (error) {
      result.error = `PostgreSQL is not reachable at ${PG_URL}: ${messageOf(
        error,
      )}`;
      log(`${database}: FAILED: ${result.error}`);
      scratchPgPrefixes.delete(pgPrefix);
      removeScratchDir(scratchDir);
      result.totalS = round((performance.now() - started) / 1000);
      return result;
    }
  }
  // The catalog part ends with the file location, whose config loads after the database's.
  const fileLocation = parts.includes('catalog')
    ? prepareFileLocation(scratchDir)
    : undefined;
  if (fileLocation) {
    configs.push(fileLocation.configFile);
    Object.assign(env, fileLocation.env);
  }

  let backend: Backend | undefined;
  let fake: FakeServiceNow | undefined;
  try {
    // 0. For the ITSM part, the ServiceNow-format server the connector is configured with.
    if (parts.includes('itsm')) {
      fake = await startFakeServiceNow();
      if (fake.auth.type === 'basic') {
        env.BENCH_SERVICENOW_URL = fake.url;
        env.BENCH_SERVICENOW_USERNAME = fake.auth.username;
        env.BENCH_SERVICENOW_PASSWORD = fake.auth.password;
      }
    }
    // A const of its own, for the checks below (`backend` is also read in `finally`).
    const current = startBackend(database, configs, env);
    backend = current;

    // 1. The backend answers and our plugin's database is migrated.
    await waitFor('the backend to be ready', TIMEOUTS.startMs, async () => {
      assertAlive(current);
      const r = await request(`${BASE_URL}${baselinePath}`);
      return r.status === 200 ? true : undefined;
    });
    result.steps.backendStartS = round((performance.now() - started) / 1000);
    log(`${database}: backend ready after ${result.steps.backendStartS} s`);

    // 2. A guest token (the guest is an administrator in app-config.yaml).
    const auth = await request(
      `${BASE_URL}/api/auth/guest/refresh?env=development`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    const token = auth.json?.backstageIdentity?.token;
    if (!token) throw new Error(`No guest token: ${describeFailure(auth)}`);
    const headers = { Authorization: `Bearer ${token}` };

    // 3. The groups and users the inventory names are in the catalog (the import checks them).
    const orgStarted = performance.now();
    await waitFor(
      'the example organisation in the catalog',
      TIMEOUTS.orgMs,
      async () => {
        assertAlive(current);
        const r = await request(`${BASE_URL}/api/catalog/entities/by-refs`, {
          method: 'POST',
          headers,
          body: { entityRefs: ORG_REFS, fields: ['kind', 'metadata.name'] },
        });
        return r.status === 200 && r.json.items.every(Boolean)
          ? true
          : undefined;
      },
    );
    result.steps.orgWaitS = round((performance.now() - orgStarted) / 1000);

    if (parts.includes('catalog')) {
      await benchCatalog({
        database,
        backend,
        headers,
        inventory,
        samples,
        result,
        app: options.app ?? {
          ok: false,
          ms: 0,
          error: 'the app was not built for this run',
        },
        store: auditDatabase,
      });
    } else if (parts.includes('itsm')) {
      // The ITSM part alone still needs the services and their mappings, but not the catalog.
      result.import = await seed(headers, inventory.rows, database);
      log(`${database}: import took ${(result.import.ms / 1000).toFixed(1)} s`);
    }
    if (fake) {
      result.itsm = {};
      await benchItsm({
        database,
        backend,
        headers,
        fake,
        samples,
        inventory,
        pgPrefix,
        store: auditDatabase,
        itsm: result.itsm,
      });
    }
    // Last, so that every other figure is taken as before, without 10,000 more entities.
    if (fileLocation) {
      await benchCatalogFileLocation({
        database,
        backend,
        headers,
        file: fileLocation.file,
        result,
      });
    }
    // After everything else: the other figures are taken on a trail of the run's own size.
    if (parts.includes('audit')) {
      result.audit = {};
      await benchAudit({
        database,
        backend,
        headers,
        samples,
        inventory,
        target: auditDatabase,
        audit: result.audit,
      });
    }
    result.ok = true;
  } catch (error) {
    result.error = messageOf(error);
    if (result.fileLocation && !result.fileLocation.visible) {
      result.fileLocation.error = result.error;
    }
    log(`${database}: FAILED: ${result.error}`);
  } finally {
    if (backend) await stopBackend(backend);
    if (fake) await stopFakeServiceNow(fake);
    removeScratchDir(scratchDir);
    if (pgPrefix) {
      try {
        result.droppedDatabases = await dropPgDatabases(pgPrefix);
        scratchPgPrefixes.delete(pgPrefix);
      } catch (error) {
        log(
          `${database}: could not drop the ${pgPrefix}* databases: ${messageOf(
            error,
          )}`,
        );
      }
    }
    result.totalS = round((performance.now() - started) / 1000);
  }
  return result;
}
