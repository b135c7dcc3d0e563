// The ITSM part, on the catalog part's backend: in each shape of ITSM.shapes, a first full sync of
// ITSM.incidents incidents through POST /api/social-media/itsm/connectors/servicenow/sync against a bare fetch +
// JSON.parse of the same pages (the requests the connector sends: every group of references, each
// paged by key, see itsmBareFetch.ts), then an incremental run after ITSM.incrementalChanges
// changes; last, the service page's incident read from our store against one live Table API call
// with ITSM.liveLatencyMs of server latency.
import {
  FakeRequest,
  FakeServiceNow,
} from '@internal/plugin-social-media-backend-module-servicenow/testUtils';
import { AuditDatabase, openAuditDatabase } from '../auditTrailFill';
import {
  assertAlive,
  Backend,
  cpuSeconds,
  waitForQuiet,
} from '../backendProcess';
import { describeFailure, longRequest, request } from '../http';
import {
  Inventory,
  serviceNowMappedServices,
  serviceNowServicesPerReference,
} from '../inventory';
import { measureRounds, warmupRounds } from '../measureRounds';
import {
  cpuMsBetween,
  machineBusyCpuSeconds,
  machineCores,
  mainThreadCpuSeconds,
  postgresCpuSeconds,
} from '../machineCpu';
import { pgActivity, pgActivityDelta } from '../postgres';
import { ItsmResult, ItsmShapeResult } from '../results';
import {
  addBusinessServices,
  basicAuthOf,
  changeIncidents,
  INCIDENT_LIST,
  pageRequestsSince,
  seedIncidents,
} from '../serviceNow';
import {
  armGroupProbe,
  bareFetch,
  CONNECTOR_REQUESTS_IN_FLIGHT,
} from './itsmBareFetch';
import { BASE_URL, baselinePath, ITSM, TIMEOUTS } from '../settings';
import { round, summarize } from '../stats';
import { startSyncProfile } from '../syncProfile';
import { log } from '../util';

interface ConnectorStatus {
  connectorId: string;
  mappedServices: number;
  incidentsLastRun: number;
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
}

/** The sync status of the ServiceNow connector, from GET /itsm/status. */
async function serviceNowStatus(
  headers: Record<string, string>,
): Promise<ConnectorStatus | undefined> {
  const r = await request(`${BASE_URL}/api/social-media/itsm/status`, {
    headers,
  });
  if (r.status !== 200) {
    throw new Error(`GET /itsm/status: ${describeFailure(r)}`);
  }
  return r.json.items.find(
    (i: ConnectorStatus) => i.connectorId === 'servicenow',
  );
}

const SYNC_PATH = '/itsm/connectors/servicenow/sync';

/**
 * POST /itsm/connectors/servicenow/sync, the ServiceNow connector's sync alone (the Jira and
 * PagerDuty connectors the inventory needs installed are not run); fails unless its run succeeded
 * (or, with `expectFailure`, unless it failed).
 */
async function runSync(
  headers: Record<string, string>,
  { expectFailure = false } = {},
): Promise<{ ms: number; status: ConnectorStatus }> {
  const r = await longRequest(`${BASE_URL}/api/social-media${SYNC_PATH}`, {
    method: 'POST',
    headers,
    timeoutMs: TIMEOUTS.itsmSyncMs,
  });
  if (r.status !== 200) {
    throw new Error(`POST ${SYNC_PATH}: ${describeFailure(r)}`);
  }
  const status: ConnectorStatus | undefined = r.json;
  if (expectFailure) {
    if (
      !status?.lastErrorAt ||
      (status.lastRunAt && status.lastErrorAt < status.lastRunAt)
    ) {
      throw new Error(
        `The probe sync did not fail as it should: ${JSON.stringify(status)}`,
      );
    }
    return { ms: r.ms, status };
  }
  // The run's outcome is in the status: a failed run still answers 200.
  if (
    !status?.lastSuccessAt ||
    (status.lastRunAt && status.lastSuccessAt < status.lastRunAt) ||
    (status.lastErrorAt &&
      status.lastRunAt &&
      status.lastErrorAt >= status.lastRunAt)
  ) {
    throw new Error(
      `The ServiceNow sync failed: ${
        status?.lastError ?? JSON.stringify(status)
      }`,
    );
  }
  return { ms: r.ms, status };
}

