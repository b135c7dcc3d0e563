export { LifecycleStageChip } from './LifecycleStageChip';
