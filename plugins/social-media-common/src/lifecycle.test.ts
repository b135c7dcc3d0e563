import { LIFECYCLE_STAGES, LifecycleStage, SocialService } from './types';
import { guardianshipControlsSchema } from './validation';
import {
  describeBlockedTransition,
  describeCompliance,
  evaluateStageCompliance,
  evaluateTransition,
  stageRequirements,
  GateSubject,
  isLifecycleStage,
  isLiveStage,
  nextTransitions,
  RETIREMENT_BY_REQUEST,
  retirementNeedsRequest,
  toCsdmLifecycle,
} from './lifecycle';

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

/** A service that meets every gate of every stage. */
const equipped: GateSubject = {
  purpose: 'Corporate news',
  ownerGroup: 'group:default/communications',
  serviceOwner: 'user:default/communications-lead',
  profileUrl: 'https://x.com/larkmoor',
  controls: guardianshipControlsSchema.parse({
    mfaEnabled: true,
    credentialVaultRef: 'vault://social/corp-x',
    recoveryOwnedByCompany: true,
    accessRevoked: true,
    accountStatus: 'archived',
  }),
  riskRating: 'medium',
  leaverCount: 0,
};

/** A service with nothing but its owning group. */
const bare: GateSubject = {
  purpose: '',
  ownerGroup: 'group:default/communications',
  controls: guardianshipControlsSchema.parse({}),
};

function inStage(
  lifecycleStage: LifecycleStage,
  subject: GateSubject = equipped,
  changes: Partial<GateSubject> = {},
  controls: Partial<SocialService['controls']> = {},
) {
  return {
    ...subject,
    ...changes,
    controls: { ...subject.controls, ...controls },
    lifecycleStage,
  };
}

describe('evaluateTransition', () => {
  const ALLOWED = 'allowed';
  it.each<[LifecycleStage, LifecycleStage, string]>([
    ['strategy', 'strategy', 'the service is already in strategy'],
    ['strategy', 'design', ALLOWED],
    ['strategy', 'transition', 'strategy can only move to design or retired'],
    ['strategy', 'operation', 'strategy can only move to design or retired'],
    ['strategy', 'improvement', 'strategy can only move to design or retired'],
    ['strategy', 'retired', ALLOWED],
    ['design', 'strategy', ALLOWED],
    ['design', 'design', 'the service is already in design'],
    ['design', 'transition', ALLOWED],
    [
      'design',
      'operation',
      'design can only move to transition or strategy or retired',
    ],
    [
      'design',
      'improvement',
      'design can only move to transition or strategy or retired',
    ],
    ['design', 'retired', ALLOWED],
    [
      'transition',
      'strategy',
      'transition can only move to operation or design or retired',
    ],
    ['transition', 'design', ALLOWED],
    ['transition', 'transition', 'the service is already in transition'],
    ['transition', 'operation', ALLOWED],
    [
      'transition',
      'improvement',
      'transition can only move to operation or design or retired',
    ],
    ['transition', 'retired', ALLOWED],
    [
      'operation',
      'strategy',
      'operation can only move to improvement or retired',
    ],
    [
      'operation',
      'design',
      'operation can only move to improvement or retired',
    ],
    [
      'operation',
      'transition',
      'operation can only move to improvement or retired',
    ],
    ['operation', 'operation', 'the service is already in operation'],
    ['operation', 'improvement', ALLOWED],
    ['operation', 'retired', RETIREMENT_BY_REQUEST],
    [
      'improvement',
      'strategy',
      'improvement can only move to operation or retired',
    ],
    [
      'improvement',
      'design',
      'improvement can only move to operation or retired',
    ],
    [
      'improvement',
      'transition',
      'improvement can only move to operation or retired',
    ],
    ['improvement', 'operation', ALLOWED],
    ['improvement', 'improvement', 'the service is already in improvement'],
    ['improvement', 'retired', RETIREMENT_BY_REQUEST],
    ['retired', 'strategy', 'retired is the end of the lifecycle'],
    ['retired', 'design', 'retired is the end of the lifecycle'],
    ['retired', 'transition', 'retired is the end of the lifecycle'],
    ['retired', 'operation', 'retired is the end of the lifecycle'],
    ['retired', 'improvement', 'retired is the end of the lifecycle'],
    ['retired', 'retired', 'the service is already in retired'],
  ])('%s → %s: %s', (from, to, outcome) => {
    const expected =
      outcome === ALLOWED
        ? { to, allowed: true, missing: [] }
        : { to, allowed: false, missing: [], notReachable: outcome };
    expect(evaluateTransition(inStage(from), to)).toEqual(expected);
  });

  it.each<
    [
      LifecycleStage,
      LifecycleStage,
      Partial<GateSubject>,
      Partial<SocialService['controls']>,
      string,
    ]
  >([
    [
      'transition',
      'operation',
      { serviceOwner: undefined },
      {},
      'a named service owner',
    ],
    ['transition', 'operation', {}, { mfaEnabled: false }, 'MFA enabled'],
    [
      'improvement',
      'operation',
      {},
      { credentialVaultRef: undefined },
      'credentials in a vault',
    ],
    [
      'transition',
      'operation',
      {},
      { sharedLogin: true },
      'personal admin access instead of a shared login',
    ],
    [
      'transition',
      'operation',
      {},
      { recoveryOwnedByCompany: false },
      'a recovery e-mail and phone owned by the company',
    ],
    [
      'transition',
      'operation',
      { leaverCount: 1 },
      {},
      'access removed from everyone who left the organisation',
    ],
    [
      'transition',
      'operation',
      { riskRating: 'critical' },
      {},
      'a risk rating below critical',
    ],
    [
      'improvement',
      'operation',
      { riskRating: undefined },
      {},
      'a risk rating below critical',
    ],
    ['transition', 'retired', {}, { accessRevoked: false }, 'access revoked'],
    [
      'strategy',
      'retired',
      {},
      { accountStatus: 'active' },
      'the account archived or deleted',
    ],
    ['strategy', 'design', { purpose: '   ' }, {}, 'a stated purpose'],
    ['strategy', 'design', { ownerGroup: '' }, {}, 'an owning group'],
    [
      'design',
      'transition',
      { serviceOwner: undefined },
      {},
      'a named service owner',
    ],
    ['design', 'transition', { profileUrl: undefined }, {}, 'a profile URL'],
  ])(
    '%s → %s is blocked by %j %j alone, missing %j',
    (from, to, changes, controls, missing) => {
      expect(
        evaluateTransition(inStage(from, equipped, changes, controls), to),
      ).toEqual({ to, allowed: false, missing: [missing] });
    },
  );

  it('lets a fully equipped service enter operation', () => {
    expect(evaluateTransition(inStage('transition'), 'operation')).toEqual({
      to: 'operation',
      allowed: true,
      missing: [],
    });
  });

  it('lists everything a bare service lacks for operation, the earlier gates first', () => {
    expect(
      evaluateTransition(inStage('transition', bare), 'operation'),
    ).toEqual({
      to: 'operation',
      allowed: false,
      missing: [
        'a stated purpose',
        'a named service owner',
        'a profile URL',
        'MFA enabled',
        'credentials in a vault',
        'a recovery e-mail and phone owned by the company',
        'a risk rating below critical',
      ],
    });
  });

  it.each<[LifecycleStage, LifecycleStage]>([
    ['design', 'strategy'],
    ['operation', 'improvement'],
  ])('lets even a bare service move %s → %s (no gates)', (from, to) => {
    expect(evaluateTransition(inStage(from, bare), to).allowed).toBe(true);
  });

  it('an account deleted on the platform counts as closed for retirement', () => {
    expect(
      evaluateTransition(
        inStage('design', equipped, {}, { accountStatus: 'deleted' }),
        'retired',
      ).allowed,
    ).toBe(true);
  });
});

