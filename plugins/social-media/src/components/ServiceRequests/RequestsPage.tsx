import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  serviceRequestCreatePermission,
  serviceRequestReadAllPermission,
  type ServiceRequest,
} from '@internal/plugin-social-media-common';
import AddIcon from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useId, useState, type ReactNode } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef, type ServiceRequestScope } from '../../api';
import { newRequestRouteRef, requestRouteRef } from '../../routes';
import { formatDate, formatDateTime } from '../../utils/format';
import { PlatformLabel } from '../PlatformIcon';
import { BreakableHandle } from '../shared/BreakableHandle';
import { EntityRef } from '../shared/EntityRef';
import { LoadError } from '../shared/LoadError';
import { HandoversTable } from '../Handovers';
import { RequestStatusChip } from './RequestStatusChip';
import { useInboxCount } from './useInboxCount';
import { wrapBetweenWords } from '../shared/tableText';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

const PAGE_SIZE = 25;

const TAB_TITLES: Record<ServiceRequestScope, string> = {
  mine: 'My requests',
  inbox: 'Approvals inbox',
  all: 'All requests',
};

const EMPTY: Record<ServiceRequestScope, string> = {
  mine: 'Neither you nor your teams have requested a social service yet, and no submitted request names you to own one.',
  inbox: 'No request for a new service waits for your approval.',
  all: 'Nobody has requested a social service yet.',
};

function scopeOf(value: string | null): ServiceRequestScope {
  return value === 'inbox' || value === 'all' ? value : 'mine';
}

