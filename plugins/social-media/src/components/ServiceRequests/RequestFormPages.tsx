import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { requestRouteRef, requestsRouteRef } from '../../routes';
import {
  describeChangeError,
  describeLoadError,
  errorMessage,
  fieldProblemsOf,
  isVersionConflict,
} from '../../utils/errors';
import { useSuccessNotice } from '../../utils/notify';
import {
  emptyRequestForm,
  REQUEST_STATUS_TITLES,
  REQUESTER_MOVES,
  requestFormFrom,
  toRequestFieldErrors,
} from './requestModel';
import { ServiceRequestForm } from './ServiceRequestForm';
import { useSignedInIdentity } from './useSignedInIdentity';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

function RequestFormPage(props: {
  title: string;
  intro: string;
  crumbs: ReactNode;
  children: ReactNode;
}) {
  const requestsLink = useRouteRef(requestsRouteRef);
  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 }, maxWidth: 1400 }}>
      <CatalogueBreadcrumbs via={[{ label: 'Requests', to: requestsLink() }]}>
        {props.crumbs}
      </CatalogueBreadcrumbs>
      <div>
        <Typography variant="h4" component="h2">
          {props.title}
        </Typography>
        <Typography variant="body1" sx={{ mt: 1, maxWidth: '75ch' }}>
          {props.intro}
        </Typography>
      </div>
      {/* a Box, so that the Stack's spacing leaves the form's Grid margins alone */}
      <Box>{props.children}</Box>
    </Stack>
  );
}

/**
 * Why a request was not saved, in the backend's words: an account already
 * catalogued or requested names the other record; a request changed
 * meanwhile offers a reload.
 */
function SaveError(props: { error: unknown; onReload?: () => void }) {
  const conflict = isVersionConflict(props.error);
  return (
    <Alert
      severity="error"
      action={
        conflict && props.onReload ? (
          <Button color="inherit" size="small" onClick={props.onReload}>
            Reload
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>The request was not saved</AlertTitle>
      {conflict ? errorMessage(props.error) : describeChangeError(props.error)}
    </Alert>
  );
}

/**
 * "Request a social service": a business team asks IT for a new account,
 * sees what IT will require before sending it, and saves it as a draft or
 * submits it; then the request's page opens.
 */
export function NewRequestPage() {
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const navigate = useNavigate();
  const requestLink = useRouteRef(requestRouteRef);
  const requestsLink = useRouteRef(requestsRouteRef);
  const { loading, identity } = useSignedInIdentity();
  const [error, setError] = useState<unknown>();

  // The team asking is most likely the person's own: the first group they belong to.
  const team =
    identity?.ownershipEntityRefs.find(ref =>
      ref.toLocaleLowerCase('en-US').startsWith('group:'),
    ) ?? '';

  return (
    <RequestFormPage
      title="Request a social service"
      intro="Ask IT for a new social media account for your team. Answer the short risk questionnaire: the panel beside the form shows the rating IT predicts, the controls the account will need before it goes live and who approves it. Once approved, the service is catalogued in design."
      crumbs={<span aria-current="page">Request a social service</span>}
    >
      {loading ? (
        <LinearProgress aria-label="Loading the form" />
      ) : (
        <ServiceRequestForm
          label="Request a social service"
          initial={emptyRequestForm(team)}
          actions={[
            { label: 'Save as draft', submit: false },
            { label: 'Submit request', submit: true, primary: true },
          ]}
          cancelLink={requestsLink()}
          submitError={
            error !== undefined ? <SaveError error={error} /> : undefined
          }
          onSubmit={async (input, submit) => {
            setError(undefined);
            try {
              const filed = await api.createServiceRequest(input, { submit });
              notify(
                submit
                  ? `Request ${filed.id} is sent to IT for approval.`
                  : `Request ${filed.id} is saved as a draft.`,
              );
              navigate(requestLink({ id: String(filed.id) }));
            } catch (e) {
              setError(e);
              // What the backend refused (a past date, a team not in the catalog) shows at the field.
              return toRequestFieldErrors(fieldProblemsOf(e));
            }
            return undefined;
          }}
        />
      )}
    </RequestFormPage>
  );
}

/** Edits a draft, or a request sent back for changes, based on the version loaded. */
export function EditRequestPage() {
  const { id = '' } = useParams();
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const navigate = useNavigate();
  const requestLink = useRouteRef(requestRouteRef);
  const loaded = useAsyncRetry(
    () => api.getServiceRequest(Number(id)),
    [api, id],
  );
  const [error, setError] = useState<unknown>();
  const request = loaded.value;

  let body: ReactNode;
  if (loaded.error) {
    body = (
      <Alert severity="error">
        {describeLoadError(loaded.error, `request ${id}`)}
      </Alert>
    );
  } else if (!request || loaded.loading) {
    body = <LinearProgress aria-label="Loading the request" />;
  } else if (!REQUESTER_MOVES.edit.includes(request.status)) {
    body = (
      <Alert severity="info">
        This request is {REQUEST_STATUS_TITLES[request.status].toLowerCase()}:
        only a draft or a request sent back for changes can be edited.{' '}
        <Link component={RouterLink} to={requestLink({ id })}>
          Back to the request
        </Link>
      </Alert>
    );
  } else {
    body = (
      <ServiceRequestForm
        // a reload starts the form again from the latest version
        key={request.version}
        label="Edit request"
        initial={requestFormFrom(request)}
        actions={[{ label: 'Save changes', submit: false, primary: true }]}
        cancelLink={requestLink({ id })}
        submitError={
          error !== undefined ? (
            <SaveError
              error={error}
              onReload={() => {
                setError(undefined);
                loaded.retry();
              }}
            />
          ) : undefined
        }
        onSubmit={async input => {
          setError(undefined);
          try {
            await api.updateServiceRequest(request.id, {
              ...input,
              version: request.version,
            });
            notify(`Request ${request.id} is saved.`);
            navigate(requestLink({ id }));
          } catch (e) {
            setError(e);
            return toRequestFieldErrors(fieldProblemsOf(e));
          }
          return undefined;
        }}
      />
    );
  }

  return (
    <RequestFormPage
      title={
        request ? `Edit request ${request.id}: ${request.name}` : 'Edit request'
      }
      intro={
        request?.status === 'changes-requested'
          ? 'The approvers asked for changes: make them, save, then submit the request again from its page.'
          : 'Change the draft, save it, then submit it from its page when it is ready.'
      }
      crumbs={[
        <Link key="request" component={RouterLink} to={requestLink({ id })}>
          Request {id}
        </Link>,
        <span key="edit" aria-current="page">
          Edit
        </span>,
      ]}
    >
      {body}
    </RequestFormPage>
  );
}
