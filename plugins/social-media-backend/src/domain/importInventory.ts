import {
  IMPORT_CSV_COLUMNS,
  ImportReport,
  slugify,
  socialServiceInputSchema,
  toValidationProblems,
  ValidSocialServiceInput,
} from '@internal/plugin-social-media-common';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';

/** A valid row of an inventory, with where it came from. */
export interface InventoryRow {
  row: number;
  input: ValidSocialServiceInput & { id: string };
}

export interface ParsedInventory {
  rows: InventoryRow[];
  total: number;
  problems: ImportReport['problems'];
}

/** Largest inventory accepted in one import. */
export const MAX_IMPORT_ROWS = 20_000;

const CSV_BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  '1': true,
  false: false,
  no: false,
  n: false,
  '0': false,
};

/** CSV cells are text; this turns one CSV record into the shape of the API's input. */
function csvRecordToInput(
  record: Record<string, string>,
): Record<string, unknown> {
  const cell = (name: string) => {
    const value = record[name]?.trim();
    return value === '' || value === undefined ? undefined : value;
  };
  const bool = (name: string) => {
    const value = cell(name);
    if (value === undefined) return undefined;
    const parsed = CSV_BOOLEANS[value.toLowerCase()];
    return parsed === undefined ? value : parsed;
  };
  const number = (name: string) => {
    const value = cell(name);
    if (value === undefined) return undefined;
    const n = Number(value.replace(/[_\s]/g, ''));
    return Number.isFinite(n) ? n : value;
  };
  const controls = {
    mfaEnabled: bool('mfaEnabled'),
    mfaMethod: cell('mfaMethod'),
    ssoEnabled: bool('ssoEnabled'),
    credentialVaultRef: cell('credentialVaultRef'),
    sharedLogin: bool('sharedLogin'),
    verified: bool('verified'),
    recoveryOwnedByCompany: bool('recoveryOwnedByCompany'),
    regulatedContent: bool('regulatedContent'),
    brandLevel: bool('brandLevel'),
    accessRevoked: bool('accessRevoked'),
    accountStatus: cell('accountStatus'),
  };
  const itsmSystem = cell('itsmSystem');
  const itsmReference = cell('itsmReference');
  const input: Record<string, unknown> = {
    id: cell('id'),
    name: cell('name'),
    platform: cell('platform'),
    handle: cell('handle'),
    profileUrl: cell('profileUrl'),
    purpose: cell('purpose'),
    businessUnit: cell('businessUnit'),
    ownerGroup: cell('ownerGroup'),
    serviceOwner: cell('serviceOwner'),
    businessRequester: cell('businessRequester'),
    audienceSize: number('audienceSize'),
    tags: cell('tags')
      ?.split(';')
      .map(t => t.trim())
      .filter(Boolean),
    lifecycleStage: cell('lifecycleStage'),
    controls: Object.fromEntries(
      Object.entries(controls).filter(([, v]) => v !== undefined),
    ),
    itsm:
      itsmSystem || itsmReference
        ? { system: itsmSystem, reference: itsmReference }
        : undefined,
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  );
}

const CONTROL_COLUMNS = new Set([
  'mfaEnabled',
  'mfaMethod',
  'ssoEnabled',
  'credentialVaultRef',
  'sharedLogin',
  'verified',
  'recoveryOwnedByCompany',
  'regulatedContent',
  'brandLevel',
  'accessRevoked',
  'accountStatus',
]);

/** The input field a CSV column fills, as problems name it. */
function fieldOfColumn(column: string): string {
  if (column === 'itsmSystem') return 'itsm.system';
  if (column === 'itsmReference') return 'itsm.reference';
  return CONTROL_COLUMNS.has(column) ? `controls.${column}` : column;
}

/**
 * Whether a CSV cell runs as a formula when its file is opened in a spreadsheet: it starts
 * (after blanks, tabs and line breaks) with =, or with +, - or @ and calls something (a
 * parenthesis, or the | of a DDE link such as `=cmd|' /C calc'!A0`). An inventory comes from
 * a spreadsheet; such a cell is an attack or a slip, never a value the catalogue takes, and it
 * would run again in every spreadsheet the value reached. A handle such as @acme is no formula.
 */
