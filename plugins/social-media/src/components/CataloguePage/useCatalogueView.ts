import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CatalogueView, readView, writeView } from './catalogueView';

/**
 * The catalogue view kept in the URL's query string. `update` changes it and
 * goes back to the first page unless the change names a page.
 */
export function useCatalogueView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const key = useMemo(() => writeView(view).toString(), [view]);
  const update = useCallback(
    (change: Partial<CatalogueView>, options?: { replace?: boolean }) => {
      setParams(writeView({ ...view, page: 1, ...change }), {
        replace: options?.replace,
      });
    },
    [view, setParams],
  );
  return { view, key, update };
}
