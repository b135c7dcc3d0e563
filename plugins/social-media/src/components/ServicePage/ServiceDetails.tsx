import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  LIFECYCLE_STAGE_TITLES,
  MFA_METHOD_TITLES,
  PLATFORM_TITLES,
  socialServiceUpdatePermission,
  toCsdmLifecycle,
  type LifecycleStage,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import AssignmentIcon from '@mui/icons-material/Assignment';
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
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { LoadError } from '../shared/LoadError';
import { RecordProblemsAlert } from '../shared/RecordProblemsAlert';
import {
  editServiceRouteRef,
  requestRouteRef,
  serviceEvidenceRouteRef,
} from '../../routes';
import {
  ACCOUNT_STATUS_TITLES,
  formatDate,
  formatDateTime,
  formatNumber,
  itsmSystemName,
} from '../../utils/format';
import { ComplianceBadge } from '../ComplianceBadge';
import { LifecycleStageChip } from '../LifecycleStageChip';
import { PlatformIcon, PlatformLabel } from '../PlatformIcon';
import { RiskBadge } from '../RiskBadge';
import { EntityRef } from '../shared/EntityRef';
import { useItsmConnectors } from '../shared/useItsmConnectors';
import { Facts, NotSet, Section } from '../shared/Section';
import {
  currentRating,
  describeLastReview,
  describeLeaver,
} from '../shared/guardianship';
import { AccessReviewSection } from './AccessReviewSection';
import { AdminsSection } from './AdminsSection';
import { AtAGlanceSection } from './AtAGlanceSection';
import { HistorySection } from './HistorySection';
import { OwnershipSection } from '../Ownership';
import { requestIdOf } from './historySummary';
import { IncidentsSection } from './IncidentsSection';
import { LifecycleSection, RecordedMovesSection } from './LifecycleSection';
import { RiskSection } from './RiskSection';
import { ServiceHandoversSection } from '../Handovers';
import { SERVICE_TABS, useServiceTab, type ServiceTab } from './serviceTabs';

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

