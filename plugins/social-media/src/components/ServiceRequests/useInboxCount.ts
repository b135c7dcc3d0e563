import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';

/**
 * How many requests wait for a decision the signed-in person may give (new
 * services to approve, transfers to accept, retirements to approve); undefined while unknown (or when it cannot be read, which is no
 * reason to fail the page that shows it).
 */
export function useInboxCount(): { count?: number; retry: () => void } {
  const api = useApi(socialMediaApiRef);
  const { value, retry } = useAsyncRetry(async () => {
    try {
      const [requests, handovers] = await Promise.all([
        api.listServiceRequests({ scope: 'inbox', limit: 1 }),
        api.listHandovers({ scope: 'inbox', limit: 1 }),
      ]);
      return requests.totalCount + handovers.totalCount;
    } catch {
      return undefined;
    }
  }, [api]);
  return { count: value, retry };
}
