/*
 * How an audit entry is hashed, and how an export of the trail is written and checked.
 *
 * This module is shared by the backend and by the offline command
 * `scripts/verify-audit-export.mjs`, which loads it with Node's own TypeScript support. So it
 * imports nothing but Node built-ins and uses only TypeScript that Node can strip (no enums,
 * no parameter properties, no imports without file extensions).
 */
import { hash } from 'node:crypto';

/**
 * How an entry's hash covers its content. Format 1 hashed the JSON array of its fields; its
 * escaping of the snapshots' quotes is costly for a database to redo, so entries are now written
 * in format 2 (each field as its UTF-8 length and its text), which PostgreSQL and SQLite rebuild
 * several times faster. Entries keep the format they were written in.
 */
export type HashFormat = 1 | 2;
export const CURRENT_HASH_FORMAT: HashFormat = 2;

/** What an entry's hash covers: its content as stored, and the hash of the entry before it. */
export interface AuditEntryContent {
  hashFormat: HashFormat;
  entityType: string;
  entityId: string;
  action: string;
  actor: string;
  at: string;
  beforeJson: string | null;
  afterJson: string | null;
  prevHash: string;
}

/** An entry as an export carries it: its content, its position and its hash. */
export interface ExportedAuditEntry extends AuditEntryContent {
  seq: number;
  hash: string;
}

/**
 * The hash of an entry: over its content and the previous entry's hash. The position (seq) is
 * deliberately left out, so that moving entries around shows as a broken link, not an edit.
 */
export function hashEntry(entry: AuditEntryContent): string {
  return hash('sha256', hashedText(entry));
}

/** Whether an entry's content still matches its hash; never for a format this code does not know. */
export function matchesItsHash(entry: AuditEntryContent & { hash: string }) {
  return (
    (entry.hashFormat === 1 || entry.hashFormat === 2) &&
    hashEntry(entry) === entry.hash
  );
}

/**
 * The text an entry's hash covers. Format 2: `2`, then for each field a line break and either
 * `-` (no value) or its length in UTF-8 bytes, a colon and the text. The lengths keep the fields
 * apart without escaping, so that no two different entries give the same text.
 */
export function hashedText(entry: AuditEntryContent): string {
  const fields = [
    entry.prevHash,
    entry.entityType,
    entry.entityId,
    entry.action,
    entry.actor,
    entry.at,
    entry.beforeJson,
    entry.afterJson,
  ];
  if (entry.hashFormat === 1) return JSON.stringify(fields);
  let text = '2';
  for (const field of fields) {
    text +=
      field === null ? '\n-' : `\n${Buffer.byteLength(field, 'utf8')}:${field}`;
  }
  return text;
}

/** Marks a file as an export of the trail, and the layout it follows. */
export const AUDIT_EXPORT_FORMAT = 'social-media-audit-export';
export const AUDIT_EXPORT_VERSION = 2;

/** The columns of a CSV export, in order; JSON entries carry the same names. */
export const AUDIT_EXPORT_COLUMNS = [
  'seq',
  'entityType',
  'entityId',
  'action',
  'actor',
  'at',
  'beforeJson',
  'afterJson',
  'prevHash',
  'hash',
  'hashFormat',
] as const;

/** The columns of a CSV export of layout version 1, before entries named their hash format. */
const VERSION_1_COLUMNS = AUDIT_EXPORT_COLUMNS.slice(0, -1);

/** The columns line a CSV export of a layout version carries. */
export function exportColumnsLine(version: number): string {
  return (version === 1 ? VERSION_1_COLUMNS : AUDIT_EXPORT_COLUMNS).join(',');
}

/** What an export says about itself, before its entries. */
export interface AuditExportHeader {
  format: typeof AUDIT_EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  exportedBy: string;
  /** The filter the export was made with; empty for the whole trail. */
  filter: Record<string, string | string[]>;
  /**
   * True when a filter left entries out: gaps in seq are then expected, and only entries that
   * follow each other directly can be checked against each other.
   */
  filtered: boolean;
  /** The end of the chain when the export began; it holds no entry after this one. */
  head: { seq: number; hash: string };
  note: string;
}

