import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  itsmSyncPermission,
  type ItsmSyncStatus,
} from '@internal/plugin-social-media-common';
import SyncIcon from '@mui/icons-material/Sync';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
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
import { describeChangeError, describeLoadError } from '../../utils/errors';
import {
  formatDateTime,
  formatNumber,
  itsmSystemName,
} from '../../utils/format';
import { loadItsmConnectors } from '../shared/useItsmConnectors';
import { CmdbExportCard } from './CmdbExportCard';
import { NotSet, Section } from '../shared/Section';
import { wrapBetweenWords } from '../shared/tableText';

/** A run failed when its last error came after its last success. */
function failing(status: ItsmSyncStatus): boolean {
  return Boolean(
    status.lastErrorAt &&
      (!status.lastSuccessAt || status.lastErrorAt >= status.lastSuccessAt),
  );
}

/**
 * Where the incident sync of each installed ITSM connector stands, and
 * "Sync now" for administrators; beside it, the CMDB export of each connector
 * that can export, for those allowed to run the sync.
 */
export function ItsmSyncSection() {
  const api = useApi(socialMediaApiRef);
  // Each connector by the name it gives itself; by its id when the names cannot be read.
  const loaded = useAsyncRetry(async () => {
    const [status, connectors] = await Promise.all([
      api.getItsmStatus(),
      loadItsmConnectors(api).catch(() => undefined),
    ]);
    return { ...status, connectors };
  }, [api]);
  const [items, setItems] = useState<ItsmSyncStatus[]>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const shown = items ?? loaded.value?.items;
  // The CMDB export takes the sync permission: shown only to those who have it.
  const { allowed: maySync } = usePermission({
    permission: itsmSyncPermission,
  });
  const exporting = maySync
    ? (loaded.value?.connectors ?? []).filter(c => c.cmdbExport)
    : [];

  /** Runs a sync and shows what it left: `finished` applies the answer and says how it went. */
  const runSync = async <T,>(
    sync: () => Promise<T>,
    finished: (result: T) => void,
  ) => {
    setRunning(true);
    setError(undefined);
    setDone(undefined);
    try {
      finished(await sync());
    } catch (e) {
      setError(describeChangeError(e));
      // A 409 means a run is going on (here or on another instance): show since when.
      setItems(undefined);
      loaded.retry();
    } finally {
      setRunning(false);
    }
  };

  const syncNow = () =>
    runSync(
      () => api.runItsmSync(),
      result => {
        setItems(result.items);
        const stored = result.items.reduce((n, s) => n + s.incidentsLastRun, 0);
        const failed = result.items.filter(failing).length;
        setDone(
          `Sync finished: ${formatNumber(stored)} incident(s) stored${
            failed ? `, ${failed} connector(s) failed` : ''
          }.`,
        );
      },
    );

  // One connector alone, e.g. after its credentials were put right.
  const syncOne = (connectorId: string) => {
    const name = itsmSystemName(connectorId, loaded.value?.connectors);
    return runSync(
      () => api.runItsmConnectorSync(connectorId),
      status => {
        setItems(
          (shown ?? []).map(s => (s.connectorId === connectorId ? status : s)),
        );
        if (failing(status)) {
          setError(`The ${name} sync failed: ${status.lastError}`);
        } else {
          setDone(
            `${name} sync finished: ${formatNumber(
              status.incidentsLastRun,
            )} incident(s) stored.`,
          );
        }
      },
    );
  };

  return (
    <Section
      title="ITSM incident sync"
      action={
        shown && shown.length > 0 ? (
          <Button
            variant="outlined"
            size="small"
            startIcon={<SyncIcon />}
            onClick={syncNow}
            disabled={running}
          >
            {running ? 'Syncing…' : 'Sync now'}
          </Button>
        ) : undefined
      }
    >
      <Stack spacing={2}>
        {(loaded.loading || running) && (
          <LinearProgress aria-label="Loading the ITSM sync status" />
        )}
        {loaded.error && (
          <Alert severity="error">
            {describeLoadError(loaded.error, 'the ITSM sync status')}
          </Alert>
        )}
        {done && (
          <Alert severity="success" role="status">
            {done}
          </Alert>
        )}
        {error && <Alert severity="error">{error}</Alert>}
        {shown && shown.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            No ITSM connector is installed. A portal administrator installs a
            connector module for the ITSM tool (e.g. ServiceNow, Jira Service
            Management or PagerDuty) and configures it in a socialMedia.itsm
            block of the app config.
          </Typography>
        )}
        {shown && shown.length > 0 && (
          <TableContainer>
            <Table
              size="small"
              sx={wrapBetweenWords}
              aria-label="ITSM connectors"
            >
              <TableHead>
                <TableRow>
                  <TableCell>ITSM</TableCell>
                  <TableCell align="right">Mapped services</TableCell>
                  <TableCell>Last success</TableCell>
                  <TableCell>Last full sync</TableCell>
                  <TableCell align="right">Incidents last run</TableCell>
                  <TableCell>Last error</TableCell>
                  {maySync && <TableCell>This ITSM alone</TableCell>}
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map(status => (
                  <TableRow key={status.connectorId}>
                    <TableCell>
                      {itsmSystemName(
                        status.connectorId,
                        loaded.value?.connectors,
                      )}
                      {status.runningSince && (
                        <Typography
                          variant="body2"
                          color="text.secondary"
                          sx={{ whiteSpace: 'nowrap' }}
                        >
                          Running since {formatDateTime(status.runningSince)}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">
                      {formatNumber(status.mappedServices)}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {status.lastSuccessAt ? (
                        formatDateTime(status.lastSuccessAt)
                      ) : (
                        <NotSet>Never</NotSet>
                      )}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {status.lastFullSyncAt ? (
                        formatDateTime(status.lastFullSyncAt)
                      ) : (
                        <NotSet>Never</NotSet>
                      )}
                    </TableCell>
                    <TableCell align="right">
                      {formatNumber(status.incidentsLastRun)}
                    </TableCell>
                    <TableCell
                      sx={{
                        color: failing(status) ? 'error.main' : undefined,
                        maxWidth: '50ch',
                      }}
                    >
                      {status.lastError ? (
                        <>
                          {status.lastErrorAt &&
                            `${formatDateTime(status.lastErrorAt)}: `}
                          {status.lastError}
                        </>
                      ) : (
                        <NotSet>None</NotSet>
                      )}
                    </TableCell>
                    {maySync && (
                      <TableCell>
                        <Button
                          size="small"
                          onClick={() => syncOne(status.connectorId)}
                          disabled={running}
                          aria-label={`Sync ${itsmSystemName(
                            status.connectorId,
                            loaded.value?.connectors,
                          )} now`}
                        >
                          Sync
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        {exporting.map(connector => (
          <CmdbExportCard key={connector.id} connector={connector} />
        ))}
      </Stack>
    </Section>
  );
}
