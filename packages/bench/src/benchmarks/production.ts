// The production part (PostgreSQL only): the BUILT backend, installed as it is deployed
// (scripts/productionBuild.mjs, shared with scripts/production-check.mjs), with
// app-config.production.yaml and a configuration file of the benchmark's own in the install
// folder (its port, databases of its own, a portal administrator's sign-in, the demo
// organisation's people in the catalog and a guardianship sweep every few seconds). Three phases:
//
//   load (R1)        200 concurrent clients for 30 s (productionLoad.ts); afterwards every
//                    accepted write is in the store and the audit trail once, and the chain verifies
//   faults (R3)      the same load while PostgreSQL is stopped for 5 s and started again: requests
//                    fail with a clean 503 meanwhile, the backend recovers by itself, no accepted
//                    write is lost and the chain verifies
//   two instances (R4)  a second built backend on the same databases: concurrent edits of one
//                    service through both give one success and 409s; the sweep runs once per
//                    interval across both
//
// PostgreSQL is shared with whoever else uses it: the restart waits for other sessions to end,
// lasts about 6 s, and PostgreSQL is started again whatever happens (finally, and on exit).
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { execFile, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { knex } from 'knex';
// The production build's helpers are shared with scripts/production-check.mjs, which is no package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  assertBundleBuilt,
  buildBackend,
  dropDatabases,
  freePort,
  installBundle,
  postgresConnection,
  productionEnvironment,
  startBuiltBackend,
  waitForReadiness,
  writeCallerConfig,
  type BuiltBackend,
  type PostgresConnection,
} from '../../../../scripts/productionBuild.mjs';
import { describeFailure, request, waitFor } from '../http';
import { CSV_HEADER, generateInventory, ORG_REFS } from '../inventory';
import { pgServerVersion } from '../postgres';
import { ProductionResult } from '../results';
import {
  makeScratchDir,
  removeScratchDir,
  scratchPgPrefixes,
  scratchServers,
} from '../scratch';
import { PRODUCTION, reportDir, repoRoot, TIMEOUTS } from '../settings';
import { round } from '../stats';
import { log, messageOf, sleep } from '../util';
import {
  AcceptedWrite,
  AuditEntryLike,
  checkWrites,
  scheduledRuns,
  StoreState,
} from './productionChecks';
import { Answer, LoadTarget, runLoad, updateBody } from './productionLoad';

const API = '/api/social-media';
/** The portal administrator the benchmark signs in as (examples/org.yaml). */
const ADMIN = 'user:default/portal-admin';
/** The people and groups the requests name, besides the inventory's. */
const REQUEST_REFS = [
  'group:default/marketing',
  'user:default/emea-marketing-manager',
  ADMIN,
];
const SWEEP_MARKER = 'Guardianship sweep:';

// --- PostgreSQL's cluster ---------------------------------------------------------------------

/** The local cluster (Debian's pg_ctlcluster), e.g. ['15', 'main']. */
function localCluster(): [string, string] {
  const versions = fs.existsSync('/etc/postgresql')
    ? fs.readdirSync('/etc/postgresql').sort()
    : [];
  if (!versions.length) {
    throw new Error(
      'no local PostgreSQL cluster in /etc/postgresql to restart',
    );
  }
  return [versions[versions.length - 1], 'main'];
}

/** Set while the benchmark has PostgreSQL stopped; cleared once it is started again. */
let stoppedCluster: [string, string] | undefined;

function pgCtl(action: 'stop' | 'start'): Promise<void> {
  const [version, name] = localCluster();
  return new Promise((resolve, reject) => {
    execFile(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', version, name, action],
      { timeout: 30_000 },
      (error, _stdout, stderr) =>
        error
          ? reject(new Error(`pg_ctlcluster ${action}: ${stderr || error}`))
          : resolve(),
    );
  });
}

/** Last resort, synchronous (exit handlers): starts PostgreSQL again if the benchmark stopped it. */
function startPostgresNow(): void {
  if (!stoppedCluster) return;
  const [version, name] = stoppedCluster;
  spawnSync(
    'pg_ctlcluster',
    ['--skip-systemctl-redirect', version, name, 'start'],
    { stdio: 'ignore', timeout: 30_000 },
  );
  stoppedCluster = undefined;
}
process.on('exit', startPostgresNow);

async function startPostgres(): Promise<void> {
  if (!stoppedCluster) return;
  await pgCtl('start');
  stoppedCluster = undefined;
}

