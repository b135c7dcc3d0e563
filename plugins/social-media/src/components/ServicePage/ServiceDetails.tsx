import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  LIFECYCLE_STAGE_TITLES,
  MFA_METHOD_TITLES,
  PLATFORM_TITLES,
  toCsdmLifecycle,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import EditIcon from '@mui/icons-material/Edit';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import WarningIcon from '@mui/icons-material/Warning';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { LoadError } from '../shared/LoadError';
import { editServiceRouteRef } from '../../routes';
import {
  ACCOUNT_STATUS_TITLES,
  ITSM_SYSTEM_TITLES,
  formatDate,
  formatDateTime,
  formatNumber,
} from '../../utils/format';
import { LifecycleStageChip } from '../LifecycleStageChip';
import { PlatformIcon, PlatformLabel } from '../PlatformIcon';
import { RiskBadge } from '../RiskBadge';
import { EntityRef } from '../shared/EntityRef';
import { Facts, NotSet, Section } from '../shared/Section';
import { describeLeaver } from '../shared/guardianship';
import { AccessReviewSection } from './AccessReviewSection';
import { AdminsSection } from './AdminsSection';
import { HistorySection } from './HistorySection';
import { IncidentsSection } from './IncidentsSection';
import { LifecycleSection } from './LifecycleSection';
import { RiskSection } from './RiskSection';

function Control(props: { ok: boolean; children: ReactNode }) {
  return (
    <Box
      component="span"
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.5,
        color: props.ok ? 'success.main' : 'warning.dark',
      }}
    >
      {props.ok ? (
        <CheckCircleIcon fontSize="small" aria-hidden />
      ) : (
        <WarningIcon fontSize="small" aria-hidden />
      )}
      <Typography component="span" color="text.primary">
        {props.children}
      </Typography>
    </Box>
  );
}

function OverviewSection(props: { service: SocialServiceDetails }) {
  const { service } = props;
  const csdm = toCsdmLifecycle(service.lifecycleStage);
  return (
    <Section title="Overview">
      <Facts
        items={[
          {
            label: 'Platform',
            value: <PlatformLabel platform={service.platform} />,
          },
          { label: 'Handle', value: service.handle },
          {
            label: 'Profile',
            value: service.profileUrl ? (
              <Link href={service.profileUrl} target="_blank" rel="noopener">
                {service.profileUrl}
              </Link>
            ) : (
              <NotSet />
            ),
          },
          { label: 'Purpose', value: service.purpose },
          { label: 'Business unit', value: service.businessUnit },
          {
            label: 'Owner group',
            value: <EntityRef entityRef={service.ownerGroup} kind="group" />,
          },
          {
            label: 'Service owner',
            value: <EntityRef entityRef={service.serviceOwner} kind="user" />,
          },
          {
            label: 'Business requester',
            value: (
              <EntityRef entityRef={service.businessRequester} kind="user" />
            ),
          },
          {
            label: 'Audience',
            value: `${formatNumber(service.audienceSize)} followers`,
          },
          {
            label: 'Tags',
            value: service.tags.length ? (
              <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
                {service.tags.map(tag => (
                  <Chip key={tag} label={tag} size="small" variant="outlined" />
                ))}
              </Stack>
            ) : (
              <NotSet>None</NotSet>
            ),
          },
          {
            label: 'ITSM mapping',
            value: service.itsm ? (
              `${
                ITSM_SYSTEM_TITLES[service.itsm.system] ?? service.itsm.system
              }: ${service.itsm.reference}`
            ) : (
              <NotSet>Not mapped</NotSet>
            ),
          },
          {
            label: 'Lifecycle stage',
            value: LIFECYCLE_STAGE_TITLES[service.lifecycleStage],
          },
          {
            label: 'CSDM life cycle',
            value: `${csdm.stage} / ${csdm.status}`,
          },
          {
            label: 'Last changed',
            value: `${formatDateTime(service.updatedAt)} (version ${
              service.version
            })`,
          },
        ]}
      />
    </Section>
  );
}

