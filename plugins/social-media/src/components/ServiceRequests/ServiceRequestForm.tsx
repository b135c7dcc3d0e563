import {
  HANDLE_RULES,
  PLATFORM_TITLES,
  SOCIAL_PLATFORMS,
  type ServiceRequestInput,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { EntityRefField } from '../ServiceForm/EntityRefField';
import {
  validateRequest,
  type RequestFieldErrors,
  REQUEST_FIELD_LABELS,
  type RequestFormState,
} from './requestModel';
import { RequestPreviewPanel } from './RequestPreviewPanel';

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

/** A button of the form, and whether it sends the request to the approvers. */
export interface RequestFormAction {
  label: string;
  submit: boolean;
  primary?: boolean;
}

/**
 * The form behind "Request a social service" and the edit of a request:
 * what the team asks for and the short risk questionnaire, checked with the
 * API's own schema, with "What IT will require" worked out live beside it.
 */
export function ServiceRequestForm(props: {
  initial: RequestFormState;
  /** The buttons; Enter uses the primary one. */
  actions: RequestFormAction[];
  cancelLink: string;
  /** Sends the request; gives field errors, or nothing when it was sent. */
  onSubmit: (
    input: ServiceRequestInput,
    submit: boolean,
  ) => Promise<RequestFieldErrors | undefined>;
  /** An error from the API to show above the buttons. */
  submitError?: ReactNode;
  label: string;
}) {
  const { initial, actions, cancelLink, onSubmit, submitError, label } = props;
  const [state, setState] = useState(initial);
  const [errors, setErrors] = useState<RequestFieldErrors>({});
  const [submitting, setSubmitting] = useState(false);

  const set = <K extends keyof RequestFormState>(
    key: K,
    value: RequestFormState[K],
  ) => setState(previous => ({ ...previous, [key]: value }));

  const validation = validateRequest(state);
  const missing = validation.ok
    ? []
    : [
        ...new Set(
          Object.keys(validation.errors).map(
            key => REQUEST_FIELD_LABELS[key] ?? key,
          ),
        ),
      ];

  const text = (
    key: keyof RequestFormState,
    errorKey: string,
    fieldLabel: string,
    extra: TextFieldProps & { hint?: string } = {},
  ) => {
    const { hint, ...fieldProps } = extra;
    return (
      <TextField
        label={fieldLabel}
        fullWidth
        value={state[key] as string}
        onChange={event => set(key, event.target.value as never)}
        error={Boolean(errors[errorKey])}
        helperText={errors[errorKey] ?? hint}
        {...fieldProps}
      />
    );
  };

  const send = async (submit: boolean) => {
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setSubmitting(true);
    try {
      setErrors((await onSubmit(validation.value, submit)) ?? {});
    } finally {
      setSubmitting(false);
    }
  };

  const primary = actions.find(a => a.primary) ?? actions[0];
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(primary.submit);
  };

  const handleHint = state.platform
    ? HANDLE_RULES[state.platform].message
    : 'Choose the platform first: each has its own handle rules.';
  const errorCount = Object.keys(errors).length;

  return (
    <Grid container spacing={3} alignItems="flex-start">
      <Grid item xs={12} lg={8}>
        <Box
          component="form"
          noValidate
          onSubmit={handleSubmit}
          aria-label={label}
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

            <Fieldset legend="The account">
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
                {text('name', 'name', 'Proposed name', {
                  required: true,
                  hint: 'How the catalogue will name the service, e.g. Spring campaign TikTok.',
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
                  hint: 'Optional: the public profile, https only.',
                })}
              </Grid>
              <Grid item xs={12}>
                {text('purpose', 'purpose', 'Purpose', {
                  required: true,
                  multiline: true,
                  minRows: 2,
                  hint: 'What the business will use the account for.',
                })}
              </Grid>
              <Grid item xs={12} md={6}>
                {text('audience', 'audience', 'Audience', {
                  required: true,
                  hint: 'Who the account is for, e.g. job seekers in France.',
                })}
              </Grid>
              <Grid item xs={12} md={6}>
                {text('regions', 'regions', 'Regions', {
                  required: true,
                  hint: 'Separate regions with commas, e.g. EMEA, France.',
                })}
              </Grid>
            </Fieldset>

            <Fieldset legend="Who is behind it">
              <Grid item xs={12} md={6}>
                {text('businessUnit', 'businessUnit', 'Business unit', {
                  required: true,
                  hint: 'The business unit the service will serve, e.g. Marketing EMEA.',
                })}
              </Grid>
              <Grid item xs={12} md={6}>
                <EntityRefField
                  label="Requesting team"
                  kind="Group"
                  required
                  value={state.requestingTeam}
                  onChange={value => set('requestingTeam', value)}
                  error={errors.requestingTeam}
                  helperText="The team asking, a catalog Group; its members follow the request with you."
                />
              </Grid>
              <Grid item xs={12} md={6}>
                <EntityRefField
                  label="Owner group"
                  kind="Group"
                  required
                  value={state.ownerGroup}
                  onChange={value => set('ownerGroup', value)}
                  error={errors.ownerGroup}
                  helperText="The catalog Group that will own the service."
                />
              </Grid>
              <Grid item xs={12} md={6}>
                <EntityRefField
                  label="Service owner"
                  kind="User"
                  required
                  value={state.serviceOwner}
                  onChange={value => set('serviceOwner', value)}
                  error={errors.serviceOwner}
                  helperText="The person who will answer for the account, a catalog User."
                />
              </Grid>
              <Grid item xs={12} md={6}>
                {text('targetDate', 'targetDate', 'Target date', {
                  required: true,
                  type: 'date',
                  InputLabelProps: { shrink: true },
                  hint: 'When the account should go live.',
                })}
              </Grid>
            </Fieldset>

            <Fieldset legend="Risk questionnaire">
              <Grid item xs={12}>
                <FormGroup role="group" aria-label="Content">
                  <FormControlLabel
                    label="Regulated content"
                    control={
                      <Checkbox
                        checked={state.regulatedContent}
                        onChange={event =>
                          set('regulatedContent', event.target.checked)
                        }
                      />
                    }
                  />
                  <FormHelperText sx={{ mt: -0.5, mb: 1, ml: 4 }}>
                    The account will publish financial promotions, health claims
                    or other content a regulator watches.
                  </FormHelperText>
                  <FormControlLabel
                    label="Brand-level account"
                    control={
                      <Checkbox
                        checked={state.brandLevel}
                        onChange={event =>
                          set('brandLevel', event.target.checked)
                        }
                      />
                    }
                  />
                  <FormHelperText sx={{ mt: -0.5, ml: 4 }}>
                    The account will speak for the whole brand, not one
                    campaign, team or region.
                  </FormHelperText>
                </FormGroup>
              </Grid>
              <Grid item xs={12} md={6}>
                {text(
                  'expectedAudience',
                  'questionnaire.expectedAudience',
                  'Expected audience',
                  {
                    required: true,
                    type: 'number',
                    inputProps: { min: 0, step: 1 },
                    hint: 'Followers expected within a year, roughly.',
                  },
                )}
              </Grid>
              <Grid item xs={12} md={6}>
                {text('whoPosts', 'questionnaire.whoPosts', 'Who will post', {
                  required: true,
                  hint: 'e.g. the social media team and an agency.',
                })}
              </Grid>
              <Grid item xs={12}>
                {text(
                  'thirdPartyTools',
                  'questionnaire.thirdPartyTools',
                  'Third-party tools',
                  {
                    hint: 'Tools that will connect to the account, separated by commas, e.g. Hootsuite, Sprout Social. Leave empty if none.',
                  },
                )}
              </Grid>
            </Fieldset>

            {submitError}

            <Stack direction="row" spacing={1}>
              {actions.map(action => (
                <Button
                  key={action.label}
                  type={action === primary ? 'submit' : 'button'}
                  variant={action === primary ? 'contained' : 'outlined'}
                  disabled={submitting}
                  onClick={
                    action === primary ? undefined : () => send(action.submit)
                  }
                >
                  {action.label}
                </Button>
              ))}
              <Button
                component={RouterLink}
                to={cancelLink}
                disabled={submitting}
              >
                Cancel
              </Button>
            </Stack>
          </Stack>
        </Box>
      </Grid>
      <Grid item xs={12} lg={4} sx={{ position: { lg: 'sticky' }, top: 0 }}>
        <RequestPreviewPanel
          input={validation.ok ? validation.value : undefined}
          missing={missing}
        />
      </Grid>
    </Grid>
  );
}