/** One short-lived connection to the server's maintenance database. */
async function withPostgres<T>(
  connection: PostgresConnection,
  timeoutMs: number,
  fn: (db: ReturnType<typeof knex>) => Promise<T>,
): Promise<T> {
  const db = knex({
    client: 'pg',
    connection: {
      ...connection,
      database: 'postgres',
      connectionTimeoutMillis: timeoutMs,
    },
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: timeoutMs * 2,
  });
  try {
    return await fn(db);
  } finally {
    await db.destroy().catch(() => {});
  }
}

/** Other sessions on PostgreSQL than the benchmark's own databases. */
function otherSessions(
  connection: PostgresConnection,
  prefix: string,
): Promise<number> {
  return withPostgres(connection, 5000, async db => {
    const { rows } = await db.raw(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND (datname IS NULL OR NOT starts_with(datname, ?))`,
      [prefix],
    );
    return rows[0].n as number;
  });
}

async function postgresAnswers(connection: PostgresConnection) {
  try {
    return await withPostgres(connection, 1000, async db => {
      await db.raw('SELECT 1');
      return true;
    });
  } catch {
    return false;
  }
}

// --- the API, as the portal administrator --------------------------------------------------------

interface Api {
  baseUrl: string;
  headers: Record<string, string>;
}

async function getJson(api: Api, pathAndQuery: string, timeoutMs?: number) {
  const r = await request(`${api.baseUrl}${pathAndQuery}`, {
    headers: api.headers,
    timeoutMs,
  });
  if (r.status !== 200) {
    throw new Error(`GET ${pathAndQuery}: ${describeFailure(r)}`);
  }
  return r.json;
}

/** The whole audit trail, through its JSON export (entries hold their snapshots as JSON text). */
async function auditTrail(api: Api): Promise<AuditEntryLike[]> {
  const body = await getJson(
    api,
    `${API}/audit/export?format=json`,
    TIMEOUTS.auditExportMs,
  );
  return body.entries.map(
    (entry: {
      entityType: string;
      entityId: string;
      action: string;
      afterJson: string | null;
    }) => ({
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      after: entry.afterJson ? JSON.parse(entry.afterJson) : undefined,
    }),
  );
}

async function auditVerifies(api: Api) {
  const body = await getJson(
    api,
    `${API}/audit/verify`,
    TIMEOUTS.auditVerifyMs,
  );
  return { intact: body.intact === true, entries: body.entries as number };
}

/** What the store holds for the writes' services, reviews and requests. */
async function storeState(
  api: Api,
  accepted: readonly AcceptedWrite[],
  audit: readonly AuditEntryLike[],
): Promise<StoreState> {
  const serviceIds = new Set<string>();
  const reviewed = new Set<string>();
  for (const write of accepted) {
    if (write.kind !== 'request') serviceIds.add(write.serviceId);
    if (write.kind === 'access-review') reviewed.add(write.serviceId);
  }
  for (const entry of audit) {
    if (entry.entityType === 'service') serviceIds.add(entry.entityId);
  }
  const versions = new Map<string, number>();
  for (const id of serviceIds) {
    const r = await request(
      `${api.baseUrl}${API}/services/${encodeURIComponent(id)}`,
      { headers: api.headers },
    );
    if (r.status === 200) versions.set(id, r.json.version);
  }
  const reviewIds: number[] = [];
  for (const id of reviewed) {
    const body = await getJson(
      api,
      `${API}/services/${encodeURIComponent(id)}/access-reviews`,
    );
    reviewIds.push(...body.items.map((item: { id: number }) => item.id));
  }
  const requestIds: number[] = [];
  for (let offset = 0; ; offset += 200) {
    const body = await getJson(
      api,
      `${API}/requests?scope=all&limit=200&offset=${offset}`,
    );
    requestIds.push(...body.items.map((item: { id: number }) => item.id));
    if (body.items.length < 200) break;
  }
  return { versions, reviewIds, requestIds };
}

/** Checks the writes and the chain after a load phase; notes failures. */
async function checkAfterLoad(
  api: Api,
  accepted: readonly AcceptedWrite[],
  strict: boolean,
  failures: string[],
  phase: string,
) {
  const audit = await auditTrail(api);
  const store = await storeState(api, accepted, audit);
  const writes = checkWrites({ accepted, audit, store, strict });
  const verification = await auditVerifies(api);
  // For whoever reads a failure: the accepted writes, the trail and the store side by side.
  fs.writeFileSync(
    path.join(reportDir, `production-writes-${phase}.json`),
    JSON.stringify(
      {
        accepted,
        audit: audit.filter(e => e.entityType !== 'service' || e.after),
        versions: Object.fromEntries(store.versions),
        requestIds: store.requestIds,
      },
      null,
      1,
    ),
  );
  if (writes.lost || writes.doubled || (strict && writes.unanswered)) {
    failures.push(
      `${phase}: ${writes.lost} lost, ${writes.doubled} doubled, ${
        writes.unanswered
      } unanswered writes (${writes.problems.slice(0, 3).join('; ')})`,
    );
  }
  if (!verification.intact) {
    failures.push(`${phase}: the audit chain does not verify`);
  }
  return {
    writes,
    auditIntact: verification.intact,
    auditEntries: verification.entries,
  };
}

// --- the part -------------------------------------------------------------------------------------

/** A built backend of the benchmark, stopped on every exit path. */
function trackBackend(backend: BuiltBackend): BuiltBackend {
  const server = {
    stop: async () => {
      await backend.stop();
    },
  };
  scratchServers.add(server);
  backend.exited.then(() => scratchServers.delete(server));
  process.on('exit', () => {
    if (backend.alive) backend.child.kill('SIGKILL');
  });
  return backend;
}

/** The first answer of a kind after `fromMs`, as ms after it. */
function firstAfter(
  answers: readonly Answer[],
  fromMs: number,
  write: boolean,
): number | null {
  const first = answers.find(
    a =>
      a.atMs >= fromMs &&
      a.cls === 'ok' &&
      /^(PUT|POST)/.test(a.route) === write,
  );
  return first ? round(first.atMs - fromMs) : null;
}

export async function benchProduction(result: ProductionResult): Promise<void> {
  const started = performance.now();
  const failures = result.failures;
  const runId = crypto.randomBytes(3).toString('hex');
  const prefix = `bench_production_${runId}_`;
  const dir = makeScratchDir();
  const backends: BuiltBackend[] = [];
  let connection: PostgresConnection | undefined;
  const timed = async <T>(
    step: keyof ProductionResult['steps'],
    fn: () => Promise<T> | T,
  ) => {
    const t0 = performance.now();
    const value = await fn();
    result.steps[step] = round((performance.now() - t0) / 1000);
    return value;
  };
  const plog = (message: string) => log(`production: ${message}`);
  // All three phases by default; BENCH_PRODUCTION_PHASES=load (or load,instances) leaves the
  // restart of PostgreSQL out, e.g. while others use it.
  const phases = new Set(
    (process.env.BENCH_PRODUCTION_PHASES ?? 'load,faults,instances').split(','),
  );
  // An interrupted run gets PostgreSQL back before its databases are dropped.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, startPostgresNow);

  try {
    if (process.env.BENCH_PRODUCTION_SKIP_BUILD === '1') {
      assertBundleBuilt();
      plog('using the bundle already built in packages/backend/dist');
    } else {
      await timed('buildS', () => buildBackend({ log: plog, quiet: true }));
    }
    connection = await postgresConnection(plog);
    result.postgresVersion = await pgServerVersion();
    await timed('installS', () => installBundle({ dir, log: plog }));
    fs.copyFileSync(
      path.join(repoRoot, 'examples', 'org.yaml'),
      path.join(dir, 'org.yaml'),
    );
    scratchPgPrefixes.add(prefix);

    // The benchmark's own configuration, in the install folder only: a portal administrator's
    // sign-in (the guest provider, allowed outside development here alone), the demo organisation
    // in the catalog (the import checks owners against it) and a sweep every few seconds.
    const testOnly = [
      'auth:',
      '  providers:',
      '    guest:',
      `      userEntityRef: ${ADMIN}`,
      '      ownershipEntityRefs:',
      `        - ${ADMIN}`,
      '        - group:default/it-service-management',
      '      dangerouslyAllowOutsideDevelopment: true',
      'catalog:',
      '  locations:',
      '    - type: file',
      `      target: ${path.join(dir, 'org.yaml')}`,
      '      rules:',
      '        - allow: [User, Group]',
      'socialMedia:',
      '  guardianship:',
      '    schedule:',
      `      frequency: { seconds: ${PRODUCTION.sweepEveryS} }`,
      '      timeout: { minutes: 1 }',
      '      initialDelay: { seconds: 2 }',
    ];
    const auditKey = crypto.randomBytes(32).toString('base64url');
    const start = async (name: string) => {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const config = writeCallerConfig({
        dir,
        name: `bench-${name}`,
        port,
        prefix,
        extra: testOnly,
      });
      fs.mkdirSync(reportDir, { recursive: true });
      const backend = trackBackend(
        startBuiltBackend({
          dir,
          env: productionEnvironment({
            baseUrl,
            connection: connection!,
            auditKey,
          }),
          logFile: path.join(reportDir, `backend-production-${name}.log`),
          configs: [config],
          log: plog,
        }),
      );
      backends.push(backend);
      await waitForReadiness(baseUrl, backend);
      return { backend, baseUrl };
    };

    plog('starting the built backend (PostgreSQL)');
    const a = await timed('startS', () => start('a'));

    // Signed in as the portal administrator.
    const auth = await request(`${a.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const token: string | undefined = auth.json?.backstageIdentity?.token;
    if (!token) {
      throw new Error(`no sign-in as ${ADMIN}: ${describeFailure(auth)}`);
    }
    const api: Api = {
      baseUrl: a.baseUrl,
      headers: { Authorization: `Bearer ${token}` },
    };

    await timed('orgWaitS', () =>
      waitFor(
        'the demo organisation in the catalog',
        TIMEOUTS.orgMs,
        async () => {
          const r = await request(`${a.baseUrl}/api/catalog/entities/by-refs`, {
            method: 'POST',
            headers: api.headers,
            body: {
              entityRefs: [...ORG_REFS, ...REQUEST_REFS],
              fields: ['kind'],
            },
          });
          return r.status === 200 && r.json.items.every(Boolean)
            ? true
            : undefined;
        },
      ),
    );

    // A few hundred services through the import, without ITSM mappings (no connector here).
    const inventory = generateInventory(PRODUCTION.services);
    const columns = CSV_HEADER.map((name, index) => ({ name, index })).filter(
      c => c.name !== 'riskAssessedAt',
    );
    const content = stringifyCsv([
      columns.map(c => c.name),
      ...inventory.rows.map(row =>
        columns.map(c =>
          c.name === 'itsmSystem' || c.name === 'itsmReference'
            ? ''
            : row[c.index],
        ),
      ),
    ]);
    await timed('seedS', async () => {
      const r = await request(`${a.baseUrl}${API}/import`, {
        method: 'POST',
        headers: api.headers,
        body: { format: 'csv', content, dryRun: false },
        timeoutMs: TIMEOUTS.importMs,
      });
      if (
        r.status !== 200 ||
        r.json?.created?.length !== inventory.rows.length
      ) {
        throw new Error(
          `the import failed: ${
            r.json?.problems
              ? JSON.stringify(r.json.problems.slice(0, 3))
              : describeFailure(r)
          }`,
        );
      }
    });
    const services: Array<{ id: string; lifecycleStage: string }> = [];
    for (let offset = 0; ; offset += 200) {
      const page = await getJson(
        api,
        `${API}/services?sort=name&order=asc&limit=200&offset=${offset}`,
      );
      services.push(...page.items);
      if (page.items.length < 200) break;
    }
    const serviceIds = services.map(s => s.id);
    // The writes aim at services that are not retired, spread over the catalogue.
    const hot = services
      .filter(s => s.lifecycleStage !== 'retired')
      .filter((_, i) => i % 7 === 0)
      .map(s => s.id);
    result.services = serviceIds.length;
    result.hotServices = PRODUCTION.hotServices;
    const target: LoadTarget = {
      baseUrl: a.baseUrl,
      token,
      serviceIds,
      hotServiceIds: hot.slice(0, PRODUCTION.hotServices),
      runId,
      accepted: [],
    };

    // 1. Load (R1).
    plog(
      `load: ${PRODUCTION.connections} clients for ${PRODUCTION.durationS} s`,
    );
    const load = await runLoad({
      target,
      connections: PRODUCTION.connections,
      durationS: PRODUCTION.durationS,
      timeoutS: PRODUCTION.requestTimeoutS,
    });
    result.load = { run: load.run };
    const r1 = load.run;
    if (
      r1.classes.error ||
      r1.classes.unavailable ||
      r1.connectionErrors ||
      r1.timeouts
    ) {
      failures.push(
        `load: ${r1.classes.error} errors, ${r1.classes.unavailable} 503s, ${r1.connectionErrors} connection errors, ${r1.timeouts} timeouts`,
      );
    }
    Object.assign(
      result.load,
      await checkAfterLoad(api, target.accepted, true, failures, 'load'),
    );
    plog(
      `load: ${r1.requests} answers (${r1.requestsPerS}/s), ${r1.classes.conflict} conflicts, ${r1.classes.error} errors`,
    );

    if (phases.has('faults')) {
      // 2. Database faults (R3).
      result.fault = {};
      const fault = result.fault;
      let others = await otherSessions(connection, prefix);
      const quietUntil = performance.now() + PRODUCTION.quietPostgresMs;
      while (others > 0 && performance.now() < quietUntil) {
        plog(
          `faults: waiting for ${others} other sessions on PostgreSQL to end before restarting it`,
        );
        await sleep(10_000);
        others = await otherSessions(connection, prefix);
      }
      if (others > 0) {
        fault.skipped = `PostgreSQL still had ${others} sessions of others after ${
          PRODUCTION.quietPostgresMs / 60_000
        } minutes; not restarted`;
        failures.push(`faults: ${fault.skipped}`);
      } else {
        const pid = a.backend.child.pid;
        const loadStarted = performance.now();
        const at = () => round(performance.now() - loadStarted);
        const outage = (async () => {
          await sleep(PRODUCTION.faultStopAtS * 1000);
          fault.stopAtMs = at();
          plog('faults: stopping PostgreSQL');
          stoppedCluster = localCluster();
          try {
            await pgCtl('stop');
            fault.stoppedAtMs = at();
            await sleep(PRODUCTION.outageMs);
          } finally {
            await startPostgres();
            fault.startedAtMs = at();
            plog('faults: PostgreSQL started again');
          }
        })();
        const [faultLoad] = await Promise.all([
          runLoad({
            target,
            connections: PRODUCTION.connections,
            durationS: PRODUCTION.faultDurationS,
            timeoutS: PRODUCTION.requestTimeoutS,
          }),
          outage,
        ]);
        fault.run = faultLoad.run;
        fault.outageMs = round(fault.startedAtMs! - fault.stopAtMs!);
        const during: Record<string, number> = {};
        for (const answer of faultLoad.answers) {
          if (
            answer.atMs >= fault.stopAtMs! &&
            answer.atMs <= fault.startedAtMs!
          ) {
            during[answer.cls] = (during[answer.cls] ?? 0) + 1;
          }
        }
        fault.duringOutage = during;
        fault.firstReadAfterMs = firstAfter(
          faultLoad.answers,
          fault.startedAtMs!,
          false,
        );
        fault.firstWriteAfterMs = firstAfter(
          faultLoad.answers,
          fault.startedAtMs!,
          true,
        );
        fault.sameBackendProcess =
          a.backend.alive && a.backend.child.pid === pid;
        const f = faultLoad.run;
        if (f.classes.error) {
          failures.push(
            `faults: ${
              f.classes.error
            } answers other than 2xx, 409 or a clean 503 (${f.unexpected
              .slice(0, 2)
              .map(u => `${u.route} ${u.status}: ${u.why}`)
              .join('; ')})`,
          );
        }
        if (!during.unavailable) {
          failures.push(
            'faults: no request was answered 503 during the outage',
          );
        }
        if (fault.outageMs > 10_000) {
          failures.push(`faults: the outage lasted ${fault.outageMs} ms`);
        }
        if (!fault.sameBackendProcess) {
          failures.push('faults: the backend did not survive the outage');
        }
        if (
          fault.firstReadAfterMs === null ||
          fault.firstWriteAfterMs === null
        ) {
          failures.push(
            'faults: no accepted read or write after PostgreSQL was back',
          );
        }
        // Recovered without a restart: the same process answers reads and writes.
        Object.assign(
          fault,
          await checkAfterLoad(api, target.accepted, false, failures, 'faults'),
        );
      }
      fault.postgresRunningAtEnd = await postgresAnswers(connection);
    }
    if (phases.has('instances')) {
      // 3. Two instances (R4) on the same databases.
      result.twoInstances = {};
      const two = result.twoInstances;
      plog('two instances: starting a second built backend');
      const startedB = performance.now();
      const b = await start('b');
      two.startS = round((performance.now() - startedB) / 1000);
      // The sweeps are counted from a few seconds on, once the second instance's own first run
      // (its initial delay after registering the task) is behind.
      const watchFrom = Date.now() + 5_000;
      const bases = [a.baseUrl, b.baseUrl];
      const serviceId = target.hotServiceIds[0];
      const auditBefore = (await auditTrail(api)).filter(
        e => e.entityType === 'service' && e.entityId === serviceId,
      ).length;
      const first = await getJson(
        api,
        `${API}/services/${encodeURIComponent(serviceId)}`,
      );
      two.rounds = [];
      let lastWinnerPurpose: string | undefined;
      for (let round2 = 0; round2 < PRODUCTION.conflictRounds; round2++) {
        const service = await getJson(
          api,
          `${API}/services/${encodeURIComponent(serviceId)}`,
        );
        const body = (n: number) =>
          updateBody(service, `Concurrent edit ${round2}.${n}`);
        const answers = await Promise.all(
          Array.from({ length: PRODUCTION.conflictEdits }, (_, n) =>
            request(
              `${bases[n % 2]}${API}/services/${encodeURIComponent(serviceId)}`,
              { method: 'PUT', headers: api.headers, body: body(n) },
            ),
          ),
        );
        const ok = answers.filter(r => r.status === 200);
        const conflicts = answers.filter(r => r.status === 409).length;
        two.rounds.push({
          ok: ok.length,
          conflicts,
          other: answers.length - ok.length - conflicts,
        });
        lastWinnerPurpose = ok[0]?.json?.purpose;
      }
      const last = await getJson(
        api,
        `${API}/services/${encodeURIComponent(serviceId)}`,
      );
      two.versionsAdded = last.version - first.version;
      two.storedWinner = last.purpose === lastWinnerPurpose;
      two.auditEntriesAdded =
        (await auditTrail(api)).filter(
          e => e.entityType === 'service' && e.entityId === serviceId,
        ).length - auditBefore;
      if (
        two.rounds.some(r => r.ok !== 1 || r.other !== 0) ||
        two.versionsAdded !== PRODUCTION.conflictRounds ||
        two.auditEntriesAdded !== PRODUCTION.conflictRounds ||
        !two.storedWinner
      ) {
        failures.push(
          `two instances: concurrent edits ${JSON.stringify(two.rounds)}, ${
            two.versionsAdded
          } versions and ${two.auditEntriesAdded} audit entries added`,
        );
      }
      // The sweep: watched for a while across both instances' logs.
      const remaining =
        PRODUCTION.sweepWatchS * 1000 - (Date.now() - watchFrom);
      if (remaining > 0) await sleep(remaining);
      const watchTo = Date.now();
      const runs = scheduledRuns({
        logs: backends.slice(0, 2).map(x => fs.readFileSync(x.logFile, 'utf8')),
        marker: SWEEP_MARKER,
        from: watchFrom,
        to: watchTo,
      });
      const watchedS = round((watchTo - watchFrom) / 1000);
      const expectedAtMost = Math.floor(watchedS / PRODUCTION.sweepEveryS) + 1;
      two.sweep = {
        everyS: PRODUCTION.sweepEveryS,
        watchedS,
        ...runs,
        expectedAtMost,
      };
      if (
        runs.runs < 2 ||
        runs.runs > expectedAtMost ||
        (runs.minGapS ?? 0) < PRODUCTION.sweepEveryS * 0.5
      ) {
        failures.push(
          `two instances: ${runs.runs} sweeps in ${watchedS} s (every ${
            PRODUCTION.sweepEveryS
          } s: at most ${expectedAtMost}), by instance ${runs.byInstance.join(
            '/',
          )}, closest ${runs.minGapS} s apart`,
        );
      }
    }
    result.ok = failures.length === 0;
  } catch (error) {
    result.error = messageOf(error);
    plog(`FAILED: ${result.error}`);
  } finally {
    for (const signal of signals) process.off(signal, startPostgresNow);
    await startPostgres().catch(error =>
      plog(`could not start PostgreSQL again: ${messageOf(error)}`),
    );
    if (result.fault && connection) {
      result.fault.postgresRunningAtEnd = await postgresAnswers(connection);
    }
    for (const backend of backends) await backend.stop();
    if (connection) {
      try {
        result.droppedDatabases = await dropDatabases(connection, prefix);
        scratchPgPrefixes.delete(prefix);
      } catch (error) {
        plog(`could not drop the ${prefix}* databases: ${messageOf(error)}`);
      }
    }
    removeScratchDir(dir);
    result.totalS = round((performance.now() - started) / 1000);
  }
}
