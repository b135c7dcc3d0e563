import { useApi } from '@backstage/core-plugin-api';
import type {
  CmdbExportChange,
  CmdbExportConflict,
  CmdbExportFieldChange,
  CmdbExportReport,
  ItsmConnectorInfo,
} from '@internal/plugin-social-media-common';
import CloudUploadIcon from '@mui/icons-material/CloudUpload';
import PreviewIcon from '@mui/icons-material/Preview';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Children, Fragment, useState, type ReactNode } from 'react';
import { socialMediaApiRef } from '../../api';
import { describeChangeError } from '../../utils/errors';
import { formatNumber } from '../../utils/format';
import { NotSet, Section } from '../shared/Section';
import { wrapBetweenWords } from '../shared/tableText';

/** What the records the export keeps are called in the tool, for people. */
function recordsIn(connector: ItsmConnectorInfo): string {
  // ServiceNow's CMDB export writes CSDM business service offerings; other tools their own records.
  return connector.id === 'servicenow'
    ? `Business service offerings in ${connector.displayName}`
    : `Records in the CMDB of ${connector.displayName}`;
}

/**
 * The fields a record gets: for a new record on one wrapped line (`field value · field value`),
 * for a change one a line (`field: before → after`).
 */
function Fields(props: { fields: CmdbExportFieldChange[] }) {
  if (props.fields.length === 0) return <NotSet>No field to write</NotSet>;
  if (props.fields.every(f => f.from === undefined)) {
    return (
      <Typography variant="body2">
        {props.fields.map((f, i) => (
          <Fragment key={f.field}>
            {i > 0 && ' · '}
            <code>{f.field}</code> {f.to}
          </Fragment>
        ))}
      </Typography>
    );
  }
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }}>
      {props.fields.map(f => (
        <li key={f.field}>
          <Typography variant="body2" component="span">
            <code>{f.field}</code>: {f.from ?? <NotSet>empty</NotSet>} → {f.to}
          </Typography>
        </li>
      ))}
    </Box>
  );
}

/** Rows of a group shown before "Show all": a first export lists every service. */
const ROWS_AT_FIRST = 10;

/** A titled table of one group of the report, or nothing when the group is empty. */
function Group(props: {
  title: string;
  count: number;
  help?: ReactNode;
  head: ReactNode;
  children: ReactNode;
}) {
  const [all, setAll] = useState(false);
  if (props.count === 0) return null;
  const rows = Children.toArray(props.children);
  const shown = all ? rows : rows.slice(0, ROWS_AT_FIRST);
  return (
    <Box>
      <Typography variant="subtitle1" component="h5">
        {props.title} ({formatNumber(props.count)})
      </Typography>
      {props.help && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {props.help}
        </Typography>
      )}
      <TableContainer>
        <Table size="small" sx={wrapBetweenWords} aria-label={props.title}>
          <TableHead>{props.head}</TableHead>
          <TableBody>{shown}</TableBody>
        </Table>
      </TableContainer>
      {rows.length > shown.length && (
        <Button size="small" onClick={() => setAll(true)}>
          Show all {formatNumber(rows.length)}
        </Button>
      )}
    </Box>
  );
}

function Changes(props: {
  title: string;
  help?: ReactNode;
  items: CmdbExportChange[];
}) {
  return (
    <Group
      title={props.title}
      count={props.items.length}
      help={props.help}
      head={
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Fields written</TableCell>
        </TableRow>
      }
    >
      {props.items.map(c => (
        <TableRow key={c.serviceId}>
          <TableCell>{c.name}</TableCell>
          <TableCell>
            <Fields fields={c.fields} />
          </TableCell>
        </TableRow>
      ))}
    </Group>
  );
}

