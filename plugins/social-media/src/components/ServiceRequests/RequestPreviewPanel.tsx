import { useApi } from '@backstage/core-plugin-api';
import type { ServiceRequestInput } from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { socialMediaApiRef, type ServiceRequestPreview } from '../../api';
import { describeChangeError } from '../../utils/errors';
import { Section } from '../shared/Section';
import { PredictionFacts } from './PredictionFacts';

/** How long the form must be still before the preview is asked for again. */
export const PREVIEW_DELAY_MS = 400;

/**
 * "What IT will require", live beside the request form: once the request
 * passes the shared rules, the backend's prediction for it (rating, its top
 * factors, the controls needed before operation) and whose approvals it
 * needs. Asked for again a moment after each change.
 */
export function RequestPreviewPanel(props: {
  /** The request as it would be sent, or the fields still missing. */
  input: ServiceRequestInput | undefined;
  missing: string[];
}) {
  const { input, missing } = props;
  const api = useApi(socialMediaApiRef);
  const key = input ? JSON.stringify(input) : '';
  const [settled, setSettled] = useState(key);
  useDebounce(() => setSettled(key), PREVIEW_DELAY_MS, [key]);

  const preview = useAsync(async (): Promise<
    ServiceRequestPreview | undefined
  > => {
    if (!settled) return undefined;
    return api.previewServiceRequest(JSON.parse(settled));
  }, [api, settled]);

  // The last prediction stays on screen while the next is worked out.
  const [shown, setShown] = useState<ServiceRequestPreview>();
  useEffect(() => {
    if (preview.value) setShown(preview.value);
  }, [preview.value]);

  let body;
  if (!input) {
    body = (
      <>
        <Typography variant="body2">
          Fill in the request to see the rating IT predicts for the account, the
          controls it will need before it goes live, and who approves it.
        </Typography>
        {missing.length > 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            Still to fill in: {missing.join(', ')}.
          </Typography>
        )}
      </>
    );
  } else if (preview.error) {
    body = (
      <Alert severity="error">
        The prediction could not be worked out:{' '}
        {describeChangeError(preview.error)}
      </Alert>
    );
  } else if (shown) {
    body = (
      <PredictionFacts
        prediction={shown.prediction}
        approvals={shown.approvals}
        stacked
      />
    );
  }

  const working = Boolean(input) && (preview.loading || settled !== key);
  return (
    <Section title="What IT will require">
      <Box aria-live="polite" aria-busy={working}>
        {working && (
          <LinearProgress
            aria-label="Working out what IT will require"
            sx={{ mb: 2 }}
          />
        )}
        {body}
      </Box>
    </Section>
  );
}
