// Request latency measured in interleaved rounds: each round sends one request to every endpoint,
// starting one endpoint further each round so that no endpoint always follows the same one; the
// first rounds warm up and are not kept. Used by the list, ITSM and audit-trail benchmarks.
import { assertAlive, Backend } from './backendProcess';
import { describeFailure, request } from './http';

/** One endpoint of a measurement: `urls` taken in turn, one a round. */
export interface MeasuredEndpoint<K extends string> {
  key: K;
  urls: readonly string[];
  headers?: Record<string, string>;
  /** What a failure names; the key when missing. */
  label?: string;
}

/** The warm-up rounds before `samples` measured ones: a tenth of them, at most 20. */
export function warmupRounds(samples: number): number {
  return Math.min(20, Math.ceil(samples / 10));
}

/**
 * `warmup` rounds and then `samples` measured ones over `endpoints`, checking every 50 rounds that
 * the backend still runs; throws at the first answer other than 200. The measured times in
 * milliseconds, by endpoint key.
 */
export async function measureRounds<K extends string>(
  backend: Backend,
  endpoints: readonly MeasuredEndpoint<K>[],
  { samples, warmup }: { samples: number; warmup: number },
): Promise<Record<K, number[]>> {
  const times = Object.fromEntries(
    endpoints.map(endpoint => [endpoint.key, [] as number[]]),
  ) as Record<K, number[]>;
  for (let round_ = 0; round_ < warmup + samples; round_++) {
    if (round_ % 50 === 0) assertAlive(backend);
    for (let k = 0; k < endpoints.length; k++) {
      const endpoint = endpoints[(round_ + k) % endpoints.length];
      const url = endpoint.urls[round_ % endpoint.urls.length];
      const r = await request(url, { headers: endpoint.headers });
      if (r.status !== 200) {
        throw new Error(
          `${endpoint.label ?? endpoint.key}: ${describeFailure(r)}`,
        );
      }
      if (round_ >= warmup) times[endpoint.key].push(r.ms);
    }
  }
  return times;
}