function ControlsSection(props: { service: SocialServiceDetails }) {
  const { controls } = props.service;
  const apps = controls.thirdPartyApps ?? [];
  return (
    <Section title="Guardianship controls">
      <Facts
        items={[
          {
            label: 'MFA',
            value: (
              <Control ok={controls.mfaEnabled && controls.mfaMethod !== 'sms'}>
                {controls.mfaEnabled
                  ? `Enabled${
                      controls.mfaMethod
                        ? ` (${MFA_METHOD_TITLES[controls.mfaMethod]})`
                        : ''
                    }`
                  : 'Not enabled'}
              </Control>
            ),
          },
          {
            label: 'Single sign-on',
            value: controls.ssoEnabled ? 'Yes' : 'No',
          },
          {
            label: 'Credentials',
            value: (
              <Control ok={Boolean(controls.credentialVaultRef)}>
                {controls.credentialVaultRef
                  ? `In a vault (${controls.credentialVaultRef})`
                  : 'Not in a vault'}
              </Control>
            ),
          },
          {
            label: 'Shared login',
            value: (
              <Control ok={!controls.sharedLogin}>
                {controls.sharedLogin
                  ? 'Yes, one login is shared'
                  : 'No, personal access'}
              </Control>
            ),
          },
          {
            label: 'Recovery',
            value: (
              <Control ok={controls.recoveryOwnedByCompany}>
                {controls.recoveryOwnedByCompany
                  ? 'Owned by the company'
                  : 'Owned by a person'}
              </Control>
            ),
          },
          {
            label: 'Verified',
            value: (
              <Control ok={controls.verified}>
                {controls.verified ? 'Yes' : 'No'}
              </Control>
            ),
          },
          {
            label: 'Third-party apps',
            value:
              apps.length === 0 ? (
                <NotSet>None</NotSet>
              ) : (
                <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                  {apps.map(app => (
                    <li key={app.name}>
                      {app.name}
                      {app.scopes.length ? ` (${app.scopes.join(', ')})` : ''}
                      {' · '}
                      {app.lastReviewedAt
                        ? `reviewed ${formatDate(app.lastReviewedAt)}`
                        : 'never reviewed'}
                    </li>
                  ))}
                </Box>
              ),
          },
          {
            label: 'Regulated content',
            value: controls.regulatedContent ? 'Yes' : 'No',
          },
          {
            label: 'Brand-level account',
            value: controls.brandLevel ? 'Yes' : 'No',
          },
          {
            label: 'Last access review',
            value: controls.lastAccessReviewAt ? (
              formatDate(controls.lastAccessReviewAt)
            ) : (
              <NotSet>Never</NotSet>
            ),
          },
          {
            label: 'Risk assessed',
            value: (
              <Control ok={Boolean(controls.riskAssessedAt)}>
                {controls.riskAssessedAt
                  ? formatDate(controls.riskAssessedAt)
                  : 'Never'}
              </Control>
            ),
          },
          {
            label: 'Access revoked',
            value: controls.accessRevoked ? 'Yes' : 'No',
          },
          {
            label: 'Account status',
            value:
              ACCOUNT_STATUS_TITLES[controls.accountStatus] ??
              controls.accountStatus,
          },
          {
            label: 'Admins',
            value: String(props.service.adminCount),
          },
        ]}
      />
    </Section>
  );
}

/** Everyone who left the organisation but still holds access, in one warning. */
function LeaversAlert(props: { service: SocialServiceDetails }) {
  const leavers = props.service.leavers ?? [];
  if (leavers.length === 0) return null;
  return (
    <Alert severity="error" variant="outlined">
      <AlertTitle>
        {leavers.length === 1
          ? `${describeLeaver(
              leavers[0],
            )} has left the organisation but still holds access`
          : `${leavers.length} people have left the organisation but still hold access`}
      </AlertTitle>
      {leavers.length > 1 && (
        <Box component="ul" aria-label="Leavers" sx={{ m: 0, mb: 1, pl: 2.5 }}>
          {leavers.map(leaver => (
            <li key={`${leaver.role}-${leaver.account ?? leaver.userRef}`}>
              {`${describeLeaver(leaver)}${
                leaver.account ? ` (${leaver.userRef})` : ''
              } has left the organisation but still holds access`}
            </li>
          ))}
        </Box>
      )}
      {`Remove their access on the platform, then record it with an access review${
        leavers.some(l => l.role === 'service-owner')
          ? ' and name a new service owner'
          : ''
      }. Until then the service cannot enter operation.`}
    </Alert>
  );
}

