import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  LIFECYCLE_STAGE_TITLES,
  type ServiceEvidence,
} from '@internal/plugin-social-media-common';
import DownloadIcon from '@mui/icons-material/Download';
import PrintIcon from '@mui/icons-material/Print';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import GlobalStyles from '@mui/material/GlobalStyles';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type ReactNode } from 'react';
import {
  Link as RouterLink,
  useParams,
  useSearchParams,
} from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import {
  handoverRouteRef,
  requestRouteRef,
  serviceRouteRef,
} from '../../routes';
import { formatDate, formatDateTime } from '../../utils/format';
import {
  HANDOVER_KIND_TITLES,
  handoverStatusTitle,
} from '../Handovers/handoverModel';
import { ChangeWords, NoValidOwner, People } from '../Ownership/OwnershipParts';
import { RISK_RATING_TITLES } from '../RiskBadge';
import { summarizeEntry } from '../ServicePage/historySummary';
import { EntityRef } from '../shared/EntityRef';
import { LoadError } from '../shared/LoadError';
import { NotSet, Section } from '../shared/Section';
import { useItsmConnectors } from '../shared/useItsmConnectors';
import { wrapBetweenWords } from '../shared/tableText';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

/**
 * A small table of one kind of record; "None in this period" when there is none. Columns in
 * `noWrap` (numbers, dates, ratings) stay on one line, so that a long text next to them does not
 * squeeze them into a column of single characters.
 */
