import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';
import {
  CONFLICT_MESSAGE,
  describeChangeError,
  isVersionConflict,
} from '../../utils/errors';

/**
 * Why a change in a dialog was refused: the backend's words, or, when the
 * service changed meanwhile, an offer to reload it.
 */
export function ChangeError(props: { error: unknown; onReload: () => void }) {
  const conflict = isVersionConflict(props.error);
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
      {conflict ? CONFLICT_MESSAGE : describeChangeError(props.error)}
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
