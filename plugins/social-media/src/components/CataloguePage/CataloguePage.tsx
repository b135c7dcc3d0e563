import { useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  serviceRequestCreatePermission,
  socialServiceCreatePermission,
  type ServiceSortField,
} from '@internal/plugin-social-media-common';
import AddIcon from '@mui/icons-material/Add';
import AssignmentIcon from '@mui/icons-material/Assignment';
import DashboardIcon from '@mui/icons-material/Dashboard';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import HistoryIcon from '@mui/icons-material/History';
import PostAddIcon from '@mui/icons-material/PostAdd';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { memo, ReactNode, useCallback, useMemo } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { LoadError } from '../shared/LoadError';
import {
  createServiceRouteRef,
  auditLogRouteRef,
  dashboardRouteRef,
  importRouteRef,
  ownershipReportRouteRef,
  newRequestRouteRef,
  requestsRouteRef,
} from '../../routes';
import { useInboxCount } from '../ServiceRequests/useInboxCount';
import { CatalogueFilters } from './CatalogueFilters';
import { NO_FILTERS, hasFilters } from './catalogueView';
import { ServicesTable } from './ServicesTable';
import { CatalogueStatus } from './StatusSummary';
import { useCatalogueView } from './useCatalogueView';
import {
  RestOfPageContext,
  useRestAfterList,
  useRestOfPageAllowed,
  useServiceList,
} from './useServiceList';

const WHAT = 'the social media service catalogue';

/**
 * The requests link; with requests waiting for the person's approval, it
 * counts them and opens on them. The count is asked for once the page lets
 * the rest of it ask.
 */
function RequestsButton() {
  const requestsLink = useRouteRef(requestsRouteRef);
  const inbox = useInboxCount({ enabled: useRestOfPageAllowed() });
  return (
    <Button
      variant="outlined"
      startIcon={<AssignmentIcon />}
      component={RouterLink}
      to={inbox.count ? `${requestsLink()}?tab=inbox` : requestsLink()}
    >
      {inbox.count ? `Requests (${inbox.count} to approve)` : 'Requests'}
    </Button>
  );
}

/** One of the header's actions: a button that opens another page of the plugin. */
function HeaderLink(props: {
  icon: ReactNode;
  to: string;
  variant?: 'contained' | 'outlined';
  children: ReactNode;
}) {
  return (
    <Button
      variant={props.variant ?? 'outlined'}
      startIcon={props.icon}
      component={RouterLink}
      to={props.to}
    >
      {props.children}
    </Button>
  );
}

/**
 * The title, what the catalogue is, and the actions below them. Rendered
 * again only when its props change (not when the list arrives).
 */
const CatalogueHeader = memo(function CatalogueHeaderInner(props: {
  canRequest: boolean;
  canCreate: boolean;
}) {
  const { canRequest, canCreate } = props;
  const newServiceLink = useRouteRef(createServiceRouteRef);
  const importLink = useRouteRef(importRouteRef);
  const dashboardLink = useRouteRef(dashboardRouteRef);
  const ownershipLink = useRouteRef(ownershipReportRouteRef);
  const auditLogLink = useRouteRef(auditLogRouteRef);
  const newRequestLink = useRouteRef(newRequestRouteRef);
  return (
    <Stack
      component="section"
      aria-labelledby="social-media-title"
      // The actions go below the title at every width: beside it, seven buttons squeezed the
      // title into a narrow column on a laptop screen.
      alignItems="flex-start"
      spacing={2}
    >
      <Box>
        <Typography variant="h4" component="h2" id="social-media-title">
          Social media service catalogue
        </Typography>
        <Typography variant="body1" sx={{ maxWidth: '70ch', mt: 1 }}>
          Every social media presence your organisation runs is catalogued here
          as a business service, with an owner, a risk rating, an ITIL lifecycle
          stage and the incidents linked from your ITSM tool.
        </Typography>
      </Box>
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
        {canRequest && (
          <HeaderLink
            variant="contained"
            icon={<PostAddIcon />}
            to={newRequestLink()}
          >
            Request a social service
          </HeaderLink>
        )}
        {canCreate && (
          <HeaderLink icon={<AddIcon />} to={newServiceLink()}>
            New service
          </HeaderLink>
        )}
        <RequestsButton />
        {canCreate && (
          <HeaderLink icon={<UploadFileIcon />} to={importLink()}>
            Import
          </HeaderLink>
        )}
        <HeaderLink icon={<DashboardIcon />} to={dashboardLink()}>
          Dashboard
        </HeaderLink>
        <HeaderLink icon={<HistoryIcon />} to={ownershipLink()}>
          Ownership report
        </HeaderLink>
        <HeaderLink icon={<FactCheckIcon />} to={auditLogLink()}>
          Audit log
        </HeaderLink>
      </Stack>
    </Stack>
  );
});

