import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { describeLoadError } from '../../utils/errors';

/**
 * What a person sees when something could not be read: why, in words (the
 * permission or sign-in when that is the cause), and a way to try again.
 */
export function LoadError(props: {
  error: unknown;
  /** What was being read, e.g. "the rating history". */
  what: string;
  onRetry: () => void;
}) {
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={props.onRetry}>
          Try again
        </Button>
      }
    >
      {describeLoadError(props.error, props.what)}
    </Alert>
  );
}
