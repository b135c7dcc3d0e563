import { useApi } from '@backstage/core-plugin-api';
import {
  accessReviewInputSchema,
  type AccessReviewDecision,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { socialMediaApiRef } from '../../api';
import { ADMIN_ROLE_TITLES } from '../../utils/format';
import { useSuccessNotice } from '../../utils/notify';
import {
  ChangeDialog,
  ChangeDialogActions,
  ChangeError,
} from '../shared/ChangeDialog';

/**
 * The access review: for every person holding access, keep or remove; then
 * attests the list, naming the version the reviewer saw.
 */
export function AccessReviewDialog(props: {
  service: SocialServiceDetails;
  onClose: () => void;
  /** Called after the review, with the service as it is now. */
  onReviewed: (service: SocialServiceDetails) => void;
  /** Called when the user wants the latest version after a conflict. */
  onReload: () => void;
}) {
  const { service, onClose, onReviewed, onReload } = props;
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const [decisions, setDecisions] = useState<
    Record<string, AccessReviewDecision | undefined>
  >({});
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [noteError, setNoteError] = useState<string>();
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const leavers = new Set(
    service.leavers.flatMap(l => (l.account ? [l.account] : [])),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const undecided = service.admins
      .map(a => a.account)
      .filter(account => !decisions[account]);
    setMissing(undecided);
    if (undecided.length) return;
    const parsed = accessReviewInputSchema.safeParse({
      version: service.version,
      decisions: service.admins.map(a => ({
        account: a.account,
        decision: decisions[a.account],
      })),
      note: note.trim() || undefined,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setNoteError(issue?.message);
      return;
    }
    setNoteError(undefined);
    setSubmitError(undefined);
    setSubmitting(true);
    try {
      const result = await api.submitAccessReview(service.id, parsed.data);
      const removed = parsed.data.decisions.filter(
        d => d.decision === 'remove',
      ).length;
      notify(
        `Access review of ${service.name} recorded${
          removed
            ? `: ${removed} ${removed === 1 ? 'admin' : 'admins'} removed`
            : ''
        }.`,
      );
      onReviewed(result.service);
    } catch (error) {
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={<>Review access to {service.name}</>}
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {service.admins.length === 0
            ? 'No one is recorded as holding access to the account. Submit to attest that the list is empty and complete.'
            : 'Decide for every person who holds access to the account whether they still need it. Removed admins leave the list; remove their access on the platform too. The review is recorded with your name and the time.'}
        </DialogContentText>
        <Stack spacing={2}>
          {service.admins.map(admin => {
            const left = !admin.inOrganisation || leavers.has(admin.account);
            const unanswered = missing.includes(admin.account);
            return (
              <FormControl
                key={admin.account}
                component="fieldset"
                error={unanswered}
              >
                <FormLabel component="legend">
                  <Box component="span" sx={{ fontWeight: 600 }}>
                    {admin.account}
                  </Box>{' '}
                  ({ADMIN_ROLE_TITLES[admin.role] ?? admin.role}
                  {admin.userRef ? `, ${admin.userRef}` : ''})
                  {left && (
                    <Box
                      component="span"
                      sx={{ color: 'error.main', fontWeight: 600 }}
                    >
                      {' '}
                      · left the organisation
                    </Box>
                  )}
                </FormLabel>
                <RadioGroup
                  row
                  aria-label={admin.account}
                  name={`decision-${admin.account}`}
                  value={decisions[admin.account] ?? ''}
                  onChange={event =>
                    setDecisions(previous => ({
                      ...previous,
                      [admin.account]: event.target
                        .value as AccessReviewDecision,
                    }))
                  }
                >
                  <FormControlLabel
                    value="keep"
                    control={<Radio />}
                    label="Keep"
                  />
                  <FormControlLabel
                    value="remove"
                    control={<Radio />}
                    label="Remove"
                  />
                </RadioGroup>
                {unanswered && (
                  <FormHelperText>Choose Keep or Remove.</FormHelperText>
                )}
              </FormControl>
            );
          })}
          <TextField
            label="Note"
            fullWidth
            multiline
            minRows={2}
            value={note}
            onChange={event => setNote(event.target.value)}
            error={Boolean(noteError)}
            helperText={
              noteError ??
              'Optional, e.g. why an admin keeps access or the ticket of the removal.'
            }
          />
        </Stack>
        {missing.length > 0 && (
          <Alert severity="error" sx={{ mt: 2 }}>
            Choose Keep or Remove for every admin: {missing.join(', ')}.
          </Alert>
        )}
        {submitError !== undefined && (
          <ChangeError error={submitError} onReload={onReload} />
        )}
      </DialogContent>
      <ChangeDialogActions
        submitLabel="Submit review"
        submitting={submitting}
        error={submitError}
        onCancel={onClose}
      />
    </ChangeDialog>
  );
}