function RequestsTable(props: {
  label: string;
  items: ServiceRequest[];
  totalCount: number;
  page: number;
  onPage: (page: number) => void;
  empty: ReactNode;
}) {
  const { label, items, totalCount, page, onPage, empty } = props;
  const requestLink = useRouteRef(requestRouteRef);
  if (items.length === 0 && page === 0) {
    return <Box sx={{ py: 2 }}>{empty}</Box>;
  }
  return (
    <>
      <TableContainer>
        <Table size="small" sx={wrapBetweenWords} aria-label={label}>
          <TableHead>
            <TableRow>
              {[
                'Number',
                'Name',
                'Platform',
                'Status',
                'Requester',
                'Requesting team',
                'Target date',
                'Updated',
              ].map(title => (
                // Two-word titles may take two lines, so that every column fits beside the sidebar.
                <TableCell key={title} sx={{ fontWeight: 600 }}>
                  {title}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(request => (
              <TableRow key={request.id} hover>
                <TableCell>{request.id}</TableCell>
                {/* The name and handle get room to read; a long handle breaks after a separator. */}
                <TableCell sx={{ minWidth: '12rem' }}>
                  <Link
                    component={RouterLink}
                    to={requestLink({ id: String(request.id) })}
                    fontWeight={500}
                  >
                    {request.name}
                  </Link>
                  <Typography
                    component="div"
                    variant="body2"
                    color="text.secondary"
                  >
                    <BreakableHandle handle={request.handle} />
                  </Typography>
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <PlatformLabel platform={request.platform} />
                </TableCell>
                <TableCell>
                  <RequestStatusChip status={request.status} />
                  {request.recordProblems?.length ? (
                    <Chip
                      size="small"
                      color="error"
                      variant="outlined"
                      sx={{ mt: 0.5, display: 'flex', width: 'fit-content' }}
                      label="Record changed outside the catalogue"
                      title={`Stored values the catalogue never writes: ${request.recordProblems
                        .map(p => p.field)
                        .join(', ')}`}
                    />
                  ) : null}
                </TableCell>
                <TableCell>
                  <EntityRef entityRef={request.requester} kind="user" />
                </TableCell>
                <TableCell>
                  <EntityRef entityRef={request.requestingTeam} kind="group" />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={request.targetDate}>
                    {formatDate(request.targetDate)}
                  </time>
                </TableCell>
                {/* May wrap between the date and the time, so the row fits the page. */}
                <TableCell>
                  <time dateTime={request.updatedAt}>
                    {formatDateTime(request.updatedAt)}
                  </time>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {totalCount > PAGE_SIZE && (
        <TablePagination
          component="div"
          count={totalCount}
          page={page}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
          onPageChange={(_event, next) => onPage(next)}
        />
      )}
    </>
  );
}

/**
 * The service requests: the person's own and their teams' ("My requests"),
 * those waiting for their approval ("Approvals inbox", with a count) and,
 * for those allowed to read them all, every request. The tab is kept in the
 * URL (`?tab=inbox`).
 */
export function RequestsPage() {
  const api = useApi(socialMediaApiRef);
  const newRequestLink = useRouteRef(newRequestRouteRef);
  const { allowed: canRequest } = usePermission({
    permission: serviceRequestCreatePermission,
  });
  const { allowed: readsAll } = usePermission({
    permission: serviceRequestReadAllPermission,
  });
  const [params, setParams] = useSearchParams();
  const asked = scopeOf(params.get('tab'));
  const scope = asked === 'all' && !readsAll ? 'mine' : asked;
  const [page, setPage] = useState(0);
  const inbox = useInboxCount();
  const tabsId = useId();

  const list = useAsyncRetry(
    () =>
      api.listServiceRequests({
        scope,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      }),
    [api, scope, page],
  );

  // Transfers and retirements: those the person filed, or waiting for their decision.
  const handovers = useAsyncRetry(
    async () =>
      scope === 'all'
        ? undefined
        : api.listHandovers({ scope, limit: 50 }).catch(() => undefined),
    [api, scope],
  );

  const scopes: ServiceRequestScope[] = readsAll
    ? ['mine', 'inbox', 'all']
    : ['mine', 'inbox'];
  const tabLabel = (s: ServiceRequestScope) =>
    s === 'inbox' && inbox.count
      ? `${TAB_TITLES.inbox} (${inbox.count})`
      : TAB_TITLES[s];

  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      <CatalogueBreadcrumbs current="Requests" />
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        justifyContent="space-between"
        alignItems={{ xs: 'flex-start', md: 'flex-end' }}
        spacing={2}
      >
        <Box>
          <Typography variant="h4" component="h2">
            Service requests
          </Typography>
          <Typography variant="body1" sx={{ mt: 1, maxWidth: '75ch' }}>
            Requests for new social media accounts: follow your team's, and
            decide on those waiting for your approval. Nobody approves a request
            they or their team filed.
          </Typography>
        </Box>
        {canRequest && (
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            component={RouterLink}
            to={newRequestLink()}
            sx={{ flexShrink: 0 }}
          >
            Request a social service
          </Button>
        )}
      </Stack>

      <Paper variant="outlined">
        <Tabs
          value={scope}
          onChange={(_event, next: ServiceRequestScope) => {
            setPage(0);
            setParams(next === 'mine' ? {} : { tab: next }, { replace: true });
          }}
          aria-label="Which requests"
          sx={{ borderBottom: 1, borderColor: 'divider', px: 2 }}
        >
          {scopes.map(s => (
            <Tab
              key={s}
              value={s}
              label={tabLabel(s)}
              id={`${tabsId}-${s}`}
              aria-controls={`${tabsId}-panel`}
            />
          ))}
        </Tabs>
        <Box
          role="tabpanel"
          id={`${tabsId}-panel`}
          aria-labelledby={`${tabsId}-${scope}`}
          sx={{ p: 2, position: 'relative' }}
        >
          {list.loading && (
            <LinearProgress
              aria-label="Loading the requests"
              sx={{ position: 'absolute', top: 0, left: 0, right: 0 }}
            />
          )}
          {list.error && (
            <LoadError
              error={list.error}
              what="the service requests"
              onRetry={list.retry}
            />
          )}
          {list.value && !list.error && (
            <RequestsTable
              label={TAB_TITLES[scope]}
              items={list.value.items}
              totalCount={list.value.totalCount}
              page={page}
              onPage={setPage}
              empty={
                <Stack spacing={1} alignItems="flex-start">
                  <Typography variant="body1">{EMPTY[scope]}</Typography>
                  {scope === 'mine' && canRequest && (
                    <Button
                      variant="outlined"
                      size="small"
                      component={RouterLink}
                      to={newRequestLink()}
                    >
                      Request a social service
                    </Button>
                  )}
                </Stack>
              }
            />
          )}
          {handovers.value && handovers.value.totalCount > 0 && (
            <Box sx={{ mt: 3 }}>
              <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
                {scope === 'inbox'
                  ? 'Transfers and retirements waiting for you'
                  : 'Transfers and retirements you asked for'}
              </Typography>
              <HandoversTable
                label={
                  scope === 'inbox'
                    ? 'Transfers and retirements waiting for you'
                    : 'Your transfers and retirements'
                }
                items={handovers.value.items}
              />
            </Box>
          )}
        </Box>
      </Paper>
    </Stack>
  );
}
