import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  serviceRequestCreatePermission,
  socialServiceCreatePermission,
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
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
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
import { useInboxCount } from '../ServiceRequests';
import { CatalogueFilters } from './CatalogueFilters';
import { NO_FILTERS, hasFilters, toListQuery } from './catalogueView';
import { ServicesTable } from './ServicesTable';
import { CatalogueStatus } from './StatusSummary';
import { useCatalogueView } from './useCatalogueView';

const WHAT = 'the social media service catalogue';

/**
 * The catalogue: every social media service, filtered, sorted and paged, with
 * the filters in the URL so that a view can be shared.
 */
export function CataloguePage() {
  const api = useApi(socialMediaApiRef);
  const newServiceLink = useRouteRef(createServiceRouteRef);
  const importLink = useRouteRef(importRouteRef);
  const dashboardLink = useRouteRef(dashboardRouteRef);
  const ownershipLink = useRouteRef(ownershipReportRouteRef);
  const auditLogLink = useRouteRef(auditLogRouteRef);
  const requestsLink = useRouteRef(requestsRouteRef);
  const newRequestLink = useRouteRef(newRequestRouteRef);
  const { allowed: canRequest } = usePermission({
    permission: serviceRequestCreatePermission,
  });
  // Cataloguing and importing directly are for administrators; others request a service.
  const { allowed: canCreate } = usePermission({
    permission: socialServiceCreatePermission,
  });
  const inbox = useInboxCount();
  const { view, key, update } = useCatalogueView();

  const list = useAsyncRetry(
    () => api.listServices(toListQuery(view)),
    // the view changes identity with the URL; its query string says when it
    // really changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );

  const filtered = hasFilters(view);
  const clearFilters = () => update(NO_FILTERS);

  let emptyState: JSX.Element;
  if (filtered) {
    emptyState = (
      <Stack spacing={1} alignItems="flex-start">
        <Typography variant="body1">
          No services match these filters.
        </Typography>
        <Button variant="outlined" size="small" onClick={clearFilters}>
          Show all services
        </Button>
      </Stack>
    );
  } else if (view.page > 1) {
    emptyState = (
      <Stack spacing={1} alignItems="flex-start">
        <Typography variant="body1">
          This page is past the end of the list.
        </Typography>
        <Button variant="outlined" size="small" onClick={() => update({})}>
          Go to the first page
        </Button>
      </Stack>
    );
  } else {
    emptyState = (
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
  }

  return (
    <Stack spacing={3} sx={{ p: { xs: 2, md: 3 } }}>
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
            Every social media presence your organisation runs is catalogued
            here as a business service, with an owner, a risk rating, an ITIL
            lifecycle stage and the incidents linked from your ITSM tool.
          </Typography>
        </Box>
        <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
          {canRequest && (
            <Button
              variant="contained"
              startIcon={<PostAddIcon />}
              component={RouterLink}
              to={newRequestLink()}
            >
              Request a social service
            </Button>
          )}
          {canCreate && (
            <Button
              variant="outlined"
              startIcon={<AddIcon />}
              component={RouterLink}
              to={newServiceLink()}
            >
              New service
            </Button>
          )}
          <Button
            variant="outlined"
            startIcon={<AssignmentIcon />}
            component={RouterLink}
            // With requests waiting for the person's approval, the link opens on them.
            to={inbox.count ? `${requestsLink()}?tab=inbox` : requestsLink()}
          >
            {inbox.count ? `Requests (${inbox.count} to approve)` : 'Requests'}
          </Button>
          {canCreate && (
            <Button
              variant="outlined"
              startIcon={<UploadFileIcon />}
              component={RouterLink}
              to={importLink()}
            >
              Import
            </Button>
          )}
          <Button
            variant="outlined"
            startIcon={<DashboardIcon />}
            component={RouterLink}
            to={dashboardLink()}
          >
            Dashboard
          </Button>
          <Button
            variant="outlined"
            startIcon={<HistoryIcon />}
            component={RouterLink}
            to={ownershipLink()}
          >
            Ownership report
          </Button>
          <Button
            variant="outlined"
            startIcon={<FactCheckIcon />}
            component={RouterLink}
            to={auditLogLink()}
          >
            Audit log
          </Button>
        </Stack>
      </Stack>

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
                    onSort={(sort, order) => update({ sort, order })}
                    onPage={page => update({ page })}
                    onPageSize={pageSize => update({ pageSize })}
                    emptyState={emptyState}
                  />
                </>
              )}
            </Box>
          )}
        </Stack>
      </Paper>

      <CatalogueStatus />
    </Stack>
  );
}
