import {
  ACCESS_REVIEW_STATUSES,
  LIFECYCLE_STAGES,
  RISK_RATING_FILTERS,
  SERVICE_SORT_FIELDS,
  SOCIAL_PLATFORMS,
  normalizeEntityRef,
  type AccessReviewStatus,
  type LifecycleStage,
  type RiskRatingFilter,
  type ServiceListQuery,
  type ServiceSortField,
  type SocialPlatform,
} from '@internal/plugin-social-media-common';

/** Rows per page the table offers. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const DEFAULT_SORT: ServiceSortField = 'name';

/**
 * What the catalogue shows: filters, sort and page. It lives in the URL's
 * query string, so that a view can be shared and survives a reload, e.g.
 * `?platform=x&lifecycleStage=operation&hasLeavers=true&page=2`. The dashboard links here
 * with the filters of each count and bar; {@link catalogueLink} builds those links.
 */
export interface CatalogueView {
  platform: SocialPlatform[];
  ownerGroup: string[];
  lifecycleStage: LifecycleStage[];
  /** Ratings, and `unrated` for services not rated yet. */
  riskRating: RiskRatingFilter[];
  /** Only services (not retired) whose access review is current, due or overdue. */
  accessReview: Array<AccessReviewStatus['status']>;
  /** Only services with (true) or without (false) open incidents. */
  hasOpenIncidents?: boolean;
  /** Only services where someone who left still holds access (true), or none does (false). */
  hasLeavers?: boolean;
  /**
   * Only services that meet the requirements of their lifecycle stage (true),
   * or do not (false).
   */
  compliant?: boolean;
  /**
   * Only services whose record holds values the catalogue did not write
   * (true), or holds none (false).
   */
  changedOutside?: boolean;
  search: string;
  sort: ServiceSortField;
  order: 'asc' | 'desc';
  /** 1-based. */
  page: number;
  pageSize: number;
}

function oneOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  const known: readonly string[] = allowed;
  const unique = new Set(values.filter(v => known.includes(v)));
  // keep the order of the allowed values, so that equal views look equal
  return allowed.filter(v => unique.has(v));
}

const BOOLEANS: Record<string, boolean | undefined> = {
  true: true,
  false: false,
};

