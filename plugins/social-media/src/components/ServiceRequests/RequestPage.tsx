import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  isPendingApprover,
  isRequesterSide,
  namedToOwnAs,
  requestDeciderRefusal,
  serviceRequestCreatePermission,
  serviceRequestDecidePermission,
  type ServiceRequest,
  type ServiceRequestStep,
} from '@internal/plugin-social-media-common';
import EditIcon from '@mui/icons-material/Edit';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
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
import {
  editRequestRouteRef,
  requestsRouteRef,
  serviceRouteRef,
} from '../../routes';
import { formatDate, formatDateTime, formatNumber } from '../../utils/format';
import { PlatformLabel } from '../PlatformIcon';
import { EntityRef } from '../shared/EntityRef';
import { RecordProblemsAlert } from '../shared/RecordProblemsAlert';
import { LoadError } from '../shared/LoadError';
import { Facts, NotSet, Section } from '../shared/Section';
import { StepTimeline } from '../shared/StepTimeline';
import { PredictionFacts } from './PredictionFacts';
import {
  REQUEST_FIELD_LABELS,
  REQUEST_STATUS_TITLES,
  REQUEST_STEP_TITLES,
  REQUESTER_MOVES,
} from './requestModel';
import { RequestStatusChip } from './RequestStatusChip';
import { RequestStepDialog, type RequestStepKind } from './RequestStepDialog';
import { actorOf, useSignedInIdentity } from './useSignedInIdentity';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

/** The newest step of one of these kinds, e.g. the comment that sent a request back. */
function lastStep(request: ServiceRequest, actions: string[]) {
  return [...request.steps].reverse().find(s => actions.includes(s.action));
}

function StepComment(props: { step?: ServiceRequestStep }) {
  const { step } = props;
  if (!step) return null;
  return (
    <>
      {' '}
      <EntityRef entityRef={step.actor} kind="user" /> on{' '}
      <time dateTime={step.at}>{formatDateTime(step.at)}</time>
      {step.comment ? `: “${step.comment}”` : ''}
    </>
  );
}

/** Where the request stands, in a sentence, with what comes next. */
function StatusNotice(props: { request: ServiceRequest }) {
  const { request } = props;
  const serviceLink = useRouteRef(serviceRouteRef);
  switch (request.status) {
    case 'draft':
      return (
        <Alert severity="info">
          A draft: nobody is asked to approve it until it is submitted.
        </Alert>
      );
    case 'submitted': {
      const waiting = request.approvals.filter(a => !a.approvedBy);
      return (
        <Alert severity="info">
          Waiting for approval from{' '}
          {waiting.map(a => a.title).join(' and ') || 'IT'}.
        </Alert>
      );
    }
    case 'changes-requested':
      return (
        <Alert severity="warning">
          <AlertTitle>Changes requested</AlertTitle>
          Asked by
          <StepComment step={lastStep(request, ['request-changes'])} />. Edit
          the request, then submit it again.
        </Alert>
      );
    case 'rejected':
      return (
        <Alert severity="error">
          <AlertTitle>Rejected</AlertTitle>
          Rejected by
          <StepComment step={lastStep(request, ['reject'])} />.
        </Alert>
      );
    case 'withdrawn':
      return (
        <Alert severity="info">
          Withdrawn by
          <StepComment step={lastStep(request, ['withdraw'])} />.
        </Alert>
      );
    case 'approved':
    case 'provisioned':
      return (
        <Alert severity="success">
          <AlertTitle>Approved and catalogued</AlertTitle>
          {request.serviceId ? (
            <>
              The service is in the catalogue in design, with its owner group
              and service owner from this request.{' '}
              <Link
                component={RouterLink}
                to={serviceLink({ id: request.serviceId })}
              >
                Open the service
              </Link>
            </>
          ) : (
            'Every approval is given.'
          )}
        </Alert>
      );
    default:
      return null;
  }
}

function Timeline(props: { steps: ServiceRequestStep[] }) {
  return (
    <StepTimeline
      steps={props.steps.map(step => ({
        at: step.at,
        actor: step.actor,
        step: REQUEST_STEP_TITLES[step.action] ?? step.action,
        status:
          step.from && step.from !== step.to
            ? `${REQUEST_STATUS_TITLES[step.from]} → ${
                REQUEST_STATUS_TITLES[step.to]
              }`
            : REQUEST_STATUS_TITLES[step.to],
        comment: step.comment,
      }))}
    />
  );
}

