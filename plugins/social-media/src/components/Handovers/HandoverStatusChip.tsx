import type {
  HandoverKind,
  HandoverStatus,
} from '@internal/plugin-social-media-common';
import Chip, { type ChipProps } from '@mui/material/Chip';
import { handoverStatusTitle } from './handoverModel';

const COLOURS: Record<HandoverStatus, ChipProps['color']> = {
  submitted: 'info',
  completed: 'success',
  declined: 'error',
  withdrawn: 'default',
};

/** Where a transfer or retirement stands: Waiting to be accepted, Retired, … */
export function HandoverStatusChip(props: {
  kind: HandoverKind;
  status: HandoverStatus;
  size?: 'small' | 'medium';
}) {
  const { kind, status, size = 'small' } = props;
  return (
    <Chip
      size={size}
      color={COLOURS[status]}
      variant={status === 'withdrawn' ? 'outlined' : 'filled'}
      label={handoverStatusTitle(kind, status)}
      data-status={status}
    />
  );
}
