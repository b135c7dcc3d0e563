import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';

/**
 * How many submitted requests wait for an approval the signed-in person may
 * give; undefined while unknown (or when it cannot be read, which is no
 * reason to fail the page that shows it).
 */
export function useInboxCount(): { count?: number; retry: () => void } {
  const api = useApi(socialMediaApiRef);
  const { value, retry } = useAsyncRetry(async () => {
    try {
      const { totalCount } = await api.listServiceRequests({
        scope: 'inbox',
        limit: 1,
      });
      return totalCount;
    } catch {
      return undefined;
    }
  }, [api]);
  return { count: value, retry };
}