/**
 * One request for a new social service: what was asked, what IT predicts and
 * requires, who approved it and when, and every step on its timeline. The
 * requester side may edit, submit or withdraw it; approvers approve, ask for
 * changes or reject it. The backend decides who may: its refusal (e.g. the
 * requester approving their own request) is shown as it says it.
 */
export function RequestPage() {
  const { id = '' } = useParams();
  const api = useApi(socialMediaApiRef);
  const requestsLink = useRouteRef(requestsRouteRef);
  const editLink = useRouteRef(editRequestRouteRef);
  const { identity } = useSignedInIdentity();
  const { allowed: mayRequest } = usePermission({
    permission: serviceRequestCreatePermission,
  });
  const { allowed: mayDecide } = usePermission({
    permission: serviceRequestDecidePermission,
  });
  const loaded = useAsyncRetry(
    () => api.getServiceRequest(Number(id)),
    [api, id],
  );
  // The latest answer, either from loading or from a step just taken.
  const [request, setRequest] = useState<ServiceRequest>();
  useEffect(() => {
    if (loaded.value) setRequest(loaded.value);
  }, [loaded.value]);
  const [dialog, setDialog] = useState<RequestStepKind>();

  let body: ReactNode;
  if (loaded.error) {
    body = (
      <LoadError
        error={loaded.error}
        what={`request ${id}`}
        onRetry={loaded.retry}
      />
    );
  } else if (!request) {
    body = <LinearProgress aria-label="Loading the request" />;
  } else {
    const actor = identity && actorOf(identity);
    const requesterSide =
      mayRequest && actor !== undefined && isRequesterSide(request, actor);
    // Someone the request names to run the service, who follows it without filing it.
    const named =
      actor && !isRequesterSide(request, actor)
        ? namedToOwnAs(request, actor)
        : undefined;
    // A record changed outside the catalogue moves no further until it is put right; editing it
    // is how the requester does that.
    const damaged = (request.recordProblems ?? []).length > 0;
    const can = (move: keyof typeof REQUESTER_MOVES) =>
      requesterSide &&
      REQUESTER_MOVES[move].includes(request.status) &&
      (!damaged || move === 'edit');
    // The decisions offered are those the separation of duties allows this person (the backend
    // checks them again): not to the requester side, only to its pending approvers.
    const deciding =
      mayDecide && request.status === 'submitted' && !damaged
        ? actor
        : undefined;
    const mayApprove =
      deciding && !requestDeciderRefusal(request, 'approve', deciding);
    const mayTurnDown =
      deciding && !requestDeciderRefusal(request, 'reject', deciding);
    // An approver kept out of this one (their own team's request, or an approval already given)
    // is told why.
    const keptOut =
      deciding && isPendingApprover(request, deciding)
        ? requestDeciderRefusal(request, 'approve', deciding)
        : undefined;
    const { questionnaire } = request;

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
              Request {request.id}: {request.name}
              <RequestStatusChip status={request.status} size="medium" />
            </Typography>
            <Typography variant="body1" color="text.secondary" sx={{ mt: 1 }}>
              Requested by{' '}
              <EntityRef entityRef={request.requester} kind="user" /> for{' '}
              <EntityRef entityRef={request.requestingTeam} kind="group" /> on{' '}
              <time dateTime={request.createdAt}>
                {formatDate(request.createdAt)}
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
            {can('edit') && (
              <Button
                variant="outlined"
                startIcon={<EditIcon />}
                component={RouterLink}
                to={editLink({ id: String(request.id) })}
              >
                Edit
              </Button>
            )}
            {can('submit') && (
              <Button variant="contained" onClick={() => setDialog('submit')}>
                Submit
              </Button>
            )}
            {can('withdraw') && (
              <Button
                variant="outlined"
                color="inherit"
                onClick={() => setDialog('withdraw')}
              >
                Withdraw
              </Button>
            )}
            {mayApprove && (
              <Button
                variant="contained"
                color="success"
                onClick={() => setDialog('approve')}
              >
                Approve
              </Button>
            )}
            {mayTurnDown && (
              <>
                <Button
                  variant="outlined"
                  onClick={() => setDialog('request-changes')}
                >
                  Request changes
                </Button>
                <Button
                  variant="outlined"
                  color="error"
                  onClick={() => setDialog('reject')}
                >
                  Reject
                </Button>
              </>
            )}
          </Stack>
        </Stack>

        {loaded.loading && (
          <LinearProgress aria-label="Refreshing the request" />
        )}

        <RecordProblemsAlert
          problems={request.recordProblems}
          labels={REQUEST_FIELD_LABELS}
          untilPutRight={`Nothing is submitted, withdrawn or decided on it until it is put right${
            REQUESTER_MOVES.edit.includes(request.status)
              ? ': the requesting team edits the request and saves it.'
              : ' by a portal administrator, from the audit log.'
          }`}
        />

        {named && (
          <Alert severity="info">
            {named === 'service owner'
              ? 'You are named as the service owner'
              : 'Your team is named to own the service'}
            : you follow the request here, and the requesting team edits,
            submits or withdraws it.
          </Alert>
        )}

        {keptOut && <Alert severity="info">{keptOut.message}.</Alert>}

        <StatusNotice request={request} />

        {/* a Box, so that the Stack's spacing leaves the Grid's margins alone */}
        <Box>
          <Grid container spacing={3}>
            <Grid item xs={12} lg={7}>
              <Stack spacing={3}>
                <Section title="What is asked for">
                  <Facts
                    items={[
                      {
                        label: 'Platform',
                        value: <PlatformLabel platform={request.platform} />,
                      },
                      { label: 'Proposed name', value: request.name },
                      { label: 'Handle', value: request.handle },
                      {
                        label: 'Profile URL',
                        value: request.profileUrl ? (
                          <Link
                            href={request.profileUrl}
                            target="_blank"
                            rel="noopener"
                          >
                            {request.profileUrl}
                          </Link>
                        ) : (
                          <NotSet />
                        ),
                      },
                      { label: 'Purpose', value: request.purpose },
                      { label: 'Audience', value: request.audience },
                      { label: 'Regions', value: request.regions.join(', ') },
                      { label: 'Business unit', value: request.businessUnit },
                      {
                        label: 'Requesting team',
                        value: (
                          <EntityRef
                            entityRef={request.requestingTeam}
                            kind="group"
                          />
                        ),
                      },
                      {
                        label: 'Owner group',
                        value: (
                          <EntityRef
                            entityRef={request.ownerGroup}
                            kind="group"
                          />
                        ),
                      },
                      {
                        label: 'Service owner',
                        value: (
                          <EntityRef
                            entityRef={request.serviceOwner}
                            kind="user"
                          />
                        ),
                      },
                      {
                        label: 'Target date',
                        value: (
                          <time dateTime={request.targetDate}>
                            {formatDate(request.targetDate)}
                          </time>
                        ),
                      },
                      {
                        label: 'Last changed',
                        value: `${formatDateTime(request.updatedAt)} (version ${
                          request.version
                        })`,
                      },
                    ]}
                  />
                </Section>
                <Section title="Risk questionnaire">
                  <Facts
                    items={[
                      {
                        label: 'Regulated content',
                        value: questionnaire.regulatedContent ? 'Yes' : 'No',
                      },
                      {
                        label: 'Brand-level account',
                        value: questionnaire.brandLevel ? 'Yes' : 'No',
                      },
                      {
                        label: 'Expected audience',
                        value: `${formatNumber(
                          questionnaire.expectedAudience,
                        )} followers within a year`,
                      },
                      { label: 'Who will post', value: questionnaire.whoPosts },
                      {
                        label: 'Third-party tools',
                        value: questionnaire.thirdPartyTools.length ? (
                          questionnaire.thirdPartyTools.join(', ')
                        ) : (
                          <NotSet>None</NotSet>
                        ),
                      },
                    ]}
                  />
                </Section>
              </Stack>
            </Grid>
            <Grid item xs={12} lg={5}>
              <Section title="What IT will require">
                <PredictionFacts
                  prediction={request.prediction}
                  approvals={request.approvals}
                  showProgress
                  stacked
                />
              </Section>
            </Grid>
          </Grid>
        </Box>

        <Timeline steps={request.steps} />

        {dialog && (
          <RequestStepDialog
            request={request}
            kind={dialog}
            onClose={() => setDialog(undefined)}
            onDone={next => {
              setDialog(undefined);
              setRequest(next);
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
        current={`Request ${id}`}
      />
      {body}
    </Stack>
  );
}
