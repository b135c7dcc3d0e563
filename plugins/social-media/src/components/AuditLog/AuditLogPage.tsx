import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import type {
  AuditEntry,
  AuditLogFilter,
  AuditVerification,
} from '@internal/plugin-social-media-common';
import DownloadIcon from '@mui/icons-material/Download';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import Alert from '@mui/material/Alert';
import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  FormEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { socialMediaApiRef } from '../../api';
import {
  handoverRouteRef,
  requestRouteRef,
  serviceRouteRef,
} from '../../routes';
import { describeLoadError } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import { summarizeEntry, type ItsmNames } from '../ServicePage/historySummary';
import {
  AUDIT_ACTION_CHOICES,
  auditActionGroup,
  auditActionTitle,
} from './auditActionChoices';
import { summarizeCaseEntry } from './caseEntrySummary';
import { EntityRefField } from '../ServiceForm/EntityRefField';
import { EntityRef } from '../shared/EntityRef';
import { LoadError } from '../shared/LoadError';
import { useTypedTextOnBlur } from '../shared/useTypedTextOnBlur';
import { useItsmConnectors } from '../shared/useItsmConnectors';
import { wrapBetweenWords } from '../shared/tableText';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

const PAGE_SIZE = 50;

// The actions are found by their names and by how the trail stores them.
const actionFilter = createFilterOptions<string>({
  stringify: action => `${auditActionTitle(action)} ${action}`,
});

/** The filter form as typed; turned into an {@link AuditLogFilter} on "Apply". */
interface FilterForm {
  serviceId: string;
  group: string;
  actor: string;
  /** As stored, e.g. `transition`; chosen by name or typed. */
  actions: string[];
  from: string;
  to: string;
}

const EMPTY_FORM: FilterForm = {
  serviceId: '',
  group: '',
  actor: '',
  actions: [],
  from: '',
  to: '',
};

export function toAuditFilter(form: FilterForm): AuditLogFilter {
  const filter: AuditLogFilter = {};
  if (form.serviceId.trim()) filter.serviceId = form.serviceId.trim();
  if (form.group.trim()) filter.group = form.group.trim();
  if (form.actor.trim()) filter.actor = form.actor.trim();
  const actions = form.actions.map(a => a.trim()).filter(Boolean);
  if (actions.length) filter.actions = actions;
  if (form.from) filter.from = form.from;
  if (form.to) filter.to = form.to;
  return filter;
}

/**
 * The applied filters as the page's address holds them (`?serviceId=&group=&actor=&action=&
 * action=&from=&to=`, the API's own names), so that a filtered log can be bookmarked or sent and
 * the browser's Back button returns to it from a record.
 */
function auditFilterFromParams(params: URLSearchParams): AuditLogFilter {
  return toAuditFilter({
    serviceId: params.get('serviceId') ?? '',
    group: params.get('group') ?? '',
    actor: params.get('actor') ?? '',
    actions: params.getAll('action'),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  });
}

function auditFilterToParams(filter: AuditLogFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['serviceId', 'group', 'actor'] as const) {
    if (filter[name]) params.set(name, filter[name]!);
  }
  for (const action of filter.actions ?? []) params.append('action', action);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  return params;
}

function formFromFilter(filter: AuditLogFilter): FilterForm {
  return {
    serviceId: filter.serviceId ?? '',
    group: filter.group ?? '',
    actor: filter.actor ?? '',
    actions: filter.actions ?? [],
    from: filter.from ?? '',
    to: filter.to ?? '',
  };
}

const ENTITY_TITLES: Record<string, string> = {
  service: 'Service',
  'service-request': 'Service request',
  'service-handover': 'Transfer or retirement',
  'audit-export': 'Export of the audit trail',
  'itsm-export': 'Export to the ITSM CMDB',
};