describe('retiring a live service', () => {
  it.each<[LifecycleStage, boolean]>([
    ['strategy', false],
    ['design', false],
    ['transition', false],
    ['operation', true],
    ['improvement', true],
    ['retired', false],
  ])('counts a service in %s as live: %s', (stage, live) => {
    expect(isLiveStage(stage)).toBe(live);
    expect(retirementNeedsRequest(stage, 'retired')).toBe(live);
  });

  it('asks for a request only to retire, not for the other moves of a live service', () => {
    expect(retirementNeedsRequest('operation', 'improvement')).toBe(false);
    expect(retirementNeedsRequest('improvement', 'operation')).toBe(false);
  });

  it.each<LifecycleStage>(['operation', 'improvement'])(
    'does not let a plain move retire a service in %s, closed or not',
    from => {
      const expected = {
        to: 'retired',
        allowed: false,
        missing: [],
        notReachable: RETIREMENT_BY_REQUEST,
      };
      expect(evaluateTransition(inStage(from), 'retired')).toEqual(expected);
      expect(
        evaluateTransition(
          inStage(from, equipped, {}, { accessRevoked: false }),
          'retired',
        ),
      ).toEqual(expected);
    },
  );

  it('lets the approved retirement request retire a live service, held to the retirement gate', () => {
    const byRequest = { byRetirementRequest: true };
    expect(
      evaluateTransition(inStage('operation'), 'retired', byRequest),
    ).toEqual({ to: 'retired', allowed: true, missing: [] });
    expect(
      evaluateTransition(
        inStage(
          'improvement',
          equipped,
          {},
          { accessRevoked: false, accountStatus: 'active' },
        ),
        'retired',
        byRequest,
      ),
    ).toEqual({
      to: 'retired',
      allowed: false,
      missing: ['access revoked', 'the account archived or deleted'],
    });
    expect(
      evaluateTransition(
        inStage('operation', equipped, {}, { accountStatus: 'deleted' }),
        'retired',
        byRequest,
      ).allowed,
    ).toBe(true);
    // The lifecycle's own rules still hold for a request.
    expect(
      evaluateTransition(inStage('retired'), 'retired', byRequest).allowed,
    ).toBe(false);
  });

  it('offers a live service its retirement as not possible by a move, saying how it is done', () => {
    const [, retire] = nextTransitions(inStage('operation'));
    expect(retire).toEqual({
      to: 'retired',
      allowed: false,
      missing: [],
      notReachable:
        'a live service is retired by a retirement request, which IT service management approves',
    });
    expect(describeBlockedTransition(retire)).toBe(
      'Cannot move to retired: a live service is retired by a retirement request, which IT service management approves',
    );
  });
});

