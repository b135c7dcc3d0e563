import type {
  OwnershipChange,
  OwnershipProblem,
} from '@internal/plugin-social-media-common';
import Chip, { chipClasses } from '@mui/material/Chip';
import WarningIcon from '@mui/icons-material/Warning';
import { Fragment } from 'react';
import { EntityRef } from '../shared/EntityRef';
import { RecordProblemsNote } from '../shared/RecordProblemsAlert';
import { formatDateTime } from '../../utils/format';
import {
  changeVerb,
  OWNERSHIP_PROBLEM_TEXT,
  requestLabel,
} from './ownershipText';

/** People as catalog links, joined with commas and "and". */
export function People(props: { refs: string[] }) {
  const { refs } = props;
  return (
    <>
      {refs.map((ref, i) => (
        <Fragment key={ref}>
          {i > 0 && (i === refs.length - 1 ? ' and ' : ', ')}
          <EntityRef entityRef={ref} kind="user" />
        </Fragment>
      ))}
    </>
  );
}

/**
 * The change that set an owner, as words: "when <who> created it, approved by
 * <approvers> in request 3".
 */
export function ChangeWords(props: {
  change: OwnershipChange;
  withTime?: boolean;
}) {
  const { change, withTime } = props;
  const label = requestLabel(change);
  return (
    <>
      {withTime && `${formatDateTime(change.at)}, `}
      {change.actor ? (
        <>
          when <EntityRef entityRef={change.actor} kind="user" />{' '}
          {changeVerb(change)}
        </>
      ) : (
        <>when it was catalogued</>
      )}
      {change.request && change.request.approvedBy.length > 0 && (
        <>
          , approved by <People refs={change.request.approvedBy} /> in {label}
        </>
      )}
      {change.request && change.request.approvedBy.length === 0 && (
        <> in {label}</>
      )}
      {change.request?.requestedBy && (
        <>
          {' '}
          (requested by{' '}
          <EntityRef entityRef={change.request.requestedBy} kind="user" />)
        </>
      )}
      <RecordProblemsNote problems={change.recordProblems} inline />
    </>
  );
}

/** A period without a valid owner: a warning chip with the reason in words. */
export function NoValidOwner(props: { problems: OwnershipProblem[] }) {
  if (props.problems.length === 0) return null;
  return (
    <Chip
      size="small"
      color="warning"
      icon={<WarningIcon />}
      // The reasons can be long: the chip wraps them rather than cutting them off in a narrow
      // column.
      sx={{
        height: 'auto',
        maxWidth: '100%',
        [`& .${chipClasses.label}`]: { whiteSpace: 'normal', py: 0.25 },
      }}
      label={`No valid owner: ${props.problems
        .map(p => OWNERSHIP_PROBLEM_TEXT[p])
        .join(', ')}`}
    />
  );
}
