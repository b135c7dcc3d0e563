/** Milliseconds with one decimal, or '-'. */
export const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : value.toFixed(1);

/** Milliseconds as seconds with one decimal, or '-'. */
export const seconds = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '-'
    : `${(value / 1000).toFixed(1)} s`;

/** A whole number with thousands separators, or '-'. */
export const count = (value: number | null | undefined) =>
  value === undefined || value === null ? '-' : value.toLocaleString('en');

export const met = (ok: boolean) => (ok ? 'met' : 'missed');

/** "2.10x faster than" or "1.50x slower than", comparing a time with a reference time. */
export function times(reference: number, value: number): string {
  return reference >= value
    ? `${(reference / value).toFixed(2)}x faster than`
    : `${(value / reference).toFixed(2)}x slower than`;
}