function looksLikeFormula(cell: string): boolean {
  const text = cell.trim();
  return text.startsWith('=') || (/^[+\-@]/.test(text) && /[(|]/.test(text));
}

function formulaProblems(
  record: Record<string, string>,
  row: number,
): ImportReport['problems'] {
  return Object.entries(record)
    .filter(([, cell]) => typeof cell === 'string' && looksLikeFormula(cell))
    .map(([column]) => ({
      row,
      field: fieldOfColumn(column),
      message: `Column ${column} holds a spreadsheet formula; an inventory takes values, not formulas: remove the leading ${
        record[column].trim()[0]
      }`,
    }));
}

/**
 * Columns that older inventories had for dates that events now record: refused with the reason,
 * so that nobody imports a review or a sign-off that never happened in the portal.
 */
const EVENT_COLUMNS: Record<string, string> = {
  lastAccessReviewAt:
    'Column lastAccessReviewAt cannot be imported: the last access review is recorded when the service owner completes an access review. Remove the column.',
  riskAssessedAt:
    'Column riskAssessedAt cannot be imported: the service owner or the security office signs off the risk assessment on the service page. Remove the column.',
};

/** The CSV columns an inventory may have. */
export const CSV_COLUMNS: readonly string[] = IMPORT_CSV_COLUMNS;

function readRecords(
  format: 'csv' | 'yaml',
  content: string,
): {
  records: Array<{
    row: number;
    value: unknown;
    /** What is wrong with the record before its values are checked. */
    problems?: ImportReport['problems'];
  }>;
  problems: ImportReport['problems'];
} {
  if (format === 'csv') {
    let parsed: Record<string, string>[];
    let header: string[] = [];
    try {
      parsed = parseCsv(content, {
        columns: (names: string[]) => {
          header = names.map(h => h.trim());
          return header;
        },
        skip_empty_lines: true,
        bom: true,
        trim: false,
      });
    } catch (error) {
      return {
        records: [],
        problems: [
          {
            row: 0,
            field: '',
            message: `The CSV file cannot be read: ${(error as Error).message}`,
          },
        ],
      };
    }
    const typedEvents = header.filter(h => EVENT_COLUMNS[h]);
    if (typedEvents.length) {
      return {
        records: [],
        problems: typedEvents.map(column => ({
          row: 1,
          field: column,
          message: EVENT_COLUMNS[column],
        })),
      };
    }
    const unknown = header.filter(h => !CSV_COLUMNS.includes(h));
    if (unknown.length) {
      return {
        records: [],
        problems: [
          {
            row: 1,
            field: unknown.join(', '),
            message: `Unknown column${
              unknown.length > 1 ? 's' : ''
            } ${unknown.join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`,
          },
        ],
      };
    }
    // Row 1 is the header, so the first record is row 2.
    return {
      records: parsed.map((record, i) => ({
        row: i + 2,
        value: csvRecordToInput(record),
        problems: formulaProblems(record, i + 2),
      })),
      problems: [],
    };
  }
  let doc: unknown;
  try {
    doc = parseYaml(content);
  } catch (error) {
    return {
      records: [],
      problems: [
        {
          row: 0,
          field: '',
          message: `The YAML file cannot be read: ${(error as Error).message}`,
        },
      ],
    };
  }
  const services = (doc as { services?: unknown } | null)?.services;
  let list: unknown[] | undefined;
  if (Array.isArray(doc)) list = doc;
  else if (Array.isArray(services)) list = services;
  if (!list) {
    return {
      records: [],
      problems: [
        {
          row: 0,
          field: '',
          message:
            'The YAML file must be a list of services, or have a top-level "services" list',
        },
      ],
    };
  }
  // YAML rows are numbered by their position in the list, from 1.
  return {
    records: list.map((value: unknown, i: number) => ({ row: i + 1, value })),
    problems: [],
  };
}

/**
 * Reads an inventory file and validates every row with the same rules as the API. Duplicates
 * inside the file (same id, or same platform and handle) are problems too.
 */
export function parseInventory(
  format: 'csv' | 'yaml',
  content: string,
): ParsedInventory {
  const { records, problems } = readRecords(format, content);
  if (records.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      total: records.length,
      problems: [
        {
          row: 0,
          field: '',
          message: `An import takes at most ${MAX_IMPORT_ROWS} rows; this file has ${records.length}. Split it.`,
        },
      ],
    };
  }
  const rows: InventoryRow[] = [];
  const ids = new Map<string, number>();
  const handles = new Map<string, number>();
  for (const { row, value, problems: found } of records) {
    if (found?.length) {
      problems.push(...found);
      continue;
    }
    const result = socialServiceInputSchema.safeParse(value);
    if (!result.success) {
      for (const problem of toValidationProblems(result.error)) {
        problems.push({ row, ...problem });
      }
      continue;
    }
    const id = result.data.id ?? slugify(result.data.name);
    if (!id) {
      problems.push({
        row,
        field: 'name',
        message: 'Name must contain letters or digits to derive an id from',
      });
      continue;
    }
    const handleKey = `${
      result.data.platform
    }:${result.data.handle.toLowerCase()}`;
    if (ids.has(id)) {
      problems.push({
        row,
        field: 'id',
        message: `Id ${id} is already used by row ${ids.get(id)}`,
      });
      continue;
    }
    if (handles.has(handleKey)) {
      problems.push({
        row,
        field: 'handle',
        message: `${result.data.platform} handle ${
          result.data.handle
        } is already used by row ${handles.get(handleKey)}`,
      });
      continue;
    }
    ids.set(id, row);
    handles.set(handleKey, row);
    rows.push({ row, input: { ...result.data, id } });
  }
  return { rows, total: records.length, problems };
}
