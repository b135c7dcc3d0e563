import {
  SERVICE_SORT_FIELDS,
  ServiceSortField,
} from '@internal/plugin-social-media-common';
import { InvalidInputError } from './InvalidInputError';
import { unstorableProblem } from './storableText';

/**
 * Where a page of the catalogue list ended: the sort it was read in, and the last service's sort
 * value and id. The next page starts right after that service (keyset paging), so reading every
 * page costs each page the same, however deep it is; offsets cost more the deeper they go.
 */
export interface ListCursor {
  sort: ServiceSortField;
  order: 'asc' | 'desc';
  /** The last service's value of the sort column (see {@link cursorValueOf}). */
  value: string | number | null;
  id: string;
}

/**
 * A cursor longer than this is not one the list made: the longest it makes (a sort name of 200
 * characters outside ASCII, 600 bytes of UTF-8) is under 1,000; the rest is room.
 */
export const MAX_CURSOR_LENGTH = 4000;

/** What the sort column holds: text, a whole number (none for unrated services), or a time. */
const SORT_VALUE_KIND: Record<
  ServiceSortField,
  'text' | 'integer' | 'integerOrNone' | 'time'
> = {
  name: 'text',
  platform: 'text',
  ownerGroup: 'text',
  lifecycleStage: 'integer',
  riskRating: 'integerOrNone',
  openIncidentCount: 'integer',
  audienceSize: 'integer',
  updatedAt: 'time',
};

/** The last moment of year 9999, the latest time a cursor may hold. */
const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The sort value as the cursor keeps it: text as text, a whole number as a number (PostgreSQL
 * answers a bigint as text), a time as milliseconds since 1970 (PostgreSQL answers a Date,
 * SQLite the milliseconds).
 */
export function cursorValueOf(
  sort: ServiceSortField,
  raw: unknown,
): string | number | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return raw.getTime();
  const kind = SORT_VALUE_KIND[sort];
  if (kind === 'time' && typeof raw === 'string') return Date.parse(raw);
  if (kind !== 'text' && typeof raw === 'string') return Number(raw);
  return raw as string | number;
}

/** The value fits the sort's column as {@link cursorValueOf} keeps it. */
function sortValueFits(
  sort: ServiceSortField,
  value: unknown,
): value is string | number | null {
  switch (SORT_VALUE_KIND[sort]) {
    case 'text':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'integerOrNone':
      return value === null || Number.isSafeInteger(value);
    case 'time':
      return (
        Number.isSafeInteger(value) &&
        (value as number) >= 0 &&
        (value as number) <= LATEST_TIME_MS
      );
    default:
      return false;
  }
}

function invalidCursor(message: string): InvalidInputError {
  return InvalidInputError.of('query', [{ field: 'after', message }]);
}

function notACursor(): InvalidInputError {
  return invalidCursor(
    'is not a cursor this list answered; pass the nextAfter of the previous page',
  );
}

/** The JSON array of `length` parts a cursor holds, or a 400 when it holds none. */
function partsOf(text: string, length: number): unknown[] {
  let parts: unknown;
  try {
    if (text.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+$/.test(text)) {
      parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    }
  } catch {
    // Not JSON: refused below.
  }
  if (!Array.isArray(parts) || parts.length !== length) throw notACursor();
  return parts;
}

/** An id as the catalogue gives them: 1 to 64 characters of text a database can compare. */
function isServiceId(id: unknown): id is string {
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    id.length <= 64 &&
    unstorableProblem(id) === undefined
  );
}

/** The cursor as the list answers it (`nextAfter`): opaque, URL-safe text. */
export function encodeListCursor(cursor: ListCursor): string {
  const { sort, order, value, id } = cursor;
  return Buffer.from(JSON.stringify([sort, order, value, id])).toString(
    'base64url',
  );
}

/**
 * Reads a cursor a previous page answered, for a list read in `sort` and `order`; a cursor that
 * is not one, or was made for another order of the list, is refused with a 400 naming `after`.
 */
export function decodeListCursor(
  text: string,
  sort: ServiceSortField,
  order: 'asc' | 'desc',
): Pick<ListCursor, 'value' | 'id'> {
  const parts = partsOf(text, 4);
  const [cursorSort, cursorOrder, value, id] = parts;
  if (
    !(SERVICE_SORT_FIELDS as readonly unknown[]).includes(cursorSort) ||
    (cursorOrder !== 'asc' && cursorOrder !== 'desc') ||
    !isServiceId(id) ||
    // Text a database cannot compare as sent (NUL, a lone surrogate) is in no cursor it made.
    (typeof value === 'string' && unstorableProblem(value) !== undefined)
  ) {
    throw notACursor();
  }
  if (cursorSort !== sort || cursorOrder !== order) {
    throw invalidCursor(
      `was answered for the list sorted by ${cursorSort} (${cursorOrder}), not by ${sort} (${order}); keep the sort and order while paging`,
    );
  }
  if (!sortValueFits(sort, value)) throw notACursor();
  return { value, id };
}

/** The cursor of a page read in id order (the guardianship facts): the last service's id. */
export function encodeIdCursor(id: string): string {
  return Buffer.from(JSON.stringify([id])).toString('base64url');
}

/** Reads a cursor {@link encodeIdCursor} made, or refuses it with a 400 naming `after`. */
export function decodeIdCursor(text: string): string {
  const [id] = partsOf(text, 1);
  if (!isServiceId(id)) throw notACursor();
  return id;
}