/** What an export says after its entries: how many it wrote. */
export interface AuditExportEnd {
  entries: number;
}

/** The words of the header's note, for people opening the file. */
export function exportNote(filtered: boolean): string {
  return filtered
    ? 'Filtered export: gaps in seq are expected. Each entry is checked against its own hash; entries with consecutive seq are also checked to link to each other.'
    : 'Whole trail: every entry from seq 1 to the head, each linked to the one before it.';
}

/*
 * Spreadsheet programs run a cell starting with =, +, -, @ (or tab or carriage return) as a
 * formula. Such cells get a single quote in front. So that the offline check can undo exactly
 * that, a cell that already starts with a quote gets one more: removing one leading quote from
 * every cell that has one gives back the stored text.
 */
const NEEDS_QUOTE = /^[=+\-@\t\r']/;

export function neutraliseCell(value: string): string {
  return NEEDS_QUOTE.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

/**
 * A value as JSON for a line of a CSV export (its header), written so that a spreadsheet that
 * splits the line at its commas meets no formula: a comma inside a string is written as
 * \u002c, so the line splits only between members, where every cell starts with a quote or
 * `#`; and a string starting with =, +, - or @ has that character escaped the same way (tab and
 * carriage return JSON escapes already). `JSON.parse` reads back exactly the value.
 */
export function spreadsheetSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/"(?:[^"\\]|\\.)*"/g, text =>
    text
      .replace(/,/g, '\\u002c')
      .replace(
        /^"([=+\-@])/,
        (_m, c: string) =>
          `"\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
  );
}

/** A CSV record of an entry: null snapshots are empty cells (a snapshot is never empty text). */
export function toCsvRecord(entry: ExportedAuditEntry): string[] {
  return [
    String(entry.seq),
    neutraliseCell(entry.entityType),
    neutraliseCell(entry.entityId),
    neutraliseCell(entry.action),
    neutraliseCell(entry.actor),
    neutraliseCell(entry.at),
    neutraliseCell(entry.beforeJson ?? ''),
    neutraliseCell(entry.afterJson ?? ''),
    neutraliseCell(entry.prevHash),
    neutraliseCell(entry.hash),
    String(entry.hashFormat),
  ];
}

/** The entry a CSV record holds, as it was stored (undoing the neutralisation). */
export function fromCsvRecord(record: string[]): ExportedAuditEntry {
  const cell = (i: number) => restoreCell(record[i] ?? '');
  return {
    seq: Number(record[0]),
    entityType: cell(1),
    entityId: cell(2),
    action: cell(3),
    actor: cell(4),
    at: cell(5),
    beforeJson: cell(6) === '' ? null : cell(6),
    afterJson: cell(7) === '' ? null : cell(7),
    prevHash: cell(8),
    hash: cell(9),
    // Layout version 1 had no column for it: all its entries were in format 1.
    hashFormat: record.length > 10 ? (Number(record[10]) as HashFormat) : 1,
  };
}

/** The answer of a check: intact with how many entries, or the first entry that does not fit. */
export type ExportCheck =
  | { intact: true; entries: number }
  | { intact: false; entries: number; seq?: number; reason: string };

/**
 * Checks the entries of an export one by one, in file order, then its end. Stops at the first
 * problem: every later call answers the same.
 */
export class AuditExportChecker {
  readonly header: AuditExportHeader;
  #count = 0;
  #previous: ExportedAuditEntry | undefined;
  #problem: ExportCheck | undefined;

  constructor(header: AuditExportHeader) {
    this.header = header;
  }

  /** Checks the next entry; `where` names its place in the file, e.g. `line 12`. */
  add(entry: ExportedAuditEntry, where: string): ExportCheck | undefined {
    if (this.#problem) return this.#problem;
    this.#count += 1;
    const seq = entry.seq;
    const fail = (reason: string, at: number | undefined = seq) => {
      this.#problem = {
        intact: false,
        entries: this.#count,
        ...(at !== undefined && Number.isInteger(at) ? { seq: at } : {}),
        reason: `${reason} (${where})`,
      };
      return this.#problem;
    };
    if (!Number.isInteger(seq) || seq < 1) {
      return fail(
        `An entry has no valid seq (${String(entry.seq)})`,
        undefined,
      );
    }
    // Entries of layout version 1 did not name their hash format: it was 1 for all.
    const hashed =
      this.header.version === 1 ? { ...entry, hashFormat: 1 as const } : entry;
    if (!matchesItsHash(hashed)) {
      return fail(`Entry ${seq} was changed after it was written`);
    }
    const previous = this.#previous;
    const expected = previous ? previous.seq + 1 : 1;
    if (previous && seq <= previous.seq) {
      return fail(
        `Entry ${seq} is out of order: it comes after entry ${previous.seq}`,
      );
    }
    if (seq > expected && !this.header.filtered) {
      return fail(
        seq - expected === 1
          ? `Entry ${expected} is missing: entry ${seq} comes next`
          : `Entries ${expected} to ${
              seq - 1
            } are missing: entry ${seq} comes next`,
        expected,
      );
    }
    if (seq === expected) {
      const linkTo = previous ? previous.hash : '';
      if (entry.prevHash !== linkTo) {
        return fail(
          previous
            ? `Entry ${seq} does not follow entry ${previous.seq}: entries were reordered or the one before it was rewritten`
            : `Entry 1 does not start the chain`,
        );
      }
    }
    if (seq > this.header.head.seq) {
      return fail(
        `Entry ${seq} lies beyond the end of the trail the export names (entry ${this.header.head.seq})`,
      );
    }
    this.#previous = entry;
    return undefined;
  }

  /** Checks the end of the export; `end` is undefined when the file has none. */
  finish(end: AuditExportEnd | undefined): ExportCheck {
    if (this.#problem) return this.#problem;
    const count = this.#count;
    if (!end) {
      return {
        intact: false,
        entries: count,
        reason:
          'The export has no end marker: it was cut short or its last lines were removed',
      };
    }
    if (end.entries !== count) {
      return {
        intact: false,
        entries: count,
        reason: `The export says it holds ${end.entries} entries but ${count} are there: entries were removed or added`,
      };
    }
    const head = this.header.head;
    const last = this.#previous;
    if (!this.header.filtered && head.seq > 0) {
      if (!last || last.seq !== head.seq) {
        const from = (last?.seq ?? 0) + 1;
        return {
          intact: false,
          entries: count,
          seq: from,
          reason:
            from === head.seq
              ? `Entry ${head.seq} is missing from the end of the export`
              : `Entries ${from} to ${head.seq} are missing from the end of the export`,
        };
      }
      if (last.hash !== head.hash) {
        return {
          intact: false,
          entries: count,
          seq: last.seq,
          reason: `Entry ${last.seq} does not match the end of the trail the export names`,
        };
      }
    }
    return { intact: true, entries: count };
  }
}

/** Reads an export's header, or throws saying why the text is not one. */
export function parseExportHeader(value: unknown): AuditExportHeader {
  const header = value as Partial<AuditExportHeader> | undefined;
  if (
    !header ||
    header.format !== AUDIT_EXPORT_FORMAT ||
    typeof header.head?.seq !== 'number' ||
    typeof header.head?.hash !== 'string' ||
    typeof header.filtered !== 'boolean'
  ) {
    throw new Error(
      'This is not an export of the social media audit trail: its header is missing or unreadable',
    );
  }
  if (header.version !== 1 && header.version !== AUDIT_EXPORT_VERSION) {
    throw new Error(
      `This export has layout version ${header.version}; this command reads versions 1 to ${AUDIT_EXPORT_VERSION}`,
    );
  }
  return header as AuditExportHeader;
}
