import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  IMPORT_CSV_COLUMNS,
  LIFECYCLE_STAGE_TITLES,
  SOCIAL_PLATFORMS,
  type ImportCsvColumn,
  type ImportReport,
  type ImportRequest,
} from '@internal/plugin-social-media-common';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type ChangeEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { socialMediaApiRef } from '../../api';
import { serviceRouteRef } from '../../routes';
import { describeChangeError } from '../../utils/errors';
import { formatList } from '../../utils/format';
import { Section } from '../shared/Section';
import { useItsmConnectors } from '../shared/useItsmConnectors';
import { wrapBetweenWords } from '../shared/tableText';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

/** What goes in each CSV column; the type makes sure every column the backend reads is here. */
const CSV_COLUMN_DOCS: Record<
  ImportCsvColumn,
  { required?: boolean; description: string }
> = {
  name: { required: true, description: 'Name of the service' },
  platform: {
    required: true,
    description: `${SOCIAL_PLATFORMS.slice(0, -1).join(', ')} or ${
      SOCIAL_PLATFORMS[SOCIAL_PLATFORMS.length - 1]
    }`,
  },
  handle: {
    required: true,
    description: 'Handle on the platform, following its rules (e.g. @acme)',
  },
  profileUrl: { description: 'Public profile, https only' },
  purpose: {
    required: true,
    description: 'What the business uses the account for',
  },
  businessUnit: {
    required: true,
    description: 'The business unit the service serves',
  },
  ownerGroup: {
    required: true,
    description: 'Owning catalog Group, e.g. group:default/marketing',
  },
  serviceOwner: { description: 'Named owner, a catalog User' },
  businessRequester: { description: 'Catalog User who asked for the service' },
  audienceSize: { description: 'Followers, a whole number' },
  tags: { description: 'Tags separated by semicolons, e.g. brand;emea' },
  lifecycleStage: {
    description:
      'strategy, design, transition, operation, improvement or retired (default strategy)',
  },
  mfaEnabled: { description: 'true or false' },
  mfaMethod: {
    description:
      'security-key, authenticator-app, platform-approval or sms (only with MFA enabled)',
  },
  ssoEnabled: { description: 'true or false: people sign in through SSO' },
  credentialVaultRef: {
    description: 'Where the credentials are kept, never the secret itself',
  },
  sharedLogin: {
    description: 'true or false: one login is shared between people',
  },
  verified: { description: 'true or false: verified by the platform' },
  recoveryOwnedByCompany: {
    description:
      'true or false: the recovery e-mail and phone belong to the company',
  },
  regulatedContent: {
    description:
      'true or false: financial promotions, health claims or other regulated content',
  },
  brandLevel: {
    description: 'true or false: the account speaks for the whole brand',
  },
  accessRevoked: { description: 'true or false' },
  accountStatus: { description: 'active, archived or deleted' },
  itsmSystem: {
    description:
      'The id of an ITSM connector installed in this portal, e.g. servicenow',
  },
  itsmReference: { description: 'The ITSM record incidents are filed against' },
  id: { description: 'Service id; made from the name when empty' },
};

/** The CSV columns the import reads, with what goes in each. */
export const CSV_COLUMNS = IMPORT_CSV_COLUMNS.map(name => ({
  name,
  ...CSV_COLUMN_DOCS[name],
}));

const CSV_EXAMPLE = `${CSV_COLUMNS.slice(0, 11)
  .map(c => c.name)
  .join(',')}
Corporate X account,x,@acme,https://x.com/acme,Company news,Corporate Communications,group:default/communications,user:default/communications-lead,,120000,brand;emea`;

const YAML_EXAMPLE = `services:
  - name: Corporate X account
    platform: x
    handle: '@acme'
    purpose: Company news
    businessUnit: Corporate Communications
    ownerGroup: group:default/communications
    tags: [brand, emea]
    controls:
      mfaEnabled: true
      credentialVaultRef: vault://social/corp-x
    itsm:
      system: servicenow
      reference: Corporate X account`;