/** Conflicts, each with a box to overwrite it (in a preview) or as they were left (after a run). */
function Conflicts(props: {
  tool: string;
  items: CmdbExportConflict[];
  ticked?: Set<string>;
  onTick?: (serviceId: string, ticked: boolean) => void;
  disabled?: boolean;
}) {
  const { ticked, onTick } = props;
  return (
    <Group
      title={`Changed in ${props.tool} since the last export`}
      count={props.items.length}
      help={
        ticked
          ? `These records are left as they are unless you tick them: a ticked record gets the catalogue's values, and what was changed on it in ${props.tool} is lost.`
          : 'These records were left as they are.'
      }
      head={
        <TableRow>
          {ticked && <TableCell padding="checkbox">Overwrite</TableCell>}
          <TableCell>Service</TableCell>
          <TableCell>Why it is not written</TableCell>
          <TableCell>Fields that differ</TableCell>
        </TableRow>
      }
    >
      {props.items.map(c => (
        <TableRow key={c.serviceId}>
          {ticked && (
            <TableCell padding="checkbox">
              <Checkbox
                checked={ticked.has(c.serviceId)}
                disabled={props.disabled}
                onChange={e => onTick?.(c.serviceId, e.target.checked)}
                inputProps={{ 'aria-label': `Overwrite ${c.name}` }}
              />
            </TableCell>
          )}
          <TableCell>{c.name}</TableCell>
          <TableCell sx={{ maxWidth: '50ch' }}>{c.reason}</TableCell>
          <TableCell>
            <Fields fields={c.fields} />
          </TableCell>
        </TableRow>
      ))}
    </Group>
  );
}

/** What the run did (or would do), group by group. */
function Report(props: {
  connector: ItsmConnectorInfo;
  report: CmdbExportReport;
  ticked?: Set<string>;
  onTick?: (serviceId: string, ticked: boolean) => void;
  disabled?: boolean;
}) {
  const { report } = props;
  const tool = props.connector.displayName;
  const dry = report.dryRun;
  const nothing =
    report.creates.length +
      report.updates.length +
      report.conflicts.length +
      report.overwritten.length +
      report.unmatched.length +
      report.mappings.length ===
    0;
  return (
    <Stack spacing={2}>
      {nothing && (
        <Typography variant="body2">
          {report.unchanged > 0
            ? `Nothing to write: every record in ${tool} already holds what the catalogue has.`
            : 'Nothing to write: the catalogue has no service to export.'}
        </Typography>
      )}
      <Changes
        title={dry ? 'Will be created' : 'Created'}
        help={
          dry
            ? `A service whose record is created is then mapped to it for incidents, unless it is already mapped to another ITSM record.`
            : undefined
        }
        items={report.creates}
      />
      <Changes
        title={dry ? 'Will be updated' : 'Updated'}
        items={report.updates}
      />
      <Conflicts
        tool={tool}
        items={report.conflicts}
        ticked={dry ? props.ticked : undefined}
        onTick={props.onTick}
        disabled={props.disabled}
      />
      <Changes
        title="Overwritten with the catalogue's values"
        items={report.overwritten}
      />
      <Group
        title={`Owners and groups without a match in ${tool}`}
        count={report.unmatched.length}
        help="These fields are left out of the records until someone matching is found there."
        head={
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>What happens</TableCell>
          </TableRow>
        }
      >
        {report.unmatched.map(u => (
          <TableRow key={`${u.serviceId}:${u.field}`}>
            <TableCell>{u.serviceId}</TableCell>
            <TableCell>{u.ref}</TableCell>
            <TableCell sx={{ maxWidth: '60ch' }}>{u.message}</TableCell>
          </TableRow>
        ))}
      </Group>
      <Group
        title="Mappings for incidents"
        count={report.mappings.length}
        head={
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Mapping</TableCell>
            <TableCell>What happened</TableCell>
          </TableRow>
        }
      >
        {report.mappings.map(m => (
          <TableRow key={m.serviceId}>
            <TableCell>{m.serviceId}</TableCell>
            <TableCell>{m.result === 'set' ? 'Set' : 'Kept'}</TableCell>
            <TableCell sx={{ maxWidth: '60ch' }}>{m.message}</TableCell>
          </TableRow>
        ))}
      </Group>
      {report.unchanged > 0 && (
        <Typography variant="body2" color="text.secondary">
          Already up to date in {tool}: {formatNumber(report.unchanged)}{' '}
          record(s).
        </Typography>
      )}
    </Stack>
  );
}