/** What the service is and who is behind it, and the request it came from. */
function AboutSection(props: {
  service: SocialServiceDetails;
  requestId?: number;
}) {
  const { service, requestId } = props;
  const requestLink = useRouteRef(requestRouteRef);
  const { connectors } = useItsmConnectors();
  const csdm = toCsdmLifecycle(service.lifecycleStage);
  return (
    <Section title="About the service">
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
            label: 'Request',
            hidden: requestId === undefined,
            value: (
              <Link
                component={RouterLink}
                to={requestLink({ id: String(requestId) })}
              >
                Requested in request {requestId}
              </Link>
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
              `${itsmSystemName(service.itsm.system, connectors)}: ${
                service.itsm.reference
              }`
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
            // From the access reviews themselves, as everywhere on the page.
            label: 'Last access review',
            value: (
              <Control ok={Boolean(props.service.accessReview.lastReviewedAt)}>
                {describeLastReview(props.service.accessReview)}
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
      }.${leaverConsequence(props.service.lifecycleStage)}`}
    </Alert>
  );
}

/** What the leavers hold up, by the stage the service is in. */
function leaverConsequence(stage: LifecycleStage): string {
  switch (stage) {
    case 'operation':
    case 'improvement':
      // Already live: the leavers do not block a move, they break a requirement it must keep.
      return ' Until then they keep the service out of compliance with operation.';
    case 'retired':
      return '';
    default:
      return ' Until then the service cannot enter operation.';
  }
}

/**
 * Everything about one service, in tabs that open on what needs doing: the
 * overview (lifecycle stage, whether the service meets it, the next moves,
 * rating and sign-off, access review, open incidents), then risk, access
 * (review and admins), incidents, history and details. The tab is kept in
 * the URL (`?tab=risk`). People who left but still hold access are named
 * above the tabs. Used by the service page and by the "Social media" tab of
 * catalog entities.
 *
 * @public
 */
/** Edit, for those who may change this service (its owners and administrators). */
function EditButton(props: { id: string; to: string }) {
  const { allowed } = usePermission({
    permission: socialServiceUpdatePermission,
    resourceRef: props.id,
  });
  if (!allowed) return null;
  return (
    <Button
      variant="outlined"
      startIcon={<EditIcon />}
      component={RouterLink}
      to={props.to}
    >
      Edit
    </Button>
  );
}

export function ServiceDetails(props: {
  id: string;
  /** Leaves out the edit button, e.g. where the page has its own actions. */
  hideEditButton?: boolean;
  /** Told the service's name once it is loaded (and again when a change renames it). */
  onName?: (name: string) => void;
}) {
  const { id, hideEditButton, onName } = props;
  const api = useApi(socialMediaApiRef);
  const editLink = useRouteRef(editServiceRouteRef);
  const evidenceLink = useRouteRef(serviceEvidenceRouteRef);
  const [tab, setTab] = useServiceTab();
  const tabsId = useId();
  const loaded = useAsyncRetry(() => api.getService(id), [api, id]);
  const history = useAsyncRetry(() => api.getServiceHistory(id), [api, id]);
  // The latest answer, either from loading or from a change just made.
  const [service, setService] = useState<SocialServiceDetails>();
  useEffect(() => {
    if (loaded.value) setService(loaded.value);
  }, [loaded.value]);
  useEffect(() => setService(undefined), [id]);
  useEffect(() => {
    if (service?.name) onName?.(service.name);
  }, [service?.name, onName]);

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

  const reload = () => {
    loaded.retry();
    history.retry();
  };
  /** After a change: show the service as the backend answered, then read everything again. */
  const changed = (next: SocialServiceDetails) => {
    setService(next);
    reload();
  };

  let panel: ReactNode;
  switch (tab) {
    case 'risk':
      panel = (
        <RiskSection
          service={service}
          onSignedOff={changed}
          onReload={reload}
        />
      );
      break;
    case 'access':
      panel = (
        <Stack spacing={3}>
          <AccessReviewSection
            service={service}
            onReviewed={changed}
            onReload={reload}
          />
          <AdminsSection
            admins={service.admins}
            leavers={service.leavers}
            edit={{ service, onSaved: changed, onReload: reload }}
          />
        </Stack>
      );
      break;
    case 'incidents':
      panel = <IncidentsSection service={service} onReported={reload} />;
      break;
    case 'history':
      panel = (
        <Stack spacing={3}>
          <Box>
            <Button
              variant="outlined"
              startIcon={<AssignmentIcon />}
              component={RouterLink}
              to={evidenceLink({ id: service.id })}
            >
              Evidence for an audit
            </Button>
          </Box>
          <RecordedMovesSection service={service} />
          <HistorySection
            items={history.value?.items}
            loading={history.loading}
            error={history.error}
            onRetry={history.retry}
          />
        </Stack>
      );
      break;
    case 'ownership':
      panel = <OwnershipSection serviceId={service.id} />;
      break;
    case 'details':
      panel = (
        <Grid container spacing={3}>
          <Grid item xs={12} lg={7}>
            <AboutSection
              service={service}
              requestId={requestIdOf(history.value?.items)}
            />
          </Grid>
          <Grid item xs={12} lg={5}>
            <ControlsSection service={service} />
          </Grid>
        </Grid>
      );
      break;
    default:
      panel = (
        <Grid container spacing={3}>
          <Grid item xs={12} lg={7}>
            <LifecycleSection
              service={service}
              onMoved={changed}
              onReload={reload}
            />
          </Grid>
          <Grid item xs={12} lg={5}>
            <Stack spacing={3}>
              <AtAGlanceSection service={service} />
              <ServiceHandoversSection service={service} onReload={reload} />
            </Stack>
          </Grid>
        </Grid>
      );
  }

  return (
    <Stack spacing={2}>
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
            <ComplianceBadge compliance={service.compliance} />
            <RiskBadge rating={currentRating(service)} />
          </Stack>
        </Box>
        {!hideEditButton && (
          <EditButton id={service.id} to={editLink({ id: service.id })} />
        )}
      </Stack>

      {loaded.loading && <LinearProgress aria-label="Refreshing the service" />}

      <RecordProblemsAlert
        problems={service.recordProblems}
        untilPutRight="Until the record is put right (an edit here replaces what the form holds; a portal administrator restores the rest from the audit log), the page shows each as listed below, the service counts as out of compliance, and its risk rating weighs the values the audit trail set wherever they are riskier than the stored ones. The owner group and service owner the audit trail set keep the owners' rights over it; a group or person written into the record does not gain them."
      />
      <LeaversAlert service={service} />

      <Box>
        <Tabs
          value={tab}
          onChange={(_event, next: ServiceTab) => setTab(next)}
          aria-label="Parts of the service page"
          variant="scrollable"
          scrollButtons="auto"
          allowScrollButtonsMobile
          sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}
        >
          {SERVICE_TABS.map(t => (
            <Tab
              key={t.id}
              value={t.id}
              label={t.title}
              id={`${tabsId}-tab-${t.id}`}
              aria-controls={`${tabsId}-panel-${t.id}`}
            />
          ))}
        </Tabs>
        <Box
          role="tabpanel"
          id={`${tabsId}-panel-${tab}`}
          aria-labelledby={`${tabsId}-tab-${tab}`}
        >
          {panel}
        </Box>
      </Box>
    </Stack>
  );
}
