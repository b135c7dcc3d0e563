import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';
import { randomUUID } from 'node:crypto';

/** A unique or primary key the database refused to store twice. */
export interface UniqueViolation {
  /** The table; empty when the database names only the index (SQLite, expression indexes). */
  table: string;
  /** Columns, or expressions such as `lower(handle::text)`; empty when not named. */
  columns: string[];
  /** The name of the constraint or unique index, when the database gives it. */
  constraint?: string;
}

/** Splits `a, lower(b), c` at the commas outside parentheses. */
function splitKey(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

/**
 * The table, columns and constraint of a unique violation, from PostgreSQL (SQLSTATE 23505) or
 * SQLite (`UNIQUE constraint failed: table.column, …`, or `… failed: index 'name'` for an index on
 * expressions); undefined for any other error.
 */
export function uniqueViolationOf(error: unknown): UniqueViolation | undefined {
  const e = error as {
    code?: string;
    table?: string;
    constraint?: string;
    detail?: string;
    message?: string;
  };
  if (e?.code === '23505') {
    const columns = /^Key \((.*?)\)=\(/.exec(e.detail ?? '')?.[1];
    return {
      table: e.table ?? '',
      columns: columns ? splitKey(columns) : [],
      ...(e.constraint ? { constraint: e.constraint } : {}),
    };
  }
  if (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    const failed = /constraint failed: (.*)$/.exec(e.message ?? '')?.[1] ?? '';
    const index = /^index '(.*)'$/.exec(failed)?.[1];
    if (index) return { table: '', columns: [], constraint: index };
    const qualified = failed.split(',').map(c => c.trim());
    return {
      table: qualified[0]?.split('.')[0] ?? '',
      columns: qualified.map(c => c.split('.').pop() ?? c),
    };
  }
  return undefined;
}

/**
 * Whether a unique violation is on `table`: named by the database, or by the name of an index
 * of the table (the schema's indexes start with their table's name).
 */
export function isViolationOn(
  violation: UniqueViolation | undefined,
  table: string,
): boolean {
  if (!violation) return false;
  if (violation.table) return violation.table === table;
  return violation.constraint?.startsWith(`${table}_`) ?? false;
}

/**
 * Whether an error comes from the database (PostgreSQL, SQLite or knex) rather than from the
 * plugin's own rules or an ITSM tool: its message may hold SQL and the values in it.
 */
export function isDatabaseError(error: unknown): boolean {
  const e = error as { name?: string; code?: unknown; severity?: unknown };
  return (
    e?.name === 'SqliteError' ||
    e?.name === 'KnexTimeoutError' ||
    (typeof e?.severity === 'string' && typeof e?.code === 'string') ||
    (typeof e?.code === 'string' && e.code.startsWith('SQLITE_'))
  );
}

/** Errors the Backstage error handler turns into a 4xx or 503 with a message for people. */
const KNOWN_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/** Whether the database could not be reached at all (rather than refused a statement). */
function isUnreachable(error: {
  name?: string;
  code?: string;
  message?: string;
}): boolean {
  return (
    error.name === 'KnexTimeoutError' ||
    // node-postgres, for a connection the server closed (knex puts "ROLLBACK - " in front when
    // it was inside a transaction); these have no code.
    /Unable to acquire a connection|Connection terminated unexpectedly|has encountered a connection error and is not queryable/.test(
      error.message ?? '',
    ) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03'].includes(
      error.code ?? '',
    )
  );
}

/**
 * Whether another plugin the request needed (the permission backend, the catalog, sign-in's user
 * info) failed on its side: its client throws a ResponseError for the 5xx. In production those
 * plugins hide their own errors ("An internal error occurred"), so what failed there is not known
 * here; while PostgreSQL restarts it is their database.
 */
function isDependencyFailure(error: {
  name?: string;
  statusCode?: unknown;
}): boolean {
  return error.name === 'ResponseError' && Number(error.statusCode) >= 500;
}

/**
 * Keeps database text out of every answer. Errors meant for people (Backstage's own, and the
 * 4xx of the body parser) pass on unchanged; anything else (a refused statement, a failure deep
 * in a library) is logged whole with a reference, and the client gets a plain 500 (or a 503 when
 * the database cannot be reached, or another plugin the request needs fails on its side) naming
 * that reference, never the SQL or the values in it.
 */
export function hideInternalErrors(logger: LoggerService): ErrorRequestHandler {
  return (error, req, _res, next) => {
    const status = Number(error?.status ?? error?.statusCode);
    if (KNOWN_ERRORS.has(error?.name) || (status >= 400 && status < 500)) {
      next(error);
      return;
    }
    const reference = randomUUID().slice(0, 8);
    logger.error(
      `${req.method} ${req.originalUrl} failed (reference ${reference})`,
      error,
    );
    if (isUnreachable(error ?? {})) {
      next(
        new ServiceUnavailableError(
          `The social media catalogue's database is not reachable; try again shortly (reference ${reference})`,
        ),
      );
      return;
    }
    if (isDependencyFailure(error ?? {})) {
      next(
        new ServiceUnavailableError(
          `A service the social media catalogue depends on (the catalog, permissions or sign-in) is not available; try again shortly (reference ${reference})`,
        ),
      );
      return;
    }
    next(
      new Error(
        `The social media catalogue could not complete the request; an administrator finds the details in the backend log under reference ${reference}`,
      ),
    );
  };
}
