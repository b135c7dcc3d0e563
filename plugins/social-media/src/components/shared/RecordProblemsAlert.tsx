import { RecordProblem } from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';

/** What a person calls the fields the API names. */
const FIELD_LABELS: Record<string, string> = {
  platform: 'Platform',
  lifecycleStage: 'Lifecycle stage',
  tags: 'Tags',
  checklist: 'Checklist',
  deciders: 'Who decided',
  steps: 'Timeline',
  controls: 'Controls',
  riskRating: 'Risk rating',
  risk: 'How the rating was worked out',
  audienceSize: 'Audience size',
  openIncidentCount: 'Open incidents',
  leaverCount: 'Leavers with access',
  adminCount: 'People with access',
  accessReviewDueAt: 'Next access review',
  createdAt: 'Catalogued',
  updatedAt: 'Last changed',
  version: 'Version',
};

function labelOf(field: string): string {
  const [head, ...rest] = field.split('.');
  const label = FIELD_LABELS[head] ?? head;
  return rest.length > 0 ? `${label}, ${rest.join('.')}` : label;
}

/**
 * Says that the stored record (a service, a transfer or a retirement) holds values the catalogue
 * never writes (a change made in the database outside it), each with what was found and what the
 * page shows instead, so that the people reading it know which figures not to trust.
 */
export function RecordProblemsAlert(props: {
  problems?: RecordProblem[];
  /** What holds until the record is put right, and how it is put right. */
  untilPutRight: string;
}) {
  const problems = props.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <Alert severity="error" role="region" aria-label="Damaged record">
      <AlertTitle>This record was changed outside the catalogue</AlertTitle>
      The database holds{' '}
      {problems.length === 1 ? 'a value' : `${problems.length} values`} the
      catalogue never writes. {props.untilPutRight}
      <Box component="ul" sx={{ m: 0, mt: 1, pl: 2.5 }}>
        {problems.map(p => (
          <li key={p.field}>
            <strong>{labelOf(p.field)}</strong> ({p.field}): stored “{p.stored}
            ”, shown as {p.shownAs}
          </li>
        ))}
      </Box>
    </Alert>
  );
}
