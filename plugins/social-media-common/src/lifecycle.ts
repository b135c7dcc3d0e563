import { LIFECYCLE_STAGES, LifecycleStage } from './types';

/**
 * ServiceNow CSDM life cycle stage and status a catalogue stage corresponds to, so that an ITSM
 * can be kept in step with the catalogue.
 *
 * @public
 */
export interface CsdmLifecycle {
  stage: 'Ideation' | 'Design' | 'Deploy' | 'Operational' | 'End of Life';
  status: string;
}

const CSDM_BY_STAGE: Record<LifecycleStage, CsdmLifecycle> = {
  strategy: { stage: 'Ideation', status: 'Planning' },
  design: { stage: 'Design', status: 'Design' },
  transition: { stage: 'Deploy', status: 'In Deployment' },
  operation: { stage: 'Operational', status: 'In Use' },
  improvement: { stage: 'Operational', status: 'In Maintenance' },
  retired: { stage: 'End of Life', status: 'Retired' },
};

/**
 * Maps a catalogue lifecycle stage to its ServiceNow CSDM stage/status pair.
 *
 * @public
 */
export function toCsdmLifecycle(stage: LifecycleStage): CsdmLifecycle {
  return CSDM_BY_STAGE[stage];
}

/**
 * True when `value` names a known lifecycle stage.
 *
 * @public
 */
export function isLifecycleStage(value: unknown): value is LifecycleStage {
  return (
    typeof value === 'string' &&
    (LIFECYCLE_STAGES as readonly string[]).includes(value)
  );
}
