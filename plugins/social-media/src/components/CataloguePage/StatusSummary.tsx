import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  socialMediaStatusReadPermission,
  type DatabaseStorage,
  type ItsmConnectorInfo,
  type SocialMediaStatus,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { socialMediaApiRef } from '../../api';
import { describeLoadError } from '../../utils/errors';
import { Section } from '../shared/Section';
import { loadItsmConnectors } from '../shared/useItsmConnectors';

/** Names the kind of database behind a knex client id, in words. */
export function describeDatabase(client: string): string {
  const normalized = client.toLowerCase();
  if (normalized.includes('sqlite')) {
    return 'SQLite';
  }
  if (
    normalized === 'pg' ||
    normalized.includes('postgres') ||
    normalized === 'pg-native'
  ) {
    return 'PostgreSQL';
  }
  if (normalized.includes('mysql')) {
    return 'MySQL';
  }
  return client;
}

/**
 * Where the data is kept, as the backend reports it. A backend that does not say (an older
 * release) is taken at its `inMemory` flag, and otherwise not guessed at.
 */
function storageOf(status: SocialMediaStatus): DatabaseStorage {
  if (status.database.storage) return status.database.storage;
  return status.database.inMemory === true
    ? { kind: 'memory' }
    : { kind: 'unknown' };
}

/** Where the data is kept, in words. */
function describeStorage(storage: DatabaseStorage): string {
  switch (storage.kind) {
    case 'memory':
      return 'In memory: lost when the backend restarts';
    case 'file':
      return `A file on the backend's disk (${storage.file})`;
    case 'server':
      return 'On the database server';
    default:
      return 'Not known: the database did not say';
  }
}

function databaseNote(storage: DatabaseStorage): string | undefined {
  switch (storage.kind) {
    case 'memory':
      return 'Fine to try the catalogue: give SQLite a directory (backend.database.connection.directory) to keep the data across restarts, and use PostgreSQL in production.';
    case 'file':
      return 'Embedded store: fine to try the catalogue, use PostgreSQL in production.';
    case 'server':
      return 'Production store, shared by every backend instance.';
    default:
      return undefined;
  }
}

/**
 * How the catalogue runs, for administrators (`social-media.status.read`):
 * which store backs it and which ITSM connectors are installed. Others see
 * nothing, and the status is not even asked for.
 */
export function CatalogueStatus() {
  const api = useApi(socialMediaApiRef);
  const { allowed } = usePermission({
    permission: socialMediaStatusReadPermission,
  });
  const status = useAsync(async () => {
    if (!allowed) return undefined;
    // Connectors by the names they give themselves; by their ids when those cannot be read.
    const [value, connectors] = await Promise.all([
      api.getStatus(),
      loadItsmConnectors(api).catch(() => undefined),
    ]);
    return { value, connectors };
  }, [api, allowed]);
  if (!allowed) return null;
  if (status.error) {
    return (
      <Alert severity="warning">
        {describeLoadError(status.error, 'the catalogue status')}
      </Alert>
    );
  }
  return (
    <StoreSummary
      status={status.value?.value}
      connectors={status.value?.connectors}
    />
  );
}

/** Which store backs the catalogue and which ITSM connectors are installed. */
export function StoreSummary(props: {
  status?: SocialMediaStatus;
  /** How the installed connectors describe themselves. */
  connectors?: ItsmConnectorInfo[];
}) {
  const { status } = props;
  const ids = {
    database: useId(),
    storage: useId(),
    migration: useId(),
    connectors: useId(),
  };
  if (!status) return null;
  const database = describeDatabase(status.database.client);
  const kept = storageOf(status);
  const storage = describeStorage(kept);
  const note = databaseNote(kept);
  const connectors = status.connectors ?? [];
  const displayNames = new Map(
    (props.connectors ?? []).map(c => [c.id, c.displayName]),
  );
  return (
    <Section title="Catalogue status">
      <Box
        component="dl"
        sx={{
          m: 0,
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: 2,
          rowGap: 1,
          '& dt': { color: 'text.secondary' },
          '& dd': { m: 0 },
        }}
      >
        <Typography component="dt" variant="body2" id={ids.database}>
          Database
        </Typography>
        <Typography component="dd" aria-labelledby={ids.database}>
          {database}
        </Typography>
        <Typography component="dt" variant="body2" id={ids.storage}>
          Data kept
        </Typography>
        <Typography component="dd" aria-labelledby={ids.storage}>
          {storage}
        </Typography>
        <Typography component="dt" variant="body2" id={ids.migration}>
          Newest migration
        </Typography>
        <Typography component="dd" aria-labelledby={ids.migration}>
          {status.database.latestMigration || 'None applied'}
        </Typography>
        <Typography component="dt" variant="body2" id={ids.connectors}>
          ITSM connectors
        </Typography>
        <Typography component="dd" aria-labelledby={ids.connectors}>
          {connectors.length === 0 ? (
            'No ITSM connector installed yet'
          ) : (
            <Box
              component="ul"
              aria-label="Installed ITSM connectors"
              sx={{ m: 0, pl: 0, listStyle: 'none' }}
            >
              {connectors.map(id => (
                <li key={id}>
                  {displayNames.get(id) ?? id}
                  {displayNames.has(id) && (
                    <Typography
                      component="span"
                      variant="body2"
                      color="text.secondary"
                    >
                      {' '}
                      (module {id})
                    </Typography>
                  )}
                </li>
              ))}
            </Box>
          )}
        </Typography>
      </Box>
      {note && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {note}
        </Typography>
      )}
    </Section>
  );
}
