import { useApi } from '@backstage/core-plugin-api';
import {
  INCIDENT_REPORT_CATEGORIES,
  INCIDENT_REPORT_CATEGORY_LABELS,
  incidentReportSchema,
  type IncidentReportCategory,
  type LinkedIncident,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { socialMediaApiRef } from '../../api';
import { describeChangeError } from '../../utils/errors';
import { useSuccessNotice } from '../../utils/notify';
import { ChangeDialog } from '../shared/ChangeDialog';

type Field = 'title' | 'description' | 'category';

/**
 * Reports an incident on a service (e.g. a suspected account takeover) to
 * the ITSM tool the service is mapped to; the tool's number comes back.
 */
export function ReportIncidentDialog(props: {
  service: SocialServiceDetails;
  /** e.g. ServiceNow. */
  itsmTitle: string;
  onClose: () => void;
  onReported: (incident: LinkedIncident) => void;
}) {
  const { service, itsmTitle, onClose, onReported } = props;
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const [category, setCategory] = useState<IncidentReportCategory | ''>('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  // A field's message goes as soon as the field is edited; the next submit checks again.
  const clearError = (field: Field) =>
    setErrors(previous => ({ ...previous, [field]: undefined }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = incidentReportSchema.safeParse({
      title,
      description,
      category: category || undefined,
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        found[field] ??=
          field === 'category' ? 'Choose what happened.' : issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setSubmitError(undefined);
    setSubmitting(true);
    try {
      const incident = await api.reportIncident(service.id, parsed.data);
      notify(`Incident ${incident.number} raised in ${itsmTitle}.`);
      onReported(incident);
    } catch (error) {
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={<>Report an incident on {service.name}</>}
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          The incident is raised in {itsmTitle} against{' '}
          {service.itsm?.reference}, with your name and this service. A
          suspected takeover, phishing or impersonation also raises the
          service's risk rating.
        </DialogContentText>
        <Stack spacing={2}>
          <TextField
            select
            label="What happened"
            required
            fullWidth
            value={category}
            onChange={event => {
              setCategory(event.target.value as IncidentReportCategory);
              clearError('category');
            }}
            error={Boolean(errors.category)}
            helperText={errors.category}
          >
            {INCIDENT_REPORT_CATEGORIES.map(value => (
              <MenuItem key={value} value={value}>
                {INCIDENT_REPORT_CATEGORY_LABELS[value]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Title"
            required
            fullWidth
            value={title}
            onChange={event => {
              setTitle(event.target.value);
              clearError('title');
            }}
            error={Boolean(errors.title)}
            helperText={
              errors.title ??
              'One line the service desk sees first, e.g. "Password reset nobody requested".'
            }
          />
          <TextField
            label="Description"
            required
            fullWidth
            multiline
            minRows={3}
            value={description}
            onChange={event => {
              setDescription(event.target.value);
              clearError('description');
            }}
            error={Boolean(errors.description)}
            helperText={
              errors.description ??
              'What you saw and when, and what has been done so far.'
            }
          />
        </Stack>
        {submitError !== undefined && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {describeChangeError(submitError)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button type="submit" variant="contained" disabled={submitting}>
          {submitting ? 'Reporting…' : 'Report incident'}
        </Button>
      </DialogActions>
    </ChangeDialog>
  );
}
