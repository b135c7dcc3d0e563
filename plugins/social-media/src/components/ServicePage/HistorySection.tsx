import type { AuditEntry } from '@internal/plugin-social-media-common';
import { LoadError } from '../shared/LoadError';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatDateTime } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import { Section } from '../shared/Section';
import { useItsmConnectors } from '../shared/useItsmConnectors';
import { summarizeEntry } from './historySummary';
import { wrapBetweenWords } from '../shared/tableText';

/** Every recorded change of the service, newest first, from the audit trail. */
export function HistorySection(props: {
  items?: AuditEntry[];
  loading: boolean;
  error?: Error;
  onRetry: () => void;
}) {
  const { items, loading, error, onRetry } = props;
  const { connectors } = useItsmConnectors();
  let body;
  if (error) {
    body = (
      <LoadError
        error={error}
        what="the history of this service"
        onRetry={onRetry}
      />
    );
  } else if (!items) {
    body = <LinearProgress aria-label="Loading the history" />;
  } else if (items.length === 0) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No changes recorded yet.
      </Typography>
    );
  } else {
    body = (
      <TableContainer>
        <Table size="small" sx={wrapBetweenWords} aria-label="History">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>By</TableCell>
              <TableCell>What changed</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(entry => {
              const { action, changes } = summarizeEntry(entry, connectors);
              return (
                <TableRow key={entry.seq}>
                  <TableCell
                    sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}
                  >
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </TableCell>
                  <TableCell sx={{ verticalAlign: 'top' }}>{action}</TableCell>
                  <TableCell sx={{ verticalAlign: 'top' }}>
                    <EntityRef entityRef={entry.actor} kind="user" />
                  </TableCell>
                  <TableCell sx={{ verticalAlign: 'top' }}>
                    {changes.length === 1 ? (
                      changes[0]
                    ) : (
                      <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
                        {changes.map(change => (
                          <li key={change}>{change}</li>
                        ))}
                      </ul>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    );
  }
  return (
    <Section title="History">
      {loading && items && (
        <LinearProgress aria-label="Refreshing the history" sx={{ mb: 1 }} />
      )}
      {body}
    </Section>
  );
}
