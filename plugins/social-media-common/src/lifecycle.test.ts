import { LIFECYCLE_STAGES } from './types';
import { isLifecycleStage, toCsdmLifecycle } from './lifecycle';

describe('toCsdmLifecycle', () => {
  it('maps every stage to a CSDM stage and status', () => {
    for (const stage of LIFECYCLE_STAGES) {
      const csdm = toCsdmLifecycle(stage);
      expect(csdm.stage).toBeTruthy();
      expect(csdm.status).toBeTruthy();
    }
  });

  it('keeps operation and improvement operational, and retires to End of Life', () => {
    expect(toCsdmLifecycle('operation')).toEqual({
      stage: 'Operational',
      status: 'In Use',
    });
    expect(toCsdmLifecycle('improvement').stage).toBe('Operational');
    expect(toCsdmLifecycle('retired')).toEqual({
      stage: 'End of Life',
      status: 'Retired',
    });
    expect(toCsdmLifecycle('strategy').stage).toBe('Ideation');
  });
});

describe('isLifecycleStage', () => {
  it('accepts known stages only', () => {
    expect(isLifecycleStage('operation')).toBe(true);
    expect(isLifecycleStage('production')).toBe(false);
    expect(isLifecycleStage(undefined)).toBe(false);
  });
});
