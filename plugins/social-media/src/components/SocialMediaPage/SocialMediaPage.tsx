import {
  Content,
  InfoCard,
  Page,
  Header,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  LIFECYCLE_STAGES,
  LifecycleStage,
  SocialMediaStatus,
} from '@internal/plugin-social-media-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';

/** Display names of the ITIL service lifecycle stages, in lifecycle order. */
export const STAGE_LABELS: Record<LifecycleStage, string> = {
  strategy: 'Strategy',
  design: 'Design',
  transition: 'Transition',
  operation: 'Operation',
  improvement: 'Continual improvement',
  retired: 'Retired',
};

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

const useStyles = makeStyles(theme => ({
  intro: {
    maxWidth: '70ch',
    marginTop: theme.spacing(1),
  },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(9rem, 1fr))',
    gap: theme.spacing(2),
  },
  fact: {
    display: 'flex',
    flexDirection: 'column',
    padding: theme.spacing(1.5),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
  },
  total: {
    marginBottom: theme.spacing(2),
  },
  label: {
    ...theme.typography.body2,
    color: theme.palette.text.secondary,
  },
  count: {
    ...theme.typography.h4,
    margin: 0,
    // the number reads first, its label below it
    order: -1,
  },
  details: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    '& dt': {
      ...theme.typography.body2,
      color: theme.palette.text.secondary,
    },
    '& dd': {
      ...theme.typography.body1,
      margin: 0,
      overflowWrap: 'anywhere',
    },
  },
  connectors: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
    '& li + li': {
      marginTop: theme.spacing(1),
    },
  },
  note: {
    marginTop: theme.spacing(2),
  },
}));

function slug(text: string) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * A number with its label; the number is labelled by the label so that
 * `getByLabel('Operation')` finds the count of services in operation.
 */
function Fact(props: { label: string; value: number; className?: string }) {
  const classes = useStyles();
  const id = `social-media-count-${slug(props.label)}`;
  return (
    <div className={`${classes.fact} ${props.className ?? ''}`}>
      <dt className={classes.label} id={id}>
        {props.label}
      </dt>
      <dd className={classes.count} aria-labelledby={id}>
        {props.value}
      </dd>
    </div>
  );
}

function ServicesCard(props: { services: SocialMediaStatus['services'] }) {
  const classes = useStyles();
  const { total, byStage } = props.services;
  return (
    <InfoCard
      title="Services by lifecycle stage"
      titleTypographyProps={{ component: 'h3' }}
      variant="gridItem"
    >
      <dl className={`${classes.facts} ${classes.total}`}>
        <Fact label="Services in total" value={total} />
      </dl>
      <div role="group" aria-label="Services per ITIL lifecycle stage">
        <dl className={classes.facts}>
          {LIFECYCLE_STAGES.map(stage => (
            <Fact
              key={stage}
              label={STAGE_LABELS[stage]}
              value={byStage?.[stage] ?? 0}
            />
          ))}
        </dl>
      </div>
      {total === 0 && (
        <Typography variant="body2" className={classes.note}>
          The catalogue is empty. Services appear here once they are requested
          or imported.
        </Typography>
      )}
    </InfoCard>
  );
}

function StoreCard(props: { database: SocialMediaStatus['database'] }) {
  const classes = useStyles();
  const database = describeDatabase(props.database.client);
  const note = databaseNote(database);
  return (
    <InfoCard
      title="Store"
      titleTypographyProps={{ component: 'h3' }}
      variant="gridItem"
    >
      <dl className={classes.details}>
        <dt id="social-media-store-database">Database</dt>
        <dd aria-labelledby="social-media-store-database">{database}</dd>
        <dt id="social-media-store-migration">Newest migration</dt>
        <dd aria-labelledby="social-media-store-migration">
          {props.database.latestMigration || 'None applied'}
        </dd>
      </dl>
      {note && (
        <Typography variant="body2" className={classes.note}>
          {note}
        </Typography>
      )}
    </InfoCard>
  );
}

function ConnectorsCard(props: { connectors: string[] }) {
  const classes = useStyles();
  const { connectors } = props;
  return (
    <InfoCard
      title="ITSM connectors"
      titleTypographyProps={{ component: 'h3' }}
      variant="gridItem"
    >
      {connectors.length === 0 ? (
        <Typography variant="body1">No ITSM connector installed yet</Typography>
      ) : (
        <ul
          className={classes.connectors}
          aria-label="Installed ITSM connectors"
        >
          {connectors.map(id => (
            <li key={id}>
              <Typography variant="body1" component="span">
                {KNOWN_CONNECTORS[id] ?? id}
              </Typography>
              {KNOWN_CONNECTORS[id] && (
                <Typography
                  variant="body2"
                  color="textSecondary"
                  component="span"
                >
                  {' '}
                  (module {id})
                </Typography>
              )}
            </li>
          ))}
        </ul>
      )}
    </InfoCard>
  );
}

function errorTitle(error: Error): string {
  if (ResponseError.is(error)) {
    if (error.statusCode === 403) {
      return 'You do not have permission to read the social media service catalogue. Ask a portal administrator to grant you the social-media.service.read permission.';
    }
    if (error.statusCode === 401) {
      return 'You are not signed in. Sign in again to read the social media service catalogue.';
    }
  }
  return `Could not load the social media service catalogue: ${error.message}`;
}

/**
 * The catalogue's overview, without any page shell: the new frontend system
 * renders the page header itself.
 */
export function SocialMediaOverview() {
  const classes = useStyles();
  const api = useApi(socialMediaApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getStatus(),
    [api],
  );

  let body: JSX.Element;
  if (loading && !value) {
    body = <Progress aria-label="Loading the social media service catalogue" />;
  } else if (error) {
    body = (
      <>
        <ResponseErrorPanel error={error} title={errorTitle(error)} />
        <Button
          variant="outlined"
          color="primary"
          onClick={retry}
          className={classes.note}
        >
          Try again
        </Button>
      </>
    );
  } else if (value) {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <ServicesCard services={value.services} />
        </Grid>
        <Grid item xs={12} md={6}>
          <Grid container spacing={3} direction="column">
            <Grid item>
              <StoreCard database={value.database} />
            </Grid>
            <Grid item>
              <ConnectorsCard connectors={value.connectors ?? []} />
            </Grid>
          </Grid>
        </Grid>
      </Grid>
    );
  } else {
    body = <></>;
  }

  return (
    <Content>
      <Grid container spacing={3} direction="column">
        <Grid item component="section" aria-labelledby="social-media-title">
          <Typography variant="h4" component="h2" id="social-media-title">
            Social media service catalogue
          </Typography>
          <Typography variant="body1" className={classes.intro}>
            Every social media presence your organisation runs is catalogued
            here as a business service, with an owner, a risk rating, an ITIL
            lifecycle stage and the incidents linked from your ITSM tool.
          </Typography>
        </Grid>
        <Grid item>{body}</Grid>
      </Grid>
    </Content>
  );
}

/**
 * The "Social media" page for the new frontend system: content only.
 *
 * @internal
 */
export function NfsSocialMediaPage() {
  return <SocialMediaOverview />;
}

/**
 * The "Social media" page for the legacy frontend system, inside its own
 * page shell and header.
 *
 * @internal
 */
export function SocialMediaPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Social media"
        subtitle="Every social media presence as a catalogued business service"
      />
      <SocialMediaOverview />
    </Page>
  );
}