function Example(props: { children: string }) {
  return (
    <Box
      component="pre"
      sx={{
        p: 1.5,
        bgcolor: 'action.hover',
        borderRadius: 1,
        overflowX: 'auto',
        fontSize: 13,
      }}
    >
      {props.children}
    </Box>
  );
}

/** Reads a picked file as text (FileReader works in every browser). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

function formatOf(fileName: string): ImportRequest['format'] | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

/** Guesses the format of pasted content: YAML lists start with "- " or "services:". */
export function guessFormat(content: string): ImportRequest['format'] {
  const first = content.trimStart().split('\n', 1)[0] ?? '';
  return /^(-\s|---|services\s*:)/.test(first) ? 'yaml' : 'csv';
}

/**
 * Rows catalogued as found in a stage whose requirements they do not meet: a
 * warning, not a problem. The import goes ahead and marks them out of
 * compliance.
 */
function OutOfComplianceWarning(props: { report: ImportReport }) {
  const { report } = props;
  const serviceLink = useRouteRef(serviceRouteRef);
  const rows = report.outOfCompliance ?? [];
  if (rows.length === 0) return null;
  const count = rows.length === 1 ? '1 service' : `${rows.length} services`;
  return (
    <Alert severity="warning">
      <AlertTitle>
        {report.dryRun
          ? `${count} would be recorded out of compliance`
          : `${count} recorded out of compliance`}
      </AlertTitle>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {report.dryRun
          ? 'These rows do not block the import: they will be catalogued as found and marked out of compliance until they meet the requirements of their stage.'
          : 'They were catalogued as found and are marked out of compliance until they meet the requirements of their stage.'}
      </Typography>
      <Box component="ul" aria-label="Out of compliance" sx={{ m: 0, pl: 3 }}>
        {rows.map(item => (
          <li key={`${item.row}-${item.id}`}>
            Row {item.row},{' '}
            {report.dryRun ? (
              item.id
            ) : (
              <Link component={RouterLink} to={serviceLink({ id: item.id })}>
                {item.id}
              </Link>
            )}
            : {report.dryRun ? 'to be recorded' : 'recorded'} in{' '}
            {LIFECYCLE_STAGE_TITLES[item.stage].toLowerCase()} as found, out of
            compliance: lacks {formatList(item.missing)}
          </li>
        ))}
      </Box>
    </Alert>
  );
}

