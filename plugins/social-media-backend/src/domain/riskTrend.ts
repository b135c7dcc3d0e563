import {
  PortfolioDashboard,
  RISK_RATINGS,
  RiskRating,
} from '@internal/plugin-social-media-common';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One change of a service's rating, as the risk history keeps it. */
export interface RatingChange {
  serviceId: string;
  rating: RiskRating;
  at: string;
}

/**
 * Services per rating at the end of each of the last `days` days (UTC), replayed from the
 * rating history (oldest first): each service counts with the last rating it had by then.
 */
export function riskTrend(
  history: RatingChange[],
  now: Date,
  days: number,
): PortfolioDashboard['riskTrend'] {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  const current = new Map<string, RiskRating>();
  const counts = Object.fromEntries(RISK_RATINGS.map(r => [r, 0])) as Record<
    RiskRating,
    number
  >;
  const trend: PortfolioDashboard['riskTrend'] = [];
  let next = 0;
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = today - d * DAY_MS;
    const dayEnd = new Date(dayStart + DAY_MS).toISOString();
    while (next < history.length && history[next].at < dayEnd) {
      const { serviceId, rating } = history[next++];
      const before = current.get(serviceId);
      if (before) counts[before] -= 1;
      counts[rating] += 1;
      current.set(serviceId, rating);
    }
    trend.push({
      date: new Date(dayStart).toISOString().slice(0, 10),
      ...counts,
    });
  }
  return trend;
}
