import type {
  RequestPrediction,
  RequiredApproval,
} from '@internal/plugin-social-media-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Fragment, type ReactNode } from 'react';
import { formatDateTime } from '../../utils/format';
import { RiskBadge } from '../RiskBadge';
import { EntityRef } from '../shared/EntityRef';
import { Facts, NotSet } from '../shared/Section';

/** How many of the factors that raise the rating are named. */
const TOP_FACTORS = 3;

function List(props: { label: string; items: ReactNode[] }) {
  return (
    <Box component="ul" aria-label={props.label} sx={{ m: 0, pl: 2.5 }}>
      {props.items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </Box>
  );
}

/** Who gives an approval: a member of its groups, each a link to the catalog. */
function Approvers(props: { groups: string[] }) {
  return (
    <>
      a member of{' '}
      {props.groups.map((group, index) => (
        <Fragment key={group}>
          {index > 0 && ' or '}
          <EntityRef entityRef={group} kind="group" />
        </Fragment>
      ))}
    </>
  );
}

/**
 * One approval a request needs: who gives it and why, and once given, who
 * gave it and when.
 */
export function ApprovalItem(props: {
  approval: RequiredApproval;
  /** On a filed request: say whether it was given yet. */
  showProgress?: boolean;
}) {
  const { approval, showProgress } = props;
  let state = null;
  if (approval.approvedBy) {
    state = (
      <Typography component="span" variant="body2" color="success.main">
        Approved by <EntityRef entityRef={approval.approvedBy} kind="user" />
        {approval.approvedAt && (
          <>
            {' '}
            on{' '}
            <time dateTime={approval.approvedAt}>
              {formatDateTime(approval.approvedAt)}
            </time>
          </>
        )}
      </Typography>
    );
  } else if (showProgress) {
    state = (
      <Typography component="span" variant="body2" color="text.secondary">
        Not given yet
      </Typography>
    );
  }
  return (
    <Stack spacing={0.25}>
      <span>
        <strong>{approval.title}</strong>:{' '}
        <Approvers groups={approval.groups} />
      </span>
      <Typography component="span" variant="body2" color="text.secondary">
        {approval.reason}
      </Typography>
      {state}
    </Stack>
  );
}

/**
 * What the risk model predicts for a requested service and whose approvals
 * it needs: the rating with its top factors, the controls the service will
 * need before operation, and the approvals.
 */
export function PredictionFacts(props: {
  prediction: RequestPrediction;
  approvals: RequiredApproval[];
  showProgress?: boolean;
  /** Labels above their values, for a narrow column such as the panel beside the form. */
  stacked?: boolean;
}) {
  const { prediction, approvals, showProgress, stacked } = props;
  const { assessment } = prediction;
  const top = assessment.factors
    .filter(f => f.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, TOP_FACTORS);
  return (
    <Facts
      stacked={stacked}
      items={[
        {
          label: 'Predicted rating',
          value: (
            <Stack direction="row" spacing={1} alignItems="center">
              <RiskBadge rating={prediction.rating} />
              <Typography component="span" variant="body2">
                likelihood level {assessment.likelihood.level} × impact level{' '}
                {assessment.impact.level}, once live with the controls below
              </Typography>
            </Stack>
          ),
        },
        {
          label: 'Top factors',
          value: top.length ? (
            <List
              label="Top factors"
              items={top.map(
                f => `${f.label}: ${f.value} (+${f.contribution})`,
              )}
            />
          ) : (
            <NotSet>Nothing raises the rating</NotSet>
          ),
        },
        {
          label: 'Needed before operation',
          value: prediction.requirements.length ? (
            <List
              label="Needed before operation"
              items={prediction.requirements}
            />
          ) : (
            <NotSet>Nothing more</NotSet>
          ),
        },
        {
          label: 'Approvals',
          value: (
            <List
              label="Approvals"
              items={approvals.map(approval => (
                <ApprovalItem
                  key={approval.role}
                  approval={approval}
                  showProgress={showProgress}
                />
              ))}
            />
          ),
        },
      ]}
    />
  );
}
