import { useApi } from '@backstage/core-plugin-api';
import {
  accessReviewInputSchema,
  type AccessReviewDecision,
  type ServiceAdmin,
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
import Typography from '@mui/material/Typography';
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
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  /** Set by the first submit: from then on, what is missing is shown. */
  const [attempted, setAttempted] = useState(false);
  const [reasonErrors, setReasonErrors] = useState<Record<string, string>>({});
  const [noteError, setNoteError] = useState<string>();
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const leavers = new Set(
    service.leavers.flatMap(l => (l.account ? [l.account] : [])),
  );
  const hasLeft = (admin: ServiceAdmin) =>
    !admin.inOrganisation || leavers.has(admin.account);
  /** Keeping a person who left needs a reason; the backend insists too. */
  const needsReason = (admin: ServiceAdmin) =>
    hasLeft(admin) && decisions[admin.account] === 'keep';
  // Worked out on every render, so that a hint goes as soon as it is answered.
  const undecided = service.admins
    .map(a => a.account)
    .filter(account => !decisions[account]);
  const unexplained = service.admins
    .filter(a => needsReason(a) && !reasons[a.account]?.trim())
    .map(a => a.account);
  const reasonMissing = (account: string) =>
    `Give a reason to keep ${account}: they have left the organisation`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setReasonErrors({});
    if (undecided.length || unexplained.length) return;
    const parsed = accessReviewInputSchema.safeParse({
      version: service.version,
      decisions: service.admins.map(a => ({
        account: a.account,
        decision: decisions[a.account],
        ...(needsReason(a) ? { reason: reasons[a.account] } : {}),
      })),
      note: note.trim() || undefined,
    });
    if (!parsed.success) {
      const byAccount: Record<string, string> = {};
      let noteProblem: string | undefined;
      for (const issue of parsed.error.issues) {
        const [field, index] = issue.path;
        if (field === 'decisions' && typeof index === 'number') {
          byAccount[service.admins[index].account] = issue.message;
        } else {
          noteProblem ??= issue.message;
        }
      }
      setReasonErrors(byAccount);
      setNoteError(noteProblem);
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
            const left = hasLeft(admin);
            const unanswered = attempted && undecided.includes(admin.account);
            const reasonError =
              reasonErrors[admin.account] ??
              (attempted && unexplained.includes(admin.account)
                ? reasonMissing(admin.account)
                : undefined);
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
                {needsReason(admin) && (
                  <TextField
                    label={`Why does ${admin.account} keep access?`}
                    required
                    fullWidth
                    size="small"
                    sx={{ mt: 1 }}
                    value={reasons[admin.account] ?? ''}
                    onChange={event =>
                      setReasons(previous => ({
                        ...previous,
                        [admin.account]: event.target.value,
                      }))
                    }
                    error={Boolean(reasonError)}
                    helperText={
                      reasonError ??
                      'They have left the organisation: say why they still need access, e.g. a hand-over until a date.'
                    }
                  />
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
        {undecided.length > 0 &&
          (attempted ? (
            <Alert severity="error" sx={{ mt: 2 }}>
              Choose Keep or Remove for every admin:{' '}
              {undecided.length === 1
                ? `1 left (${undecided[0]}).`
                : `${undecided.length} left (${undecided.join(', ')}).`}
            </Alert>
          ) : (
            <Typography
              variant="body2"
              color="text.secondary"
              role="status"
              sx={{ mt: 2 }}
            >
              {`${undecided.length} of ${service.admins.length} ${
                service.admins.length === 1 ? 'admin' : 'admins'
              } still ${undecided.length === 1 ? 'needs' : 'need'} a decision.`}
            </Typography>
          ))}
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
