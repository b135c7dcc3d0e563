import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';

/**
 * How many requests wait for a decision the signed-in person may give (new
 * services to approve, transfers to accept, retirements to approve); undefined while unknown (or when it cannot be read, which is no
 * reason to fail the page that shows it).
 */
export function useInboxCount(
  options: {
    /** False to ask later (the count stays unknown until then). */
    enabled?: boolean;
  } = {},
): { count?: number; retry: () => void } {
  const enabled = options.enabled ?? true;
  const api = useApi(socialMediaApiRef);
  const { value, retry } = useAsyncRetry(async () => {
    if (!enabled) return undefined;
    try {
      const [requests, handovers] = await Promise.all([
        api.listServiceRequests({ scope: 'inbox', limit: 1 }),
        api.listHandovers({ scope: 'inbox', limit: 1 }),
      ]);
      return requests.totalCount + handovers.totalCount;
    } catch {
      return undefined;
    }
  }, [api, enabled]);
  return { count: value, retry };
}
