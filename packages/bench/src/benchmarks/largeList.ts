// The list API at 100,000 services: the catalog part's filtered, sorted page of 50 after the
// plugin's database has grown to 100,000 services, against the catalog's `/entities/by-query` at
// 10,000 of the same run (measured before, by catalogue.ts).
//
// The import API would take minutes for 90,000 more services (and the catalog much longer to
// project them), so the services the run imported are copied straight into the plugin's database,
// under new names, ids and handles (the number in each is moved on by 10,000 a copy): the same mix
// of platforms, stages, owners and ratings as the import made, in the rows the backend wrote. The
// copies are not in the catalog (nothing announces them to the entity provider) and are removed
// again afterwards, so that the later parts measure the run's 10,000 as before.
import { Knex } from 'knex';
import { AuditDatabase, openAuditDatabase } from '../auditTrailFill';
import { Backend } from '../backendProcess';
import { describeFailure, request } from '../http';
import { measureRounds, warmupRounds } from '../measureRounds';
import { LargeListResult } from '../results';
import {
  BASE_URL,
  baselinePath,
  FILTER,
  LARGE_LIST,
  ourPath,
  PAGE_SIZE,
} from '../settings';
import { round, Summary, summarize } from '../stats';
import { log, messageOf } from '../util';

const SERVICES = 'social_services';
/** The columns that carry a service's number (its name ends with it, five digits). */
const NUMBERED = [
  'id',
  'name',
  'handle',
  'profile_url',
  'sort_name',
  'search_text',
] as const;

type Row = Record<string, unknown>;

/** A copy of an imported row, its number moved on by `offset`. */
export function copyRow(row: Row, offset: number): Row {
  const match = /(\d{5})$/.exec(String(row.name));
  if (!match) {
    throw new Error(
      `The service ${row.id} has no number at the end of its name`,
    );
  }
  const from = match[1];
  const to = String(Number(from) + offset).padStart(5, '0');
  const copy: Row = { ...row };
  for (const column of NUMBERED) {
    if (typeof copy[column] === 'string') {
      copy[column] = (copy[column] as string).split(from).join(to);
    }
  }
  return copy;
}

/** The page's query and its count as the store sends them, for EXPLAIN. */
function pageQueries(db: Knex): Knex.QueryBuilder[] {
  const filtered = () =>
    db(SERVICES)
      .whereIn('platform', [FILTER.platform])
      .whereIn('lifecycle_stage', [FILTER.lifecycleStage]);
  return [
    filtered()
      .select('*')
      .orderBy('sort_name', 'asc')
      .orderBy('id', 'asc')
      .limit(PAGE_SIZE),
    filtered().count({ count: '*' }),
  ];
}

async function explain(db: Knex, postgres: boolean): Promise<string[]> {
  const lines: string[] = [];
  for (const query of pageQueries(db)) {
    const { sql, bindings } = query.toSQL();
    const result = await db.raw(
      postgres
        ? `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`
        : `EXPLAIN QUERY PLAN ${sql}`,
      bindings as any[],
    );
    const rows: Row[] = postgres ? result.rows : result;
    lines.push(`-- ${sql}`);
    for (const row of rows) {
      lines.push(String(postgres ? row['QUERY PLAN'] : row.detail));
    }
  }
  return lines;
}

/**
 * Copies the imported rows until the table holds `target` services, one transaction a copy; the
 * ids of the rows committed go into `ids` as they are, so that a failure can still remove them.
 */
async function grow(db: Knex, target: number, ids: string[]): Promise<void> {
  const originals: Row[] = await db(SERVICES).select('*').orderBy('id');
  if (originals.length === 0) throw new Error('No services to copy');
  // Each copy's numbers follow the highest number so far: 1..10,000, then 10,001..20,000, ...
  const step = Math.max(
    ...originals.map(row =>
      Number(/(\d{5})$/.exec(String(row.name))?.[1] ?? 0),
    ),
  );
  for (
    let copy = 1, total = originals.length;
    total < target;
    copy++, total += originals.length
  ) {
    const rows = originals
      .slice(0, target - total)
      .map(row => copyRow(row, copy * step));
    await db.transaction(async trx => {
      for (let i = 0; i < rows.length; i += LARGE_LIST.rowsPerInsert) {
        await trx(SERVICES).insert(rows.slice(i, i + LARGE_LIST.rowsPerInsert));
      }
    });
    ids.push(...rows.map(row => String(row.id)));
  }
}

async function shrink(db: Knex, ids: string[]): Promise<number> {
  let removed = 0;
  await db.transaction(async trx => {
    for (let i = 0; i < ids.length; i += LARGE_LIST.rowsPerInsert) {
      removed += await trx(SERVICES)
        .whereIn('id', ids.slice(i, i + LARGE_LIST.rowsPerInsert))
        .delete();
    }
  });
  return removed;
}

/** Writes into `result` as it goes, so that a failure keeps what was measured. */
/** One read of the whole catalogue, page after page, as the catalog's entity provider reads it. */
async function readOnce(
  headers: Record<string, string>,
  by: 'cursor' | 'offset',
): Promise<{ ms: number; pages: number; services: number }> {
  const started = performance.now();
  const ids = new Set<string>();
  let pages = 0;
  let after: string | undefined;
  for (;;) {
    let position = `&offset=${pages * LARGE_LIST.wholeReadPageSize}`;
    if (by === 'cursor') {
      position = after ? `&after=${encodeURIComponent(after)}` : '';
    }
    const page = await request(
      `${BASE_URL}/api/social-media/services?limit=${LARGE_LIST.wholeReadPageSize}&sort=name${position}`,
      { headers },
    );
    if (page.status !== 200) {
      throw new Error(
        `Reading the whole list by ${by}: ${describeFailure(page)}`,
      );
    }
    pages += 1;
    for (const item of page.json.items) ids.add(item.id);
    after = page.json.nextAfter;
    const more =
      by === 'cursor'
        ? after !== undefined
        : page.json.items.length === LARGE_LIST.wholeReadPageSize;
    if (!more) break;
  }
  return { ms: round(performance.now() - started), pages, services: ids.size };
}

