#!/usr/bin/env node
// Checks an export of the social media audit trail (CSV or JSON, from GET
// /api/social-media/audit/export) on its own: no portal, no database. It recomputes every
// entry's hash, checks that entries with consecutive seq link to each other (and, for a
// whole-trail export, that none is missing from start to end), and prints either
// "intact: N entries" (exit code 0) or the first entry that does not fit and why (exit code 1).
//
// Usage: node scripts/verify-audit-export.mjs <export file>
//
// The hashing and the checks are the backend's own (src/domain/auditExportFormat.ts of the
// backend plugin), loaded through Node's built-in TypeScript support.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const backend = path.join(root, 'plugins', 'social-media-backend');

// Node notes that it loads the shared module as TypeScript; that is expected, not news.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const text = String(warning?.message ?? warning);
  const code = typeof rest[0] === 'object' ? rest[0]?.code : rest[1];
  if (code === 'MODULE_TYPELESS_PACKAGE_JSON' || /Type Stripping/i.test(text))
    return;
  emitWarning.call(process, warning, ...rest);
};

const format = await import(
  path.join(backend, 'src', 'domain', 'auditExportFormat.ts')
);
// The CSV parser the backend plugin depends on.
const { parse } = createRequire(path.join(backend, 'package.json'))(
  'csv-parse/sync',
);

/** Reads the file line by line, so that exports of millions of entries fit in memory. */
async function* lines(file) {
  const input = readline.createInterface({
    input: fs.createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let number = 0;
  for await (const line of input) {
    number += 1;
    yield { line, number };
  }
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not readable JSON`);
  }
}

async function checkCsv(file) {
  let checker;
  let columns;
  let end;
  for await (const { line, number } of lines(file)) {
    if (end) {
      if (line.trim() === '') continue;
      throw new Error(`Line ${number} follows the end marker of the export`);
    }
    if (line.startsWith('# end ')) {
      end = parseJson(
        line.slice('# end '.length),
        `The end marker (line ${number})`,
      );
      continue;
    }
    if (!checker) {
      if (!line.startsWith('# ')) format.parseExportHeader(undefined);
      checker = new format.AuditExportChecker(
        format.parseExportHeader(
          parseJson(line.slice(2), 'The header (line 1)'),
        ),
      );
      continue;
    }
    if (!columns) {
      columns = line;
      if (columns !== format.exportColumnsLine(checker.header.version)) {
        throw new Error(
          `Line ${number} does not name the columns of an export`,
        );
      }
      continue;
    }
    if (line.trim() === '') continue;
    let record;
    try {
      [record] = parse(line);
    } catch {
      return {
        intact: false,
        entries: 0,
        reason: `Line ${number} is not a readable CSV record`,
      };
    }
    const problem = checker.add(format.fromCsvRecord(record), `line ${number}`);
    if (problem) return problem;
  }
  if (!checker) format.parseExportHeader(undefined);
  return checker.finish(end);
}

/** An entry line of the JSON layout: the entry, with a comma after all but the last. */
function entryOf(line, number) {
  const text = line.endsWith(',') ? line.slice(0, -1) : line;
  return parseJson(text, `Line ${number}`);
}

async function checkJson(file) {
  let checker;
  let inEntries = false;
  let endText;
  for await (const { line, number } of lines(file)) {
    if (!checker) {
      const match = /^\{"export":(.*),$/.exec(line);
      // Not the line-per-entry layout the portal writes (perhaps reformatted): read it whole.
      if (!match) return checkJsonWhole(file);
      checker = new format.AuditExportChecker(
        format.parseExportHeader(parseJson(match[1], 'The header (line 1)')),
      );
      continue;
    }
    if (!inEntries) {
      if (line !== '"entries":[')
        throw new Error(`Line ${number} should open the entries`);
      inEntries = true;
      continue;
    }
    if (endText !== undefined) {
      endText += line;
      continue;
    }
    if (line === '],') {
      endText = '';
      continue;
    }
    let entry;
    try {
      entry = entryOf(line, number);
    } catch (error) {
      return { intact: false, entries: 0, reason: error.message };
    }
    const problem = checker.add(entry, `line ${number}`);
    if (problem) return problem;
  }
  if (!checker) format.parseExportHeader(undefined);
  const end = /^"end":(.*)\}$/.exec(endText ?? '');
  return checker.finish(end ? parseJson(end[1], 'The end marker') : undefined);
}

async function checkJsonWhole(file) {
  const document = parseJson(fs.readFileSync(file, 'utf8'), 'The file');
  const checker = new format.AuditExportChecker(
    format.parseExportHeader(document?.export),
  );
  const entries = Array.isArray(document?.entries) ? document.entries : [];
  for (const [i, entry] of entries.entries()) {
    const problem = checker.add(entry, `entry ${i + 1} of the file`);
    if (problem) return problem;
  }
  return checker.finish(document?.end);
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: node scripts/verify-audit-export.mjs <export file>');
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`No such file: ${file}`);
    return 2;
  }
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1);
  fs.readSync(fd, buffer, 0, 1, 0);
  fs.closeSync(fd);
  const first = buffer.toString('utf8');
  let result;
  try {
    result = first === '{' ? await checkJson(file) : await checkCsv(file);
  } catch (error) {
    console.log(`not intact: ${error.message}`);
    return 1;
  }
  if (result.intact) {
    console.log(`intact: ${result.entries} entries`);
    return 0;
  }
  console.log(
    `not intact: ${result.seq !== undefined ? `entry ${result.seq}: ` : ''}${
      result.reason
    }`,
  );
  return 1;
}

process.exitCode = await main();
