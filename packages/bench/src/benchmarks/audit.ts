// The audit part, last on the run's backend: the audit trail filled to AUDIT.entries entries
// (straight into the database, hashed with the backend's own hashEntry, see ../auditTrailFill.ts),
// then through the API: pages of GET /audit/entries (the first, a deep one by `before` cursor,
// and filtered by actor, by action and by service) against the readiness probe as a plain-HTTP
// baseline and the 100 ms budget; GET /audit/verify against its 5 s budget and against hashing
// the same entries in this process; and GET /audit/export?format=csv of the whole trail, with
// the backend process's peak RSS during the export set against its size.
import fs from 'node:fs';
import http from 'node:http';
import {
  AUDIT_ACTORS,
  AuditDatabase,
  fillAuditTrail,
  openAuditDatabase,
} from '../auditTrailFill';
import {
  assertAlive,
  Backend,
  cpuPercent,
  cpuSeconds,
  waitForQuiet,
} from '../backendProcess';
import { describeFailure, longRequest, request } from '../http';
import { CSV_HEADER, Inventory } from '../inventory';
import { measureRounds, warmupRounds } from '../measureRounds';
import { AuditResult } from '../results';
import { AUDIT, BASE_URL, baselinePath, TIMEOUTS } from '../settings';
import { median, round, summarize } from '../stats';
import { log, sleep } from '../util';

const ENTRIES = '/api/social-media/audit/entries';

