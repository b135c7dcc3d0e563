import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { describeFailure, request } from './http';
import { CSV_HEADER, CsvRow } from './inventory';
import { round } from './stats';
import { BASE_URL, TIMEOUTS } from './settings';
import { log } from './util';

/** How the inventory went in. */
export interface SeedResult {
  rows: number;
  bytes: number;
  requests: number;
  ms: number;
}

const IMPORT_URL = `${BASE_URL}/api/social-media/import`;

/*
 * The inventory's columns the import takes. `riskAssessedAt` stays in the inventory (the audit
 * trail's snapshots use it) but is not sent: a risk sign-off is an act on the service page, and
 * the import refuses the column.
 */
const IMPORTED = CSV_HEADER.map((name, index) => ({ name, index })).filter(
  column => column.name !== 'riskAssessedAt',
);

function importBody(rows: CsvRow[]) {
  return {
    format: 'csv',
    content: stringifyCsv([
      IMPORTED.map(column => column.name),
      ...rows.map(row => IMPORTED.map(column => row[column.index])),
    ]),
    dryRun: false,
  };
}

async function postImport(headers: Record<string, string>, rows: CsvRow[]) {
  const response = await request(IMPORT_URL, {
    method: 'POST',
    headers,
    body: importBody(rows),
    timeoutMs: TIMEOUTS.importMs,
  });
  if (
    response.status !== 200 ||
    response.json?.created?.length !== rows.length
  ) {
    const problems = response.json?.problems?.slice(0, 5);
    throw new Error(
      `The import failed: ${
        problems?.length ? JSON.stringify(problems) : describeFailure(response)
      }`,
    );
  }
  return response;
}

/** Imports the whole inventory in one request, as a portal administrator would. */
export async function seed(
  headers: Record<string, string>,
  rows: CsvRow[],
  database: string,
): Promise<SeedResult> {
  const bytes = Buffer.byteLength(importBody(rows).content);
  log(
    `${database}: importing ${rows.length} services (${(bytes / 1e6).toFixed(
      1,
    )} MB of CSV) in one request`,
  );
  const started = performance.now();
  await postImport(headers, rows);
  return {
    rows: rows.length,
    bytes,
    requests: 1,
    ms: round(performance.now() - started),
  };
}
