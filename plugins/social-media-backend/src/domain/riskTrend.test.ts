import { riskTrend } from './riskTrend';

describe('riskTrend', () => {
  it('counts each service with its last rating at the end of each day', () => {
    const now = new Date('2026-11-25T12:00:00.000Z');
    const trend = riskTrend(
      [
        { serviceId: 'a', rating: 'low', at: '2026-11-22T10:00:00.000Z' },
        { serviceId: 'b', rating: 'high', at: '2026-11-23T10:00:00.000Z' },
        { serviceId: 'a', rating: 'critical', at: '2026-11-24T10:00:00.000Z' },
        { serviceId: 'a', rating: 'medium', at: '2026-11-24T11:00:00.000Z' },
      ],
      now,
      4,
    );
    expect(trend).toEqual([
      { date: '2026-11-22', low: 1, medium: 0, high: 0, critical: 0 },
      { date: '2026-11-23', low: 1, medium: 0, high: 1, critical: 0 },
      { date: '2026-11-24', low: 0, medium: 1, high: 1, critical: 0 },
      { date: '2026-11-25', low: 0, medium: 1, high: 1, critical: 0 },
    ]);
  });

  it('starts from the ratings before the window', () => {
    const trend = riskTrend(
      [{ serviceId: 'a', rating: 'high', at: '2025-01-01T00:00:00.000Z' }],
      new Date('2026-11-25T12:00:00.000Z'),
      2,
    );
    expect(trend.map(d => d.high)).toEqual([1, 1]);
  });
});