describe('nextTransitions', () => {
  it.each<[LifecycleStage, LifecycleStage[]]>([
    ['strategy', ['design', 'retired']],
    ['design', ['transition', 'strategy', 'retired']],
    ['transition', ['operation', 'design', 'retired']],
    ['operation', ['improvement', 'retired']],
    ['improvement', ['operation', 'retired']],
    ['retired', []],
  ])('offers a service in %s the moves %j, forward first', (stage, moves) => {
    expect(nextTransitions(inStage(stage)).map(o => o.to)).toEqual(moves);
  });

  it('says for each move whether it is allowed and what is missing', () => {
    expect(nextTransitions(inStage('transition', bare))).toEqual([
      {
        to: 'operation',
        allowed: false,
        missing: [
          'a stated purpose',
          'a named service owner',
          'a profile URL',
          'MFA enabled',
          'credentials in a vault',
          'a recovery e-mail and phone owned by the company',
          'a risk rating below critical',
        ],
      },
      {
        to: 'design',
        allowed: false,
        missing: ['a stated purpose'],
      },
      {
        to: 'retired',
        allowed: false,
        missing: ['access revoked', 'the account archived or deleted'],
      },
    ]);
  });
});

describe('describeBlockedTransition', () => {
  it('lists what a move needs', () => {
    const option = evaluateTransition(
      inStage(
        'transition',
        equipped,
        {},
        {
          mfaEnabled: false,
          credentialVaultRef: undefined,
        },
      ),
      'operation',
    );
    expect(describeBlockedTransition(option)).toBe(
      'operation needs: MFA enabled, credentials in a vault',
    );
  });

  it('says why a move is not reachable', () => {
    const option = evaluateTransition(inStage('operation'), 'strategy');
    expect(describeBlockedTransition(option)).toBe(
      'Cannot move to strategy: operation can only move to improvement or retired',
    );
  });

  it('says a retired service cannot move', () => {
    expect(
      describeBlockedTransition(
        evaluateTransition(inStage('retired'), 'operation'),
      ),
    ).toBe('Cannot move to operation: retired is the end of the lifecycle');
  });
});

describe('stageRequirements', () => {
  const ids = (stage: LifecycleStage) =>
    stageRequirements(stage).map(r => r.id);

  it('holds a service to the gate of its stage and of every stage on the way there', () => {
    expect(ids('strategy')).toEqual([]);
    expect(ids('design')).toEqual(['purpose', 'owner-group']);
    expect(ids('transition')).toEqual([
      'purpose',
      'owner-group',
      'service-owner',
      'profile-url',
    ]);
    expect(ids('operation')).toEqual([
      'purpose',
      'owner-group',
      'service-owner',
      'profile-url',
      'mfa',
      'vault',
      'personal-access',
      'recovery',
      'no-leavers',
      'rating-below-critical',
    ]);
  });

  it('holds continual improvement to what operation needs, and retirement to its own gate', () => {
    expect(ids('improvement')).toEqual(ids('operation'));
    expect(ids('retired')).toEqual(['access-revoked', 'account-closed']);
  });
});

describe('evaluateStageCompliance', () => {
  it('finds a service that meets everything of its stage compliant', () => {
    expect(evaluateStageCompliance(inStage('operation'))).toEqual({
      stage: 'operation',
      compliant: true,
      missing: [],
    });
  });

  it('lists what a service in operation lacks, even though it is already there', () => {
    const compliance = evaluateStageCompliance(
      inStage(
        'operation',
        equipped,
        { serviceOwner: undefined, leaverCount: 1, riskRating: 'critical' },
        { mfaEnabled: false, sharedLogin: true },
      ),
    );
    expect(compliance).toEqual({
      stage: 'operation',
      compliant: false,
      missing: [
        'a named service owner',
        'MFA enabled',
        'personal admin access instead of a shared login',
        'access removed from everyone who left the organisation',
        'a risk rating below critical',
      ],
    });
    expect(describeCompliance(compliance)).toBe(
      'operation requires a named service owner, MFA enabled, personal admin access instead of a shared login, access removed from everyone who left the organisation and a risk rating below critical',
    );
  });

  it('leaves out the rating requirement for the rating itself', () => {
    expect(
      evaluateStageCompliance(
        inStage('operation', equipped, { riskRating: 'critical' }),
        { ignoreRating: true },
      ).compliant,
    ).toBe(true);
  });

  it('finds a retired account still active and reachable out of compliance', () => {
    expect(
      evaluateStageCompliance(
        inStage(
          'retired',
          equipped,
          {},
          {
            accessRevoked: false,
            accountStatus: 'active',
          },
        ),
      ).missing,
    ).toEqual(['access revoked', 'the account archived or deleted']);
  });
});