/** One line for what a real run did. */
function outcome(report: CmdbExportReport): string {
  const parts = [
    `${formatNumber(report.creates.length)} created`,
    `${formatNumber(report.updates.length)} updated`,
  ];
  if (report.overwritten.length) {
    parts.push(`${formatNumber(report.overwritten.length)} overwritten`);
  }
  const left = report.conflicts.length
    ? `; ${formatNumber(
        report.conflicts.length,
      )} changed record(s) left as they are`
    : '';
  return `Export finished: ${parts.join(', ')}${left}.`;
}

/**
 * The CMDB export of one connector that can export (`cmdbExport`), for
 * people who may run the ITSM sync: "Preview" runs the dry run and lists what
 * would change; "Export" then writes it, overwriting only the conflicting
 * records ticked.
 */
export function CmdbExportCard(props: { connector: ItsmConnectorInfo }) {
  const { connector } = props;
  const api = useApi(socialMediaApiRef);
  const [running, setRunning] = useState<'preview' | 'export'>();
  const [preview, setPreview] = useState<CmdbExportReport>();
  const [result, setResult] = useState<CmdbExportReport>();
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string>();
  const tool = connector.displayName;

  const run = async (dryRun: boolean) => {
    setRunning(dryRun ? 'preview' : 'export');
    setError(undefined);
    try {
      const report = await api.runCmdbExport(connector.id, {
        dryRun,
        ...(!dryRun && ticked.size > 0 ? { overwrite: [...ticked] } : {}),
      });
      if (dryRun) {
        setPreview(report);
        setResult(undefined);
      } else {
        // What was previewed is written now: a next export starts from a new preview.
        setPreview(undefined);
        setResult(report);
      }
      setTicked(new Set());
    } catch (e) {
      setError(describeChangeError(e));
    } finally {
      setRunning(undefined);
    }
  };

  const tick = (serviceId: string, on: boolean) =>
    setTicked(previous => {
      const next = new Set(previous);
      if (on) next.add(serviceId);
      else next.delete(serviceId);
      return next;
    });

  return (
    <Section
      title={`CMDB export to ${tool}`}
      headingLevel="h4"
      action={
        <Stack direction="row" spacing={1}>
          <Button
            variant="outlined"
            size="small"
            startIcon={<PreviewIcon />}
            onClick={() => run(true)}
            disabled={Boolean(running)}
          >
            {running === 'preview' ? 'Previewing…' : 'Preview'}
          </Button>
          <Button
            variant="contained"
            size="small"
            startIcon={<CloudUploadIcon />}
            onClick={() => run(false)}
            disabled={!preview || Boolean(running)}
          >
            {running === 'export' ? 'Exporting…' : 'Export'}
          </Button>
        </Stack>
      }
    >
      <Stack spacing={2}>
        <Typography variant="body2" sx={{ maxWidth: '80ch' }}>
          {recordsIn(connector)}: one per service in the catalogue, with its
          name, owners and lifecycle stage. Preview first to see what would be
          created or changed there; nothing is written until you export.
        </Typography>
        {running && (
          <LinearProgress
            aria-label={
              running === 'preview'
                ? `Reading ${tool} for the preview`
                : `Exporting to ${tool}`
            }
          />
        )}
        {error && <Alert severity="error">{error}</Alert>}
        {ticked.size > 0 && (
          <Alert severity="warning">
            {formatNumber(ticked.size)} record(s) changed in {tool} since the
            last export will be overwritten with the catalogue's values: what
            was changed on them in {tool} is lost.
          </Alert>
        )}
        {result && (
          <Alert severity="success" role="status">
            {outcome(result)}
          </Alert>
        )}
        {preview && (
          <Report
            connector={connector}
            report={preview}
            ticked={ticked}
            onTick={tick}
            disabled={Boolean(running)}
          />
        )}
        {result && <Report connector={connector} report={result} />}
      </Stack>
    </Section>
  );
}
