import {
  ACCOUNT_STATUSES,
  HANDLE_RULES,
  LIFECYCLE_STAGE_TITLES,
  MFA_METHODS,
  MFA_METHOD_TITLES,
  PLATFORM_TITLES,
  SOCIAL_PLATFORMS,
  slugify,
} from '@internal/plugin-social-media-common';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { ACCOUNT_STATUS_TITLES, formatDate } from '../../utils/format';
import { useItsmConnectors } from '../shared/useItsmConnectors';
import { EntityRefField } from './EntityRefField';
import {
  appRow,
  type FieldErrors,
  type ServiceFormState,
  type ThirdPartyAppRow,
} from './formModel';

function Fieldset(props: { legend: string; children: ReactNode }) {
  return (
    <Paper
      component="fieldset"
      variant="outlined"
      sx={{ p: 2, m: 0, minWidth: 0 }}
    >
      <Typography
        component="legend"
        variant="subtitle1"
        fontWeight={600}
        sx={{ px: 1 }}
      >
        {props.legend}
      </Typography>
      <Grid container spacing={2}>
        {props.children}
      </Grid>
    </Paper>
  );
}

/**
 * The third-party apps connected to the account, one row each: name, scopes
 * and when the app was last reviewed. Rows are added and removed freely.
 */
function ThirdPartyAppsEditor(props: {
  rows: ThirdPartyAppRow[];
  onChange: (rows: ThirdPartyAppRow[]) => void;
  errors: FieldErrors;
}) {
  const { rows, onChange, errors } = props;
  const prefix = 'controls.thirdPartyApps';
  const change = (index: number, patch: Partial<ThirdPartyAppRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Box role="group" aria-labelledby="third-party-apps-heading">
      <Typography
        id="third-party-apps-heading"
        variant="subtitle2"
        component="h4"
        sx={{ mb: 1 }}
      >
        Third-party apps
      </Typography>
      {errors[prefix] && (
        <Typography color="error" variant="body2" sx={{ mb: 1 }}>
          {errors[prefix]}
        </Typography>
      )}
      {rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          No third-party apps connected. Add the scheduling, analytics or inbox
          tools that can act on the account.
        </Typography>
      ) : (
        <Stack spacing={2} sx={{ mb: 1 }}>
          {rows.map((row, index) => {
            const error = (field: string) =>
              errors[`${prefix}.${index}.${field}`];
            const appLabel = row.name.trim() || `app ${index + 1}`;
            return (
              <Stack
                key={row.key}
                role="group"
                aria-label={`Third-party app ${index + 1}`}
                direction={{ xs: 'column', md: 'row' }}
                spacing={2}
                alignItems={{ md: 'flex-start' }}
              >
                <TextField
                  label="App name"
                  required
                  value={row.name}
                  onChange={event =>
                    change(index, { name: event.target.value })
                  }
                  error={Boolean(error('name'))}
                  helperText={error('name')}
                  sx={{ flex: '1 1 12rem' }}
                />
                <TextField
                  label="Scopes"
                  value={row.scopes}
                  onChange={event =>
                    change(index, { scopes: event.target.value })
                  }
                  error={Boolean(error('scopes'))}
                  helperText={
                    error('scopes') ??
                    'Separate scopes with commas, e.g. publish, read_insights.'
                  }
                  sx={{ flex: '2 1 16rem' }}
                />
                <TextField
                  label="Last reviewed"
                  type="date"
                  InputLabelProps={{ shrink: true }}
                  value={row.lastReviewedAt}
                  onChange={event =>
                    change(index, { lastReviewedAt: event.target.value })
                  }
                  error={Boolean(error('lastReviewedAt'))}
                  helperText={error('lastReviewedAt')}
                  sx={{ flex: '0 1 11rem' }}
                />
                <Button
                  color="inherit"
                  startIcon={<DeleteIcon />}
                  aria-label={`Remove ${appLabel}`}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  sx={{ alignSelf: { md: 'center' } }}
                >
                  Remove
                </Button>
              </Stack>
            );
          })}
        </Stack>
      )}
      <Button
        variant="outlined"
        size="small"
        startIcon={<AddIcon />}
        onClick={() => onChange([...rows, appRow()])}
      >
        Add third-party app
      </Button>
    </Box>
  );
}

