import {
  LIFECYCLE_STAGE_TITLES,
  type LifecycleStage,
} from '@internal/plugin-social-media-common';
import Chip, { type ChipProps } from '@mui/material/Chip';

const COLOURS: Record<LifecycleStage, ChipProps['color']> = {
  strategy: 'default',
  design: 'info',
  transition: 'secondary',
  operation: 'success',
  improvement: 'primary',
  retired: 'default',
};

/**
 * The ITIL lifecycle stage of a service as a chip.
 *
 * @public
 */
export function LifecycleStageChip(props: {
  stage: LifecycleStage;
  size?: 'small' | 'medium';
}) {
  const { stage, size = 'small' } = props;
  return (
    <Chip
      size={size}
      variant={stage === 'retired' ? 'filled' : 'outlined'}
      color={COLOURS[stage]}
      label={LIFECYCLE_STAGE_TITLES[stage] ?? stage}
      data-stage={stage}
    />
  );
}