/**
 * The catalogue: every social media service, filtered, sorted and paged, with
 * the filters in the URL so that a view can be shared.
 */
export function CataloguePage() {
  const newServiceLink = useRouteRef(createServiceRouteRef);
  const importLink = useRouteRef(importRouteRef);
  const { allowed: canRequest } = usePermission({
    permission: serviceRequestCreatePermission,
  });
  // Cataloguing and importing directly are for administrators; others request a service.
  const { allowed: canCreate } = usePermission({
    permission: socialServiceCreatePermission,
  });
  const { view, key, update } = useCatalogueView();

  // The list first: the inbox count, the status and the owner suggestions are
  // asked for once it is on the page.
  const list = useServiceList(view, key);
  const askRest = useRestAfterList(
    list.value !== undefined || list.error !== undefined,
  );

  const filtered = hasFilters(view);
  const onSort = useCallback(
    (sort: ServiceSortField, order: 'asc' | 'desc') => update({ sort, order }),
    [update],
  );
  const onPage = useCallback((page: number) => update({ page }), [update]);
  const onPageSize = useCallback(
    (pageSize: number) => update({ pageSize }),
    [update],
  );

  // Kept while its inputs stay the same, so that the table is not drawn again
  // when the rest of the page changes.
  const emptyState = useMemo(() => {
    if (filtered) {
      return (
        <Stack spacing={1} alignItems="flex-start">
          <Typography variant="body1">
            No services match these filters.
          </Typography>
          <Button
            variant="outlined"
            size="small"
            onClick={() => update(NO_FILTERS)}
          >
            Show all services
          </Button>
        </Stack>
      );
    }
    if (view.page > 1) {
      return (
        <Stack spacing={1} alignItems="flex-start">
          <Typography variant="body1">
            This page is past the end of the list.
          </Typography>
          <Button variant="outlined" size="small" onClick={() => update({})}>
            Go to the first page
          </Button>
        </Stack>
      );
    }
    return (
      <Stack spacing={1} alignItems="flex-start">
        <Typography variant="body1">
          The catalogue is empty. Services appear here once they are requested,
          created or imported.
        </Typography>
        <Stack direction="row" spacing={1}>
          {canCreate && (
            <Button
              variant="outlined"
              size="small"
              component={RouterLink}
              to={newServiceLink()}
            >
              Catalogue a service
            </Button>
          )}
          {canCreate && (
            <Button
              variant="outlined"
              size="small"
              component={RouterLink}
              to={importLink()}
            >
              Import an inventory
            </Button>
          )}
        </Stack>
      </Stack>
    );
  }, [filtered, view.page, update, canCreate, newServiceLink, importLink]);

  return (
    <RestOfPageContext.Provider value={askRest}>
      <Stack spacing={3} sx={{ p: { xs: 2, md: 3 } }}>
        <CatalogueHeader canRequest={canRequest} canCreate={canCreate} />

        <Paper variant="outlined" sx={{ p: 2 }}>
          <Stack spacing={2}>
            <CatalogueFilters view={view} onChange={update} />
            {list.error ? (
              <LoadError error={list.error} what={WHAT} onRetry={list.retry} />
            ) : (
              <Box sx={{ position: 'relative' }}>
                {list.loading && (
                  <LinearProgress
                    aria-label="Loading services"
                    sx={{ position: 'absolute', top: 0, left: 0, right: 0 }}
                  />
                )}
                {list.value && (
                  <>
                    <Typography
                      variant="body2"
                      color="text.secondary"
                      role="status"
                      sx={{ pt: 1 }}
                    >
                      {list.value.totalCount === 1
                        ? '1 service'
                        : `${list.value.totalCount} services`}
                      {filtered ? ' match the filters' : ' in the catalogue'}
                    </Typography>
                    <ServicesTable
                      items={list.value.items}
                      totalCount={list.value.totalCount}
                      view={view}
                      onSort={onSort}
                      onPage={onPage}
                      onPageSize={onPageSize}
                      emptyState={emptyState}
                    />
                  </>
                )}
              </Box>
            )}
          </Stack>
        </Paper>

        {askRest && <CatalogueStatus />}
      </Stack>
    </RestOfPageContext.Provider>
  );
}
