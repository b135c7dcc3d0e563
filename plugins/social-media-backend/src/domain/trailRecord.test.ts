import {
  AuditEntry,
  SocialService,
} from '@internal/plugin-social-media-common';
import { DEFAULT_CONTROLS } from './defaultControls';
import {
  disagreementsWithTrail,
  ownersAsTrailed,
  problemsFromTrailCheck,
  serviceAsTrailed,
  trailCheckColumn,
  withTrailedValues,
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

  it('repeats at most 200 characters of a long value, as stored or as the trail set it', () => {
    const long = 'Hiring '.repeat(100);
    const trail = serviceAsTrailed(
      [entry('create', { ...created, purpose: long })],
      1,
    );
    const [problem] = disagreementsWithTrail(
      stored({ purpose: `${long}and more` }),
      trail,
    );
    expect(problem.stored).toBe(long.slice(0, 200));
    expect(problem.shownAs).toBe(
      `stored (the audit trail's last change set ${JSON.stringify(long).slice(
        0,
        200,
      )})`,
    );
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

describe('the controls, tags, audience and ITSM mapping as the trail tells them', () => {
  const whole = {
    ...created,
    audienceSize: 1200,
    tags: ['careers', 'hiring'],
    controls: { mfaEnabled: false, thirdPartyApps: [{ name: 'Scheduler' }] },
    itsm: { system: 'servicenow', reference: 'BSN0001' },
  };
  const record = (fields: Record<string, unknown>) =>
    ({
      ...whole,
      controls: {
        ...DEFAULT_CONTROLS,
        thirdPartyApps: [{ name: 'Scheduler' }],
        // Set by an access review, not by what people type.
        lastAccessReviewAt: '2026-11-21T09:00:00.000Z',
      },
      ...fields,
    } as unknown as SocialService);
  const trailed = serviceAsTrailed([entry('create', whole)], 1);

  it('agrees with a record that holds them as the trail set them, controls never named reading as their defaults', () => {
    expect(disagreementsWithTrail(record({}), trailed)).toEqual([]);
  });

  it('names each control, the tags, the audience and the mapping changed by hand', () => {
    const changed = record({
      controls: { ...record({}).controls, mfaEnabled: true, mfaMethod: 'sms' },
      tags: ['careers'],
      audienceSize: 5,
      itsm: { system: 'servicenow', reference: 'BSN0002' },
    });
    expect(disagreementsWithTrail(changed, trailed)).toEqual([
      {
        field: 'audienceSize',
        stored: '5',
        shownAs: "stored (the audit trail's last change set 1200)",
      },
      {
        field: 'tags',
        stored: '["careers"]',
        shownAs: `stored (the audit trail's last change set ["careers","hiring"])`,
      },
      {
        field: 'controls.mfaEnabled',
        stored: 'true',
        shownAs: "stored (the audit trail's last change set false)",
      },
      {
        field: 'controls.mfaMethod',
        stored: 'sms',
        shownAs: "stored (the audit trail's last change set nothing)",
      },
      {
        field: 'itsm.reference',
        stored: 'BSN0002',
        shownAs: `stored (the audit trail's last change set "BSN0001")`,
      },
    ]);
    // A kept check names the same, and nothing it does not know.
    const kept = JSON.parse(trailCheckColumn(changed, trailed)!);
    kept.set['controls.__proto__'] = true;
    kept.set.riskRating = 'low';
    expect(problemsFromTrailCheck(changed, JSON.stringify(kept))).toEqual(
      disagreementsWithTrail(changed, trailed),
    );
  });

  it('checks nothing a snapshot of an earlier form did not record', () => {
    const { controls: _c, tags: _t, audienceSize: _a, ...earlier } = whole;
    expect(
      disagreementsWithTrail(
        record({ controls: { ...record({}).controls, mfaEnabled: true } }),
        serviceAsTrailed([entry('create', earlier)], 1),
      ),
    ).toEqual([]);
  });

  it('takes the controls a retirement names into those the trail set before', () => {
    const retired = serviceAsTrailed(
      [
        entry('create', whole),
        entry(
          'transition',
          {
            lifecycleStage: 'retired',
            controls: { accessRevoked: true, accountStatus: 'archived' },
            version: 2,
          },
          {
            lifecycleStage: 'strategy',
            controls: { accessRevoked: false, accountStatus: 'active' },
            version: 1,
          },
        ),
      ],
      2,
    );
    const storedRetired = record({
      lifecycleStage: 'retired',
      version: 2,
      controls: {
        ...record({}).controls,
        accessRevoked: true,
        accountStatus: 'archived',
      },
    });
    expect(disagreementsWithTrail(storedRetired, retired)).toEqual([]);
  });

  it('gives the record with the values the trail set where a kept check found them stored otherwise, for the rating', () => {
    const changed = record({
      controls: {
        ...record({}).controls,
        mfaEnabled: true,
        mfaMethod: 'security-key',
        sharedLogin: 'yes',
      },
      audienceSize: 5,
      itsm: { system: 'servicenow', reference: 'BSN0002' },
    });
    const kept = trailCheckColumn(changed, trailed);
    const asTrailed = withTrailedValues(changed, kept)!;
    expect(asTrailed.audienceSize).toBe(1200);
    // A control the trail set is restored; one it never named (the method) reads as its
    // default, which here is none; one stored as another kind stays as stored.
    expect(asTrailed.controls.mfaEnabled).toBe(false);
    expect(asTrailed.controls).not.toHaveProperty('mfaMethod');
    expect(asTrailed.controls.thirdPartyApps).toEqual([{ name: 'Scheduler' }]);
    // An optional control removed by hand comes back as the trail set it.
    const methodRemoved = record({
      controls: { ...record({}).controls, mfaMethod: undefined },
    });
    const trailedWithMethod = serviceAsTrailed(
      [
        entry('create', {
          ...whole,
          controls: { ...whole.controls, mfaEnabled: true, mfaMethod: 'sms' },
        }),
      ],
      1,
    );
    expect(
      withTrailedValues(
        methodRemoved,
        trailCheckColumn(methodRemoved, trailedWithMethod),
      )!.controls,
    ).toMatchObject({ mfaEnabled: true, mfaMethod: 'sms' });
    // The mapping does not weigh in the rating; the stored record is left as it is.
    expect(asTrailed.itsm).toEqual(changed.itsm);
    expect(changed.controls.mfaEnabled).toBe(true);
    expect(changed.audienceSize).toBe(5);

    expect(withTrailedValues(record({}), kept)).toBeUndefined();
    expect(withTrailedValues(changed, null)).toBeUndefined();
    expect(
      withTrailedValues({ ...changed, version: 2 } as SocialService, kept),
    ).toBeUndefined();
    expect(
      withTrailedValues(
        changed,
        kept,
        new Set(['controls', 'audienceSize', 'itsm']),
      ),
    ).toBeUndefined();
  });

  it('leaves out what is listed as unreadable already, a whole value or a part of it', () => {
    const changed = record({
      controls: { ...record({}).controls, mfaEnabled: true, verified: true },
    });
    expect(
      disagreementsWithTrail(changed, trailed, new Set(['controls'])),
    ).toEqual([]);
    expect(
      disagreementsWithTrail(
        changed,
        trailed,
        new Set(['controls.mfaEnabled']),
      ).map(p => p.field),
    ).toEqual(['controls.verified']);
  });
});

describe('who owns a service for its permissions', () => {
  const owners = (fields: object) => ({
    id: 'careers-x',
    version: 1,
    ownerGroup: created.ownerGroup,
    serviceOwner: created.serviceOwner,
    ...fields,
  });

  it('is who the trail last set, not a group or person written into the record by hand', () => {
    const trailed = serviceAsTrailed([entry('create', created)], 1);
    expect(
      ownersAsTrailed(
        owners({
          ownerGroup: 'group:default/finance',
          serviceOwner: 'user:default/finance-lead',
        }),
        trailed,
      ),
    ).toEqual(owners({}));
    // A service owner the trail never named is none.
    const { serviceOwner: _none, ...unnamed } = created;
    expect(
      ownersAsTrailed(
        owners({ serviceOwner: 'user:default/finance-lead' }),
        serviceAsTrailed([entry('create', unnamed)], 1),
      ),
    ).toEqual({ id: 'careers-x', version: 1, ownerGroup: created.ownerGroup });
  });

  it('follows a transfer the trail recorded, and keeps the stored owners without a whole record', () => {
    const trail = [
      entry('create', created),
      entry(
        'transfer',
        {
          ownerGroup: 'group:default/marketing',
          serviceOwner: 'user:default/marketing-lead',
          version: 2,
        },
        { ownerGroup: created.ownerGroup, serviceOwner: created.serviceOwner },
      ),
    ];
    const transferred = owners({
      ownerGroup: 'group:default/marketing',
      serviceOwner: 'user:default/marketing-lead',
      version: 2,
    });
    expect(ownersAsTrailed(transferred, serviceAsTrailed(trail, 2))).toEqual(
      transferred,
    );
    const handMade = owners({ ownerGroup: 'group:default/finance' });
    expect(ownersAsTrailed(handMade, undefined)).toBe(handMade);
  });
});
