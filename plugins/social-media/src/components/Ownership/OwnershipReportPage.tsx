import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import type { OwnershipReport } from '@internal/plugin-social-media-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
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
import { FormEvent, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { socialMediaApiRef } from '../../api';
import { rootRouteRef, serviceRouteRef } from '../../routes';
import { formatDate, formatDateTime } from '../../utils/format';
import { EntityRefField } from '../ServiceForm/EntityRefField';
import { EntityRef } from '../shared/EntityRef';
import { LoadError } from '../shared/LoadError';
import { ChangeWords, NoValidOwner } from './OwnershipParts';
import { wrapBetweenWords } from '../shared/tableText';

type Who = 'group' | 'person';

/** Where a service stands now: deleted, retired or still catalogued. */
function nowInWords(item: OwnershipReport['items'][number]): string {
  if (item.deletedAt) return `Deleted on ${formatDate(item.deletedAt)}`;
  return item.lifecycleStage === 'retired' ? 'Retired' : 'Catalogued';
}

function ReportTable(props: { report: OwnershipReport }) {
  const serviceLink = useRouteRef(serviceRouteRef);
  const { report } = props;
  if (report.items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {report.group ? 'The group' : 'The person'} owned no service between{' '}
        {formatDate(report.from)} and {formatDate(report.to)}.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" sx={wrapBetweenWords} aria-label="Services owned">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Now</TableCell>
            <TableCell>Owned from</TableCell>
            <TableCell>Until</TableCell>
            <TableCell>How it came</TableCell>
            <TableCell>Valid owner</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.items.flatMap(item =>
            item.periods.map((period, i) => (
              <TableRow key={`${item.serviceId}-${period.from}`}>
                <TableCell>
                  {i === 0 &&
                    (item.deletedAt ? (
                      item.serviceName
                    ) : (
                      <Link
                        component={RouterLink}
                        to={`${serviceLink({
                          id: item.serviceId,
                        })}?tab=ownership`}
                      >
                        {item.serviceName}
                      </Link>
                    ))}
                </TableCell>
                <TableCell>
                  {i === 0 && (
                    <>
                      {nowInWords(item)}
                      {item.ownerGroupNow && !item.deletedAt && (
                        <>
                          , now owned by{' '}
                          <EntityRef
                            entityRef={item.ownerGroupNow}
                            kind="group"
                          />
                        </>
                      )}
                    </>
                  )}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(period.from)}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {period.to ? formatDateTime(period.to) : 'now'}
                  {period.endedBy?.action === 'transfer' && ' (transferred)'}
                  {period.endedBy?.action === 'delete' && ' (deleted)'}
                </TableCell>
                <TableCell>
                  <ChangeWords change={period.setBy} />
                </TableCell>
                <TableCell>
                  {period.withoutValidOwner.length === 0
                    ? 'Yes'
                    : period.withoutValidOwner.map(gap => (
                        <Box key={gap.from} sx={{ mb: 0.5 }}>
                          <NoValidOwner problems={gap.problems} />{' '}
                          <Typography variant="caption" component="span">
                            {formatDate(gap.from)} –{' '}
                            {gap.to ? formatDate(gap.to) : 'now'}
                          </Typography>
                        </Box>
                      ))}
                </TableCell>
              </TableRow>
            )),
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/**
 * The ownership report: every service a group or a person owned over a
 * period, with the stretches they owned it, including services since
 * transferred, retired or deleted.
 */
export function OwnershipReportPage() {
  const api = useApi(socialMediaApiRef);
  const rootLink = useRouteRef(rootRouteRef);
  const [who, setWho] = useState<Who>('group');
  const [ref, setRef] = useState('');
  const [from, setFrom] = useState(
    () => DateTime.now().minus({ years: 1 }).toISODate()!,
  );
  const [to, setTo] = useState(() => DateTime.now().toISODate()!);
  const [state, setState] = useState<{
    loading?: boolean;
    error?: Error;
    report?: OwnershipReport;
  }>({});

  const run = async (event?: FormEvent) => {
    event?.preventDefault();
    setState({ loading: true });
    try {
      // The period runs from the start of its first day to the end of its last, local time.
      const start = DateTime.fromISO(from).startOf('day').toUTC().toISO();
      const end = DateTime.fromISO(to).endOf('day').toUTC().toISO();
      const report = await api.getOwnershipReport({
        ...(who === 'group' ? { group: ref.trim() } : { person: ref.trim() }),
        from: start ?? from,
        to: end ?? to,
      });
      setState({ report });
    } catch (error) {
      setState({ error: error as Error });
    }
  };

  return (
    <Stack spacing={3}>
      <Box>
        <Link component={RouterLink} to={rootLink()}>
          Back to the catalogue
        </Link>
        <Typography variant="h4" component="h1" sx={{ mt: 1 }}>
          Ownership report
        </Typography>
        <Typography variant="body1" sx={{ maxWidth: '70ch', mt: 1 }}>
          Every service a group or a person owned over a period, with when and
          how it came to them and when it left, including services since
          transferred, retired or deleted.
        </Typography>
      </Box>
      <Box component="form" onSubmit={run} aria-label="Ownership report">
        <Stack spacing={2} sx={{ maxWidth: 560 }}>
          <RadioGroup
            row
            aria-label="Owner"
            value={who}
            onChange={event => {
              setWho(event.target.value as Who);
              setRef('');
            }}
          >
            <FormControlLabel
              value="group"
              control={<Radio />}
              label="A group"
            />
            <FormControlLabel
              value="person"
              control={<Radio />}
              label="A person"
            />
          </RadioGroup>
          {who === 'group' ? (
            <EntityRefField
              key="group"
              label="Owner group"
              kind="Group"
              value={ref}
              onChange={setRef}
              required
              helperText="The group, e.g. marketing or group:default/marketing"
            />
          ) : (
            <EntityRefField
              key="person"
              label="Service owner"
              kind="User"
              value={ref}
              onChange={setRef}
              required
              helperText="The person, e.g. user:default/marketing-lead"
            />
          )}
          <Stack direction="row" spacing={2}>
            <TextField
              label="From"
              type="date"
              value={from}
              onChange={event => setFrom(event.target.value)}
              InputLabelProps={{ shrink: true }}
              required
            />
            <TextField
              label="To"
              type="date"
              value={to}
              onChange={event => setTo(event.target.value)}
              InputLabelProps={{ shrink: true }}
              required
            />
          </Stack>
          <Box>
            <Button type="submit" variant="contained" disabled={!ref.trim()}>
              Show the services
            </Button>
          </Box>
        </Stack>
      </Box>
      {state.loading && <LinearProgress aria-label="Loading the report" />}
      {state.error && (
        <LoadError
          error={state.error}
          what="the ownership report"
          onRetry={() => run()}
        />
      )}
      {state.report && <ReportTable report={state.report} />}
    </Stack>
  );
}
