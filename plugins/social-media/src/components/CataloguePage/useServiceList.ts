import { useApi } from '@backstage/core-plugin-api';
import type { SocialServiceList } from '@internal/plugin-social-media-common';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { socialMediaApiRef, type SocialMediaApi } from '../../api';
import { CatalogueView, toListQuery } from './catalogueView';

/** A request for a page of services; `outcome` is set once it has answered. */
interface ListRequest {
  key: string;
  at: number;
  promise: Promise<SocialServiceList>;
  outcome?: { value: SocialServiceList } | { error: Error };
}

function ask(api: SocialMediaApi, view: CatalogueView, key: string) {
  const request: ListRequest = {
    key,
    at: Date.now(),
    promise: api.listServices(toListQuery(view)),
  };
  request.promise.then(
    value => {
      request.outcome = { value };
    },
    error => {
      request.outcome = { error };
    },
  );
  return request;
}

/** How long a list asked for during a render may serve the page that renders. */
const EARLY_ANSWER_KEPT_MS = 2_000;

/**
 * The list asked for while the page rendered, by API, until the page takes it.
 * Not kept in the component: React may drop a render that never reached the
 * screen (and the component's state with it) and render the page again, which
 * must take the request already under way instead of asking twice.
 */
const earlyLists = new WeakMap<SocialMediaApi, ListRequest>();

function peekEarlyList(api: SocialMediaApi, key: string) {
  const early = earlyLists.get(api);
  if (!early) return undefined;
  if (early.key !== key || Date.now() - early.at > EARLY_ANSWER_KEPT_MS) {
    earlyLists.delete(api);
    return undefined;
  }
  return early;
}

/** The page of services, as the page shows it. */
export interface ServiceListState {
  loading: boolean;
  /** The last answer; kept while another view loads. */
  value?: SocialServiceList;
  error?: Error;
  /** Asks again (not while a request is under way). */
  retry: () => void;
}

/**
 * The page of services the view asks for. The first request goes out while
 * the page renders for the first time, not in an effect after it: effects run
 * only once the whole page (its filters and buttons) is in the document, which
 * on a busy machine is a good part of the time until the first row shows. An
 * answer that is in by the time the page is put in the document is shown
 * before the browser first paints it. Another view or a retry asks again.
 */
export function useServiceList(
  view: CatalogueView,
  key: string,
): ServiceListState {
  const api = useApi(socialMediaApiRef);
  const asked = useRef(false);
  if (!asked.current) {
    asked.current = true;
    if (!peekEarlyList(api, key)) earlyLists.set(api, ask(api, view, key));
  }
  const [state, setState] = useState<Omit<ServiceListState, 'retry'>>({
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);

  useLayoutEffect(
    () => {
      const early = peekEarlyList(api, key);
      earlyLists.delete(api);
      const request = early ?? ask(api, view, key);
      if (request.outcome) {
        setState({ ...request.outcome, loading: false });
        return undefined;
      }
      let current = true;
      setState(previous =>
        previous.loading ? previous : { ...previous, loading: true },
      );
      request.promise.then(
        value => current && setState({ value, loading: false }),
        error => current && setState({ error, loading: false }),
      );
      return () => {
        current = false;
      };
    },
    // the view changes identity with the URL; its query string says when it
    // really changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, attempt],
  );

  const { loading } = state;
  const retry = useCallback(() => {
    if (!loading) setAttempt(n => n + 1);
  }, [loading]);
  return { ...state, retry };
}

/**
 * At most this long the rest of the page (inbox count, status, owner
 * suggestions) waits for the list before it asks for its own data.
 */
export const REST_WAITS_AT_MOST_MS = 3_000;

/**
 * Whether the rest of the page may ask for its data: once `listDone` (the
 * list has arrived or failed and is in the document), or after
 * {@link REST_WAITS_AT_MOST_MS} in any case. Asked all at once, the other
 * requests kept the list waiting on the same backend and their answers made
 * the page render again while its rows were being drawn.
 */
export function useRestAfterList(listDone: boolean): boolean {
  const [allowed, setAllowed] = useState(false);
  useEffect(() => {
    if (allowed) return undefined;
    if (listDone) {
      setAllowed(true);
      return undefined;
    }
    const timer = setTimeout(() => setAllowed(true), REST_WAITS_AT_MOST_MS);
    return () => clearTimeout(timer);
  }, [allowed, listDone]);
  return allowed;
}

/**
 * Whether the parts of the page that wait for the list (the inbox count, the owner suggestions)
 * may ask for their data; true where no page holds them back. Passed by context, not by props:
 * when it turns true, only the components that ask render again, not the header's buttons and
 * the filter bar around them, right after the browser has drawn the rows.
 */
export const RestOfPageContext = createContext(true);

/** See {@link RestOfPageContext}. */
export function useRestOfPageAllowed(): boolean {
  return useContext(RestOfPageContext);
}