/**
 * Empties the store of the ServiceNow connector's incidents and sync position, straight in the
 * database while the backend is idle, so that its next sync is a first, full one. On PostgreSQL
 * the deleted rows are vacuumed away too: the next shape's incidents have the same ids, and each
 * of its lookups and unique checks would otherwise visit the dead rows of the shape before, which
 * no first full sync of a portal meets (sampled in one run: a sixth of the database's busy time).
 */
async function forgetServiceNowIncidents(store: AuditDatabase): Promise<void> {
  const db = openAuditDatabase(store);
  try {
    await db('social_service_incidents')
      .where({ connector_id: 'servicenow' })
      .delete();
    await db('social_media_itsm_sync')
      .where({ connector_id: 'servicenow' })
      .delete();
    if (store.client === 'pg') {
      await db.raw('vacuum ??', ['social_service_incidents']);
    }
  } finally {
    await db.destroy();
  }
}

/** Writes into `itsm` as it goes, so that a failure keeps what was measured. */
export async function benchItsm(options: {
  database: string;
  backend: Backend;
  headers: Record<string, string>;
  fake: FakeServiceNow;
  samples: number;
  inventory: Inventory;
  pgPrefix?: string;
  /** The social-media plugin's database, emptied of the ServiceNow incidents between shapes. */
  store: AuditDatabase;
  itsm: ItsmResult;
}): Promise<void> {
  const { database, backend, headers, fake, inventory, store, itsm } = options;

  // 1. The connector is installed and sees the inventory's mappings.
  const installed = await serviceNowStatus(headers);
  if (!installed) {
    throw new Error(
      `The ServiceNow connector is not installed (see ${backend.logPath})`,
    );
  }
  const businessServices = inventory.businessServices;
  const mappedServices = serviceNowMappedServices(inventory);
  itsm.mappedServices = installed.mappedServices;
  itsm.businessServices = businessServices.size;
  if (installed.mappedServices !== mappedServices) {
    log(
      `${database}: WARNING the store has ${installed.mappedServices} ServiceNow mappings, the inventory ${mappedServices}`,
    );
  }

  // 2. A probe, while the fake holds no incidents: a sync that reads the first page of every
  //    group of references (empty, so each group ends at once) until the request that completes
  //    the mapped references, which the fake refuses (HTTP 400, not retried). It shows the
  //    connector's own first request of each group, which the bare fetch then sends too, and
  //    stores nothing, so that the measured sync is still the first, full one.
  const probe = armGroupProbe(fake, businessServices.keys());
  let probeError: string | undefined;
  try {
    probeError = (await runSync(headers, { expectFailure: true })).status
      .lastError;
  } catch (error) {
    throw new Error(
      `${(error as Error).message}${
        probe.missing.length > 0
          ? ` (no request asked for ${probe.missing.length} of the ${businessServices.size} mapped business services)`
          : ''
      }`,
    );
  } finally {
    probe.disarm();
  }
  if (probe.error) throw new Error(`The probe: ${probe.error}`);
  if (!probe.refused) {
    throw new Error(
      `The probe sync failed before the connector asked for every mapped business service (${probe.firstRequests.length} queries sent, ${probe.missing.length} business services not asked for): ${probeError}`,
    );
  }
  const firstRequests = probe.firstRequests;
  const template = firstRequests[0];
  itsm.pageSize = Number(template.get('sysparm_limit'));
  itsm.queryGroups = firstRequests.length;
  addBusinessServices(fake, businessServices);

  // 3. Each shape: a first full sync of all the incidents, then an incremental run.
  const allCis = [...businessServices.keys()].sort();
  itsm.shapes = [];
  for (const [n, shape] of ITSM.shapes.entries()) {
    const ciIds =
      shape.businessServices === 'all'
        ? allCis
        : // Spread over the sorted sys_ids, hence over the groups of references.
          Array.from(
            { length: shape.businessServices },
            (_, i) =>
              allCis[Math.floor((i * allCis.length) / shape.businessServices)],
          );
    const result: ItsmShapeResult = {
      id: shape.id,
      businessServices: ciIds.length,
    };
    itsm.shapes.push(result);
    if (n > 0) {
      // The shape before left its incidents in the fake and in the store: both start empty, so
      // that this sync is a first, full one too.
      fake.incidents.clear();
      await forgetServiceNowIncidents(store);
    }
    await benchShape({ ...options, template, firstRequests, ciIds, result });
  }

  // 4. The service page's incidents, from our store against one live call.
  await measureIncidentReads({ ...options, template });
}

