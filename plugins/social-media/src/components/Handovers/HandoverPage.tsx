import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  checklistFor,
  handoverDeciderRefusal,
  serviceRequestDecidePermission,
  type Handover,
} from '@internal/plugin-social-media-common';
import CheckBoxIcon from '@mui/icons-material/CheckBox';
import CheckBoxOutlineBlankIcon from '@mui/icons-material/CheckBoxOutlineBlank';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type ReactNode } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { requestsRouteRef, serviceRouteRef } from '../../routes';
import { formatDate } from '../../utils/format';
import {
  actorOf,
  useSignedInIdentity,
} from '../ServiceRequests/useSignedInIdentity';
import { EntityRef } from '../shared/EntityRef';
import { LoadError } from '../shared/LoadError';
import { RecordProblemsAlert } from '../shared/RecordProblemsAlert';
import { Facts, NotSet, Section } from '../shared/Section';
import { StepTimeline } from '../shared/StepTimeline';
import {
  handoverStatusTitle,
  handoverStepTitle,
  handoverTitle,
} from './handoverModel';
import { HandoverStatusChip } from './HandoverStatusChip';
import {
  HandoverStepDialog,
  type HandoverStepKind,
} from './HandoverStepDialog';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
} as const;

/** Who confirmed the checklist, or who will. */
function checklistNote(handover: Handover): string {
  if (handover.kind !== 'transfer') {
    return 'Confirmed by the owners when they asked for retirement.';
  }
  return handover.status === 'completed'
    ? 'Confirmed by the receiving group when it accepted.'
    : 'The receiving group confirms each item when it accepts.';
}

function Checklist(props: { handover: Handover }) {
  const { handover } = props;
  const transfer = handover.kind === 'transfer';
  return (
    <Section title={transfer ? 'Transfer checklist' : 'Retirement checklist'}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {checklistNote(handover)}
      </Typography>
      <Box component="ul" aria-label="Checklist" sx={{ m: 0, p: 0 }}>
        {checklistFor(handover.kind).map(item => {
          const done = handover.checklist[item.id] === true;
          return (
            <Box
              component="li"
              key={item.id}
              sx={{ display: 'flex', gap: 1, alignItems: 'center', py: 0.25 }}
            >
              {done ? (
                <CheckBoxIcon color="success" fontSize="small" aria-hidden />
              ) : (
                <CheckBoxOutlineBlankIcon fontSize="small" aria-hidden />
              )}
              <Typography variant="body2">
                {item.label}
                <Box component="span" sx={visuallyHidden}>
                  {done ? ' (done)' : ' (not confirmed)'}
                </Box>
              </Typography>
            </Box>
          );
        })}
      </Box>
    </Section>
  );
}

function Timeline(props: { handover: Handover }) {
  const { handover } = props;
  const items = checklistFor(handover.kind).length;
  return (
    <StepTimeline
      steps={handover.steps.map(step => ({
        at: step.at,
        actor: step.actor,
        step: `${handoverStepTitle(handover.kind, step.action)}${
          step.checklist
            ? ` (checklist: ${
                Object.values(step.checklist).filter(Boolean).length
              } of ${items} confirmed)`
            : ''
        }`,
        status: handoverStatusTitle(handover.kind, step.to),
        comment: step.comment,
      }))}
    />
  );
}

function StatusNotice(props: { handover: Handover }) {
  const { handover } = props;
  const serviceLink = useRouteRef(serviceRouteRef);
  const last = handover.steps[handover.steps.length - 1];
  const service = (
    <Link component={RouterLink} to={serviceLink({ id: handover.serviceId })}>
      Open the service
    </Link>
  );
  switch (handover.status) {
    case 'submitted':
      return (
        <Alert severity="info">
          {handover.kind === 'transfer' ? (
            <>
              Waiting for a member of{' '}
              <EntityRef entityRef={handover.deciders[0]} kind="group" /> to
              accept it with the checklist complete. The service stays with{' '}
              <EntityRef
                entityRef={handover.fromOwnerGroup ?? ''}
                kind="group"
              />{' '}
              until then.
            </>
          ) : (
            <>
              Waiting for IT service management ({handover.deciders.join(', ')})
              to approve it.
            </>
          )}
        </Alert>
      );
    case 'completed':
      return (
        <Alert severity="success">
          {handover.kind === 'transfer' ? (
            <>
              <EntityRef entityRef={handover.toOwnerGroup ?? ''} kind="group" />{' '}
              owns the service now, with{' '}
              <EntityRef
                entityRef={handover.toServiceOwner ?? ''}
                kind="user"
              />{' '}
              as its service owner.{' '}
            </>
          ) : (
            <>
              The service is retired: access revoked, the account{' '}
              {handover.handle === 'released' ? 'deleted' : 'archived'}.{' '}
            </>
          )}
          {service}
        </Alert>
      );
    default:
      return (
        <Alert severity={handover.status === 'declined' ? 'error' : 'info'}>
          {handoverStatusTitle(handover.kind, handover.status)} by{' '}
          {last && <EntityRef entityRef={last.actor} kind="user" />}
          {last?.comment ? `: “${last.comment}”` : '.'} Nothing changed on the
          service.
        </Alert>
      );
  }
}

/**
 * One transfer or retirement: what is asked, the checklist, who decides and
 * every step. The receiving group accepts or declines a transfer; IT service
 * management approves or declines a retirement; the filer may withdraw it
 * while it waits. Each person is offered the steps that are theirs; the
 * backend checks them again, and its refusals are shown.
 */
