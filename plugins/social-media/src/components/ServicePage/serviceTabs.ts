import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';

/** The tabs of a service page, in order; the first is where the page opens. */
export const SERVICE_TABS = [
  { id: 'overview', title: 'Overview' },
  { id: 'risk', title: 'Risk' },
  { id: 'access', title: 'Access' },
  { id: 'incidents', title: 'Incidents' },
  { id: 'history', title: 'History' },
  { id: 'ownership', title: 'Ownership' },
  { id: 'details', title: 'Details' },
] as const;

/** @internal */
export type ServiceTab = (typeof SERVICE_TABS)[number]['id'];

function isServiceTab(value: string | null): value is ServiceTab {
  return SERVICE_TABS.some(tab => tab.id === value);
}

/** The query string of the page with `tab` chosen; the overview needs none. */
function withTab(search: URLSearchParams, tab: ServiceTab): URLSearchParams {
  const next = new URLSearchParams(search);
  if (tab === 'overview') {
    next.delete('tab');
  } else {
    next.set('tab', tab);
  }
  return next;
}

/**
 * The tab of the service page shown now, kept in the URL (`?tab=risk`) so
 * that a tab can be bookmarked, shared and reloaded; unknown values open the
 * overview.
 */
export function useServiceTab(): [ServiceTab, (tab: ServiceTab) => void] {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab = isServiceTab(requested) ? requested : 'overview';
  const choose = useCallback(
    (next: ServiceTab) => setParams(previous => withTab(previous, next)),
    [setParams],
  );
  return [tab, choose];
}

/** A link target to another tab of the same page, keeping the rest of the query. */
export function useTabLink(): (tab: ServiceTab) => {
  pathname: string;
  search: string;
} {
  const location = useLocation();
  return useCallback(
    (tab: ServiceTab) => {
      const search = withTab(new URLSearchParams(location.search), tab);
      const text = search.toString();
      return { pathname: location.pathname, search: text ? `?${text}` : '' };
    },
    [location.pathname, location.search],
  );
}
