import { useApi } from '@backstage/core-plugin-api';
import {
  LIFECYCLE_STAGE_TITLES,
  toCsdmLifecycle,
  transitionInputSchema,
  type SocialServiceDetails,
  type TransitionOption,
} from '@internal/plugin-social-media-common';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { socialMediaApiRef } from '../../api';
import { useSuccessNotice } from '../../utils/notify';
import {
  ChangeDialog,
  ChangeDialogActions,
  ChangeError,
} from '../shared/ChangeDialog';

/**
 * Asks why a service moves to another stage, then moves it, naming the
 * version the user saw so that a concurrent change is not overwritten.
 */
export function TransitionDialog(props: {
  service: SocialServiceDetails;
  option: TransitionOption;
  onClose: () => void;
  /** Called after the move, with the service as it is now. */
  onMoved: (service: SocialServiceDetails) => void;
  /** Called when the user wants the latest version after a conflict. */
  onReload: () => void;
}) {
  const { service, option, onClose, onMoved, onReload } = props;
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  const from = LIFECYCLE_STAGE_TITLES[service.lifecycleStage];
  const to = LIFECYCLE_STAGE_TITLES[option.to];
  const csdm = toCsdmLifecycle(option.to);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = transitionInputSchema.safeParse({
      to: option.to,
      reason,
      version: service.version,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues.find(i => i.path[0] === 'reason');
      setReasonError(issue?.message ?? parsed.error.issues[0]?.message);
      return;
    }
    setReasonError(undefined);
    setSubmitError(undefined);
    setSubmitting(true);
    try {
      const moved = await api.transitionService(service.id, parsed.data);
      notify(`${service.name} moved to ${to}.`);
      onMoved(moved);
    } catch (error) {
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={<>Move to {to}</>}
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {service.name} moves from {from} to {to} (ServiceNow CSDM:{' '}
          {csdm.stage} / {csdm.status}). The move is recorded with your name,
          the time and your reason.
        </DialogContentText>
        <TextField
          label="Reason"
          required
          fullWidth
          multiline
          minRows={3}
          value={reason}
          onChange={event => setReason(event.target.value)}
          error={Boolean(reasonError)}
          helperText={
            reasonError ??
            'Why the service moves now, e.g. the approval or the change it follows.'
          }
        />
        {submitError !== undefined && (
          <ChangeError error={submitError} onReload={onReload} />
        )}
      </DialogContent>
      <ChangeDialogActions
        submitLabel="Confirm move"
        submitting={submitting}
        error={submitError}
        onCancel={onClose}
      />
    </ChangeDialog>
  );
}