/** What one shape is measured with. */
interface ShapeOptions {
  database: string;
  backend: Backend;
  headers: Record<string, string>;
  fake: FakeServiceNow;
  inventory: Inventory;
  pgPrefix?: string;
  itsm: ItsmResult;
  store: AuditDatabase;
  template: URLSearchParams;
  firstRequests: URLSearchParams[];
  ciIds: string[];
  result: ItsmShapeResult;
}

/** Milliseconds from the last page the fake answered to `endedAt` (the fake runs in this process). */
function afterLastPage(
  requests: FakeRequest[],
  endedAt: number,
): number | null {
  const answers = requests.flatMap(r =>
    r.answeredAt === undefined ? [] : [r.answeredAt],
  );
  return answers.length > 0 ? round(endedAt - Math.max(...answers)) : null;
}

/** One shape: seeds the fake, then the bare fetch, the full sync and an incremental run. */
async function benchShape(options: ShapeOptions): Promise<void> {
  const { database, backend, headers, fake, inventory, pgPrefix, itsm } =
    options;
  const { template, firstRequests, ciIds, result } = options;
  const label = `${database} [${result.id}: ${ciIds.length} business services]`;

  // The incidents. The sync stores a copy of each for every service mapped to its business
  // service.
  const seeded = seedIncidents(fake, ciIds, ITSM.incidents);
  const servicesPerReference = serviceNowServicesPerReference(inventory);
  result.incidents = ITSM.incidents;
  result.incidentCopies = [...seeded.perCi].reduce(
    (sum, [ci, incidents]) =>
      sum + incidents * (servicesPerReference.get(ci.toLowerCase()) ?? 0),
    0,
  );
  result.openIncidents = seeded.open;
  result.securityIncidents = seeded.security;
  log(
    `${label}: ${ITSM.incidents} incidents in the fake ServiceNow (${fake.url}) (${result.incidentCopies} copies to store); ${itsm.queryGroups} queries (groups of references), page size ${itsm.pageSize}`,
  );

  // Until the backend is quiet: after an import the catalog processes the new entities for
  // minutes (on SQLite longer than the catalog part waits), on the same event loop as the sync,
  // and on SQLite blocking it. The ITSM figures are about the sync, not about that.
  result.quietBeforeSync = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.itsmQuietMs,
  );

  // The bare fetch of all pages of all groups, after one untimed request of the first page (the
  // fake's code and the connection warm up for both sides alike).
  assertAlive(backend);
  const warm = await fetch(`${fake.url}${INCIDENT_LIST}?${template}`, {
    headers: { Accept: 'application/json', Authorization: basicAuthOf(fake) },
    signal: AbortSignal.timeout(TIMEOUTS.requestMs),
  });
  JSON.parse(await warm.text());
  log(`${label}: bare fetch of all pages`);
  const machineBeforeBare = machineBusyCpuSeconds();
  const bare = await bareFetch(fake, firstRequests);
  const { queries: bareQueries, ...bareFigures } = bare;
  result.bare = {
    ...bareFigures,
    machineCpuMs: cpuMsBetween(machineBeforeBare, machineBusyCpuSeconds()),
  };
  log(
    `${label}: bare fetch ${(bare.ms / 1000).toFixed(1)} s for ${
      bare.pages
    } pages in ${firstRequests.length} queries, ${bare.records} incidents`,
  );

  // The full sync through the backend.
  assertAlive(backend);
  log(`${label}: full sync through POST ${SYNC_PATH}`);
  const from = fake.requests.length;
  const pgBefore = pgPrefix ? await pgActivity(pgPrefix) : undefined;
  const backendCpu = cpuSeconds(backend.child.pid);
  const backendMainThread = mainThreadCpuSeconds(backend.child.pid);
  const benchCpu = process.cpuUsage();
  const profile = await startSyncProfile();
  const machineBeforeSync = machineBusyCpuSeconds();
  const postgresBeforeSync =
    database === 'postgres' ? postgresCpuSeconds() : undefined;
  const sync = await runSync(headers);
  const syncAnsweredAt = performance.now();
  const machineSyncCpuMs = cpuMsBetween(
    machineBeforeSync,
    machineBusyCpuSeconds(),
  );
  const postgresSyncCpuMs = cpuMsBetween(
    postgresBeforeSync,
    postgresCpuSeconds(),
  );
  await profile?.stop(`${database}-${result.id}`);
  const fakeCpu = process.cpuUsage(benchCpu);
  const syncRequests = pageRequestsSince(fake, from);
  const syncQueries = syncRequests.map(r =>
    new URLSearchParams(r.query).toString(),
  );
  noteLongestRequest(itsm, fake, syncRequests);
  const backendCpuAfter = cpuSeconds(backend.child.pid);
  const backendMainThreadMs = cpuMsBetween(
    backendMainThread,
    mainThreadCpuSeconds(backend.child.pid),
  );
  result.sync = {
    ms: round(sync.ms),
    pages: syncQueries.length,
    incidentsStored: sync.status.incidentsLastRun,
    // The fake runs in this process, which otherwise only waits for the answer.
    fakeCpuMs: round((fakeCpu.user + fakeCpu.system) / 1000),
    backendCpuMs:
      backendCpu === undefined || backendCpuAfter === undefined
        ? null
        : round((backendCpuAfter - backendCpu) * 1000),
    backendMainThreadCpuMs: backendMainThreadMs,
    postgresCpuMs: postgresSyncCpuMs,
    machineCpuMs: machineSyncCpuMs,
    cores: machineCores(),
    afterLastPageMs: afterLastPage(syncRequests, syncAnsweredAt),
  };
  const serverMs = syncRequests.map(r => r.serverMs ?? 0);
  result.serverPageMs = {
    ...summarize(serverMs),
    totalMs: round(serverMs.reduce((sum, v) => sum + v, 0)),
  };
  // As sets: with two groups read at once, their requests interleave.
  const sortedBare = [...bareQueries].sort();
  result.sameRequests =
    syncQueries.length === bareQueries.length &&
    [...syncQueries].sort().every((q, i) => q === sortedBare[i]);
  result.syncPerBare = sync.ms / bare.ms;
  if (result.sync.incidentsStored !== result.incidentCopies) {
    throw new Error(
      `The sync stored ${result.sync.incidentsStored} copies of incidents, not ${result.incidentCopies} (${ITSM.incidents} incidents, a copy for each service mapped to an incident's business service)`,
    );
  }
  if (bare.records !== ITSM.incidents) {
    log(
      `${label}: WARNING the bare fetch read ${bare.records} incidents, not ${ITSM.incidents}`,
    );
  }
  if (!result.sameRequests) {
    log(
      `${label}: WARNING the bare fetch's requests differ from the connector's (${bareQueries.length} and ${syncQueries.length} pages)`,
    );
  }
  log(
    `${label}: full sync ${(sync.ms / 1000).toFixed(
      1,
    )} s; ratio sync/bare ${result.syncPerBare.toFixed(2)}x`,
  );

  // An incremental run after a burst of changes: it reads its overlap and the changes, and
  // stores the changes only. Like the full sync, it starts on a quiet backend: right after the
  // full sync the catalog is still processing the services the sync changed (6,944 of them in
  // the shape of many), on the same event loop, which a scheduled run a few minutes later does
  // not meet.
  const quietBefore = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.itsmQuietMs,
  );
  const changed = changeIncidents(fake, ITSM.incrementalChanges);
  const incrementalFrom = fake.requests.length;
  const incremental = await runSync(headers);
  result.incremental = {
    changes: changed.length,
    quietBefore,
    ms: round(incremental.ms),
    pages: pageRequestsSince(fake, incrementalFrom).length,
    incidentsStored: incremental.status.incidentsLastRun,
  };
  log(
    `${label}: incremental run with ${
      changed.length
    } changes: ${incremental.ms.toFixed(0)} ms, ${
      incremental.status.incidentsLastRun
    } copies stored`,
  );
  if (incremental.status.incidentsLastRun !== changed.length) {
    log(
      `${label}: WARNING the incremental run stored ${incremental.status.incidentsLastRun} copies, not the ${changed.length} changed`,
    );
  }
  if (pgBefore && pgPrefix) {
    await waitForQuiet(backend, database, TIMEOUTS.itsmQuietMs);
    result.postgresDuringSync = pgActivityDelta(
      pgBefore,
      await pgActivity(pgPrefix),
      pgPrefix,
    );
  }
  if (ITSM.latencyShapes.includes(result.id)) {
    await benchWithLatency({ ...options, label });
  }
}

