// The ITSM part, on the catalog part's backend: a full sync of ITSM.incidents incidents through
// POST /api/social-media/itsm/sync against a bare fetch + JSON.parse of the same pages (the same
// requests the connector sends), then the service page's incident read from our store against
// one live Table API call with ITSM.liveLatencyMs of server latency.
import { FakeServiceNow } from '@internal/plugin-social-media-backend-module-servicenow/testUtils';
import {
  assertAlive,
  Backend,
  cpuSeconds,
  waitForQuiet,
} from '../backendProcess';
import { describeFailure, longRequest, request } from '../http';
import { Inventory, serviceNowMappedServices } from '../inventory';
import { pgActivity, pgActivityDelta } from '../postgres';
import { ItsmResult } from '../results';
import {
  basicAuthOf,
  INCIDENT_LIST,
  pageRequestsSince,
  seedIncidents,
} from '../serviceNow';
import { BASE_URL, baselinePath, ITSM, TIMEOUTS } from '../settings';
import { round, summarize } from '../stats';
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

/**
 * POST /itsm/sync; fails unless the ServiceNow connector's run succeeded (or, with
 * `expectFailure`, unless it failed).
 */
async function runSync(
  headers: Record<string, string>,
  { expectFailure = false } = {},
): Promise<{ ms: number; status: ConnectorStatus }> {
  const r = await longRequest(`${BASE_URL}/api/social-media/itsm/sync`, {
    method: 'POST',
    headers,
    timeoutMs: TIMEOUTS.itsmSyncMs,
  });
  if (r.status !== 200) {
    throw new Error(`POST /itsm/sync: ${describeFailure(r)}`);
  }
  const status: ConnectorStatus | undefined = r.json.items.find(
    (i: ConnectorStatus) => i.connectorId === 'servicenow',
  );
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

// The order the connector asks for; its keyset condition after a page ending at (T, X) is
// `^sys_updated_on>=T^sys_updated_on>T^ORsys_id>X`, before the order (see its query.ts).
const SYNC_ORDER = '^ORDERBYsys_updated_on^ORDERBYsys_id';

/**
 * The baseline of the sync: the same pages from the same server, with nothing but fetch and
 * JSON.parse. `template` is the connector's first request (its query and parameters); each next
 * page is asked for after the last record of the one before, as the connector does, so that the
 * requests are the connector's own (checked afterwards against what the fake received).
 */
async function bareFetch(fake: FakeServiceNow, template: URLSearchParams) {
  const firstQuery = template.get('sysparm_query') ?? '';
  if (!firstQuery.endsWith(SYNC_ORDER)) {
    throw new Error(
      `The connector's query does not end with ${SYNC_ORDER}: ...${firstQuery.slice(
        -80,
      )}`,
    );
  }
  const conditions = firstQuery.slice(0, -SYNC_ORDER.length);
  const headers = {
    Accept: 'application/json',
    Authorization: basicAuthOf(fake),
  };
  const queries: string[] = [];
  let after: { u: string; id: string } | undefined;
  let records = 0;
  let waitMs = 0;
  let readMs = 0;
  const deadline = performance.now() + TIMEOUTS.itsmBareMs;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (;;) {
    if (performance.now() > deadline) {
      throw new Error(
        `The bare fetch did not finish within ${
          TIMEOUTS.itsmBareMs / 1000
        } s (${queries.length} pages)`,
      );
    }
    const params = new URLSearchParams(template);
    params.set(
      'sysparm_query',
      after
        ? `${conditions}^sys_updated_on>=${after.u}^sys_updated_on>${after.u}^ORsys_id>${after.id}${SYNC_ORDER}`
        : firstQuery,
    );
    queries.push(params.toString());
    const sent = performance.now();
    const response = await fetch(`${fake.url}${INCIDENT_LIST}?${params}`, {
      headers,
      signal: AbortSignal.timeout(TIMEOUTS.requestMs),
    });
    const answered = performance.now();
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(
        `The bare fetch, page ${queries.length}: HTTP ${
          response.status
        }: ${text.slice(0, 300)}`,
      );
    }
    const page = JSON.parse(text).result;
    readMs += performance.now() - answered;
    waitMs += answered - sent;
    records += page.length;
    const total = Number(response.headers.get('x-total-count'));
    if (page.length === 0 || total <= page.length) break;
    const last = page[page.length - 1];
    after = {
      u: last.sys_updated_on.value,
      id: last.sys_id.value.toLowerCase(),
    };
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ms: round(performance.now() - started),
    pages: queries.length,
    records,
    // Until the answer's headers: the fake filters, sorts and renders the page before it sends
    // any of it. Then reading the body and JSON.parse: the client's own work.
    serverWaitMs: round(waitMs),
    bodyAndParseMs: round(readMs),
    benchCpuMs: round((cpu.user + cpu.system) / 1000),
    queries,
  };
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
  itsm: ItsmResult;
}): Promise<void> {
  const { database, backend, headers, fake, inventory, pgPrefix, itsm } =
    options;

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

  // 2. A probe: a sync whose first request the fake refuses (HTTP 400, which the connector does
  //    not retry). It shows the request the connector sends, which the bare fetch then sends
  //    too, and stores nothing, so that the measured sync is still the first, full one.
  let from = fake.requests.length;
  fake.failNext(res => {
    const body = JSON.stringify({
      error: { message: 'Refused on purpose by the benchmark (probe)' },
      status: 'failure',
    });
    res.writeHead(400, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }, INCIDENT_LIST);
  await runSync(headers, { expectFailure: true });
  fake.faults.length = 0;
  const [probe] = pageRequestsSince(fake, from);
  if (!probe) throw new Error('The connector sent no incident request');
  const template = new URLSearchParams(probe.query);
  itsm.pageSize = Number(template.get('sysparm_limit'));
  itsm.queryChars = (template.get('sysparm_query') ?? '').length;
  itsm.requestUrlChars = `${fake.url}${INCIDENT_LIST}?${template}`.length;

  // 3. The incidents.
  const seeded = seedIncidents(fake, businessServices, ITSM.incidents);
  itsm.incidents = ITSM.incidents;
  itsm.openIncidents = seeded.open;
  itsm.securityIncidents = seeded.security;
  log(
    `${database}: ${ITSM.incidents} incidents on ${businessServices.size} business services in the fake ServiceNow (${fake.url}), mapped by ${mappedServices} services; page size ${itsm.pageSize}`,
  );

  // 4. Until the backend is quiet: after an import the catalog processes the new entities for
  //    minutes (on SQLite longer than the catalog part waits), on the same event loop as the
  //    sync, and on SQLite blocking it. The ITSM figures are about the sync, not about that.
  itsm.quietBeforeSync = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.itsmQuietMs,
  );

  // 5. The bare fetch of all pages, after one untimed request of the first page (the fake's code
  //    and the connection warm up for both sides alike).
  assertAlive(backend);
  const warm = await fetch(`${fake.url}${INCIDENT_LIST}?${template}`, {
    headers: { Accept: 'application/json', Authorization: basicAuthOf(fake) },
    signal: AbortSignal.timeout(TIMEOUTS.requestMs),
  });
  JSON.parse(await warm.text());
  log(`${database}: bare fetch of all pages`);
  const bare = await bareFetch(fake, template);
  const { queries: bareQueries, ...bareFigures } = bare;
  itsm.bare = bareFigures;
  log(
    `${database}: bare fetch ${(bare.ms / 1000).toFixed(1)} s for ${
      bare.pages
    } pages, ${bare.records} incidents`,
  );

  // 6. The full sync through the backend.
  assertAlive(backend);
  log(`${database}: full sync through POST /itsm/sync`);
  from = fake.requests.length;
  const pgBefore = pgPrefix ? await pgActivity(pgPrefix) : undefined;
  const backendCpu = cpuSeconds(backend.child.pid);
  const benchCpu = process.cpuUsage();
  const sync = await runSync(headers);
  const fakeCpu = process.cpuUsage(benchCpu);
  const syncQueries = pageRequestsSince(fake, from).map(r =>
    new URLSearchParams(r.query).toString(),
  );
  const backendCpuAfter = cpuSeconds(backend.child.pid);
  itsm.sync = {
    ms: round(sync.ms),
    pages: syncQueries.length,
    incidentsStored: sync.status.incidentsLastRun,
    // The fake runs in this process, which otherwise only waits for the answer.
    fakeCpuMs: round((fakeCpu.user + fakeCpu.system) / 1000),
    backendCpuMs:
      backendCpu === undefined || backendCpuAfter === undefined
        ? null
        : round((backendCpuAfter - backendCpu) * 1000),
  };
  itsm.sameRequests =
    syncQueries.length === bareQueries.length &&
    syncQueries.every((q, i) => q === bareQueries[i]);
  itsm.syncPerBare = sync.ms / bare.ms;
  if (itsm.sync.incidentsStored !== ITSM.incidents) {
    throw new Error(
      `The sync stored ${itsm.sync.incidentsStored} incidents, not ${ITSM.incidents}`,
    );
  }
  if (!itsm.sameRequests) {
    log(
      `${database}: WARNING the bare fetch's requests differ from the connector's (${bareQueries.length} and ${syncQueries.length} pages)`,
    );
  }
  log(
    `${database}: full sync ${(sync.ms / 1000).toFixed(
      1,
    )} s; ratio sync/bare ${itsm.syncPerBare.toFixed(2)}x`,
  );

  // 7. The service page's incidents, from our store against one live call.
  await measureIncidentReads({ ...options, template, pgBefore });
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
  pgBefore?: Awaited<ReturnType<typeof pgActivity>>;
}) {
  const { database, backend, headers, fake, samples, pgPrefix, itsm } = options;
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
  // PostgreSQL publishes a connection's counters when it has been idle a while: read them after
  // the quiet period.
  if (options.pgBefore && pgPrefix) {
    itsm.postgresDuringSync = pgActivityDelta(
      options.pgBefore,
      await pgActivity(pgPrefix),
      pgPrefix,
    );
  }
  // With the readiness probe as the floor of a round trip through the backend, as for the list.
  const endpoints = [
    { key: 'ours', url: `${BASE_URL}${ourPathItsm}`, headers },
    { key: 'live', url: liveUrl, headers: liveHeaders },
    { key: 'baseline', url: `${BASE_URL}${baselinePath}`, headers: {} },
  ] as const;
  const times = {
    ours: [] as number[],
    live: [] as number[],
    baseline: [] as number[],
  };
  const warmup = Math.min(20, Math.ceil(samples / 10));
  log(
    `${database}: measuring ${samples} incident reads per side (live with ${ITSM.liveLatencyMs} ms latency) and the readiness probe`,
  );
  fake.latencyMs = ITSM.liveLatencyMs;
  try {
    for (let round_ = 0; round_ < warmup + samples; round_++) {
      if (round_ % 50 === 0) assertAlive(backend);
      for (let k = 0; k < endpoints.length; k++) {
        const endpoint = endpoints[(round_ + k) % endpoints.length];
        const r = await request(endpoint.url, { headers: endpoint.headers });
        if (r.status !== 200) {
          throw new Error(`${endpoint.key}: ${describeFailure(r)}`);
        }
        if (round_ >= warmup) times[endpoint.key].push(r.ms);
      }
    }
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
