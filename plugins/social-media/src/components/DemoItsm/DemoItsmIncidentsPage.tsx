import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { demoItsmIncidentRouteRef } from '../../routes';
import { errorStatus } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import { LoadError } from '../shared/LoadError';
import { DemoItsmBanner, ONLY_WITH_DEMO_DATA } from './DemoItsmBanner';
import { DemoItsmService } from './DemoItsmIncidentPage';
import { wrapBetweenWords } from '../shared/tableText';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

const COLUMNS = ['Number', 'Title', 'Service', 'State', 'Priority', 'Opened'];

/** Every incident of the demo ITSM as it stands, newest first (only with the demo data). */
export function DemoItsmIncidentsPage() {
  const api = useApi(socialMediaApiRef);
  const incidentLink = useRouteRef(demoItsmIncidentRouteRef);
  const loaded = useAsyncRetry(() => api.listDemoItsmIncidents(), [api]);
  const items = loaded.value?.items;
  const absent = errorStatus(loaded.error) === 404;

  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      <CatalogueBreadcrumbs current="Demo ITSM incidents" />
      <DemoItsmBanner />
      <Typography variant="h4" component="h2">
        Demo ITSM incidents
      </Typography>
      {loaded.loading && <LinearProgress aria-label="Loading the incidents" />}
      {absent && <Alert severity="warning">{ONLY_WITH_DEMO_DATA}</Alert>}
      {loaded.error && !absent && (
        <LoadError
          error={loaded.error}
          what="the demo ITSM's incidents"
          onRetry={loaded.retry}
        />
      )}
      {items && items.length === 0 && (
        <Typography variant="body1">
          The demo ITSM has no incidents yet: they belong to the demo portfolio,
          loaded into an empty catalogue.
        </Typography>
      )}
      {items && items.length > 0 && (
        <Table size="small" sx={wrapBetweenWords} aria-label="Incidents">
          <TableHead>
            <TableRow>
              {COLUMNS.map(c => (
                <TableCell key={c} sx={{ fontWeight: 600 }}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(incident => (
              <TableRow key={incident.number}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Link
                    component={RouterLink}
                    to={incidentLink({ number: incident.number })}
                  >
                    {incident.number}
                  </Link>
                </TableCell>
                <TableCell>{incident.title}</TableCell>
                <TableCell>
                  <DemoItsmService incident={incident} />
                </TableCell>
                <TableCell>{incident.state}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {incident.priority}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={incident.openedAt}>
                    {formatDateTime(incident.openedAt)}
                  </time>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}