function Records(props: {
  title: string;
  columns: string[];
  rows: ReactNode[][];
  noWrap?: string[];
}) {
  const { title, columns, rows, noWrap = [] } = props;
  return (
    <Section title={title}>
      {rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None in this period.
        </Typography>
      ) : (
        <Table size="small" sx={wrapBetweenWords} aria-label={title}>
          <TableHead>
            <TableRow>
              {columns.map(c => (
                <TableCell key={c} sx={{ fontWeight: 600 }}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((cells, index) => (
              <TableRow key={index}>
                {cells.map((cell, i) => (
                  <TableCell
                    key={i}
                    sx={{
                      verticalAlign: 'top',
                      ...(noWrap.includes(columns[i])
                        ? { whiteSpace: 'nowrap' }
                        : {}),
                    }}
                  >
                    {cell}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

const when = (iso: string) => <time dateTime={iso}>{formatDateTime(iso)}</time>;
const user = (ref?: string) =>
  ref ? <EntityRef entityRef={ref} kind="user" /> : <NotSet />;
const group = (ref: string) => <EntityRef entityRef={ref} kind="group" />;

function EvidenceDocument(props: { evidence: ServiceEvidence }) {
  const { evidence } = props;
  const { connectors } = useItsmConnectors();
  const requestLink = useRouteRef(requestRouteRef);
  const handoverLink = useRouteRef(handoverRouteRef);
  return (
    <Stack spacing={3}>
      <Records
        title="Owners"
        columns={['From', 'To', 'Owner group', 'Service owner', 'Set by']}
        noWrap={['From', 'To']}
        rows={evidence.owners.map(o => [
          when(o.from),
          o.to ? when(o.to) : 'still',
          o.ownerGroup ? group(o.ownerGroup) : <NotSet />,
          <>
            {user(o.serviceOwner)} <NoValidOwner problems={o.problems} />
          </>,
          <ChangeWords change={o.setBy} />,
        ])}
      />
      <Records
        title="Requests and approvals"
        columns={['Request', 'Filed by', 'Status', 'Decided by']}
        rows={[
          ...(evidence.request
            ? [
                [
                  <Link
                    component={RouterLink}
                    to={requestLink({ id: String(evidence.request.id) })}
                  >
                    New service: request {evidence.request.id}
                  </Link>,
                  user(evidence.request.requestedBy),
                  'Provisioned',
                  evidence.request.approvedBy.length ? (
                    <People refs={evidence.request.approvedBy} />
                  ) : (
                    <NotSet />
                  ),
                ],
              ]
            : []),
          ...evidence.handovers.map(h => {
            const decided = [...h.steps]
              .reverse()
              .find(s => s.action === 'accept' || s.action === 'decline');
            return [
              <>
                <Link
                  component={RouterLink}
                  to={handoverLink({ id: String(h.id) })}
                >
                  {HANDOVER_KIND_TITLES[h.kind]} {h.id}
                </Link>
                {h.toOwnerGroup && <> to {group(h.toOwnerGroup)}</>}
              </>,
              user(h.requester),
              handoverStatusTitle(h.kind, h.status),
              decided ? user(decided.actor) : <NotSet>—</NotSet>,
            ];
          }),
        ]}
      />
      <Records
        title="Lifecycle moves"
        columns={['When', 'Move', 'By', 'Reason']}
        noWrap={['When', 'By']}
        rows={evidence.moves.map(m => [
          when(m.at),
          `${LIFECYCLE_STAGE_TITLES[m.from]} → ${LIFECYCLE_STAGE_TITLES[m.to]}`,
          user(m.actor),
          m.reason,
        ])}
      />
      <Records
        title="Access reviews"
        columns={['When', 'Reviewer', 'Decisions', 'Note']}
        noWrap={['When']}
        rows={evidence.accessReviews.map(r => [
          when(r.at),
          user(r.reviewer),
          r.decisions.length ? (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {r.decisions.map(d => (
                <li key={d.account}>
                  {d.account}: {d.decision}
                  {d.leftOrganisation ? ' (had left the organisation)' : ''}
                  {d.reason ? `, “${d.reason}”` : ''}
                </li>
              ))}
            </Box>
          ) : (
            'Nobody holds access'
          ),
          r.note ?? <NotSet>—</NotSet>,
        ])}
      />
      <Records
        title="Risk rating history"
        columns={['When', 'Rating', 'Because of']}
        noWrap={['When', 'Rating']}
        rows={evidence.riskHistory.map(r => [
          when(r.at),
          `${
            r.previousRating ? `${RISK_RATING_TITLES[r.previousRating]} → ` : ''
          }${RISK_RATING_TITLES[r.rating]}`,
          r.reasons.map(f => `${f.label}: ${f.value}`).join('; ') || r.trigger,
        ])}
      />
      <Records
        title="Incidents"
        columns={['Opened', 'Number', 'Title', 'State']}
        noWrap={['Opened', 'Number']}
        rows={evidence.incidents.map(i => [
          when(i.openedAt),
          i.number,
          i.title,
          i.state,
        ])}
      />
      <Records
        title="Audit trail"
        columns={['#', 'When', 'By', 'What']}
        noWrap={['#', 'When', 'By']}
        rows={evidence.auditEntries.map(e => {
          const summary = summarizeEntry(e, connectors);
          return [
            e.seq,
            when(e.at),
            user(e.actor),
            <>
              <strong>{summary.action}</strong>
              {summary.changes.length > 0 && `: ${summary.changes.join('; ')}`}
            </>,
          ];
        })}
      />
    </Stack>
  );
}

/**
 * The evidence about one service over a period, for an auditor: who owned
 * it and who approved each change, requests, moves, access reviews with each
 * decision, ratings, incidents and the audit trail. It prints as a document
 * (the portal's navigation left out) and downloads as JSON.
 */
export function EvidencePage() {
  const { id = '' } = useParams();
  const api = useApi(socialMediaApiRef);
  const serviceLink = useRouteRef(serviceRouteRef);
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [draft, setDraft] = useState({ from, to });
  const loaded = useAsyncRetry(
    () =>
      api.getServiceEvidence(id, {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      }),
    [api, id, from, to],
  );
  const evidence = loaded.value;
  // The fields show the period the document covers, the default one too (the API reads a typed
  // day as a UTC day, so the fields take the period's UTC days); what a person typed stays.
  useEffect(() => {
    if (!evidence) return;
    setDraft(typed => ({
      from: typed.from || evidence.period.from.slice(0, 10),
      to: typed.to || evidence.period.to.slice(0, 10),
    }));
  }, [evidence]);

  const download = () => {
    if (!evidence) return;
    const blob = new Blob([JSON.stringify(evidence, null, 2)], {
      type: 'application/json',
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `evidence-${id}-${evidence.period.from.slice(
      0,
      10,
    )}-${evidence.period.to.slice(0, 10)}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      {/* On paper, the document alone: no sidebar, plugin header or controls. */}
      <GlobalStyles
        styles={{
          '@media print': {
            'nav, header, .bui-PluginHeader, [data-print="hide"]': {
              display: 'none !important',
            },
            body: { background: 'white' },
            tr: { breakInside: 'avoid' },
          },
        }}
      />
      <CatalogueBreadcrumbs
        via={[{ label: evidence?.service.name ?? id, to: serviceLink({ id }) }]}
        current="Evidence"
        hideInPrint
      />
      <Typography variant="h4" component="h2">
        Evidence: {evidence?.service.name ?? id}
      </Typography>
      {evidence && (
        <Typography variant="body1" color="text.secondary">
          {formatDate(evidence.period.from)} to {formatDate(evidence.period.to)}
          . Put together on {formatDateTime(evidence.generatedAt)} for{' '}
          <EntityRef entityRef={evidence.generatedBy} kind="user" />. Now{' '}
          {LIFECYCLE_STAGE_TITLES[evidence.service.lifecycleStage]}, owned by{' '}
          <EntityRef entityRef={evidence.service.ownerGroup} kind="group" />.
        </Typography>
      )}
      <Stack
        component="form"
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        alignItems={{ sm: 'center' }}
        aria-label="Period"
        data-print="hide"
        onSubmit={event => {
          event.preventDefault();
          const next: Record<string, string> = {};
          if (draft.from) next.from = draft.from;
          if (draft.to) next.to = draft.to;
          setParams(next, { replace: true });
        }}
      >
        <TextField
          label="From"
          type="date"
          size="small"
          value={draft.from}
          onChange={e => setDraft({ ...draft, from: e.target.value })}
          InputLabelProps={{ shrink: true }}
        />
        <TextField
          label="To"
          type="date"
          size="small"
          value={draft.to}
          onChange={e => setDraft({ ...draft, to: e.target.value })}
          InputLabelProps={{ shrink: true }}
        />
        <Button type="submit" variant="outlined">
          Show this period
        </Button>
        <Box sx={{ flexGrow: 1 }} />
        <Button
          startIcon={<PrintIcon />}
          onClick={() => window.print()}
          disabled={!evidence}
        >
          Print
        </Button>
        <Button
          startIcon={<DownloadIcon />}
          onClick={download}
          disabled={!evidence}
        >
          Download JSON
        </Button>
      </Stack>
      {loaded.loading && <LinearProgress aria-label="Loading the evidence" />}
      {loaded.error && (
        <LoadError
          error={loaded.error}
          what="the evidence"
          onRetry={loaded.retry}
        />
      )}
      {evidence && !loaded.error && <EvidenceDocument evidence={evidence} />}
    </Stack>
  );
}
