import { RecordProblem } from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { SERVICE_FIELD_TITLES } from '../ServicePage/historySummary';

/** What a person calls the fields the API names, besides a service's own fields. */
const FIELD_LABELS: Record<string, string> = {
  checklist: 'Checklist',
  deciders: 'Who decided',
  steps: 'Timeline',
  controls: 'Controls',
  risk: 'How the rating was worked out',
  openIncidentCount: 'Open incidents',
  leaverCount: 'Leavers with access',
  adminCount: 'People with access',
  accessReviewDueAt: 'Next access review',
  previousRating: 'Previous rating',
  rating: 'Rating',
  likelihoodLevel: 'Likelihood level',
  impactLevel: 'Impact level',
  reasons: 'Reasons',
  decisions: 'Decisions',
  approvedBy: 'Approved by',
  at: 'Time',
  createdAt: 'Catalogued',
  updatedAt: 'Last changed',
  version: 'Version',
};

function labelOf(field: string, pageLabels: Record<string, string>): string {
  const labels = { ...FIELD_LABELS, ...SERVICE_FIELD_TITLES, ...pageLabels };
  if (labels[field]) return labels[field];
  const [head, ...rest] = field.split('.');
  // A list's item, e.g. `approvals[1]`: the list's label and the item's place, counted from 1.
  const item = /^(.+)\[(\d+)\]$/.exec(head);
  const name = item ? item[1] : head;
  const label = `${labels[name] ?? name}${
    item ? ` ${Number(item[2]) + 1}` : ''
  }`;
  return rest.length > 0 ? `${label}, ${rest.join('.')}` : label;
}

/**
 * Says that the stored record (a service, a request, a transfer or a retirement) holds values the
 * catalogue never writes (a change made in the database outside it), each with what was found and
 * what the page shows instead, so that the people reading it know which figures not to trust.
 */
export function RecordProblemsAlert(props: {
  problems?: RecordProblem[];
  /** What holds until the record is put right, and how it is put right. */
  untilPutRight: string;
  /** The record's own fields in words, where the page names them otherwise. */
  labels?: Record<string, string>;
}) {
  const labels = props.labels ?? {};
  const problems = props.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <Alert severity="error" role="region" aria-label="Damaged record">
      <AlertTitle>This record was changed outside the catalogue</AlertTitle>
      The database holds{' '}
      {problems.length === 1 ? 'a value' : `${problems.length} values`} the
      catalogue never writes. {props.untilPutRight}
      <Box component="ul" sx={{ m: 0, mt: 1, pl: 2.5 }}>
        {problems.map((p, index) => (
          <li key={index}>
            <strong>{labelOf(p.field, labels)}</strong> ({p.field}): stored “
            {p.stored}
            ”, shown as {p.shownAs}
          </li>
        ))}
      </Box>
    </Alert>
  );
}

/**
 * The same, in a line under one entry of a list (a rating change, an access review, an ownership
 * change): which of its values the catalogue never wrote, and what is shown instead.
 */
export function RecordProblemsNote(props: {
  problems?: RecordProblem[];
  /** Within a sentence, in brackets, rather than on a line of its own. */
  inline?: boolean;
}) {
  const problems = props.problems ?? [];
  if (problems.length === 0) return null;
  const { inline } = props;
  return (
    <Typography
      component="span"
      variant="caption"
      color="error"
      display={inline ? 'inline' : 'block'}
      role="note"
      aria-label="Changed outside the catalogue"
    >
      {inline ? ' (changed' : 'Changed'} outside the catalogue:{' '}
      {problems
        .map(
          p =>
            `${labelOf(p.field, {})} stored “${p.stored}”, shown as ${
              p.shownAs
            }`,
        )
        .join('; ')}
      {inline ? ')' : ''}
    </Typography>
  );
}
