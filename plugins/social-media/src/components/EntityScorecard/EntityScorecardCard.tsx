import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
  useRouteRef,
} from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { serviceRouteRef } from '../../routes';
import { describeLoadError, errorStatus } from '../../utils/errors';
import { EntityCardFrame } from '../EntitySocialMedia/EntityCardFrame';
import { serviceIdOf } from '../EntitySocialMedia/isSocialMediaService';
import {
  ScorecardCheckResult,
  forAttention,
  passes,
  runEntityChecks,
} from './checkResults';

const TITLE = 'Scorecard';

function describeScorecardError(error: unknown): string {
  switch (errorStatus(error)) {
    case 404:
      return 'This portal does not run Tech Insights, so there is no scorecard: ask a portal administrator to install its backend with the social media checks (README "Tech Insights scorecards").';
    case 403:
      return 'You do not have permission to run the scorecard checks. Ask a portal administrator to grant you tech-insights.check.run.';
    default:
      return describeLoadError(error, 'the scorecard');
  }
}

function CheckRow(props: { item: ScorecardCheckResult }) {
  const { check } = props.item;
  const passed = passes(props.item);
  const Icon = passed ? CheckCircleIcon : CancelIcon;
  return (
    <Box
      component="li"
      aria-label={`${check.name}: ${passed ? 'passed' : 'not passed'}`}
      sx={{ display: 'flex', gap: 1.5, py: 1 }}
    >
      <Icon
        color={passed ? 'success' : 'error'}
        sx={{ mt: 0.25 }}
        titleAccess={passed ? 'Passed' : 'Not passed'}
      />
      <div>
        <Typography variant="body1" sx={{ fontWeight: 500 }}>
          {check.name}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {check.description}
        </Typography>
        {check.links?.map(link => (
          <Link
            key={link.url}
            href={link.url}
            target="_blank"
            rel="noopener"
            variant="body2"
            sx={{ mr: 2 }}
          >
            {link.title}
          </Link>
        ))}
      </div>
    </Box>
  );
}

/**
 * Entity card: the entity's Tech Insights scorecard, every check the portal runs on it (the
 * catalogue's guardianship checks beside the others), the ones not passed first.
 *
 * @public
 */
export function EntityScorecardCard() {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const serviceLink = useRouteRef(serviceRouteRef);
  const ref = getCompoundEntityRef(entity);
  const { value, error, loading } = useAsync(
    () => runEntityChecks({ discoveryApi, fetchApi }, ref),
    [discoveryApi, fetchApi, ref.kind, ref.namespace, ref.name],
  );
  const serviceId = serviceIdOf(entity);

  let body;
  if (error) {
    body = <Alert severity="warning">{describeScorecardError(error)}</Alert>;
  } else if (loading || !value) {
    body = <LinearProgress aria-label="Running the scorecard checks" />;
  } else if (value.length === 0) {
    body = (
      <Alert severity="info">
        No check has results for this entity yet. Tech Insights collects its
        facts on a schedule; a social media service's are read again about a
        minute after it changes.
      </Alert>
    );
  } else {
    const passed = value.filter(passes).length;
    body = (
      <>
        <Typography variant="subtitle1" component="p">
          {passed} of {value.length} checks passed
        </Typography>
        <Box
          component="ul"
          aria-label="Checks"
          sx={{ m: 0, p: 0, listStyle: 'none' }}
        >
          {forAttention(value).map(item => (
            <CheckRow key={item.check.id} item={item} />
          ))}
        </Box>
      </>
    );
  }

  return (
    <EntityCardFrame
      title={TITLE}
      subheader="Tech Insights checks on the latest facts"
      link={serviceId ? serviceLink({ id: serviceId }) : undefined}
    >
      {body}
    </EntityCardFrame>
  );
}