/** VmRSS and VmHWM (peak so far) of a process, in bytes, from /proc; undefined without it. */
function memoryOf(
  pid: number | undefined,
): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) *
      1024;
    const rss = kb('VmRSS');
    const hwm = kb('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(hwm)
      ? { rss, hwm }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The service id the backend's import gives an inventory row (a slug of its name). */
function serviceIdOf(inventory: Inventory, index: number): string {
  const row = inventory.rows[Math.min(index, inventory.rows.length - 1)];
  return String(row[CSV_HEADER.indexOf('name')])
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Reads a whole export, counting its bytes and keeping its last line (the end marker). */
function download(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number; tail: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { headers, signal: AbortSignal.timeout(TIMEOUTS.auditExportMs) },
      res => {
        let bytes = 0;
        let tail = Buffer.alloc(0);
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          tail = Buffer.concat([tail, chunk]).subarray(-512);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            tail: tail.toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Writes into `audit` as it goes, so that a failure keeps what was measured. */
export async function benchAudit(options: {
  database: string;
  backend: Backend;
  headers: Record<string, string>;
  samples: number;
  inventory: Inventory;
  target: AuditDatabase;
  audit: AuditResult;
}): Promise<void> {
  const { database, backend, headers, samples, inventory, target, audit } =
    options;

  // 1. A quiet backend (after the other parts the catalog may still be processing), then the fill.
  audit.quietBefore = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.auditQuietMs,
  );
  const db = openAuditDatabase(target);
  try {
    log(
      `${database}: filling the audit trail to ${AUDIT.entries.toLocaleString(
        'en',
      )} entries`,
    );
    let lastLog = performance.now();
    const fill = await fillAuditTrail(db, {
      entries: AUDIT.entries,
      rows: inventory.rows,
      deadline: performance.now() + TIMEOUTS.auditFillMs,
      onProgress: entries => {
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          assertAlive(backend);
          log(`${database}: ${entries.toLocaleString('en')} entries`);
        }
      },
    });
    audit.fill = {
      before: fill.before,
      added: fill.added,
      entries: fill.entries,
      ms: round(fill.ms),
      hashMs: round(fill.hashMs),
      avgSnapshotBytes: Math.round(fill.avgSnapshotBytes),
      cutShort: fill.cutShort,
    };
    log(
      `${database}: ${fill.added.toLocaleString('en')} entries added in ${(
        fill.ms / 1000
      ).toFixed(1)} s (${(fill.hashMs / 1000).toFixed(1)} s of it hashing)${
        fill.cutShort
          ? `; STOPPED at ${fill.entries.toLocaleString('en')} by the ${
              TIMEOUTS.auditFillMs / 60_000
            }-minute limit`
          : ''
      }`,
    );
    if (target.client === 'pg') {
      // Autovacuum analyses a table that grew; a million rows written in a few minutes would
      // otherwise be planned with the statistics of an empty table.
      const analyzeStarted = performance.now();
      await db.raw('ANALYZE social_media_audit_log');
      audit.fill.analyzeMs = round(performance.now() - analyzeStarted);
    }
  } finally {
    await db.destroy();
  }
  const entries = audit.fill.entries;
  audit.entries = entries;

  // 2. Pages: warm up, then interleave the kinds, rotating which goes first.
  await sleep(2000);
  assertAlive(backend);
  const limit = `limit=${AUDIT.pageSize}`;
  // Deep pages start at cursors spread over the older part of the trail.
  const deep = [0.1, 0.3, 0.5, 0.7, 0.9].map(
    f => `${ENTRIES}?${limit}&before=${Math.max(2, Math.floor(entries * f))}`,
  );
  const actor = AUDIT_ACTORS[42];
  // A service picked neither among the busiest nor the quietest (see AuditTrailGenerator).
  const serviceId = serviceIdOf(inventory, 1000);
  const kinds = [
    {
      key: 'first',
      label: 'first page',
      paths: [`${ENTRIES}?${limit}`],
    },
    { key: 'deep', label: 'deep page, by before cursor', paths: deep },
    {
      key: 'actor',
      label: 'filtered by actor',
      paths: [`${ENTRIES}?${limit}&actor=${encodeURIComponent(actor)}`],
    },
    {
      key: 'action',
      label: 'filtered by action (transition)',
      paths: [`${ENTRIES}?${limit}&action=transition`],
    },
    {
      key: 'service',
      label: 'filtered by serviceId',
      paths: [`${ENTRIES}?${limit}&serviceId=${encodeURIComponent(serviceId)}`],
    },
    { key: 'baseline', label: 'readiness', paths: [baselinePath] },
  ];
  const pages: NonNullable<AuditResult['pages']> = [];
  for (const kind of kinds.filter(k => k.key !== 'baseline')) {
    const r = await request(`${BASE_URL}${kind.paths[0]}`, { headers });
    if (r.status !== 200) {
      throw new Error(`${kind.label}: ${describeFailure(r)}`);
    }
    pages.push({ ...kind, items: r.json.items.length });
  }
  audit.pages = pages;
  const warmup = warmupRounds(samples);
  log(
    `${database}: measuring ${samples} audit pages of each kind (after ${warmup} warm-up rounds)`,
  );
  const cpuBefore = cpuSeconds(backend.child.pid);
  const measureStarted = performance.now();
  const times = await measureRounds(
    backend,
    kinds.map(kind => ({
      key: kind.key,
      label: kind.label,
      urls: kind.paths.map(path => `${BASE_URL}${path}`),
      headers,
    })),
    { samples, warmup },
  );
  audit.backendCpuPercentWhileMeasuring = cpuPercent(
    cpuBefore,
    cpuSeconds(backend.child.pid),
    performance.now() - measureStarted,
  );
  for (const page of pages) page.latency = summarize(times[page.key]);
  audit.baseline = summarize(times.baseline);

  // 3. Verification of the whole chain, a few times.
  const runs: number[] = [];
  let verdict: { intact: boolean; entries: number } | undefined;
  for (let i = 0; i < AUDIT.verifyRuns; i++) {
    assertAlive(backend);
    const r = await longRequest(`${BASE_URL}/api/social-media/audit/verify`, {
      headers,
      timeoutMs: TIMEOUTS.auditVerifyMs,
    });
    if (r.status !== 200) {
      throw new Error(`GET /audit/verify: ${describeFailure(r)}`);
    }
    runs.push(round(r.ms));
    verdict ??= r.json;
    log(`${database}: verify ${(r.ms / 1000).toFixed(1)} s`);
  }
  audit.verify = {
    runs,
    medianMs: median(runs),
    intact: verdict?.intact === true,
    entries: Number(verdict?.entries),
    bareHashMs:
      audit.fill.added > 0
        ? round((audit.fill.hashMs / audit.fill.added) * entries)
        : 0,
  };
  if (!audit.verify.intact || audit.verify.entries !== entries) {
    log(
      `${database}: WARNING the verification says ${JSON.stringify(verdict)}`,
    );
  }

  // 4. The export of the whole trail, with the backend's memory sampled all the while.
  await sleep(2000);
  assertAlive(backend);
  const pid = backend.child.pid;
  const before = memoryOf(pid);
  let peak = before?.rss ?? 0;
  let memorySamples = 0;
  const sampler = setInterval(() => {
    const now = memoryOf(pid);
    if (now) {
      peak = Math.max(peak, now.rss);
      memorySamples += 1;
    }
  }, 20);
  log(`${database}: exporting the whole trail as CSV`);
  let download_: Awaited<ReturnType<typeof download>>;
  try {
    download_ = await download(
      `${BASE_URL}/api/social-media/audit/export?format=csv`,
      headers,
    );
  } finally {
    clearInterval(sampler);
  }
  const after = memoryOf(pid);
  // The kernel's high-water mark catches a peak between two samples.
  if (before && after && after.hwm > before.hwm) {
    peak = Math.max(peak, after.hwm);
  }
  if (download_.status !== 200) {
    throw new Error(
      `GET /audit/export: HTTP ${download_.status}: ${download_.tail}`,
    );
  }
  const endMarker = /# end (\{.*\})\s*$/.exec(download_.tail);
  const endEntries = endMarker
    ? Number(JSON.parse(endMarker[1]).entries)
    : null;
  audit.export = {
    ms: round(download_.ms),
    bytes: download_.bytes,
    // The export records itself in the trail first, so it holds one entry more.
    entries: entries + 1,
    endMarkerEntries: endEntries,
    rssBeforeBytes: before?.rss ?? null,
    rssPeakBytes: before ? peak : null,
    rssGrowthBytes: before ? peak - before.rss : null,
    samples: memorySamples,
  };
  if (endEntries !== entries + 1) {
    log(
      `${database}: WARNING the export's end marker says ${endEntries} entries, not ${
        entries + 1
      }`,
    );
  }
  log(
    `${database}: export ${(download_.ms / 1000).toFixed(1)} s, ${(
      download_.bytes / 1e6
    ).toFixed(0)} MB`,
  );
}
