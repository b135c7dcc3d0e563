import {
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_TITLES,
  type SocialMediaStatus,
} from '@internal/plugin-social-media-common';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { Section } from '../shared/Section';

const KNOWN_CONNECTORS: Record<string, string> = {
  servicenow: 'ServiceNow',
  'jira-service-management': 'Jira Service Management',
  jsm: 'Jira Service Management',
  pagerduty: 'PagerDuty',
};

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

function databaseNote(database: string): string | undefined {
  if (database === 'SQLite') {
    return 'Embedded store in a file on disk: fine to try the catalogue, use PostgreSQL in production.';
  }
  if (database === 'PostgreSQL') {
    return 'Production store, shared by every backend instance.';
  }
  return undefined;
}

/**
 * A count with its label; the count is labelled by the label so that
 * `getByLabelText('Operation')` finds the number of services in operation.
 */
function Count(props: { label: string; value: number; strong?: boolean }) {
  const id = useId();
  return (
    <Box
      sx={{
        display: 'flex',
        flexDirection: 'column-reverse',
        px: 2,
        py: 1,
        minWidth: '7rem',
        borderLeft: props.strong ? undefined : 1,
        borderColor: 'divider',
      }}
    >
      <Typography component="dt" variant="body2" color="text.secondary" id={id}>
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant={props.strong ? 'h4' : 'h5'}
        aria-labelledby={id}
        sx={{ m: 0 }}
      >
        {props.value}
      </Typography>
    </Box>
  );
}

/** Totals per lifecycle stage, as a compact strip. */
export function StageSummary(props: { status?: SocialMediaStatus }) {
  const { status } = props;
  if (!status) return null;
  const { total, byStage } = status.services;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label="Services by lifecycle stage"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'stretch', py: 1 }}
    >
      <Box component="dl" sx={{ m: 0, display: 'flex' }}>
        <Count label="Services in total" value={total} strong />
      </Box>
      <Box
        role="group"
        aria-label="Services per ITIL lifecycle stage"
        sx={{ display: 'flex', flexWrap: 'wrap' }}
      >
        <Box component="dl" sx={{ m: 0, display: 'flex', flexWrap: 'wrap' }}>
          {LIFECYCLE_STAGES.map(stage => (
            <Count
              key={stage}
              label={LIFECYCLE_STAGE_TITLES[stage]}
              value={byStage?.[stage] ?? 0}
            />
          ))}
        </Box>
      </Box>
    </Paper>
  );
}

/** Which store backs the catalogue and which ITSM connectors are installed. */
export function StoreSummary(props: { status?: SocialMediaStatus }) {
  const { status } = props;
  const ids = { database: useId(), migration: useId(), connectors: useId() };
  if (!status) return null;
  const database = describeDatabase(status.database.client);
  const note = databaseNote(database);
  const connectors = status.connectors ?? [];
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
                  {KNOWN_CONNECTORS[id] ?? id}
                  {KNOWN_CONNECTORS[id] && (
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
