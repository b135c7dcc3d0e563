import { isCanonicalUtcTimestamp } from './timestamps';

describe('isCanonicalUtcTimestamp', () => {
  it('takes what Date#toISOString writes, for any day of any month', () => {
    const start = Date.UTC(2023, 0, 1);
    // Every day of 2023 and 2024 (a leap year), at changing times of day.
    for (let day = 0; day < 731; day++) {
      const value = new Date(
        start + day * 86_400_000 + day * 61_001,
      ).toISOString();
      expect([value, isCanonicalUtcTimestamp(value)]).toEqual([value, true]);
    }
  });

  it.each([
    ['2026-02-29T10:00:00.000Z', 'a 29 February outside a leap year'],
    ['2026-04-31T10:00:00.000Z', 'a 31st of a 30-day month'],
    ['2026-13-01T10:00:00.000Z', 'a thirteenth month'],
    ['2026-00-10T10:00:00.000Z', 'month zero'],
    ['2026-01-00T10:00:00.000Z', 'day zero'],
    ['2026-01-10T24:00:00.000Z', 'hour 24'],
    ['2026-01-10T10:60:00.000Z', 'minute 60'],
    ['2026-01-10T10:00:60.000Z', 'second 60'],
    ['2026-01-10T10:00:00Z', 'no milliseconds'],
    ['2026-01-10 10:00:00.000Z', 'a space for the T'],
    ['2026-01-10T10:00:00.000+00:00', 'an offset for the Z'],
    ['2026-01-1OT10:00:00.000Z', 'a letter among the digits'],
    ['2026-01-10T10:00:00.00xZ', 'a letter in the milliseconds'],
    ['', 'nothing'],
  ])('refuses %s (%s)', value => {
    expect(isCanonicalUtcTimestamp(value)).toBe(false);
  });

  it('takes 29 February in a leap year, also in a year divisible by 400', () => {
    expect(isCanonicalUtcTimestamp('2024-02-29T23:59:59.999Z')).toBe(true);
    expect(isCanonicalUtcTimestamp('2000-02-29T00:00:00.000Z')).toBe(true);
    expect(isCanonicalUtcTimestamp('2100-02-29T00:00:00.000Z')).toBe(false);
  });
});
