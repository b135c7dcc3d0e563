/** p50, p95 and the rest of a series of timings, in milliseconds. */
export interface Summary {
  samples: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending series. */
export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.min(index, sorted.length - 1)];
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((sum, v) => sum + v, 0) / samples.length;
  return {
    samples: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean,
  };
}

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Rounds for the report; a missing value stays missing (null in results.json). */
export function round(value: number, digits?: number): number;
export function round(
  value: number | null | undefined,
  digits?: number,
): number | null;
export function round(
  value: number | null | undefined,
  digits = 1,
): number | null {
  return value === undefined || value === null
    ? null
    : Math.round(value * 10 ** digits) / 10 ** digits;
}
