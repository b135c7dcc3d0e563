import {
  ACCOUNT_STATUSES,
  HANDLE_RULES,
  ITSM_SYSTEMS,
  LIFECYCLE_STAGE_TITLES,
  PLATFORM_TITLES,
  SOCIAL_PLATFORMS,
  slugify,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { ACCOUNT_STATUS_TITLES, ITSM_SYSTEM_TITLES } from '../../utils/format';
import { EntityRefField } from './EntityRefField';
import type { FieldErrors, ServiceFormState } from './formModel';

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
}) {
  const { mode, initial, submitLabel, cancelLink, onSubmit, submitError } =
    props;
  const [state, setState] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
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
            <FormControlLabel
              label="MFA enabled"
              control={
                <Checkbox
                  checked={state.mfaEnabled}
                  onChange={event => set('mfaEnabled', event.target.checked)}
                />
              }
            />
            <FormControlLabel
              label="Access revoked"
              control={
                <Checkbox
                  checked={state.accessRevoked}
                  onChange={event => set('accessRevoked', event.target.checked)}
                />
              }
            />
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
            {text(
              'riskAssessedAt',
              'controls.riskAssessedAt',
              'Risk assessed on',
              {
                type: 'date',
                InputLabelProps: { shrink: true },
                hint: 'When the risk assessment was last completed.',
              },
            )}
          </Grid>
        </Fieldset>

        <Fieldset legend="ITSM mapping">
          <Grid item xs={12} md={6}>
            {text('itsmSystem', 'itsm.system', 'ITSM system', {
              select: true,
              SelectProps: { native: true },
              InputLabelProps: { shrink: true },
              hint: 'The tool incidents of this service are filed in.',
              children: (
                <>
                  <option value="">Not mapped</option>
                  {ITSM_SYSTEMS.map(s => (
                    <option key={s} value={s}>
                      {ITSM_SYSTEM_TITLES[s]}
                    </option>
                  ))}
                </>
              ),
            })}
          </Grid>
          <Grid item xs={12} md={6}>
            {text('itsmReference', 'itsm.reference', 'ITSM reference', {
              hint: 'The ServiceNow business service or CI, Jira Service Management project or PagerDuty service.',
            })}
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
