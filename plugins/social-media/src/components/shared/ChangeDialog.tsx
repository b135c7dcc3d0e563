import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogTitle from '@mui/material/DialogTitle';
import { useId, type FormEvent, type ReactNode } from 'react';
import {
  CONFLICT_MESSAGE,
  describeChangeError,
  errorMessage,
  errorStatus,
  isVersionConflict,
} from '../../utils/errors';

/**
 * A dialog that is a form for one change: titled, submitted with Enter or its
 * submit button, and not closed by a click outside while the change is on its
 * way.
 */
export function ChangeDialog(props: {
  title: ReactNode;
  maxWidth?: 'sm' | 'md';
  submitting: boolean;
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Dialog
      open
      onClose={props.submitting ? undefined : props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth={props.maxWidth ?? 'sm'}
      PaperProps={{
        component: 'form',
        onSubmit: props.onSubmit,
        noValidate: true,
      }}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      {props.children}
    </Dialog>
  );
}

/**
 * Why a change in a dialog was refused: the backend's words, or, when the
 * service changed meanwhile, an offer to reload it.
 */
export function ChangeError(props: {
  error: unknown;
  onReload: () => void;
  /**
   * On a conflict, the backend's own explanation (e.g. "the rating is now
   * critical") instead of the general "this service changed" sentence.
   */
  explainConflict?: boolean;
  /**
   * On a refusal (403), the backend's own reason as it stands (e.g. "You
   * filed this request, so you cannot decide on it…") instead of the general
   * "You are not allowed to make this change" sentence.
   */
  explainRefusal?: boolean;
}) {
  const conflict = isVersionConflict(props.error);
  let message: string;
  if (conflict) {
    message = props.explainConflict
      ? errorMessage(props.error)
      : CONFLICT_MESSAGE;
  } else if (props.explainRefusal && errorStatus(props.error) === 403) {
    message = errorMessage(props.error);
  } else {
    message = describeChangeError(props.error);
  }
  return (
    <Alert
      severity="error"
      sx={{ mt: 2 }}
      action={
        conflict ? (
          <Button color="inherit" size="small" onClick={props.onReload}>
            Reload
          </Button>
        ) : undefined
      }
    >
      {message}
    </Alert>
  );
}

/**
 * Cancel and submit of a change dialog; submitting is off while a change is
 * on its way and after a version conflict (only a reload helps then).
 */
export function ChangeDialogActions(props: {
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  onCancel: () => void;
}) {
  const conflict = props.error !== undefined && isVersionConflict(props.error);
  return (
    <DialogActions>
      <Button onClick={props.onCancel} disabled={props.submitting}>
        Cancel
      </Button>
      <Button
        type="submit"
        variant="contained"
        disabled={props.submitting || conflict}
      >
        {props.submitLabel}
      </Button>
    </DialogActions>
  );
}
