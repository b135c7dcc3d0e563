import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { rootRouteRef, serviceRouteRef } from '../../routes';
import {
  CONFLICT_MESSAGE,
  describeChangeError,
  describeLoadError,
  fieldProblemsOf,
  isVersionConflict,
} from '../../utils/errors';
import { useSuccessNotice } from '../../utils/notify';
import {
  emptyForm,
  formFromService,
  toFieldErrors,
  validateCreate,
  validateUpdate,
} from './formModel';
import { ServiceForm } from './ServiceForm';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';
import { RecordProblemsAlert } from '../shared/RecordProblemsAlert';

function FormPage(props: {
  title: string;
  intro: string;
  crumbs: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 }, maxWidth: 1100 }}>
      <CatalogueBreadcrumbs>{props.crumbs}</CatalogueBreadcrumbs>
      <div>
        <Typography variant="h4" component="h2">
          {props.title}
        </Typography>
        <Typography variant="body1" sx={{ mt: 1, maxWidth: '70ch' }}>
          {props.intro}
        </Typography>
      </div>
      {props.children}
    </Stack>
  );
}

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
      <AlertTitle>The service was not saved</AlertTitle>
      {conflict && props.onReload
        ? CONFLICT_MESSAGE
        : describeChangeError(props.error)}
    </Alert>
  );
}

/** "New service": catalogues a service, then opens its page. */
export function CreateServicePage() {
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const navigate = useNavigate();
  const serviceLink = useRouteRef(serviceRouteRef);
  const catalogueLink = useRouteRef(rootRouteRef);
  const [error, setError] = useState<unknown>();

  return (
    <FormPage
      title="New service"
      intro="Catalogue a social media presence as a business service. It starts in strategy or design and moves on through the lifecycle once its gates are met."
      crumbs={<span aria-current="page">New service</span>}
    >
      <ServiceForm
        mode="create"
        initial={emptyForm()}
        submitLabel="Create service"
        cancelLink={catalogueLink()}
        submitError={
          error !== undefined ? <SaveError error={error} /> : undefined
        }
        onSubmit={async state => {
          const result = validateCreate(state);
          if (!result.ok) return result.errors;
          setError(undefined);
          try {
            const created = await api.createService(result.value);
            notify(`${created.name} is catalogued.`);
            navigate(serviceLink({ id: created.id }));
          } catch (e) {
            setError(e);
            // What the backend refused (e.g. an owner not in the catalog) shows at the field.
            return toFieldErrors(fieldProblemsOf(e));
          }
          return undefined;
        }}
      />
    </FormPage>
  );
}

/** "Edit": changes a service based on the version loaded, then opens its page. */
export function EditServicePage() {
  const { id = '' } = useParams();
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const navigate = useNavigate();
  const serviceLink = useRouteRef(serviceRouteRef);
  const loaded = useAsyncRetry(() => api.getService(id), [api, id]);
  const [error, setError] = useState<unknown>();
  const service = loaded.value;

  let body: ReactNode;
  if (loaded.error) {
    body = (
      <Alert severity="error">
        {describeLoadError(loaded.error, 'this social media service')}
      </Alert>
    );
  } else if (!service || loaded.loading) {
    body = <LinearProgress aria-label="Loading the service" />;
  } else {
    body = (
      <>
        {/* The form holds the stored values: whoever saves it should know which of them the
            catalogue never wrote, and what the audit trail set instead. */}
        <RecordProblemsAlert
          problems={service.recordProblems}
          untilPutRight="The form below holds each as shown, and saving writes what it holds: check each field listed below and put back what the catalogue should hold (where the audit trail set a value, it is named). Another owner group than the one the audit trail set hands the service over, which takes an administrator."
        />
        <ServiceForm
          // a reload starts the form again from the latest version
          key={service.version}
          mode="edit"
          initial={formFromService(service)}
          lastAccessReviewAt={service.controls.lastAccessReviewAt}
          submitLabel="Save changes"
          cancelLink={serviceLink({ id })}
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
          onSubmit={async state => {
            const result = validateUpdate(state, service.version);
            if (!result.ok) return result.errors;
            setError(undefined);
            try {
              const saved = await api.updateService(id, result.value);
              notify(`${saved.name} is saved.`);
              navigate(serviceLink({ id }));
            } catch (e) {
              setError(e);
              return toFieldErrors(fieldProblemsOf(e));
            }
            return undefined;
          }}
        />
      </>
    );
  }

  return (
    <FormPage
      title={service ? `Edit ${service.name}` : 'Edit service'}
      intro="Change the details of the service. The lifecycle stage changes through the moves on the service page."
      crumbs={[
        <Link key="service" component={RouterLink} to={serviceLink({ id })}>
          {service?.name ?? id}
        </Link>,
        <span key="edit" aria-current="page">
          Edit
        </span>,
      ]}
    >
      {body}
    </FormPage>
  );
}
