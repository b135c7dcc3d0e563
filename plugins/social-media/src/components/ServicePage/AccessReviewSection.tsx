import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  socialServiceReviewPermission,
  type AccessReview,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { LoadError } from '../shared/LoadError';
import { RecordProblemsNote } from '../shared/RecordProblemsAlert';
import { formatDate, formatDateTime } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import {
  ACCESS_REVIEW_STATUS_TITLES,
  describeLastReview,
  shownReviewStatus,
} from '../shared/guardianship';
import { Facts, NotSet, Section } from '../shared/Section';
import { AccessReviewDialog } from './AccessReviewDialog';
import { wrapBetweenWords } from '../shared/tableText';

const STATUS_COLOURS = {
  current: 'success',
  due: 'warning',
  overdue: 'error',
} as const;

function describeDecisions(review: AccessReview): string {
  const kept = review.decisions.filter(d => d.decision === 'keep');
  const removed = review.decisions.filter(d => d.decision === 'remove');
  if (review.decisions.length === 0) return 'No admins: empty list attested';
  return `Kept ${kept.length}, removed ${removed.length}${
    removed.length ? `: ${removed.map(d => d.account).join(', ')}` : ''
  }`;
}

/**
 * What a review decided, and why: the reason given for each person kept
 * although they had left the organisation (and any other reason recorded).
 */
function Decisions(props: { review: AccessReview }) {
  const explained = props.review.decisions.filter(
    d => d.reason || (d.leftOrganisation && d.decision === 'keep'),
  );
  return (
    <>
      {describeDecisions(props.review)}
      {explained.length > 0 && (
        <Box
          component="ul"
          aria-label="Reasons"
          sx={{ m: 0, mt: 0.5, pl: 2.5 }}
        >
          {explained.map(d => (
            <li key={d.account}>
              {d.decision === 'keep' ? 'Kept' : 'Removed'} {d.account}
              {d.leftOrganisation ? ', who had left the organisation' : ''}
              {d.reason ? `: ${d.reason}` : ': no reason recorded'}
            </li>
          ))}
        </Box>
      )}
    </>
  );
}

function PastReviews(props: {
  items?: AccessReview[];
  error?: Error;
  onRetry: () => void;
}) {
  const { items, error, onRetry } = props;
  if (error) {
    return (
      <LoadError
        error={error}
        what="the past access reviews"
        onRetry={onRetry}
      />
    );
  }
  if (!items) {
    return <LinearProgress aria-label="Loading the past access reviews" />;
  }
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No access review recorded yet.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table
        size="small"
        sx={wrapBetweenWords}
        aria-label="Past access reviews"
      >
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Reviewer</TableCell>
            <TableCell>Decisions</TableCell>
            <TableCell>Note</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(review => (
            <TableRow key={review.id}>
              <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                <time dateTime={review.at}>{formatDateTime(review.at)}</time>
                <RecordProblemsNote problems={review.recordProblems} />
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                <EntityRef entityRef={review.reviewer} kind="user" />
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                <Decisions review={review} />
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                {review.note ?? <NotSet>None</NotSet>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/**
 * Where the service stands with its periodic access review, the button that
 * starts one, and the reviews done so far.
 */
export function AccessReviewSection(props: {
  service: SocialServiceDetails;
  /** Called after a review, with the service as it is now. */
  onReviewed: (service: SocialServiceDetails) => void;
  onReload: () => void;
}) {
  const { service, onReviewed, onReload } = props;
  const { allowed: mayReview } = usePermission({
    permission: socialServiceReviewPermission,
    resourceRef: service.id,
  });
  const { accessReview } = service;
  // A service never reviewed is never shown as current.
  const status = shownReviewStatus(accessReview);
  const api = useApi(socialMediaApiRef);
  const [open, setOpen] = useState(false);
  const reviews = useAsyncRetry(
    () => api.getAccessReviews(service.id),
    [api, service.id, service.version],
  );

  return (
    <Section
      title="Access review"
      action={
        mayReview && (
          <Button
            variant={status === 'current' ? 'outlined' : 'contained'}
            startIcon={<FactCheckIcon />}
            onClick={() => setOpen(true)}
          >
            Review access
          </Button>
        )
      }
    >
      <Stack spacing={2}>
        <Facts
          items={[
            {
              label: 'Status',
              value: (
                <Chip
                  size="small"
                  color={STATUS_COLOURS[status]}
                  label={
                    status === 'overdue'
                      ? `Overdue by ${accessReview.overdueDays} ${
                          accessReview.overdueDays === 1 ? 'day' : 'days'
                        }`
                      : ACCESS_REVIEW_STATUS_TITLES[status]
                  }
                />
              ),
            },
            { label: 'Due', value: formatDate(accessReview.dueAt) },
            {
              label: 'Last reviewed',
              value: describeLastReview(accessReview),
            },
            {
              label: 'Interval',
              value: `Every ${accessReview.intervalDays} days`,
            },
          ]}
        />
        <Box>
          <Typography
            variant="subtitle1"
            component="h4"
            fontWeight={600}
            sx={{ mb: 1 }}
          >
            Past reviews
          </Typography>
          <PastReviews
            items={reviews.value?.items}
            error={reviews.error}
            onRetry={reviews.retry}
          />
        </Box>
      </Stack>
      {open && (
        <AccessReviewDialog
          service={service}
          onClose={() => setOpen(false)}
          onReviewed={reviewed => {
            setOpen(false);
            onReviewed(reviewed);
          }}
          onReload={() => {
            setOpen(false);
            onReload();
          }}
        />
      )}
    </Section>
  );
}