/**
 * A second first full sync of the same incidents with the instance's latency on every request,
 * against a bare fetch of the same pages one request at a time and as many at a time as the
 * connector keeps in flight: where the answer time is the wire's, reading the next groups ahead is
 * what the sync gains.
 */
async function benchWithLatency(
  options: Pick<
    ShapeOptions,
    | 'database'
    | 'backend'
    | 'headers'
    | 'fake'
    | 'store'
    | 'firstRequests'
    | 'result'
  > & { label: string },
): Promise<void> {
  const { database, backend, headers, fake, store, result, label } = options;
  const latencyMs = ITSM.instanceLatencyMs;
  await waitForQuiet(backend, database, TIMEOUTS.itsmQuietMs);
  await forgetServiceNowIncidents(store);
  fake.latencyMs = latencyMs;
  try {
    const one = await bareFetch(
      fake,
      options.firstRequests,
      TIMEOUTS.itsmBareMs,
      1,
    );
    const together = await bareFetch(fake, options.firstRequests);
    assertAlive(backend);
    const sync = await runSync(headers);
    result.withLatency = {
      latencyMs,
      syncMs: round(sync.ms),
      bareOneAtATimeMs: round(one.ms),
      bareInFlight: CONNECTOR_REQUESTS_IN_FLIGHT,
      bareInFlightMs: round(together.ms),
    };
    log(
      `${label}: with ${latencyMs} ms latency per request: full sync ${(
        sync.ms / 1000
      ).toFixed(1)} s; bare fetch ${(one.ms / 1000).toFixed(
        1,
      )} s one request at a time, ${(together.ms / 1000).toFixed(
        1,
      )} s ${CONNECTOR_REQUESTS_IN_FLIGHT} at a time`,
    );
  } finally {
    fake.latencyMs = 0;
  }
}