export function HandoverPage() {
  const { id = '' } = useParams();
  const api = useApi(socialMediaApiRef);
  const requestsLink = useRouteRef(requestsRouteRef);
  const serviceLink = useRouteRef(serviceRouteRef);
  const { identity } = useSignedInIdentity();
  const { allowed: mayDecide } = usePermission({
    permission: serviceRequestDecidePermission,
  });
  const loaded = useAsyncRetry(() => api.getHandover(Number(id)), [api, id]);
  const [handover, setHandover] = useState<Handover>();
  useEffect(() => {
    if (loaded.value) setHandover(loaded.value);
  }, [loaded.value]);
  const [dialog, setDialog] = useState<HandoverStepKind>();

  let body: ReactNode;
  if (loaded.error) {
    body = (
      <LoadError
        error={loaded.error}
        what={`transfer or retirement ${id}`}
        onRetry={loaded.retry}
      />
    );
  } else if (!handover) {
    body = <LinearProgress aria-label="Loading" />;
  } else {
    const waiting = handover.status === 'submitted';
    const mine =
      identity !== undefined &&
      identity.userEntityRef.toLocaleLowerCase('en-US') ===
        handover.requester.toLocaleLowerCase('en-US');
    // Offered to its deciders only: the receiving group, or IT service management.
    const decides =
      mayDecide &&
      waiting &&
      identity !== undefined &&
      !handoverDeciderRefusal(handover, actorOf(identity));
    const transfer = handover.kind === 'transfer';
    body = (
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
              sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}
            >
              {handoverTitle(handover)}
              <HandoverStatusChip
                kind={handover.kind}
                status={handover.status}
                size="medium"
              />
            </Typography>
            <Typography variant="body1" color="text.secondary" sx={{ mt: 1 }}>
              Filed by <EntityRef entityRef={handover.requester} kind="user" />{' '}
              on{' '}
              <time dateTime={handover.createdAt}>
                {formatDate(handover.createdAt)}
              </time>
            </Typography>
          </Box>
          <Stack
            direction="row"
            spacing={1}
            flexWrap="wrap"
            useFlexGap
            role="group"
            aria-label="Actions"
          >
            {decides && (
              <>
                <Button
                  variant="contained"
                  color="success"
                  onClick={() => setDialog('accept')}
                >
                  {transfer ? 'Accept' : 'Approve retirement'}
                </Button>
                <Button
                  variant="outlined"
                  color="error"
                  onClick={() => setDialog('decline')}
                >
                  Decline
                </Button>
              </>
            )}
            {waiting && mine && (
              <Button
                variant="outlined"
                color="inherit"
                onClick={() => setDialog('withdraw')}
              >
                Withdraw
              </Button>
            )}
          </Stack>
        </Stack>

        {loaded.loading && <LinearProgress aria-label="Refreshing" />}

        <RecordProblemsAlert
          problems={handover.recordProblems}
          untilPutRight="The page shows cautious values instead until a portal administrator restores the record from the audit log."
        />
        <StatusNotice handover={handover} />

        {/* a Box, so that the Stack's spacing leaves the Grid's margins alone */}
        <Box>
          <Grid container spacing={3}>
            <Grid item xs={12} lg={7}>
              <Section title={transfer ? 'The transfer' : 'The retirement'}>
                <Facts
                  items={[
                    {
                      label: 'Service',
                      value: (
                        <Link
                          component={RouterLink}
                          to={serviceLink({ id: handover.serviceId })}
                        >
                          {handover.serviceName}
                        </Link>
                      ),
                    },
                    {
                      label: transfer ? 'From' : 'Owner group',
                      value: handover.fromOwnerGroup ? (
                        <EntityRef
                          entityRef={handover.fromOwnerGroup}
                          kind="group"
                        />
                      ) : (
                        <NotSet />
                      ),
                    },
                    ...(transfer
                      ? [
                          {
                            label: 'To',
                            value: (
                              <EntityRef
                                entityRef={handover.toOwnerGroup ?? ''}
                                kind="group"
                              />
                            ),
                          },
                          {
                            label: 'New service owner',
                            value: (
                              <EntityRef
                                entityRef={handover.toServiceOwner ?? ''}
                                kind="user"
                              />
                            ),
                          },
                        ]
                      : [
                          {
                            label: 'The handle',
                            value:
                              handover.handle === 'released'
                                ? 'Released: the account is deleted'
                                : 'Kept: the account stays, archived',
                          },
                        ]),
                    { label: 'Reason', value: handover.reason },
                    {
                      label: 'Decided by',
                      value: handover.deciders.map(d => (
                        <EntityRef key={d} entityRef={d} kind="group" />
                      )),
                    },
                  ]}
                />
              </Section>
            </Grid>
            <Grid item xs={12} lg={5}>
              <Checklist handover={handover} />
            </Grid>
          </Grid>
        </Box>

        <Timeline handover={handover} />

        {dialog && (
          <HandoverStepDialog
            handover={handover}
            kind={dialog}
            onClose={() => setDialog(undefined)}
            onDone={next => {
              setDialog(undefined);
              setHandover(next);
            }}
            onReload={() => {
              setDialog(undefined);
              loaded.retry();
            }}
          />
        )}
      </Stack>
    );
  }

  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      <CatalogueBreadcrumbs
        via={[{ label: 'Requests', to: requestsLink() }]}
        current={
          handover ? handoverTitle(handover).split(':')[0] : `Request ${id}`
        }
      />
      {body}
    </Stack>
  );
}
