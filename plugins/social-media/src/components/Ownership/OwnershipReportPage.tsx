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
import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { socialMediaApiRef } from '../../api';
import { serviceRouteRef } from '../../routes';
import { formatDate, formatDateTime } from '../../utils/format';
import { EntityRefField } from '../ServiceForm/EntityRefField';
import { EntityRef } from '../shared/EntityRef';
import { LoadError } from '../shared/LoadError';
import { ChangeWords, NoValidOwner } from './OwnershipParts';
import { wrapBetweenWords } from '../shared/tableText';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

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
                          <NoValidOwner problems={gap.problems} />
                          {/* The stretch on a line of its own under the chip, not broken
                              beside it. */}
                          <Typography
                            variant="caption"
                            component="div"
                            sx={{ whiteSpace: 'nowrap' }}
                          >
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

/** What a report is asked for: whose, and the period's first and last day (yyyy-mm-dd). */
interface ReportQuery {
  who: Who;
  ref: string;
  from: string;
  to: string;
}

/** The last twelve months, as the form first offers them. */
function defaultPeriod(): { from: string; to: string } {
  return {
    from: DateTime.now().minus({ years: 1 }).toISODate()!,
    to: DateTime.now().toISODate()!,
  };
}

/**
 * The report the address asks for (`?group=` or `?person=`, `from`, `to`), if any: a report can
 * be bookmarked and sent, and the browser's Back button returns to it from a service.
 */
function reportQueryFrom(params: URLSearchParams): ReportQuery | undefined {
  const who = (['group', 'person'] as const).find(name => params.get(name));
  if (!who) return undefined;
  const period = defaultPeriod();
  return {
    who,
    ref: params.get(who)!,
    from: params.get('from') || period.from,
    to: params.get('to') || period.to,
  };
}

function toSearchParams(query: ReportQuery): URLSearchParams {
  return new URLSearchParams({
    [query.who]: query.ref,
    from: query.from,
    to: query.to,
  });
}

/**
 * The ownership report: every service a group or a person owned over a
 * period, with the stretches they owned it, including services since
 * transferred, retired or deleted. What is asked for is kept in the address.
 */
export function OwnershipReportPage() {
  const api = useApi(socialMediaApiRef);
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const [form, setForm] = useState<ReportQuery>(
    () =>
      reportQueryFrom(params) ?? { who: 'group', ref: '', ...defaultPeriod() },
  );
  const { who, ref, from, to } = form;
  const [state, setState] = useState<{
    loading?: boolean;
    error?: Error;
    report?: OwnershipReport;
  }>({});
  // Only the answer to the latest request is shown.
  const latest = useRef(0);

  const load = useCallback(
    async (query: ReportQuery) => {
      const request = ++latest.current;
      setState({ loading: true });
      try {
        // The period runs from the start of its first day to the end of its last, local time.
        const start = DateTime.fromISO(query.from)
          .startOf('day')
          .toUTC()
          .toISO();
        const end = DateTime.fromISO(query.to).endOf('day').toUTC().toISO();
        const report = await api.getOwnershipReport({
          ...(query.who === 'group'
            ? { group: query.ref.trim() }
            : { person: query.ref.trim() }),
          from: start ?? query.from,
          to: end ?? query.to,
        });
        if (request === latest.current) setState({ report });
      } catch (error) {
        if (request === latest.current) setState({ error: error as Error });
      }
    },
    [api],
  );

  // The address decides what is shown: on arrival, and on Back and Forward.
  useEffect(() => {
    const asked = reportQueryFrom(new URLSearchParams(search));
    if (!asked) {
      // Back to the page before any report was asked for: no report, and none arriving late.
      latest.current += 1;
      setState({});
      return;
    }
    setForm(asked);
    load(asked);
  }, [search, load]);

  const run = (event: FormEvent) => {
    event.preventDefault();
    const asked = { ...form, ref: ref.trim() };
    const next = toSearchParams(asked).toString();
    // The same report again (after an error, say) is asked for again; another one goes into
    // the address, which asks for it.
    if (next === search) load(asked);
    else setParams(next);
  };

  return (
    // The same margin as the plugin's other pages: without it the report touched the sidebar.
    <Stack spacing={3} sx={{ p: { xs: 2, md: 3 } }}>
      <CatalogueBreadcrumbs current="Ownership report" />
      <Box>
        <Typography variant="h4" component="h1">
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
            onChange={event =>
              setForm(current => ({
                ...current,
                who: event.target.value as Who,
                ref: '',
              }))
            }
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
              onChange={value =>
                setForm(current => ({ ...current, ref: value }))
              }
              required
              helperText="The group, e.g. marketing or group:default/marketing"
            />
          ) : (
            <EntityRefField
              key="person"
              label="Service owner"
              kind="User"
              value={ref}
              onChange={value =>
                setForm(current => ({ ...current, ref: value }))
              }
              required
              helperText="The person, e.g. user:default/marketing-lead"
            />
          )}
          <Stack direction="row" spacing={2}>
            <TextField
              label="From"
              type="date"
              value={from}
              onChange={event =>
                setForm(current => ({ ...current, from: event.target.value }))
              }
              InputLabelProps={{ shrink: true }}
              required
            />
            <TextField
              label="To"
              type="date"
              value={to}
              onChange={event =>
                setForm(current => ({ ...current, to: event.target.value }))
              }
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
          onRetry={() => {
            const asked = reportQueryFrom(params);
            if (asked) load(asked);
          }}
        />
      )}
      {state.report && <ReportTable report={state.report} />}
    </Stack>
  );
}
