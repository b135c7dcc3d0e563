import { useApi } from '@backstage/core-plugin-api';
import {
  TRANSFER_CHECKLIST,
  type ChecklistAnswers,
  type Handover,
} from '@internal/plugin-social-media-common';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { socialMediaApiRef } from '../../api';
import { fieldProblemsOf } from '../../utils/errors';
import { useSuccessNotice } from '../../utils/notify';
import {
  ChangeDialog,
  ChangeDialogActions,
  ChangeError,
} from '../shared/ChangeDialog';
import { ChecklistFields, checklistErrors } from './ChecklistFields';
import { handoverTitle } from './handoverModel';

/** A step someone takes on a transfer or retirement from its page. */
export type HandoverStepKind = 'accept' | 'decline' | 'withdraw';

function wording(handover: Handover, kind: HandoverStepKind) {
  const transfer = handover.kind === 'transfer';
  switch (kind) {
    case 'accept':
      return transfer
        ? {
            title: 'Accept',
            submitLabel: 'Accept the service',
            explanation:
              'Your group becomes the owner group and the named person the service owner, recorded in your name with every checklist answer. Tick each item only once it is done.',
            done: 'accepted: the service is yours',
          }
        : {
            title: 'Approve',
            submitLabel: 'Approve retirement',
            explanation:
              'The service moves to retired with access revoked and its account archived or deleted, recorded in your name with the checklist the owners confirmed.',
            done: 'approved: the service is retired',
          };
    case 'decline':
      return {
        title: 'Decline',
        submitLabel: 'Decline',
        explanation: transfer
          ? 'The service stays with its owner group. They see your comment.'
          : 'The service stays in its stage. The owners see your comment.',
        done: 'declined',
      };
    default:
      return {
        title: 'Withdraw',
        submitLabel: 'Withdraw',
        explanation:
          'Withdrawing takes the request back for good: nobody can accept it afterwards.',
        done: 'withdrawn',
      };
  }
}

/**
 * Accepts (with the transfer checklist), approves, declines or withdraws a
 * transfer or retirement, naming the version seen. The backend's refusals
 * (not a member of the receiving group, the filer deciding, someone else
 * deciding first) are shown as it words them.
 */
export function HandoverStepDialog(props: {
  handover: Handover;
  kind: HandoverStepKind;
  onClose: () => void;
  onDone: (handover: Handover) => void;
  onReload: () => void;
}) {
  const { handover, kind, onClose, onDone, onReload } = props;
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const text = wording(handover, kind);
  const withChecklist = kind === 'accept' && handover.kind === 'transfer';
  const [comment, setComment] = useState('');
  const [checklist, setChecklist] = useState<ChecklistAnswers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (withChecklist) {
      const open = TRANSFER_CHECKLIST.filter(i => checklist[i.id] !== true);
      if (open.length) {
        setErrors(
          Object.fromEntries(open.map(i => [i.id, `Not done yet: ${i.label}`])),
        );
        return;
      }
    }
    setErrors({});
    setSubmitError(undefined);
    setSubmitting(true);
    const trimmed = comment.trim();
    try {
      const next =
        kind === 'withdraw'
          ? await api.withdrawHandover(handover.id, {
              version: handover.version,
              ...(trimmed ? { comment: trimmed } : {}),
            })
          : await api.decideHandover(handover.id, {
              decision: kind,
              version: handover.version,
              ...(trimmed ? { comment: trimmed } : {}),
              ...(withChecklist ? { checklist } : {}),
            });
      notify(`${handoverTitle(handover)} is ${text.done}.`);
      onDone(next);
    } catch (error) {
      setErrors(checklistErrors(fieldProblemsOf(error)));
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={`${text.title}: ${handoverTitle(handover)}`}
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{text.explanation}</DialogContentText>
        <Stack spacing={2}>
          {withChecklist && (
            <ChecklistFields
              legend="Transfer checklist"
              items={TRANSFER_CHECKLIST}
              answers={checklist}
              onChange={setChecklist}
              errors={errors}
              helperText="Every item must be done before your group takes the service over."
            />
          )}
          <TextField
            label="Comment"
            multiline
            minRows={2}
            value={comment}
            onChange={event => setComment(event.target.value)}
            helperText={
              kind === 'decline'
                ? 'Why, for the people who filed it.'
                : 'Optional, kept on the timeline.'
            }
          />
        </Stack>
        {submitError !== undefined && (
          <ChangeError
            error={submitError}
            onReload={onReload}
            explainConflict
            explainRefusal
          />
        )}
      </DialogContent>
      <ChangeDialogActions
        submitLabel={text.submitLabel}
        submitting={submitting}
        error={submitError}
        onCancel={onClose}
      />
    </ChangeDialog>
  );
}
