import { useApi } from '@backstage/core-plugin-api';
import {
  riskSignOffInputSchema,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { socialMediaApiRef } from '../../api';
import { formatDate, formatDateTime } from '../../utils/format';
import { useSuccessNotice } from '../../utils/notify';
import { RISK_RATING_TITLES, RiskBadge } from '../RiskBadge';
import {
  ChangeDialog,
  ChangeDialogActions,
  ChangeError,
} from '../shared/ChangeDialog';
import { Facts } from '../shared/Section';

/**
 * Signs off the current risk rating of a service: shows the rating being
 * signed with how it was worked out, asks why the signer accepts it, and
 * records the sign-off in the signer's name at the time of signing.
 */
export function SignOffDialog(props: {
  service: SocialServiceDetails;
  onClose: () => void;
  /** Called after the sign-off, with the service as it is now. */
  onSignedOff: (service: SocialServiceDetails) => void;
  /** Called when the user wants the latest version after a conflict. */
  onReload: () => void;
}) {
  const { service, onClose, onSignedOff, onReload } = props;
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string>();
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const risk = service.risk;
  if (!risk) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = riskSignOffInputSchema.safeParse({
      rating: risk.rating,
      note,
    });
    if (!parsed.success) {
      const issue =
        parsed.error.issues.find(i => i.path[0] === 'note') ??
        parsed.error.issues[0];
      setNoteError(issue?.message);
      return;
    }
    setNoteError(undefined);
    setSubmitError(undefined);
    setSubmitting(true);
    try {
      const signed = await api.signOff(service.id, parsed.data);
      notify(
        `The ${RISK_RATING_TITLES[risk.rating].toLocaleLowerCase(
          'en-US',
        )} rating of ${service.name} is signed off.`,
      );
      onSignedOff(signed);
    } catch (error) {
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={<>Sign off the risk rating of {service.name}</>}
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          You accept the rating below as it stands now. The sign-off is recorded
          in your name with today's date, and becomes stale as soon as the
          rating changes.
        </DialogContentText>
        <Facts
          items={[
            {
              label: 'Rating to sign off',
              value: <RiskBadge rating={risk.rating} size="medium" />,
            },
            {
              label: 'Likelihood × impact',
              value: `Likelihood level ${risk.likelihood.level} × impact level ${risk.impact.level} = ${risk.product}`,
            },
            {
              label: 'Rating worked out',
              value: (
                <time dateTime={risk.assessedAt}>
                  {formatDateTime(risk.assessedAt)}
                </time>
              ),
            },
            {
              label: 'Replaces',
              hidden: !service.signOff,
              value: service.signOff
                ? `The sign-off of ${formatDate(service.signOff.signedAt)}${
                    service.signOff.stale ? ', which is stale' : ''
                  }`
                : '',
            },
          ]}
        />
        <TextField
          label="Note"
          required
          fullWidth
          multiline
          minRows={3}
          sx={{ mt: 3 }}
          value={note}
          onChange={event => {
            setNote(event.target.value);
            setNoteError(undefined);
          }}
          error={Boolean(noteError)}
          helperText={
            noteError ??
            'Why you accept this rating, e.g. the controls you checked or the plan to lower it.'
          }
        />
        {submitError !== undefined && (
          <ChangeError
            error={submitError}
            onReload={onReload}
            explainConflict
          />
        )}
      </DialogContent>
      <ChangeDialogActions
        submitLabel="Sign off rating"
        submitting={submitting}
        error={submitError}
        onCancel={onClose}
      />
    </ChangeDialog>
  );
}
