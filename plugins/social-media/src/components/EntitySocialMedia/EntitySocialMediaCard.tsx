import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  LIFECYCLE_STAGE_TITLES,
  SOCIAL_MEDIA_ANNOTATIONS,
  toCsdmLifecycle,
  topRiskReasons,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import LinearProgress from '@mui/material/LinearProgress';
import useAsync from 'react-use/esm/useAsync';
import { socialMediaApiRef } from '../../api';
import { serviceRouteRef } from '../../routes';
import { describeLoadError } from '../../utils/errors';
import { PlatformLabel } from '../PlatformIcon';
import { RiskBadge } from '../RiskBadge';
import { EntityRef } from '../shared/EntityRef';
import {
  describeAccessReview,
  describeLeaver,
  describeReason,
} from '../shared/guardianship';
import { Facts, NotSet } from '../shared/Section';
import { EntityCardFrame } from './EntityCardFrame';
import { serviceIdOf } from './isSocialMediaService';

const TITLE = 'Social media service';

/** How many open incidents the card names; the service page lists them all. */
const SHOWN_INCIDENTS = 3;

/** The count of open incidents, and the newest few with links to the ITSM. */
function OpenIncidents(props: { id: string; count: number }) {
  const { id, count } = props;
  const api = useApi(socialMediaApiRef);
  const { value } = useAsync(
    async () => (count > 0 ? api.listIncidents(id) : undefined),
    [api, id, count],
  );
  if (count === 0) return <>0</>;
  const items = value?.items.slice(0, SHOWN_INCIDENTS) ?? [];
  return (
    <>
      {count}
      {items.length > 0 && (
        <Box
          component="ul"
          aria-label="Newest open incidents"
          sx={{ m: 0, mt: 0.5, pl: 2.5 }}
        >
          {items.map(incident => (
            <li key={`${incident.connectorId}:${incident.externalId}`}>
              <Link href={incident.url} target="_blank" rel="noopener">
                {incident.number}
              </Link>{' '}
              {incident.title} ({incident.priority})
            </li>
          ))}
          {count > items.length && <li>and {count - items.length} more</li>}
        </Box>
      )}
    </>
  );
}

/**
 * Entity card: the social media service a catalog Component stands for, in
 * short, with a link to its page in the catalogue.
 *
 * @public
 */
export function EntitySocialMediaCard() {
  const { entity } = useEntity();
  const id = serviceIdOf(entity);
  const api = useApi(socialMediaApiRef);
  const serviceLink = useRouteRef(serviceRouteRef);
  const {
    value: service,
    error,
    loading,
  } = useAsync(async () => (id ? api.getService(id) : undefined), [api, id]);

  if (!id) {
    return (
      <EntityCardFrame title={TITLE}>
        <Alert severity="info">
          This entity has no {SOCIAL_MEDIA_ANNOTATIONS.serviceId} annotation, so
          it is not linked to a service in the social media catalogue.
        </Alert>
      </EntityCardFrame>
    );
  }

  let body;
  if (error) {
    body = (
      <Alert severity="error">
        {describeLoadError(error, 'this social media service')}
      </Alert>
    );
  } else if (loading || !service) {
    body = <LinearProgress aria-label="Loading the social media service" />;
  } else {
    const csdm = toCsdmLifecycle(service.lifecycleStage);
    const reasons = service.risk ? topRiskReasons(service.risk, 3) : [];
    const leavers = service.leavers ?? [];
    body = (
      <>
        {leavers.length > 0 && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {leavers.length === 1
              ? `${describeLeaver(
                  leavers[0],
                )} has left the organisation but still holds access.`
              : `${
                  leavers.length
                } people have left the organisation but still hold access: ${leavers
                  .map(describeLeaver)
                  .join(', ')}.`}
          </Alert>
        )}
        <Facts
          items={[
            {
              label: 'Platform',
              value: <PlatformLabel platform={service.platform} />,
            },
            { label: 'Handle', value: service.handle },
            {
              label: 'Lifecycle stage',
              value: `${LIFECYCLE_STAGE_TITLES[service.lifecycleStage]} (CSDM ${
                csdm.stage
              } / ${csdm.status})`,
            },
            {
              label: 'Risk',
              value: (
                <RiskBadge
                  rating={service.risk?.rating ?? service.riskRating}
                />
              ),
            },
            {
              label: 'Top risk reasons',
              value:
                reasons.length === 0 ? (
                  <NotSet>
                    {service.risk ? 'No factor adds points' : 'Not rated yet'}
                  </NotSet>
                ) : (
                  <Box component="ol" sx={{ m: 0, pl: 2.5 }}>
                    {reasons.map(reason => (
                      <li key={reason.id}>{describeReason(reason)}</li>
                    ))}
                  </Box>
                ),
            },
            {
              label: 'Access review',
              value: service.accessReview ? (
                describeAccessReview(service.accessReview)
              ) : (
                <NotSet />
              ),
            },
            {
              label: 'Open incidents',
              value: (
                <OpenIncidents
                  id={service.id}
                  count={service.openIncidentCount}
                />
              ),
            },
            {
              label: 'Service owner',
              value: <EntityRef entityRef={service.serviceOwner} kind="user" />,
            },
          ]}
        />
      </>
    );
  }

  return (
    <EntityCardFrame title={TITLE} link={serviceLink({ id })}>
      {body}
    </EntityCardFrame>
  );
}