/** What the ITSM system list offers, or why it offers nothing. */
function itsmSystemHint(
  loading: boolean,
  error: Error | undefined,
  installed: number,
  uninstalledSystem: string | undefined,
): string {
  if (uninstalledSystem) {
    return `No connector for ${uninstalledSystem} is installed in this portal: the mapping is kept, but incidents are not synced. Choose an installed tool to change it.`;
  }
  if (loading) return 'Loading the ITSM tools installed in this portal…';
  if (error) {
    return 'The installed ITSM tools could not be read; reload the page to map the service.';
  }
  if (installed === 0) {
    return 'No ITSM connector is installed in this portal yet: leave the service unmapped.';
  }
  return 'The tool incidents of this service are filed in, among those installed in this portal.';
}

/**
 * The form behind "New service" and "Edit": every field of a service, checked
 * with the API's own schema before it is sent.
 */
export function ServiceForm(props: {
  mode: 'create' | 'edit';
  initial: ServiceFormState;
  submitLabel: string;
  cancelLink: string;
  /** Checks the state; gives field errors, or nothing when it was sent. */
  onSubmit: (state: ServiceFormState) => Promise<FieldErrors | undefined>;
  /** An error from the API to show above the buttons. */
  submitError?: ReactNode;
  /** Edit mode: when the admin list was last attested (read-only). */
  lastAccessReviewAt?: string;
}) {
  const {
    mode,
    initial,
    submitLabel,
    cancelLink,
    onSubmit,
    submitError,
    lastAccessReviewAt,
  } = props;
  const [state, setState] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  // The ITSM tools are the installed connectors, in their own words.
  const itsm = useItsmConnectors();
  const connectors = itsm.connectors ?? [];
  const chosenConnector = connectors.find(c => c.id === state.itsmSystem);
  // A service keeps a mapping to a tool whose connector is not installed (any more).
  const uninstalledSystem =
    state.itsmSystem && !chosenConnector && !itsm.loading
      ? state.itsmSystem
      : undefined;
  const [submitting, setSubmitting] = useState(false);

  const set = <K extends keyof ServiceFormState>(
    key: K,
    value: ServiceFormState[K],
  ) => setState(previous => ({ ...previous, [key]: value }));

  const text = (
    key: keyof ServiceFormState,
    errorKey: string,
    label: string,
    extra: TextFieldProps & { hint?: string } = {},
  ) => {
    const { hint, ...fieldProps } = extra;
    return (
      <TextField
        label={label}
        fullWidth
        value={state[key] as string}
        onChange={event => set(key, event.target.value as never)}
        error={Boolean(errors[errorKey])}
        helperText={errors[errorKey] ?? hint}
        {...fieldProps}
      />
    );
  };

  const check = (
    key:
      | 'mfaEnabled'
      | 'ssoEnabled'
      | 'sharedLogin'
      | 'verified'
      | 'recoveryOwnedByCompany'
      | 'regulatedContent'
      | 'brandLevel'
      | 'accessRevoked',
    label: string,
  ) => (
    <FormControlLabel
      label={label}
      control={
        <Checkbox
          checked={state[key]}
          onChange={event => set(key, event.target.checked)}
        />
      }
    />
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    try {
      const fieldErrors = await onSubmit(state);
      setErrors(fieldErrors ?? {});
    } finally {
      setSubmitting(false);
    }
  };

  const handleHint = state.platform
    ? HANDLE_RULES[state.platform].message
    : 'Choose the platform first: each has its own handle rules.';
  const errorCount = Object.keys(errors).length;

  return (
    <Box
      component="form"
      noValidate
      onSubmit={submit}
      aria-label={mode === 'create' ? 'New service' : 'Edit service'}
    >
      <Stack spacing={3}>
        {errorCount > 0 && (
          <Alert severity="error">
            {errorCount === 1
              ? 'One field needs your attention.'
              : `${errorCount} fields need your attention.`}
            {errors[''] ? ` ${errors['']}` : ''}
          </Alert>
        )}

        <Fieldset legend="Service">
          <Grid item xs={12} md={6}>
            {text('name', 'name', 'Name', { required: true })}
          </Grid>
          {mode === 'create' && (
            <Grid item xs={12} md={6}>
              {text('id', 'id', 'Service id', {
                hint: `Optional: lowercase letters, digits and dashes. Left empty, it is made from the name${
                  state.name ? ` (${slugify(state.name)})` : ''
                }.`,
              })}
            </Grid>
          )}
          <Grid item xs={12} md={6}>
            {text('platform', 'platform', 'Platform', {
              required: true,
              select: true,
              SelectProps: { native: true },
              InputLabelProps: { shrink: true },
              children: (
                <>
                  <option value="">Choose a platform</option>
                  {SOCIAL_PLATFORMS.map(p => (
                    <option key={p} value={p}>
                      {PLATFORM_TITLES[p]}
                    </option>
                  ))}
                </>
              ),
            })}
          </Grid>
          <Grid item xs={12} md={6}>
            {text('handle', 'handle', 'Handle', {
              required: true,
              hint: handleHint,
            })}
          </Grid>
          <Grid item xs={12} md={6}>
            {text('profileUrl', 'profileUrl', 'Profile URL', {
              type: 'url',
              hint: 'The public profile, https only.',
            })}
          </Grid>
          <Grid item xs={12}>
            {text('purpose', 'purpose', 'Purpose', {
              required: true,
              multiline: true,
              minRows: 2,
              hint: 'What the business uses the account for.',
            })}
          </Grid>
          <Grid item xs={12} md={6}>
            {text('businessUnit', 'businessUnit', 'Business unit', {
              required: true,
              hint: 'The business unit the service serves, e.g. Marketing EMEA.',
            })}
          </Grid>
          <Grid item xs={12} md={6}>
            {text('audienceSize', 'audienceSize', 'Audience size', {
              type: 'number',
              inputProps: { min: 0, step: 1 },
              hint: 'Followers or subscribers, roughly.',
            })}
          </Grid>
          <Grid item xs={12} md={6}>
            {text('tags', 'tags', 'Tags', {
              hint: 'Separate tags with commas, e.g. brand, emea.',
            })}
          </Grid>
          {mode === 'create' && (
            <Grid item xs={12} md={6}>
              {text('lifecycleStage', 'lifecycleStage', 'Lifecycle stage', {
                select: true,
                SelectProps: { native: true },
                InputLabelProps: { shrink: true },
                hint: 'New services start in strategy or design; later stages are reached through the lifecycle.',
                children: (
                  <>
                    <option value="strategy">
                      {LIFECYCLE_STAGE_TITLES.strategy}
                    </option>
                    <option value="design">
                      {LIFECYCLE_STAGE_TITLES.design}
                    </option>
                  </>
                ),
              })}
            </Grid>
          )}
        </Fieldset>

        <Fieldset legend="Ownership">
          <Grid item xs={12} md={4}>
            <EntityRefField
              label="Owner group"
              kind="Group"
              required
              value={state.ownerGroup}
              onChange={value => set('ownerGroup', value)}
              error={errors.ownerGroup}
              helperText="A catalog Group, e.g. group:default/marketing."
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <EntityRefField
              label="Service owner"
              kind="User"
              value={state.serviceOwner}
              onChange={value => set('serviceOwner', value)}
              error={errors.serviceOwner}
              helperText="The named owner, a catalog User, e.g. user:default/service-owner."
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <EntityRefField
              label="Business requester"
              kind="User"
              value={state.businessRequester}
              onChange={value => set('businessRequester', value)}
              error={errors.businessRequester}
              helperText="The catalog User who asked for the service."
            />
          </Grid>
        </Fieldset>

        <Fieldset legend="Guardianship controls">
          <Grid item xs={12} md={6}>
            <FormGroup role="group" aria-label="Access controls">
              {check('mfaEnabled', 'MFA enabled')}
              {check('ssoEnabled', 'Single sign-on')}
              {check('sharedLogin', 'Shared login')}
              {check(
                'recoveryOwnedByCompany',
                'Recovery e-mail and phone owned by the company',
              )}
            </FormGroup>
          </Grid>
          <Grid item xs={12} md={6}>
            {state.mfaEnabled ? (
              text('mfaMethod', 'controls.mfaMethod', 'MFA method', {
                select: true,
                SelectProps: { native: true },
                InputLabelProps: { shrink: true },
                hint: 'How people prove who they are; text messages are open to SIM swapping.',
                children: (
                  <>
                    <option value="">Not recorded</option>
                    {MFA_METHODS.map(m => (
                      <option key={m} value={m}>
                        {MFA_METHOD_TITLES[m]}
                      </option>
                    ))}
                  </>
                ),
              })
            ) : (
              <Typography variant="body2" color="text.secondary">
                Turn on MFA to record its method.
              </Typography>
            )}
          </Grid>
          <Grid item xs={12} md={6}>
            {text(
              'credentialVaultRef',
              'controls.credentialVaultRef',
              'Credential vault reference',
              {
                hint: 'Where the credentials are kept, e.g. vault://social/corp-x. Never the secret itself.',
                autoComplete: 'off',
              },
            )}
          </Grid>
          <Grid item xs={12} md={6}>
            <FormGroup role="group" aria-label="Exposure">
              {check('verified', 'Verified by the platform')}
              {check('regulatedContent', 'Regulated content')}
              {check('brandLevel', 'Brand-level account')}
            </FormGroup>
          </Grid>
          <Grid item xs={12}>
            <ThirdPartyAppsEditor
              rows={state.thirdPartyApps}
              onChange={rows => set('thirdPartyApps', rows)}
              errors={errors}
            />
          </Grid>
          {mode === 'edit' && (
            <Grid item xs={12}>
              {/* Recorded by access reviews, never typed in: shown, not sent. */}
              <Typography variant="body2" color="text.secondary">
                Last access review:{' '}
                {lastAccessReviewAt ? formatDate(lastAccessReviewAt) : 'never'}{' '}
                (recorded by access reviews)
              </Typography>
            </Grid>
          )}
          <Grid item xs={12} md={6}>
            {check('accessRevoked', 'Access revoked')}
          </Grid>
          <Grid item xs={12} md={6}>
            {text('accountStatus', 'controls.accountStatus', 'Account status', {
              select: true,
              SelectProps: { native: true },
              InputLabelProps: { shrink: true },
              children: ACCOUNT_STATUSES.map(s => (
                <option key={s} value={s}>
                  {ACCOUNT_STATUS_TITLES[s]}
                </option>
              )),
            })}
          </Grid>
        </Fieldset>

        <Fieldset legend="ITSM mapping">
          <Grid item xs={12} md={6}>
            {text('itsmSystem', 'itsm.system', 'ITSM system', {
              select: true,
              SelectProps: { native: true },
              InputLabelProps: { shrink: true },
              hint: itsmSystemHint(
                itsm.loading,
                itsm.error,
                connectors.length,
                uninstalledSystem,
              ),
              children: (
                <>
                  <option value="">Not mapped</option>
                  {connectors.map(c => (
                    <option key={c.id} value={c.id}>
                      {c.displayName}
                    </option>
                  ))}
                  {(uninstalledSystem ||
                    (itsm.loading && state.itsmSystem)) && (
                    <option value={state.itsmSystem}>{state.itsmSystem}</option>
                  )}
                </>
              ),
            })}
          </Grid>
          <Grid item xs={12} md={6}>
            {text(
              'itsmReference',
              'itsm.reference',
              chosenConnector?.reference.label ?? 'ITSM reference',
              {
                hint: chosenConnector
                  ? `${chosenConnector.reference.help} Example: ${chosenConnector.reference.example}`
                  : 'The record incidents are filed against; choose the ITSM system first.',
              },
            )}
          </Grid>
        </Fieldset>

        {submitError}

        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" disabled={submitting}>
            {submitLabel}
          </Button>
          <Button component={RouterLink} to={cancelLink} disabled={submitting}>
            Cancel
          </Button>
        </Stack>
      </Stack>
    </Box>
  );
}
