import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/** One check's outcome for an entity, as the Tech Insights backend's checks endpoint gives it. */
export interface ScorecardCheckResult {
  check: {
    id: string;
    name: string;
    description: string;
    links?: Array<{ title: string; url: string }>;
  };
  /** Whether the entity passes; anything but `true` counts as not passing. */
  result: unknown;
}

/**
 * Runs every check Tech Insights holds for the entity (the catalogue's guardianship checks and
 * any other the portal configured) on its latest facts. Checks whose facts were not collected
 * for the entity yet are left out by Tech Insights.
 */
export async function runEntityChecks(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  entity: CompoundEntityRef,
): Promise<ScorecardCheckResult[]> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('tech-insights');
  const path = [entity.namespace, entity.kind, entity.name]
    .map(encodeURIComponent)
    .join('/');
  const response = await apis.fetchApi.fetch(`${baseUrl}/checks/run/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw await ResponseError.fromResponse(response);
  const results = (await response.json()) as ScorecardCheckResult[];
  return Array.isArray(results) ? results : [];
}

/** True when the entity passes the check. */
export function passes(result: ScorecardCheckResult): boolean {
  return result.result === true;
}

/**
 * The results as a service owner reads them: the checks not passed first (what to act on),
 * each group in the order Tech Insights gave.
 */
export function forAttention(
  results: ScorecardCheckResult[],
): ScorecardCheckResult[] {
  return [...results.filter(r => !passes(r)), ...results.filter(passes)];
}
