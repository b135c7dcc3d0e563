export {
  LifecycleStageChip,
  LIFECYCLE_STAGE_CHIP_COLOURS,
} from './LifecycleStageChip';
