import { DateTime } from 'luxon';

/** A date and time as people read it, e.g. "Nov 20, 2026, 10:30 AM". */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = DateTime.fromISO(iso);
  return date.isValid ? date.toLocaleString(DateTime.DATETIME_MED) : iso;
}

/** A date as people read it, e.g. "Nov 20, 2026". */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = DateTime.fromISO(iso);
  return date.isValid ? date.toLocaleString(DateTime.DATE_MED) : iso;
}

/** How long ago, e.g. "3 days ago". */
export function formatRelative(iso: string | undefined): string {
  if (!iso) return '';
  const date = DateTime.fromISO(iso);
  return date.isValid ? date.toRelative() ?? '' : '';
}

/**
 * Items in one phrase, as the shared rules word their lists: "MFA enabled,
 * credentials in a vault and a named service owner".
 */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat('en-GB', {
    style: 'long',
    type: 'conjunction',
  }).format(items);
}

/** A whole number with thousands separators, e.g. 120,000. */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat('en').format(value);
}

/**
 * An ITSM tool by the name its installed connector gives it, or by its id
 * when no installed connector has it (or the connectors are not loaded yet).
 */
export function itsmSystemName(
  id: string,
  connectors: ReadonlyArray<{ id: string; displayName: string }> | undefined,
): string {
  return connectors?.find(c => c.id === id)?.displayName ?? id;
}

/** Account statuses by name. */
export const ACCOUNT_STATUS_TITLES: Record<string, string> = {
  active: 'Active',
  archived: 'Archived',
  deleted: 'Deleted',
};

/** Admin roles by name. */
export const ADMIN_ROLE_TITLES: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  analyst: 'Analyst',
};
