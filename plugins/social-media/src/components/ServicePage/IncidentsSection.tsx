import { useApi } from '@backstage/core-plugin-api';
import {
  type LinkedIncident,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import ReportIcon from '@mui/icons-material/ReportProblem';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { describeLoadError } from '../../utils/errors';
import { formatDate, itsmSystemName } from '../../utils/format';
import { Facts, Section } from '../shared/Section';
import { useItsmConnectors } from '../shared/useItsmConnectors';
import { ReportIncidentDialog } from './ReportIncidentDialog';
import { wrapBetweenWords } from '../shared/tableText';

/**
 * The incidents linked to a service from the ITSM tool, open first, and the
 * way to report a new one there.
 */
export function IncidentsSection(props: {
  service: SocialServiceDetails;
  /** Called after an incident was raised, so that the page can reload. */
  onReported: (incident: LinkedIncident) => void;
}) {
  const { service, onReported } = props;
  const api = useApi(socialMediaApiRef);
  const [includeResolved, setIncludeResolved] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState<LinkedIncident>();
  const incidents = useAsyncRetry(
    () => api.listIncidents(service.id, { includeResolved }),
    [api, service.id, service.openIncidentCount, includeResolved],
  );
  // Reporting needs the connector of the mapped ITSM to be installed in this portal; every
  // reader may see which are.
  const { connectors } = useItsmConnectors();
  const connector = connectors?.find(c => c.id === service.itsm?.system);
  const connectorInstalled = service.itsm !== undefined && !!connector;
  const items = incidents.value?.items;
  const itsmTitle = service.itsm
    ? itsmSystemName(service.itsm.system, connectors)
    : undefined;
  return (
    <Section
      title="Linked incidents"
      action={
        connectorInstalled ? (
          <Button
            size="small"
            variant="outlined"
            color="warning"
            startIcon={<ReportIcon />}
            onClick={() => setReporting(true)}
          >
            Report an incident
          </Button>
        ) : undefined
      }
    >
      <Stack spacing={2}>
        {reported && (
          <Alert severity="success" onClose={() => setReported(undefined)}>
            Incident{' '}
            <Link href={reported.url} target="_blank" rel="noopener">
              {reported.number}
            </Link>{' '}
            raised in {itsmTitle}.
          </Alert>
        )}
        <Facts
          items={[
            {
              label: 'Open incidents',
              value: String(service.openIncidentCount),
            },
            {
              label: 'ITSM record',
              value: service.itsm
                ? `${itsmTitle}: ${service.itsm.reference}`
                : 'Not mapped',
            },
          ]}
        />
        {connector && (
          <Typography variant="body2" color="text.secondary">
            How incidents are linked in {connector.displayName}:{' '}
            {connector.incidentLinking}
          </Typography>
        )}
        {service.itsm && connectors && !connectorInstalled && (
          <Alert severity="info">
            No {itsmTitle} connector is installed in this portal, so incidents
            are neither synced nor reported from here. A portal administrator
            configures it (socialMedia.itsm in the app config).
          </Alert>
        )}
        <FormControlLabel
          control={
            <Switch
              checked={includeResolved}
              onChange={event => setIncludeResolved(event.target.checked)}
            />
          }
          label="Show resolved incidents"
        />
        {incidents.error && (
          <Alert severity="error">
            {describeLoadError(incidents.error, 'the linked incidents')}
          </Alert>
        )}
        {items && items.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {service.itsm
              ? `No ${includeResolved ? '' : 'open '}incidents linked yet.`
              : 'Map the service to its ITSM record (Edit) to link its incidents and report new ones.'}
          </Typography>
        )}
        {items && items.length > 0 && <IncidentsTable items={items} />}
      </Stack>
      {reporting && (
        <ReportIncidentDialog
          service={service}
          itsmTitle={itsmTitle ?? ''}
          onClose={() => setReporting(false)}
          onReported={incident => {
            setReporting(false);
            setReported(incident);
            incidents.retry();
            onReported(incident);
          }}
        />
      )}
    </Section>
  );
}

function IncidentsTable(props: { items: LinkedIncident[] }) {
  return (
    <TableContainer>
      <Table size="small" sx={wrapBetweenWords} aria-label="Incidents">
        <TableHead>
          <TableRow>
            <TableCell>Number</TableCell>
            <TableCell>Title</TableCell>
            <TableCell>Priority</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Opened</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.items.map(incident => (
            <TableRow key={`${incident.connectorId}:${incident.externalId}`}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Link href={incident.url} target="_blank" rel="noopener">
                  {incident.number}
                </Link>
              </TableCell>
              <TableCell>
                {incident.title}
                {incident.category && (
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    display="block"
                  >
                    {incident.category}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{incident.priority}</TableCell>
              <TableCell>
                {incident.state}
                {incident.resolvedAt && (
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    display="block"
                  >
                    resolved {formatDate(incident.resolvedAt)}
                  </Typography>
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {formatDate(incident.openedAt)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
