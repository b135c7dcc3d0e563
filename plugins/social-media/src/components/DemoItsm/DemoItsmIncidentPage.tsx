import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import type { DemoItsmIncident } from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { demoItsmIncidentsRouteRef, serviceRouteRef } from '../../routes';
import { errorStatus } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import { LoadError } from '../shared/LoadError';
import { Facts, Section } from '../shared/Section';
import { DemoItsmBanner, ONLY_WITH_DEMO_DATA } from './DemoItsmBanner';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

const when = (iso: string) => <time dateTime={iso}>{formatDateTime(iso)}</time>;

/** The link to the incidents tab of the service an incident is filed against. */
function useServiceIncidentsLink() {
  const serviceLink = useRouteRef(serviceRouteRef);
  return (serviceId: string) =>
    `${serviceLink({ id: serviceId })}?tab=incidents`;
}

/** The business service: a link to its page when it is in the catalogue. */
export function DemoItsmService(props: { incident: DemoItsmIncident }) {
  const { incident } = props;
  const incidentsOf = useServiceIncidentsLink();
  if (!incident.serviceId) return <>{incident.service}</>;
  return (
    <Link component={RouterLink} to={incidentsOf(incident.serviceId)}>
      {incident.service}
    </Link>
  );
}

function IncidentRecord(props: { incident: DemoItsmIncident }) {
  const { incident } = props;
  const incidentsOf = useServiceIncidentsLink();
  return (
    <Stack spacing={3}>
      <Section title="Details" headingLevel="h3">
        <Facts
          items={[
            { label: 'Number', value: incident.number },
            { label: 'Title', value: incident.title },
            {
              label: 'Business service',
              value: <DemoItsmService incident={incident} />,
            },
            { label: 'State', value: incident.state },
            { label: 'Priority', value: incident.priority },
            {
              label: 'Category',
              value: incident.category,
              hidden: !incident.category,
            },
            { label: 'Opened', value: when(incident.openedAt) },
            {
              label: 'Resolved',
              value: incident.resolvedAt ? when(incident.resolvedAt) : '',
              hidden: !incident.resolvedAt,
            },
            { label: 'Updated', value: when(incident.updatedAt) },
          ]}
        />
      </Section>
      <Section title="Description" headingLevel="h3">
        <Typography variant="body1">
          {incident.reportedFromPortal ? 'Reported from the portal. ' : ''}
          {incident.description ??
            'The demo ITSM keeps the title and category of what was reported; nobody works on it.'}
        </Typography>
      </Section>
      <Section title="Work notes" headingLevel="h3">
        {incident.workNotes.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            None: nobody works on incidents reported to the demo ITSM.
          </Typography>
        ) : (
          <Stack component="ol" spacing={1} sx={{ m: 0, pl: 3 }}>
            {incident.workNotes.map((n, index) => (
              <Typography component="li" variant="body1" key={index}>
                <strong>{when(n.at)}</strong>, {n.state}: {n.note}
              </Typography>
            ))}
          </Stack>
        )}
      </Section>
      {incident.serviceId && (
        <Typography variant="body1">
          <Link component={RouterLink} to={incidentsOf(incident.serviceId)}>
            Back to {incident.service} in the catalogue
          </Link>
        </Typography>
      )}
    </Stack>
  );
}

/**
 * One incident of the demo ITSM, where the demo's incident links lead (only with the demo data):
 * what it is, its details, description and work notes, and the way back to its service.
 */
export function DemoItsmIncidentPage() {
  const { number = '' } = useParams();
  const api = useApi(socialMediaApiRef);
  const incidentsLink = useRouteRef(demoItsmIncidentsRouteRef);
  const loaded = useAsyncRetry(
    () => api.getDemoItsmIncident(number),
    [api, number],
  );
  const incident = loaded.value;
  const unknown = errorStatus(loaded.error) === 404;

  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      <CatalogueBreadcrumbs
        via={[{ label: 'Demo ITSM incidents', to: incidentsLink() }]}
        current={number}
      />
      <DemoItsmBanner />
      <Typography variant="h4" component="h2">
        {incident ? `${incident.number}: ${incident.title}` : number}
      </Typography>
      {loaded.loading && <LinearProgress aria-label="Loading the incident" />}
      {unknown && (
        <Alert severity="warning">
          The demo ITSM knows no incident {number}. Check the number against{' '}
          <Link component={RouterLink} to={incidentsLink()}>
            its incidents
          </Link>
          . {ONLY_WITH_DEMO_DATA}
        </Alert>
      )}
      {loaded.error && !unknown && (
        <LoadError
          error={loaded.error}
          what="the incident"
          onRetry={loaded.retry}
        />
      )}
      {incident && !loaded.error && <IncidentRecord incident={incident} />}
    </Stack>
  );
}