/**
 * The whole catalogue read by cursor (as the entity provider reads it for each full refresh)
 * against the same read by offset (as it read it before), in the same run, one after the other.
 */
async function readWhole(
  database: string,
  headers: Record<string, string>,
  services: number | undefined,
): Promise<NonNullable<LargeListResult['wholeRead']>> {
  log(
    `${database}: reading all ${services} services, ${LARGE_LIST.wholeReadPageSize} a page, by cursor and by offset`,
  );
  const cursor = await readOnce(headers, 'cursor');
  const offset = await readOnce(headers, 'offset');
  for (const [by, read] of [
    ['cursor', cursor],
    ['offset', offset],
  ] as const) {
    if (read.services !== services) {
      throw new Error(
        `Reading the whole list by ${by} found ${read.services} services of ${services}`,
      );
    }
  }
  log(
    `${database}: the whole list by cursor ${(cursor.ms / 1000).toFixed(
      1,
    )} s, by offset ${(offset.ms / 1000).toFixed(1)} s`,
  );
  return { cursor, offset, offsetPerCursor: offset.ms / cursor.ms };
}

export async function benchLargeList(options: {
  database: string;
  backend: Backend;
  headers: Record<string, string>;
  samples: number;
  store: AuditDatabase;
  /** The catalog's by-query at 10,000, measured earlier in the run. */
  catalogAt10k?: Summary;
  /** The page's total at 10,000 (each full copy adds as many). */
  totalAt10k: number;
  result: LargeListResult;
}): Promise<void> {
  const { database, backend, headers, samples, store, result } = options;
  const postgres = store.client === 'pg';
  const db = openAuditDatabase(store);
  const copies: string[] = [];
  try {
    log(
      `${database}: copying the services straight into the database up to ${LARGE_LIST.services.toLocaleString(
        'en',
      )}`,
    );
    const copyStarted = performance.now();
    await grow(db, LARGE_LIST.services, copies);
    result.copyMs = round(performance.now() - copyStarted);
    result.copied = copies.length;
    if (postgres) {
      // Autovacuum analyses a table that grew this much within a minute or so; the benchmark
      // does not wait for it.
      const analyzeStarted = performance.now();
      await db.raw(`ANALYZE ${SERVICES}`);
      result.analyzeMs = round(performance.now() - analyzeStarted);
    }
    result.services = Number(
      (await db(SERVICES).count({ count: '*' }))[0].count,
    );
    log(
      `${database}: ${result.services} services (${result.copied} copied in ${(
        result.copyMs / 1000
      ).toFixed(1)} s)`,
    );
    result.plan = await explain(db, postgres);

    const first = await request(`${BASE_URL}${ourPath}`, { headers });
    if (first.status !== 200) {
      throw new Error(`Our list at 100,000: ${describeFailure(first)}`);
    }
    result.page = {
      items: first.json.items.length,
      totalCount: first.json.totalCount,
      bytes: first.text.length,
    };
    const expected =
      options.totalAt10k *
      Math.round(result.services / (result.services - result.copied));
    if (result.page.totalCount !== expected) {
      log(
        `${database}: WARNING the page at ${result.services} counts ${result.page.totalCount}, expected ${expected}`,
      );
    }

    // Warm up, then the page and the readiness probe interleaved, as at 10,000.
    const endpoints = [
      { key: 'ours', urls: [`${BASE_URL}${ourPath}`], headers },
      { key: 'baseline', urls: [`${BASE_URL}${baselinePath}`], headers },
    ] as const;
    const warmup = warmupRounds(samples);
    log(
      `${database}: measuring ${samples} requests of the list at ${result.services} (after ${warmup} warm-up rounds)`,
    );
    const times = await measureRounds(backend, endpoints, { samples, warmup });
    result.latency = {
      ours: summarize(times.ours),
      baseline: summarize(times.baseline),
    };
    if (options.catalogAt10k) {
      result.catalogAt10k = options.catalogAt10k;
      result.ratio = {
        p50: options.catalogAt10k.p50 / result.latency.ours.p50,
        p95: options.catalogAt10k.p95 / result.latency.ours.p95,
      };
    }
    result.wholeRead = await readWhole(database, headers, result.services);
    log(
      `${database}: list at ${
        result.services
      }: p50 ${result.latency.ours.p50.toFixed(
        1,
      )} ms, p95 ${result.latency.ours.p95.toFixed(1)} ms (aim p95 <= ${
        LARGE_LIST.p95AimMs
      } ms)`,
    );
  } catch (error) {
    result.error = messageOf(error);
    log(`${database}: the list at 100,000: FAILED: ${result.error}`);
  } finally {
    try {
      if (copies.length) {
        result.removed = await shrink(db, copies);
        if (postgres) await db.raw(`VACUUM ANALYZE ${SERVICES}`);
      }
    } finally {
      await db.destroy();
    }
  }
}
