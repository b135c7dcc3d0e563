import { useApi } from '@backstage/core-plugin-api';
import type { ItsmConnectorInfo } from '@internal/plugin-social-media-common';
import useAsync from 'react-use/esm/useAsync';
import { socialMediaApiRef, type SocialMediaApi } from '../../api';

/**
 * The connectors change only when the backend restarts with other modules: one request per
 * client serves every component of the page. A failed request is asked again on the next use.
 */
const loaded = new WeakMap<SocialMediaApi, Promise<ItsmConnectorInfo[]>>();

/** The installed connectors, asked once per client (again after a failure). */
export function loadItsmConnectors(
  api: SocialMediaApi,
): Promise<ItsmConnectorInfo[]> {
  let connectors = loaded.get(api);
  if (!connectors) {
    connectors = api.listItsmConnectors().then(
      ({ items }) => items,
      error => {
        loaded.delete(api);
        throw error;
      },
    );
    loaded.set(api, connectors);
  }
  return connectors;
}

/**
 * The ITSM connectors installed in this portal, as they describe themselves
 * (`GET /itsm/connectors`); `connectors` is undefined while they load or when
 * they could not be read.
 */
export function useItsmConnectors(): {
  connectors?: ItsmConnectorInfo[];
  loading: boolean;
  error?: Error;
} {
  const api = useApi(socialMediaApiRef);
  const { value, loading, error } = useAsync(
    () => loadItsmConnectors(api),
    [api],
  );
  return { connectors: value, loading, error };
}