/**
 * Everything about one service: leavers still holding access, risk with its
 * factors, access review, overview, guardianship controls, lifecycle with the
 * next moves, admins, incidents and history. Used by the
 * service page and by the "Social media" tab of catalog entities.
 *
 * @public
 */
export function ServiceDetails(props: {
  id: string;
  /** Leaves out the edit button, e.g. where the page has its own actions. */
  hideEditButton?: boolean;
}) {
  const { id, hideEditButton } = props;
  const api = useApi(socialMediaApiRef);
  const editLink = useRouteRef(editServiceRouteRef);
  const loaded = useAsyncRetry(() => api.getService(id), [api, id]);
  const history = useAsyncRetry(() => api.getServiceHistory(id), [api, id]);
  // The latest answer, either from loading or from a move just made.
  const [service, setService] = useState<SocialServiceDetails>();
  useEffect(() => {
    if (loaded.value) setService(loaded.value);
  }, [loaded.value]);
  useEffect(() => setService(undefined), [id]);

  if (loaded.error) {
    return (
      <LoadError
        error={loaded.error}
        what="this social media service"
        onRetry={loaded.retry}
      />
    );
  }
  if (!service) {
    return <LinearProgress aria-label="Loading the service" />;
  }

  return (
    <Stack spacing={3}>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        justifyContent="space-between"
        alignItems={{ xs: 'flex-start', md: 'center' }}
        spacing={2}
      >
        <Box>
          <Typography
            variant="h4"
            component="h2"
            sx={{ display: 'flex', alignItems: 'center', gap: 1 }}
          >
            <PlatformIcon platform={service.platform} fontSize="large" />
            {service.name}
          </Typography>
          <Stack
            direction="row"
            spacing={1}
            alignItems="center"
            flexWrap="wrap"
            useFlexGap
            sx={{ mt: 1 }}
          >
            <Typography variant="body1" color="text.secondary">
              {PLATFORM_TITLES[service.platform]} {service.handle}
            </Typography>
            {service.profileUrl && (
              <Link
                href={service.profileUrl}
                target="_blank"
                rel="noopener"
                sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}
              >
                Open profile <OpenInNewIcon fontSize="inherit" aria-hidden />
              </Link>
            )}
            <LifecycleStageChip stage={service.lifecycleStage} />
            <RiskBadge rating={service.riskRating} />
          </Stack>
        </Box>
        {!hideEditButton && (
          <Button
            variant="outlined"
            startIcon={<EditIcon />}
            component={RouterLink}
            to={editLink({ id: service.id })}
          >
            Edit
          </Button>
        )}
      </Stack>

      {loaded.loading && <LinearProgress aria-label="Refreshing the service" />}

      <LeaversAlert service={service} />

      {/* a Box, so that the Stack's spacing leaves the Grid's margins alone */}
      <Box>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <RiskSection service={service} />
          </Grid>
          <Grid item xs={12}>
            <AccessReviewSection
              service={service}
              onReviewed={reviewed => {
                setService(reviewed);
                loaded.retry();
                history.retry();
              }}
              onReload={() => {
                loaded.retry();
                history.retry();
              }}
            />
          </Grid>
          <Grid item xs={12} lg={7}>
            <OverviewSection service={service} />
          </Grid>
          <Grid item xs={12} lg={5}>
            <ControlsSection service={service} />
          </Grid>
          <Grid item xs={12}>
            <IncidentsSection
              service={service}
              onReported={() => {
                loaded.retry();
                history.retry();
              }}
            />
          </Grid>
          <Grid item xs={12}>
            <LifecycleSection
              service={service}
              onMoved={moved => {
                setService(moved);
                loaded.retry();
                history.retry();
              }}
              onReload={() => {
                loaded.retry();
                history.retry();
              }}
            />
          </Grid>
          <Grid item xs={12}>
            <AdminsSection
              admins={service.admins}
              leavers={service.leavers}
              edit={{
                service,
                onSaved: saved => {
                  setService(saved);
                  loaded.retry();
                  history.retry();
                },
                onReload: () => {
                  loaded.retry();
                  history.retry();
                },
              }}
            />
          </Grid>
          <Grid item xs={12}>
            <HistorySection
              items={history.value?.items}
              loading={history.loading}
              error={history.error}
              onRetry={history.retry}
            />
          </Grid>
        </Grid>
      </Box>
    </Stack>
  );
}