function positiveInt(value: string | null): number | undefined {
  if (!value || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/** Reads a view from a query string; values it does not know are dropped. */
export function readView(params: URLSearchParams): CatalogueView {
  const hasOpenIncidents = params.get('hasOpenIncidents');
  const hasLeavers = params.get('hasLeavers');
  const compliant = params.get('compliant');
  const changedOutside = params.get('changedOutside');
  const sort = params.get('sort') ?? '';
  const pageSize = positiveInt(params.get('pageSize'));
  return {
    platform: oneOf(SOCIAL_PLATFORMS, params.getAll('platform')),
    ownerGroup: [
      ...new Set(
        params
          .getAll('ownerGroup')
          .map(ref => normalizeEntityRef(ref, 'group'))
          .filter((ref): ref is string => Boolean(ref)),
      ),
    ],
    lifecycleStage: oneOf(LIFECYCLE_STAGES, params.getAll('lifecycleStage')),
    riskRating: oneOf(RISK_RATING_FILTERS, params.getAll('riskRating')),
    accessReview: oneOf(ACCESS_REVIEW_STATUSES, params.getAll('accessReview')),
    hasOpenIncidents: BOOLEANS[hasOpenIncidents ?? ''],
    hasLeavers: BOOLEANS[hasLeavers ?? ''],
    compliant: BOOLEANS[compliant ?? ''],
    changedOutside: BOOLEANS[changedOutside ?? ''],
    search: params.get('search')?.trim() ?? '',
    sort: (SERVICE_SORT_FIELDS as readonly string[]).includes(sort)
      ? (sort as ServiceSortField)
      : DEFAULT_SORT,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: positiveInt(params.get('page')) ?? 1,
    pageSize:
      pageSize && (PAGE_SIZES as readonly number[]).includes(pageSize)
        ? pageSize
        : DEFAULT_PAGE_SIZE,
  };
}

/** Writes a view as a query string, leaving out what is at its default. */
export function writeView(view: CatalogueView): URLSearchParams {
  const params = new URLSearchParams();
  view.platform.forEach(v => params.append('platform', v));
  view.ownerGroup.forEach(v => params.append('ownerGroup', v));
  view.lifecycleStage.forEach(v => params.append('lifecycleStage', v));
  view.riskRating.forEach(v => params.append('riskRating', v));
  view.accessReview.forEach(v => params.append('accessReview', v));
  if (view.hasOpenIncidents !== undefined) {
    params.set('hasOpenIncidents', String(view.hasOpenIncidents));
  }
  if (view.hasLeavers !== undefined) {
    params.set('hasLeavers', String(view.hasLeavers));
  }
  if (view.compliant !== undefined) {
    params.set('compliant', String(view.compliant));
  }
  if (view.changedOutside !== undefined) {
    params.set('changedOutside', String(view.changedOutside));
  }
  if (view.search.trim()) params.set('search', view.search.trim());
  if (view.sort !== DEFAULT_SORT || view.order !== 'asc') {
    params.set('sort', view.sort);
    params.set('order', view.order);
  }
  if (view.page > 1) params.set('page', String(view.page));
  if (view.pageSize !== DEFAULT_PAGE_SIZE) {
    params.set('pageSize', String(view.pageSize));
  }
  return params;
}

/** True when any filter narrows the list. */
export function hasFilters(view: CatalogueView): boolean {
  return (
    view.platform.length > 0 ||
    view.ownerGroup.length > 0 ||
    view.lifecycleStage.length > 0 ||
    view.riskRating.length > 0 ||
    view.accessReview.length > 0 ||
    view.hasOpenIncidents !== undefined ||
    view.hasLeavers !== undefined ||
    view.compliant !== undefined ||
    view.changedOutside !== undefined ||
    view.search.length > 0
  );
}

/** The backend query for a view. */
export function toListQuery(view: CatalogueView): ServiceListQuery {
  return {
    platform: view.platform.length ? view.platform : undefined,
    ownerGroup: view.ownerGroup.length ? view.ownerGroup : undefined,
    lifecycleStage: view.lifecycleStage.length
      ? view.lifecycleStage
      : undefined,
    riskRating: view.riskRating.length ? view.riskRating : undefined,
    accessReview: view.accessReview.length ? view.accessReview : undefined,
    hasOpenIncidents: view.hasOpenIncidents,
    hasLeavers: view.hasLeavers,
    compliant: view.compliant,
    changedOutside: view.changedOutside,
    search: view.search || undefined,
    sort: view.sort,
    order: view.order,
    limit: view.pageSize,
    offset: (view.page - 1) * view.pageSize,
  };
}

/** What "Clear filters" changes: every filter off, the sort kept. */
export const NO_FILTERS: Partial<CatalogueView> = {
  platform: [],
  ownerGroup: [],
  lifecycleStage: [],
  riskRating: [],
  accessReview: [],
  hasOpenIncidents: undefined,
  hasLeavers: undefined,
  compliant: undefined,
  changedOutside: undefined,
  search: '',
};

/** The view with nothing filtered, sorted by name, on the first page. */
export const ALL_SERVICES: CatalogueView = {
  platform: [],
  ownerGroup: [],
  lifecycleStage: [],
  riskRating: [],
  accessReview: [],
  search: '',
  sort: DEFAULT_SORT,
  order: 'asc',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

/**
 * The catalogue's path (from the plugin's route ref) with a filter, e.g.
 * `catalogueLink('/social-media', { hasLeavers: true })` gives
 * `/social-media?hasLeavers=true`.
 */
export function catalogueLink(
  cataloguePath: string,
  filter: Partial<CatalogueView>,
): string {
  const query = writeView({ ...ALL_SERVICES, ...filter }).toString();
  return query ? `${cataloguePath}?${query}` : cataloguePath;
}