/** Keeps the longest request the connector sent, as it arrived (it keeps each within its limit). */
function noteLongestRequest(
  itsm: ItsmResult,
  fake: FakeServiceNow,
  requests: FakeRequest[],
) {
  for (const r of requests) {
    itsm.queryChars = Math.max(
      itsm.queryChars ?? 0,
      (r.query.get('sysparm_query') ?? '').length,
    );
    itsm.requestUrlChars = Math.max(
      itsm.requestUrlChars ?? 0,
      fake.url.length + r.url.length,
    );
  }
}

/**
 * The service page's incidents: the service with the most open incidents, from our store and
 * live from the instance (its open incidents, newest first, the connector's fields).
 */
async function measureIncidentReads(options: {
  database: string;
  backend: Backend;
  headers: Record<string, string>;
  fake: FakeServiceNow;
  samples: number;
  pgPrefix?: string;
  itsm: ItsmResult;
  template: URLSearchParams;
}) {
  const { database, backend, headers, fake, samples, itsm } = options;
  const top = await request(
    `${BASE_URL}/api/social-media/services?sort=openIncidentCount&order=desc&limit=1`,
    { headers },
  );
  const service = top.json?.items?.[0];
  const ciId = service?.itsm?.reference;
  if (
    top.status !== 200 ||
    !service?.openIncidentCount ||
    !fake.cis.has(ciId)
  ) {
    throw new Error(
      `No service with open incidents mapped to the fake: ${describeFailure(
        top,
      )}`,
    );
  }
  const ourPathItsm = `/api/social-media/services/${encodeURIComponent(
    service.id,
  )}/incidents`;
  const liveUrl = `${fake.url}${INCIDENT_LIST}?${new URLSearchParams({
    sysparm_query: `business_service=${ciId}^state!=6^state!=7^ORDERBYDESCopened_at`,
    sysparm_fields: options.template.get('sysparm_fields') ?? '',
    sysparm_limit: '1000',
    sysparm_display_value: 'all',
    sysparm_exclude_reference_link: 'true',
  })}`;
  const liveHeaders = {
    Accept: 'application/json',
    Authorization: basicAuthOf(fake),
  };
  const ours = await request(`${BASE_URL}${ourPathItsm}`, { headers });
  const live = await request(liveUrl, { headers: liveHeaders });
  if (ours.status !== 200) {
    throw new Error(`Our incidents: ${describeFailure(ours)}`);
  }
  if (live.status !== 200) {
    throw new Error(`The live call: ${describeFailure(live)}`);
  }
  const ourNumbers: string[] = ours.json.items
    .map((i: { number: string }) => i.number)
    .sort();
  const liveNumbers: string[] = live.json.result
    .map((i: { number: { value: string } }) => i.number.value)
    .sort();
  itsm.page = {
    service: service.name,
    openIncidents: service.openIncidentCount,
    ours: { items: ourNumbers.length, bytes: ours.text.length },
    live: { items: liveNumbers.length, bytes: live.text.length },
    sameIncidents: ourNumbers.join() === liveNumbers.join(),
  };
  if (!itsm.page.sameIncidents) {
    log(
      `${database}: WARNING our store and the live call list different incidents (${ourNumbers.length} and ${liveNumbers.length})`,
    );
  }

  // Once the backend is quiet again (the sync's announcements go through the catalog),
  // interleave the two, rotating which goes first; then the live call without the added
  // latency, which is the fake's own time.
  itsm.quietBeforeReads = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.itsmQuietMs,
  );
  itsm.backendIdleCpuPercent = itsm.quietBeforeReads.cpuPercent;
  // With the readiness probe as the floor of a round trip through the backend, as for the list.
  const endpoints = [
    { key: 'ours', urls: [`${BASE_URL}${ourPathItsm}`], headers },
    { key: 'live', urls: [liveUrl], headers: liveHeaders },
    { key: 'baseline', urls: [`${BASE_URL}${baselinePath}`], headers: {} },
  ] as const;
  const warmup = warmupRounds(samples);
  log(
    `${database}: measuring ${samples} incident reads per side (live with ${ITSM.liveLatencyMs} ms latency) and the readiness probe`,
  );
  fake.latencyMs = ITSM.liveLatencyMs;
  let times: Record<'ours' | 'live' | 'baseline', number[]>;
  try {
    times = await measureRounds(backend, endpoints, { samples, warmup });
  } finally {
    fake.latencyMs = 0;
  }
  const noLatency: number[] = [];
  for (let i = 0; i < ITSM.noLatencySamples; i++) {
    noLatency.push((await request(liveUrl, { headers: liveHeaders })).ms);
  }
  itsm.latency = {
    ours: summarize(times.ours),
    live: summarize(times.live),
    baseline: summarize(times.baseline),
    liveWithoutLatency: summarize(noLatency),
  };
  itsm.ratio = {
    p50: itsm.latency.live.p50 / itsm.latency.ours.p50,
    p95: itsm.latency.live.p95 / itsm.latency.ours.p95,
  };
  itsm.requests = { ours: ourPathItsm, live: liveUrl.replace(fake.url, '') };
  log(
    `${database}: incidents p95 ours ${itsm.latency.ours.p95.toFixed(
      1,
    )} ms, live ${itsm.latency.live.p95.toFixed(1)} ms`,
  );
}
