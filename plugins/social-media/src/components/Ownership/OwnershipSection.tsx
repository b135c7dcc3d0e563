import { useApi } from '@backstage/core-plugin-api';
import type {
  OwnershipPeriod,
  ServiceOwnership,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DateTime } from 'luxon';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { formatDateTime } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import { LoadError } from '../shared/LoadError';
import { Section } from '../shared/Section';
import { ChangeWords, NoValidOwner } from './OwnershipParts';
import { OWNERSHIP_PROBLEM_TEXT } from './ownershipText';
import { wrapBetweenWords } from '../shared/tableText';

/** A `datetime-local` value (local time, to the minute) for an instant. */
function toLocalInput(date: DateTime): string {
  return date.toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The answer in one sentence: who owned the service then, since when, set by whom. */
function OwnerSentence(props: { ownership: ServiceOwnership }) {
  const { service, at, owner } = props.ownership;
  const when = formatDateTime(at);
  if (!owner) {
    if (at < service.cataloguedAt) {
      return (
        <>
          On {when} {service.name} was not yet catalogued: it was catalogued on{' '}
          {formatDateTime(service.cataloguedAt)}.
        </>
      );
    }
    return (
      <>
        On {when} {service.name} was no longer catalogued: it was deleted on{' '}
        {formatDateTime(service.deletedAt)}.
      </>
    );
  }
  return (
    <>
      On {when} {service.name} was owned by{' '}
      {owner.ownerGroup ? (
        <EntityRef entityRef={owner.ownerGroup} kind="group" />
      ) : (
        'no group'
      )}
      ,{' '}
      {owner.serviceOwner ? (
        <>
          service owner <EntityRef entityRef={owner.serviceOwner} kind="user" />
        </>
      ) : (
        'with no service owner named'
      )}
      , since {formatDateTime(owner.since)} <ChangeWords change={owner.setBy} />
      .
    </>
  );
}

function TimelineTable(props: { timeline: OwnershipPeriod[] }) {
  return (
    <TableContainer>
      <Table size="small" sx={wrapBetweenWords} aria-label="Ownership timeline">
        <TableHead>
          <TableRow>
            <TableCell>From</TableCell>
            <TableCell>Until</TableCell>
            <TableCell>Owner group</TableCell>
            <TableCell>Service owner</TableCell>
            <TableCell>Set by</TableCell>
            <TableCell>Valid owner</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.timeline.map(period => (
            <TableRow
              key={`${period.from}-${period.setBy.action}`}
              sx={
                period.problems.length
                  ? { backgroundColor: 'warning.light' }
                  : undefined
              }
            >
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(period.from)}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {period.to
                  ? `${formatDateTime(period.to)}${
                      period.endedBy?.action === 'delete' ? ' (deleted)' : ''
                    }`
                  : 'now'}
              </TableCell>
              <TableCell>
                <EntityRef entityRef={period.ownerGroup} kind="group" />
              </TableCell>
              <TableCell>
                <EntityRef entityRef={period.serviceOwner} kind="user" />
              </TableCell>
              <TableCell>
                <ChangeWords change={period.setBy} />
              </TableCell>
              <TableCell>
                {period.problems.length ? (
                  <NoValidOwner problems={period.problems} />
                ) : (
                  'Yes'
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/**
 * Who owned the service at a chosen moment, in a sentence, and its whole
 * ownership timeline with the periods without a valid owner marked.
 */
export function OwnershipSection(props: { serviceId: string }) {
  const { serviceId } = props;
  const api = useApi(socialMediaApiRef);
  const [input, setInput] = useState(() => toLocalInput(DateTime.now()));
  const chosen = DateTime.fromISO(input);
  const at = chosen.isValid ? chosen.toUTC().toISO() ?? undefined : undefined;
  const loaded = useAsyncRetry(
    () => api.getServiceOwnership(serviceId, at),
    [api, serviceId, at],
  );
  const ownership = loaded.value;
  const problems = ownership?.owner?.period.problems ?? [];

  let body;
  if (loaded.error) {
    body = (
      <LoadError
        error={loaded.error}
        what="the ownership of this service"
        onRetry={loaded.retry}
      />
    );
  } else if (!ownership) {
    body = <LinearProgress aria-label="Loading the ownership" />;
  } else {
    body = (
      <Stack spacing={2}>
        <Typography
          variant="body1"
          aria-live="polite"
          data-testid="owner-sentence"
        >
          <OwnerSentence ownership={ownership} />
        </Typography>
        {problems.length > 0 && (
          <Alert severity="warning">
            No valid owner at that moment:{' '}
            {problems.map(p => OWNERSHIP_PROBLEM_TEXT[p]).join(', ')}.
          </Alert>
        )}
        <TimelineTable timeline={ownership.timeline} />
      </Stack>
    );
  }
  return (
    <Section title="Ownership">
      <Stack spacing={2}>
        <TextField
          label="Who owned it on"
          type="datetime-local"
          value={input}
          onChange={event => setInput(event.target.value)}
          InputLabelProps={{ shrink: true }}
          helperText={
            chosen.isValid ? 'Your local time' : 'Choose a date and a time'
          }
          error={!chosen.isValid}
          sx={{ maxWidth: 320 }}
        />
        {body}
      </Stack>
    </Section>
  );
}
