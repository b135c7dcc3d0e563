import { useApi } from '@backstage/core-plugin-api';
import type {
  RiskFactor,
  RiskHistoryEntry,
  SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { LoadError } from '../shared/LoadError';
import { RecordProblemsNote } from '../shared/RecordProblemsAlert';
import { formatDateTime } from '../../utils/format';
import { RISK_RATING_TITLES, RiskBadge } from '../RiskBadge';
import {
  RISK_TRIGGER_TITLES,
  currentRating,
  describeReason,
  formatContribution,
} from '../shared/guardianship';
import { Facts, Section } from '../shared/Section';
import { SignOffBlock } from './SignOff';
import { wrapBetweenWords } from '../shared/tableText';

const KINDS: Array<{ kind: RiskFactor['kind']; title: string }> = [
  { kind: 'likelihood', title: 'Likelihood' },
  { kind: 'impact', title: 'Impact' },
];

/** Every factor the rating weighs, likelihood then impact; those adding points stand out. */
function FactorsTable(props: {
  risk: NonNullable<SocialServiceDetails['risk']>;
}) {
  const { risk } = props;
  return (
    <TableContainer>
      <Table size="small" sx={wrapBetweenWords} aria-label="Risk factors">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              Factor
            </TableCell>
            <TableCell component="th" scope="col">
              Value
            </TableCell>
            {/* As narrow as its widest entry, and never broken: "Points", "+3". */}
            <TableCell
              component="th"
              scope="col"
              align="right"
              sx={{ whiteSpace: 'nowrap', width: '1%' }}
            >
              Points
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {KINDS.map(({ kind, title }) => {
            const factors = risk.factors.filter(f => f.kind === kind);
            const axis = risk[kind];
            return (
              <Fragment key={kind}>
                <TableRow>
                  <TableCell
                    component="th"
                    scope="rowgroup"
                    colSpan={3}
                    sx={{ bgcolor: 'action.hover', fontWeight: 600 }}
                  >
                    {title}: {axis.score} points, level {axis.level} of 4
                  </TableCell>
                </TableRow>
                {factors.map(factor => {
                  const adds = factor.contribution > 0;
                  return (
                    <TableRow
                      key={factor.id}
                      data-adds-points={adds ? 'true' : undefined}
                      sx={
                        adds
                          ? { bgcolor: 'rgba(216, 67, 21, 0.08)' }
                          : undefined
                      }
                    >
                      <TableCell
                        component="th"
                        scope="row"
                        sx={{ fontWeight: adds ? 600 : 400 }}
                      >
                        {factor.label}
                      </TableCell>
                      <TableCell>{factor.value}</TableCell>
                      <TableCell
                        align="right"
                        sx={{
                          fontWeight: adds ? 700 : 400,
                          color: adds ? 'error.main' : 'text.secondary',
                          whiteSpace: 'nowrap',
                        }}
                      >
                        {formatContribution(factor.contribution)}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function RatingHistory(props: {
  items?: RiskHistoryEntry[];
  error?: Error;
  onRetry: () => void;
}) {
  const { items, error, onRetry } = props;
  if (error) {
    return (
      <LoadError error={error} what="the rating history" onRetry={onRetry} />
    );
  }
  if (!items) {
    return <LinearProgress aria-label="Loading the rating history" />;
  }
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        The rating has not changed yet.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" sx={wrapBetweenWords} aria-label="Rating history">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Rating</TableCell>
            <TableCell>Trigger</TableCell>
            <TableCell>Top reasons</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(entry => (
            <TableRow key={`${entry.at}-${entry.rating}`}>
              <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                <RecordProblemsNote problems={entry.recordProblems} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                {entry.previousRating
                  ? `${RISK_RATING_TITLES[entry.previousRating]} → ${
                      RISK_RATING_TITLES[entry.rating]
                    }`
                  : `First rating: ${RISK_RATING_TITLES[entry.rating]}`}
                <Typography
                  variant="caption"
                  color="text.secondary"
                  display="block"
                >
                  {entry.likelihoodLevel} × {entry.impactLevel} ={' '}
                  {entry.likelihoodLevel * entry.impactLevel}
                </Typography>
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                {RISK_TRIGGER_TITLES[entry.trigger] ?? entry.trigger}
              </TableCell>
              <TableCell sx={{ verticalAlign: 'top' }}>
                {entry.reasons.length === 0 ? (
                  'No factor adds points'
                ) : (
                  <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                    {entry.reasons.slice(0, 3).map(reason => (
                      <li key={reason.id}>{describeReason(reason)}</li>
                    ))}
                  </Box>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/**
 * The risk rating of a service with its explanation: likelihood level ×
 * impact level, every factor and what it added, who signed the rating off,
 * and how the rating changed.
 */
export function RiskSection(props: {
  service: SocialServiceDetails;
  /** Called after a sign-off, with the service as it is now; without it, no sign-off is offered. */
  onSignedOff?: (service: SocialServiceDetails) => void;
  /** Called when the user wants the latest version after a conflict. */
  onReload?: () => void;
}) {
  const { service, onSignedOff, onReload } = props;
  const { risk } = service;
  const api = useApi(socialMediaApiRef);
  const history = useAsyncRetry(
    () => api.getRiskHistory(service.id),
    // read again whenever the service was rated anew
    [api, service.id, service.version, risk?.assessedAt],
  );
  const signOff = (
    <SignOffBlock
      service={service}
      onSignedOff={onSignedOff}
      onReload={onReload}
    />
  );

  return (
    <Section title="Risk">
      {/* the rating beside its factors on wide screens; the history needs the whole width */}
      <Grid container spacing={3}>
        <Grid item xs={12} lg={risk ? 5 : 12}>
          {risk ? (
            <Stack spacing={2}>
              <Facts
                items={[
                  {
                    label: 'Rating',
                    value: (
                      <RiskBadge
                        rating={currentRating(service)}
                        size="medium"
                      />
                    ),
                  },
                  {
                    label: 'Likelihood × impact',
                    value: `Likelihood level ${risk.likelihood.level} × impact level ${risk.impact.level} = ${risk.product}`,
                  },
                  {
                    // When the risk engine last worked the rating out; not a sign-off.
                    label: 'Rating worked out',
                    value: (
                      <time dateTime={risk.assessedAt}>
                        {formatDateTime(risk.assessedAt)}
                      </time>
                    ),
                  },
                ]}
              />
              <Typography variant="body2" color="text.secondary">
                Each factor adds points to the likelihood of a misuse of the
                account or to the harm it would do; the points give each a level
                from 1 to 4, and their product gives the rating. The risk engine
                works it out again whenever the service changes.
              </Typography>
              {service.recordProblems?.length ? (
                <Typography variant="body2" color="error" role="note">
                  The record was changed outside the catalogue: where its stored
                  values rate lower than those the audit trail set, the factors
                  show the trail's values.
                </Typography>
              ) : null}
              {signOff}
            </Stack>
          ) : (
            <Stack spacing={2}>
              <Box>
                <RiskBadge rating={currentRating(service)} size="medium" />
              </Box>
              <Typography variant="body2" color="text.secondary">
                The risk engine has not rated this service yet. It rates every
                service when it changes and on its regular sweep.
              </Typography>
              {signOff}
            </Stack>
          )}
        </Grid>
        {risk && (
          <Grid item xs={12} lg={7}>
            <FactorsTable risk={risk} />
          </Grid>
        )}
        <Grid item xs={12}>
          <Typography
            variant="subtitle1"
            component="h4"
            fontWeight={600}
            sx={{ mb: 1 }}
          >
            Rating history
          </Typography>
          <RatingHistory
            items={history.value?.items}
            error={history.error}
            onRetry={history.retry}
          />
        </Grid>
      </Grid>
    </Section>
  );
}
