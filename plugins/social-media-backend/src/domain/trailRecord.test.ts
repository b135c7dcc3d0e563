import {
  AuditEntry,
  SocialService,
} from '@internal/plugin-social-media-common';
import {
  disagreementsWithTrail,
  problemsFromTrailCheck,
  serviceAsTrailed,
  trailCheckColumn,
} from './trailRecord';

let seq = 0;
const entry = (
  action: string,
  after: unknown,
  before?: unknown,
): AuditEntry => ({
  seq: ++seq,
  entityType: 'service',
  entityId: 'careers-x',
  action,
  actor: 'user:default/it-service-owner',
  at: '2026-11-20T10:00:00.000Z',
  ...(before === undefined ? {} : { before }),
  ...(after === undefined ? {} : { after }),
  prevHash: '',
  hash: '',
});

const created = {
  id: 'careers-x',
  name: 'Careers X',
  platform: 'x',
  handle: '@careers',
  purpose: 'Hiring',
  businessUnit: 'HR',
  ownerGroup: 'group:default/hr',
  serviceOwner: 'user:default/hr-lead',
  lifecycleStage: 'strategy',
  version: 1,
};

const stored = (fields: Partial<SocialService>) =>
  ({ ...created, ...fields } as unknown as SocialService);

describe('a service as its audit trail tells it', () => {
  it('agrees with a record every change of which the trail holds', () => {
    const trail = [
      entry('create', created),
      entry('transition', { lifecycleStage: 'design', version: 2 }),
      // A transfer to a group with no named owner: the owner its `before` names is cleared.
      entry(
        'transfer',
        { ownerGroup: 'group:default/marketing', version: 3 },
        { ownerGroup: created.ownerGroup, serviceOwner: created.serviceOwner },
      ),
      entry('leaver-detection', { leftTheOrganisation: [] }),
    ];
    const record = stored({
      lifecycleStage: 'design',
      ownerGroup: 'group:default/marketing',
      serviceOwner: undefined,
      version: 3,
    });
    expect(disagreementsWithTrail(record, serviceAsTrailed(trail, 3))).toEqual(
      [],
    );
  });

  it('names each value no entry set, as stored and as the trail last set it', () => {
    const trail = [entry('create', created)];
    const record = stored({
      ownerGroup: 'group:default/finance',
      profileUrl: 'https://x.com/elsewhere',
    });
    expect(disagreementsWithTrail(record, serviceAsTrailed(trail, 1))).toEqual([
      {
        field: 'profileUrl',
        stored: 'https://x.com/elsewhere',
        shownAs: "stored (the audit trail's last change set nothing)",
      },
      {
        field: 'ownerGroup',
        stored: 'group:default/finance',
        shownAs: `stored (the audit trail's last change set "group:default/hr")`,
      },
    ]);
  });

  it('leaves out entries of versions written after the record was read', () => {
    const trail = [
      entry('create', created),
      entry('transition', { lifecycleStage: 'design', version: 2 }),
    ];
    expect(
      disagreementsWithTrail(stored({}), serviceAsTrailed(trail, 1)),
    ).toEqual([]);
  });

  it('checks nothing without an entry that records the whole service, or after its deletion', () => {
    expect(
      serviceAsTrailed([entry('transition', { lifecycleStage: 'design' })], 9),
    ).toBeUndefined();
    expect(
      serviceAsTrailed(
        [entry('create', created), entry('delete', undefined)],
        9,
      ),
    ).toBeUndefined();
    expect(disagreementsWithTrail(stored({}), undefined)).toEqual([]);
  });

  it('starts again from a service created anew under the same id', () => {
    const again = { ...created, name: 'Careers X (new)', version: 1 };
    const trail = [
      entry('create', created),
      entry('delete', undefined),
      entry('create', again),
    ];
    expect(
      disagreementsWithTrail(
        stored({ name: 'Careers X (new)' }),
        serviceAsTrailed(trail, 1),
      ),
    ).toEqual([]);
  });
});

describe('a check against the trail, as the guardianship sweep keeps it', () => {
  const trailed = serviceAsTrailed([entry('create', created)], 1);
  const handedOver = stored({ ownerGroup: 'group:default/sales' });

  it('keeps nothing for a record its trail agrees with', () => {
    expect(trailCheckColumn(stored({}), trailed)).toBeNull();
    expect(problemsFromTrailCheck(stored({}), null)).toEqual([]);
  });

  it('keeps the values the trail set for the fields stored otherwise, and names them while they stay so', () => {
    const kept = trailCheckColumn(handedOver, trailed);
    expect(JSON.parse(kept!)).toEqual({
      version: 1,
      set: { ownerGroup: 'group:default/hr' },
    });
    expect(problemsFromTrailCheck(handedOver, kept)).toEqual(
      disagreementsWithTrail(handedOver, trailed),
    );
    expect(problemsFromTrailCheck(handedOver, kept)).toEqual([
      {
        field: 'ownerGroup',
        stored: 'group:default/sales',
        shownAs: `stored (the audit trail's last change set "group:default/hr")`,
      },
    ]);
  });

  it('leaves out fields already unreadable as stored', () => {
    const moved = stored({
      ownerGroup: 'group:default/sales',
      lifecycleStage: 'operation',
    });
    const kept = trailCheckColumn(moved, trailed, new Set(['lifecycleStage']));
    expect(JSON.parse(kept!).set).toEqual({ ownerGroup: 'group:default/hr' });
  });

  it('finds nothing once the value is put right, once a later version is written, or when the kept check does not read', () => {
    const kept = trailCheckColumn(handedOver, trailed);
    expect(problemsFromTrailCheck(stored({}), kept)).toEqual([]);
    expect(
      problemsFromTrailCheck(
        stored({ ownerGroup: 'group:default/sales', version: 2 }),
        kept,
      ),
    ).toEqual([]);
    for (const damaged of [
      '{broken',
      '[]',
      '{"version":1,"set":[]}',
      '{"set":{"ownerGroup":"x"}}',
    ]) {
      expect(problemsFromTrailCheck(handedOver, damaged)).toEqual([]);
    }
  });

  it('names a field the trail set and the record holds nothing for', () => {
    const cleared = stored({ serviceOwner: undefined });
    const kept = trailCheckColumn(cleared, trailed);
    expect(problemsFromTrailCheck(cleared, kept)).toEqual([
      {
        field: 'serviceOwner',
        stored: 'nothing',
        shownAs: `stored (the audit trail's last change set "user:default/hr-lead")`,
      },
    ]);
  });
});
