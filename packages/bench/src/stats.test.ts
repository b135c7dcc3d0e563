import { median, percentile, round, summarize } from './stats';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(10);
    expect(percentile(sorted, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
  });

  it('summarizes a series in any order', () => {
    expect(summarize([3, 1, 2, 4])).toEqual({
      samples: 4,
      p50: 2,
      p95: 4,
      min: 1,
      max: 4,
      mean: 2.5,
    });
  });

  it('takes the median of three rounds', () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it('rounds, and keeps a missing value missing', () => {
    expect(round(1.26)).toBe(1.3);
    expect(round(1.234, 2)).toBe(1.23);
    expect(round(undefined)).toBeNull();
    expect(round(null)).toBeNull();
  });
});