/** What an import did or would do: the rows, the services, the problems. */
export function ImportReportView(props: { report: ImportReport }) {
  const { report } = props;
  const serviceLink = useRouteRef(serviceRouteRef);
  const created = report.created.length;
  let title: string;
  if (!report.valid) {
    title = report.dryRun
      ? 'The file has problems'
      : 'Nothing was imported: the file has problems';
  } else if (report.dryRun) {
    title = 'The file is ready to import';
  } else {
    title = 'Import complete';
  }
  let summary: string;
  if (!report.valid) {
    summary = `${report.rows} ${report.rows === 1 ? 'row' : 'rows'} read, ${
      report.problems.length
    } ${
      report.problems.length === 1 ? 'problem' : 'problems'
    } to fix. An import is all or nothing: fix every problem and try again.`;
  } else if (report.dryRun) {
    summary = `${report.rows} ${
      report.rows === 1 ? 'row' : 'rows'
    } checked, no problems. ${created} ${
      created === 1 ? 'service' : 'services'
    } would be created.`;
  } else {
    summary = `${report.rows} ${
      report.rows === 1 ? 'row' : 'rows'
    } read, ${created} ${created === 1 ? 'service' : 'services'} created.`;
  }

  return (
    <Section title="Import report">
      <Stack spacing={2}>
        <Alert severity={report.valid ? 'success' : 'error'} role="status">
          <AlertTitle>{title}</AlertTitle>
          {summary}
        </Alert>
        <OutOfComplianceWarning report={report} />
        {created > 0 && (
          <Box>
            <Typography variant="subtitle1" component="h4" fontWeight={600}>
              {report.dryRun ? 'Services that would be created' : 'Created'}
            </Typography>
            <Box
              component="ul"
              aria-label={
                report.dryRun
                  ? 'Services that would be created'
                  : 'Created services'
              }
              sx={{ m: 0, pl: 3 }}
            >
              {report.created.map(id => (
                <li key={id}>
                  {report.dryRun ? (
                    id
                  ) : (
                    <Link component={RouterLink} to={serviceLink({ id })}>
                      {id}
                    </Link>
                  )}
                </li>
              ))}
            </Box>
          </Box>
        )}
        {report.problems.length > 0 && (
          <TableContainer>
            <Table size="small" sx={wrapBetweenWords} aria-label="Problems">
              <TableHead>
                <TableRow>
                  <TableCell>Row</TableCell>
                  <TableCell>Field</TableCell>
                  <TableCell>Message</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {report.problems.map((problem, index) => (
                  <TableRow key={index}>
                    <TableCell>{problem.row || 'File'}</TableCell>
                    <TableCell>
                      <code>{problem.field || '(row)'}</code>
                    </TableCell>
                    <TableCell>{problem.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Stack>
    </Section>
  );
}

/** Bulk import of an existing inventory, from CSV or YAML. */
export function ImportPage() {
  const api = useApi(socialMediaApiRef);
  const { connectors } = useItsmConnectors();
  const fileInputId = useId();
  const [content, setContent] = useState('');
  const [format, setFormat] = useState<ImportRequest['format'] | 'auto'>(
    'auto',
  );
  const [fileName, setFileName] = useState<string>();
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState<'check' | 'import'>();
  const [contentError, setContentError] = useState<string>();

  const effectiveFormat = format === 'auto' ? guessFormat(content) : format;

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    let text: string;
    try {
      text = await readText(file);
    } catch (e) {
      setError(e);
      return;
    }
    setContent(text);
    setFileName(file.name);
    setFormat(formatOf(file.name) ?? 'auto');
    setReport(undefined);
    setError(undefined);
    setContentError(undefined);
    event.target.value = '';
  };

  const run = async (dryRun: boolean) => {
    if (!content.trim()) {
      setContentError('Paste the inventory or upload a file first.');
      return;
    }
    setContentError(undefined);
    setRunning(dryRun ? 'check' : 'import');
    setError(undefined);
    try {
      setReport(
        await api.importServices({ format: effectiveFormat, content, dryRun }),
      );
    } catch (e) {
      setReport(undefined);
      setError(e);
    } finally {
      setRunning(undefined);
    }
  };

  return (
    <Stack spacing={3} sx={{ p: { xs: 2, md: 3 }, maxWidth: 1200 }}>
      <CatalogueBreadcrumbs current="Import" />
      <div>
        <Typography variant="h4" component="h2">
          Import an inventory
        </Typography>
        <Typography variant="body1" sx={{ mt: 1, maxWidth: '75ch' }}>
          Bring an existing list of social media accounts into the catalogue, as
          CSV or YAML. Check it first with a dry run: nothing is written and
          every problem is listed by row and field. The import is all or
          nothing, so a file with any problem writes nothing. Services in a
          stage whose requirements they do not meet yet (say, in operation
          without MFA) are not a problem: they are catalogued as found and
          marked out of compliance, and the report lists them.
        </Typography>
      </div>

      <Section title="Inventory">
        <Stack spacing={2}>
          <Stack
            direction={{ xs: 'column', sm: 'row' }}
            spacing={2}
            alignItems={{ xs: 'flex-start', sm: 'center' }}
          >
            <Button
              variant="outlined"
              component="label"
              htmlFor={fileInputId}
              startIcon={<UploadFileIcon />}
            >
              Upload a file
              <input
                id={fileInputId}
                type="file"
                accept=".csv,.yaml,.yml,text/csv,application/yaml,text/yaml"
                hidden
                onChange={onFile}
                aria-label="Upload a file"
              />
            </Button>
            {fileName && (
              <Typography variant="body2" color="text.secondary">
                Loaded {fileName}
              </Typography>
            )}
            <TextField
              select
              size="small"
              label="Format"
              value={format}
              onChange={event => setFormat(event.target.value as typeof format)}
              SelectProps={{ native: true }}
              InputLabelProps={{ shrink: true }}
              sx={{ minWidth: 200 }}
            >
              <option value="auto">
                Detect ({effectiveFormat.toUpperCase()})
              </option>
              <option value="csv">CSV</option>
              <option value="yaml">YAML</option>
            </TextField>
          </Stack>
          <TextField
            label="Inventory (CSV or YAML)"
            multiline
            minRows={8}
            maxRows={24}
            fullWidth
            value={content}
            onChange={event => {
              setContent(event.target.value);
              setContentError(undefined);
            }}
            error={Boolean(contentError)}
            helperText={
              contentError ??
              'Paste the file here, or upload it. CSV needs a header row.'
            }
            InputProps={{ sx: { fontFamily: 'monospace', fontSize: 13 } }}
          />
          <Stack direction="row" spacing={1}>
            <Button
              variant="outlined"
              onClick={() => run(true)}
              disabled={Boolean(running)}
            >
              Check (dry run)
            </Button>
            <Button
              variant="contained"
              onClick={() => run(false)}
              disabled={Boolean(running)}
            >
              Import
            </Button>
          </Stack>
          {running && (
            <LinearProgress
              aria-label={
                running === 'check' ? 'Checking the file' : 'Importing'
              }
            />
          )}
          {error !== undefined && (
            <Alert severity="error">
              <AlertTitle>The file could not be checked or imported</AlertTitle>
              {describeChangeError(error)}
            </Alert>
          )}
        </Stack>
      </Section>

      {report && <ImportReportView report={report} />}

      <Section title="CSV columns">
        <Typography variant="body2" sx={{ mb: 2 }}>
          The first row names the columns, in any order. Columns marked required
          must have a value in every row. Tags are separated by semicolons. YAML
          takes a list of services (or a top-level <code>services</code> list)
          in the shape the API takes: the same field names, tags as a list, and
          the guardianship controls and ITSM mapping as nested{' '}
          <code>controls</code> and <code>itsm</code> objects.
        </Typography>
        <Typography variant="body2" sx={{ mb: 2 }}>
          There is no column for the last access review or the risk sign-off:
          they are recorded when the service owner completes an access review
          and when the risk assessment is signed off on the service page, never
          typed in. A file with a <code>lastAccessReviewAt</code> or{' '}
          <code>riskAssessedAt</code> column (or YAML with those controls) is
          refused.
        </Typography>
        <Typography variant="body2" sx={{ mb: 2 }}>
          Cells hold values, never spreadsheet formulas: a file with a cell that
          starts with <code>=</code>, or with <code>+</code>, <code>-</code> or{' '}
          <code>@</code> and calls something (such as <code>=HYPERLINK(…)</code>{' '}
          or <code>+cmd|…</code>), is refused, with the row and column of each
          such cell named. A handle such as <code>@acme</code> is a value.
        </Typography>
        <TableContainer>
          <Table size="small" sx={wrapBetweenWords} aria-label="CSV columns">
            <TableHead>
              <TableRow>
                <TableCell>Column</TableCell>
                <TableCell>Required</TableCell>
                <TableCell>What goes in it</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {CSV_COLUMNS.map(column => (
                <TableRow key={column.name}>
                  <TableCell>
                    <code>{column.name}</code>
                  </TableCell>
                  <TableCell>{column.required ? 'Yes' : 'No'}</TableCell>
                  <TableCell>
                    {column.name === 'itsmSystem' && connectors?.length
                      ? `The id of an ITSM connector installed in this portal: ${new Intl.ListFormat(
                          'en-GB',
                          { style: 'long', type: 'disjunction' },
                        ).format(
                          connectors.map(c => `${c.id} (${c.displayName})`),
                        )}`
                      : column.description}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <Typography variant="subtitle2" component="h4" sx={{ mt: 2 }}>
          CSV example
        </Typography>
        <Example>{CSV_EXAMPLE}</Example>
        <Typography variant="subtitle2" component="h4" sx={{ mt: 2 }}>
          YAML example
        </Typography>
        <Example>{YAML_EXAMPLE}</Example>
      </Section>
    </Stack>
  );
}