/** The readable lines of an entry; an export names the part of the trail it took. */
function describe(
  entry: AuditEntry,
  itsmNames?: ItsmNames,
): { action: string; changes: string[] } {
  // The catalogue writes snapshots as JSON objects; text in their place was put there by hand.
  const unreadable = (['before', 'after'] as const).filter(
    side => typeof entry[side] === 'string',
  );
  if (unreadable.length > 0) {
    return {
      action: entry.action,
      changes: unreadable.map(
        side =>
          `The record ${side} the change is not one the catalogue wrote: “${String(
            entry[side],
          ).slice(0, 200)}” (verify the chain)`,
      ),
    };
  }
  if (entry.entityType === 'audit-export') {
    const after = (entry.after ?? {}) as {
      format?: string;
      filter?: Record<string, unknown>;
    };
    const filter = Object.entries(after.filter ?? {}).map(
      ([key, value]) =>
        `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`,
    );
    return {
      action: 'Exported',
      changes: [
        `Format: ${(after.format ?? 'unknown').toUpperCase()}`,
        filter.length
          ? `Filter: ${filter.join('; ')}`
          : 'The whole audit trail',
      ],
    };
  }
  return summarizeCaseEntry(entry) ?? summarizeEntry(entry, itsmNames);
}

/**
 * The record, a link to its page for a service, a request, a transfer or a retirement (its
 * timeline and who decided it); none for exports. Named as people call it when the page knows
 * the name, its id beneath (the id the filter takes).
 */
function RecordId(props: { entry: AuditEntry; name?: string }) {
  const serviceLink = useRouteRef(serviceRouteRef);
  const requestLink = useRouteRef(requestRouteRef);
  const handoverLink = useRouteRef(handoverRouteRef);
  const { entry, name } = props;
  const pages: Record<string, (params: { id: string }) => string> = {
    service: serviceLink,
    'service-request': requestLink,
    'service-handover': handoverLink,
  };
  if (entry.entityType === 'audit-export') return null;
  const page = pages[entry.entityType];
  if (!page) return <>{entry.entityId}</>;
  return (
    <>
      <Link component={RouterLink} to={page({ id: entry.entityId })}>
        {name ?? entry.entityId}
      </Link>
      {name !== undefined && name !== entry.entityId && (
        <Typography variant="caption" color="text.secondary" display="block">
          {entry.entityType === 'service'
            ? entry.entityId
            : `number ${entry.entityId}`}
        </Typography>
      )}
    </>
  );
}

/** What the keyed checkpoints say, in a sentence. */
function checkpointWords(
  checkpoints: AuditVerification['checkpoints'] | undefined,
): string | undefined {
  if (!checkpoints) return undefined;
  if (!checkpoints.configured) {
    return 'Keyed checkpoints are not configured: a rewrite with recomputed hashes, or entries cut off the end, would go unnoticed.';
  }
  if (checkpoints.firstBroken) {
    const { seq, at, problem, message } = checkpoints.firstBroken;
    return `Checkpoint${seq !== undefined ? ` of entry ${seq}` : ''}${
      at ? ` (${formatDateTime(at)})` : ''
    } fails (${problem}): ${message}`;
  }
  return `${checkpoints.count} keyed checkpoint${
    checkpoints.count === 1 ? '' : 's'
  } agree with the chain${
    checkpoints.newest
      ? `; the newest vouches for entry ${
          checkpoints.newest.seq
        }, signed ${formatDateTime(checkpoints.newest.at)}`
      : ''
  }.`;
}

function VerificationResult(props: { result: AuditVerification }) {
  const { intact, entries, firstBroken, checkpoints } = props.result;
  const checkpointLine = checkpointWords(checkpoints);
  return (
    <Alert severity={intact ? 'success' : 'error'} sx={{ mt: 1 }}>
      {intact ? (
        <>The audit trail is intact: {entries} entries checked.</>
      ) : (
        <>
          The audit trail is broken
          {firstBroken
            ? ` at entry ${firstBroken.seq} (${firstBroken.problem}): ${firstBroken.message}`
            : ''}
          . {entries} entries checked.
        </>
      )}
      {checkpointLine && (
        <Typography variant="body2">{checkpointLine}</Typography>
      )}
    </Alert>
  );
}

