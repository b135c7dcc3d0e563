import { useApi } from '@backstage/core-plugin-api';
import {
  requestDecisionSchema,
  requestStepSchema,
  type RequestDecision,
  type ServiceRequest,
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

/** A step someone takes on a request from its page. */
export type RequestStepKind = RequestDecision | 'submit' | 'withdraw';

const STEPS: Record<
  RequestStepKind,
  {
    title: string;
    submitLabel: string;
    explanation: string;
    commentHint: string;
    done: string;
    commentRequired: boolean;
  }
> = {
  approve: {
    title: 'Approve request',
    submitLabel: 'Approve',
    explanation:
      'Your approval is recorded in your name with the time and your comment. Once every approval the request needs is given, the service is catalogued in design.',
    commentHint:
      'What you checked, e.g. the owner, the audience and the tools.',
    done: 'approved',
    commentRequired: true,
  },
  'request-changes': {
    title: 'Request changes to request',
    submitLabel: 'Request changes',
    explanation:
      'The request goes back to the requester and their team; approvals given so far start again when they submit it anew.',
    commentHint: 'What must change before you can approve it.',
    done: 'sent back for changes',
    commentRequired: true,
  },
  reject: {
    title: 'Reject request',
    submitLabel: 'Reject',
    explanation:
      'Rejecting ends the request: the account is not catalogued. The requester sees your comment.',
    commentHint: 'Why the account should not be opened.',
    done: 'rejected',
    commentRequired: true,
  },
  submit: {
    title: 'Submit request',
    submitLabel: 'Submit request',
    explanation:
      'The request goes to its approvers. Approvals given before start again.',
    commentHint: 'Optional: what changed, for the approvers.',
    done: 'sent to IT for approval',
    commentRequired: false,
  },
  withdraw: {
    title: 'Withdraw request',
    submitLabel: 'Withdraw request',
    explanation:
      'Withdrawing takes the request back for good: nobody can approve it afterwards.',
    commentHint: 'Optional: why you take it back.',
    done: 'withdrawn',
    commentRequired: false,
  },
};

/**
 * Asks for the comment of a step on a request (an approver's decision, or
 * the requester side submitting or withdrawing it), then takes the step,
 * naming the version seen. What the backend refuses is shown as it says it:
 * the separation of duties (403) and a decision someone else made first
 * (409, with a Reload).
 */
export function RequestStepDialog(props: {
  request: ServiceRequest;
  kind: RequestStepKind;
  onClose: () => void;
  /** Called after the step, with the request as it is now. */
  onDone: (request: ServiceRequest) => void;
  /** Called when the person wants the latest version after a conflict. */
  onReload: () => void;
}) {
  const { request, kind, onClose, onDone, onReload } = props;
  const step = STEPS[kind];
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string>();
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  const take = async (): Promise<ServiceRequest | undefined> => {
    if (kind === 'submit' || kind === 'withdraw') {
      const parsed = requestStepSchema.safeParse({
        version: request.version,
        comment,
      });
      if (!parsed.success) {
        setCommentError(parsed.error.issues[0]?.message);
        return undefined;
      }
      const body = parsed.data.comment
        ? { version: parsed.data.version, comment: parsed.data.comment }
        : { version: parsed.data.version };
      setCommentError(undefined);
      setSubmitError(undefined);
      setSubmitting(true);
      return kind === 'submit'
        ? api.submitServiceRequest(request.id, body)
        : api.withdrawServiceRequest(request.id, body);
    }
    const parsed = requestDecisionSchema.safeParse({
      decision: kind,
      comment,
      version: request.version,
    });
    if (!parsed.success) {
      const issue =
        parsed.error.issues.find(i => i.path[0] === 'comment') ??
        parsed.error.issues[0];
      setCommentError(issue?.message);
      return undefined;
    }
    setCommentError(undefined);
    setSubmitError(undefined);
    setSubmitting(true);
    return api.decideServiceRequest(request.id, parsed.data);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const next = await take();
      if (!next) return;
      notify(`Request ${request.id} is ${step.done}.`);
      onDone(next);
    } catch (error) {
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={
        <>
          {step.title} {request.id}: {request.name}
        </>
      }
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{step.explanation}</DialogContentText>
        <TextField
          label="Comment"
          required={step.commentRequired}
          fullWidth
          multiline
          minRows={3}
          value={comment}
          onChange={event => {
            setComment(event.target.value);
            setCommentError(undefined);
          }}
          error={Boolean(commentError)}
          helperText={commentError ?? step.commentHint}
        />
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
        submitLabel={step.submitLabel}
        submitting={submitting}
        error={submitError}
        onCancel={onClose}
      />
    </ChangeDialog>
  );
}