/**
 * The whole audit trail: filters, the entries newest first with their
 * changes in words, a check of the hash chain, and exports for the offline
 * check.
 */
export function AuditLogPage() {
  const api = useApi(socialMediaApiRef);
  const { connectors } = useItsmConnectors();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  // The applied filters come from the address; the form is what is being typed.
  const filter = useMemo(
    () => auditFilterFromParams(new URLSearchParams(search)),
    [search],
  );
  const [form, setForm] = useState<FilterForm>(() => formFromFilter(filter));
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | undefined>();
  // What people call the records listed so far, by `entityType:entityId`.
  const [names, setNames] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification>();
  const [verifyError, setVerifyError] = useState<unknown>();
  const [downloading, setDownloading] = useState<'csv' | 'json'>();
  const [downloadError, setDownloadError] = useState<unknown>();

  // Only the answer to the latest request counts when filters change quickly.
  const latest = useRef(0);
  const load = useCallback(
    async (applied: AuditLogFilter, before?: number) => {
      const request = ++latest.current;
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.listAuditEntries(applied, {
          before,
          limit: PAGE_SIZE,
        });
        if (request !== latest.current) return;
        setItems(current =>
          before === undefined ? page.items : [...current, ...page.items],
        );
        setNames(current =>
          before === undefined
            ? page.names ?? {}
            : { ...current, ...page.names },
        );
        setNextBefore(page.nextBefore);
      } catch (e) {
        if (request === latest.current) setError(e);
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [api],
  );

  // On arrival, and on Back and Forward, the form shows the filters the address applies.
  useEffect(() => {
    setForm(formFromFilter(filter));
    load(filter);
  }, [load, filter]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = auditFilterToParams(toAuditFilter(form)).toString();
    // The same filters again are asked for again; others go into the address, which asks.
    if (next === search) load(filter);
    else setParams(next);
  };

  const verify = async () => {
    setVerifying(true);
    setVerification(undefined);
    setVerifyError(undefined);
    try {
      setVerification(await api.verifyAuditTrail());
    } catch (e) {
      setVerifyError(e);
    } finally {
      setVerifying(false);
    }
  };

  const download = async (format: 'csv' | 'json') => {
    setDownloading(format);
    setDownloadError(undefined);
    try {
      const { blob, fileName } = await api.downloadAuditExport(format, filter);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = fileName;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      URL.revokeObjectURL(url);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(undefined);
    }
  };

  // What is typed by hand may name several actions, separated by commas.
  const chooseActions = (next: string[]) =>
    setForm(current => ({
      ...current,
      actions: [
        ...new Set(
          next
            .flatMap(value => value.split(','))
            .map(value => value.trim())
            .filter(Boolean),
        ),
      ],
    }));
  const typedAction = useTypedTextOnBlur(text =>
    chooseActions([...form.actions, text]),
  );

  const field = (
    name: 'serviceId' | 'from' | 'to',
    label: string,
    extra = {},
  ) => (
    <TextField
      size="small"
      label={label}
      value={form[name]}
      onChange={e => setForm({ ...form, [name]: e.target.value })}
      {...extra}
    />
  );

  return (
    <Box sx={{ p: { xs: 2, md: 3 } }}>
      <Stack spacing={2}>
        <CatalogueBreadcrumbs current="Audit log" />
        <Stack
          direction="row"
          justifyContent="space-between"
          alignItems="baseline"
          flexWrap="wrap"
          useFlexGap
          spacing={1}
        >
          <Box>
            <Typography variant="h4" component="h1">
              Audit log
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Every recorded change to the catalogue, newest first.
            </Typography>
          </Box>
          <Stack direction="row" spacing={1}>
            <Button
              variant="contained"
              startIcon={<FactCheckIcon />}
              onClick={verify}
              disabled={verifying}
            >
              {verifying ? 'Verifying…' : 'Verify the chain'}
            </Button>
            <Button
              variant="outlined"
              startIcon={<DownloadIcon />}
              onClick={() => download('csv')}
              disabled={downloading !== undefined}
            >
              Download CSV
            </Button>
            <Button
              variant="outlined"
              startIcon={<DownloadIcon />}
              onClick={() => download('json')}
              disabled={downloading !== undefined}
            >
              Download JSON
            </Button>
          </Stack>
        </Stack>

        {verification && <VerificationResult result={verification} />}
        {verifyError !== undefined && (
          <Alert severity="error">
            {describeLoadError(verifyError, 'the verification of the trail')}
          </Alert>
        )}
        {downloadError !== undefined && (
          <Alert severity="error">
            {describeLoadError(downloadError, 'the export')}
          </Alert>
        )}
        {downloading && (
          <Typography variant="body2" role="status">
            Preparing the {downloading.toUpperCase()} export…
          </Typography>
        )}

        <Paper variant="outlined" sx={{ p: 2 }}>
          <Box component="form" onSubmit={apply} aria-label="Filters">
            <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
              {field('serviceId', 'Service id')}
              {/* Picked by the names the catalog shows; the filter takes their refs. */}
              <EntityRefField
                label="Owner group"
                kind="Group"
                size="small"
                width="14rem"
                value={form.group}
                onChange={group => setForm(current => ({ ...current, group }))}
              />
              <EntityRefField
                label="Actor"
                kind="User"
                size="small"
                width="14rem"
                value={form.actor}
                onChange={actor => setForm(current => ({ ...current, actor }))}
              />
              <Autocomplete
                multiple
                freeSolo
                disableCloseOnSelect
                size="small"
                limitTags={2}
                options={AUDIT_ACTION_CHOICES.map(c => c.action)}
                groupBy={auditActionGroup}
                getOptionLabel={auditActionTitle}
                filterOptions={actionFilter}
                value={form.actions}
                onChange={(_event, next) => chooseActions(next)}
                {...typedAction}
                renderInput={inputProps => (
                  <TextField {...inputProps} label="Actions" />
                )}
                sx={{ width: '18rem' }}
              />
              {field('from', 'From', {
                type: 'date',
                InputLabelProps: { shrink: true },
              })}
              {field('to', 'To', {
                type: 'date',
                InputLabelProps: { shrink: true },
              })}
              <Button type="submit" variant="outlined">
                Apply filters
              </Button>
              <Button
                onClick={() => {
                  setForm(EMPTY_FORM);
                  if (search) setParams({});
                }}
              >
                Clear
              </Button>
            </Stack>
          </Box>
        </Paper>

        {error !== undefined && (
          <LoadError
            error={error}
            what="the audit log"
            onRetry={() => load(filter)}
          />
        )}

        <Table
          size="small"
          sx={wrapBetweenWords}
          aria-label="Audit log entries"
        >
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>Record</TableCell>
              <TableCell>What changed</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(entry => {
              const summary = describe(entry, connectors);
              return (
                <TableRow
                  key={entry.seq}
                  data-testid={`audit-entry-${entry.seq}`}
                >
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {entry.seq}
                  </TableCell>
                  <TableCell>{formatDateTime(entry.at)}</TableCell>
                  <TableCell>
                    <EntityRef entityRef={entry.actor} kind="user" />
                  </TableCell>
                  <TableCell>
                    {ENTITY_TITLES[entry.entityType] ?? entry.entityType}{' '}
                    <RecordId
                      entry={entry}
                      name={names[`${entry.entityType}:${entry.entityId}`]}
                    />
                  </TableCell>
                  <TableCell>
                    <Typography variant="subtitle2">
                      {summary.action}
                    </Typography>
                    {summary.changes.map((line, i) => (
                      <Typography key={i} variant="body2">
                        {line}
                      </Typography>
                    ))}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {loading && <LinearProgress aria-label="Loading the audit log" />}
        {!loading && items.length === 0 && error === undefined && (
          <Typography color="text.secondary">
            No entries match these filters.
          </Typography>
        )}
        {nextBefore !== undefined && (
          <Box>
            <Button
              variant="outlined"
              disabled={loading}
              onClick={() => load(filter, nextBefore)}
            >
              Load more
            </Button>
          </Box>
        )}
      </Stack>
    </Box>
  );
}
