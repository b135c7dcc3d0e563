import { normalizeEntityRef } from '@internal/plugin-social-media-common';
import {
  changeFromAudit,
  mergeOwnership,
  ownerAt,
  ownershipChanged,
  ownershipProblems,
  OwnershipPeriodRow,
  parseOwnershipAt,
  parseOwnershipReportQuery,
  rowToPeriod,
} from './ownership';

const MARKETING = 'group:default/marketing';
const HR = 'group:default/hr';
const LEAD = 'user:default/marketing-lead';
const PARTNER = 'user:default/hr-partner';

function row(overrides: Partial<OwnershipPeriodRow>): OwnershipPeriodRow {
  return {
    service_id: 'careers',
    service_name: 'Careers',
    owner_group: MARKETING,
    service_owner: LEAD,
    owner_in_organisation: 1,
    from_at: '2026-01-10T09:00:00.000Z',
    to_at: null,
    audit_seq: 1,
    action: 'create',
    actor: LEAD,
    request_id: null,
    request_kind: null,
    requested_by: null,
    approved_by_json: null,
    ended_by_action: null,
    ended_by_actor: null,
    ...overrides,
  };
}

/** Created by request 3 in January, owner flagged as gone in April, transferred to HR in June. */
const TIMELINE = [
  row({
    to_at: '2026-04-01T00:00:00.000Z',
    request_id: 3,
    request_kind: 'request',
    requested_by: LEAD,
    approved_by_json: JSON.stringify(['user:default/it-service-manager']),
    actor: 'user:default/it-service-manager',
    ended_by_action: 'leaver-detection',
  }),
  row({
    owner_in_organisation: false,
    from_at: '2026-04-01T00:00:00.000Z',
    to_at: '2026-06-01T00:00:00.000Z',
    action: 'leaver-detection',
    actor: 'user:default/guardian',
    audit_seq: 7,
    ended_by_action: 'transfer',
    ended_by_actor: PARTNER,
  }),
  row({
    owner_group: HR,
    service_owner: PARTNER,
    from_at: '2026-06-01T00:00:00.000Z',
    action: 'transfer',
    actor: PARTNER,
    audit_seq: 9,
    request_id: 41,
    request_kind: 'transfer',
    requested_by: LEAD,
    approved_by_json: JSON.stringify([PARTNER]),
  }),
].map(rowToPeriod);

describe('the owner at a moment', () => {
  it('is nobody before the service was catalogued, and the first owner from its creation', () => {
    expect(ownerAt(TIMELINE, '2026-01-10T08:59:59.999Z')).toBeNull();
    expect(ownerAt(TIMELINE, '2026-01-10T09:00:00.000Z')).toMatchObject({
      ownerGroup: MARKETING,
      serviceOwner: LEAD,
      since: '2026-01-10T09:00:00.000Z',
      setBy: {
        action: 'create',
        request: {
          id: 3,
          kind: 'request',
          approvedBy: ['user:default/it-service-manager'],
        },
      },
    });
  });

  it('keeps the change that gave the service to its owners when only the owner was flagged as gone', () => {
    const owner = ownerAt(TIMELINE, '2026-05-01T00:00:00.000Z')!;
    expect(owner.since).toBe('2026-01-10T09:00:00.000Z');
    expect(owner.setBy.action).toBe('create');
    expect(owner.period.problems).toEqual(['service-owner-left']);
  });

  it('switches to the new owners at the moment of a transfer, which is open-ended', () => {
    expect(ownerAt(TIMELINE, '2026-05-31T23:59:59.999Z')!.ownerGroup).toBe(
      MARKETING,
    );
    expect(ownerAt(TIMELINE, '2026-06-01T00:00:00.000Z')).toMatchObject({
      ownerGroup: HR,
      since: '2026-06-01T00:00:00.000Z',
      setBy: { action: 'transfer', request: { id: 41, approvedBy: [PARTNER] } },
    });
    expect(ownerAt(TIMELINE, '2030-01-01T00:00:00.000Z')!.ownerGroup).toBe(HR);
  });

  it('is nobody after a deletion closed the last period', () => {
    const closed = [
      rowToPeriod(
        row({ to_at: '2026-02-01T00:00:00.000Z', ended_by_action: 'delete' }),
      ),
    ];
    expect(closed[0].endedBy).toEqual({
      action: 'delete',
      at: '2026-02-01T00:00:00.000Z',
    });
    expect(ownerAt(closed, '2026-02-01T00:00:00.000Z')).toBeNull();
  });
});

describe('periods without a valid owner', () => {
  it('names a missing owner group, a missing service owner and a service owner who left', () => {
    expect(
      ownershipProblems({
        ownerGroup: MARKETING,
        serviceOwner: LEAD,
        serviceOwnerInOrganisation: true,
      }),
    ).toEqual([]);
    expect(
      ownershipProblems({
        ownerGroup: '',
        serviceOwner: null,
        serviceOwnerInOrganisation: true,
      }),
    ).toEqual(['no-owner-group', 'no-service-owner']);
    expect(
      ownershipProblems({
        ownerGroup: MARKETING,
        serviceOwner: LEAD,
        serviceOwnerInOrganisation: false,
      }),
    ).toEqual(['service-owner-left']);
  });

  it('sees a change of group, owner or leaver flag, but not of letter case', () => {
    const state = {
      ownerGroup: MARKETING,
      serviceOwner: LEAD,
      serviceOwnerInOrganisation: true,
    };
    expect(
      ownershipChanged(state, {
        ...state,
        ownerGroup: 'Group:default/Marketing',
      }),
    ).toBe(false);
    expect(ownershipChanged(state, { ...state, ownerGroup: HR })).toBe(true);
    expect(ownershipChanged(state, { ...state, serviceOwner: undefined })).toBe(
      true,
    );
    expect(
      ownershipChanged(state, { ...state, serviceOwnerInOrganisation: false }),
    ).toBe(true);
  });
});

describe('the change behind a period', () => {
  it('reads the approvers of a new-service request and the decider of a transfer', () => {
    expect(
      changeFromAudit({
        action: 'create',
        actor: 'user:default/it-service-manager',
        at: '2026-01-10T09:00:00.000Z',
        seq: 4,
        after: {
          request: {
            id: 3,
            requestedBy: LEAD,
            approvedBy: [
              {
                role: 'IT service management',
                by: 'user:default/it-service-manager',
              },
              { role: 'Security office', by: 'user:default/security-analyst' },
            ],
          },
        },
      }),
    ).toEqual({
      action: 'create',
      actor: 'user:default/it-service-manager',
      at: '2026-01-10T09:00:00.000Z',
      auditSeq: 4,
      request: {
        id: 3,
        kind: 'request',
        requestedBy: LEAD,
        approvedBy: [
          'user:default/it-service-manager',
          'user:default/security-analyst',
        ],
      },
    });
    expect(
      changeFromAudit({
        action: 'transfer',
        at: '2026-06-01T00:00:00.000Z',
        after: {
          request: {
            id: 41,
            kind: 'transfer',
            requestedBy: LEAD,
            decidedBy: PARTNER,
          },
        },
      }).request,
    ).toEqual({
      id: 41,
      kind: 'transfer',
      requestedBy: LEAD,
      approvedBy: [PARTNER],
    });
    expect(
      changeFromAudit({ action: 'update', at: 'x', after: { name: 'n' } }),
    ).toEqual({ action: 'update', at: 'x' });
  });
});

describe('a group report', () => {
  const year = {
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-12-31T23:59:59.999Z',
  };

  it('merges the contiguous periods of one owner into one stretch, keeping the parts without a valid owner', () => {
    const [stretch, ...rest] = mergeOwnership(
      TIMELINE,
      p => p.ownerGroup === MARKETING,
      year,
    );
    expect(rest).toEqual([]);
    expect(stretch).toMatchObject({
      from: '2026-01-10T09:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
      ownerGroups: [MARKETING],
      serviceOwners: [LEAD],
      setBy: { action: 'create' },
      endedBy: { action: 'transfer', actor: PARTNER },
      withoutValidOwner: [
        {
          from: '2026-04-01T00:00:00.000Z',
          to: '2026-06-01T00:00:00.000Z',
          problems: ['service-owner-left'],
        },
      ],
    });
  });

  it('keeps separate stretches when the group owned it twice, and leaves out stretches outside the period', () => {
    const back = rowToPeriod(
      row({ from_at: '2026-09-01T00:00:00.000Z', action: 'transfer' }),
    );
    const hrUntilSeptember = { ...TIMELINE[2], to: '2026-09-01T00:00:00.000Z' };
    const timeline = [TIMELINE[0], TIMELINE[1], hrUntilSeptember, back];
    const stretches = mergeOwnership(
      timeline,
      p => p.ownerGroup === MARKETING,
      year,
    );
    expect(stretches.map(s => [s.from, s.to])).toEqual([
      ['2026-01-10T09:00:00.000Z', '2026-06-01T00:00:00.000Z'],
      ['2026-09-01T00:00:00.000Z', undefined],
    ]);
    expect(
      mergeOwnership(timeline, p => p.ownerGroup === MARKETING, {
        from: '2026-06-01T00:00:00.000Z',
        to: '2026-08-31T00:00:00.000Z',
      }),
    ).toEqual([]);
    expect(
      mergeOwnership(timeline, p => p.ownerGroup === HR, year).map(
        s => s.setBy.request?.id,
      ),
    ).toEqual([41]);
  });
});

describe('the query', () => {
  const now = new Date('2026-11-29T10:00:00.000Z');

  it('reads a moment as a date or a date-time, now when not given', () => {
    expect(parseOwnershipAt({}, now)).toBe('2026-11-29T10:00:00.000Z');
    expect(parseOwnershipAt({ at: '2026-03-01' }, now)).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(parseOwnershipAt({ at: '2026-03-01T10:00:00+01:00' }, now)).toBe(
      '2026-03-01T09:00:00.000Z',
    );
    expect(() => parseOwnershipAt({ at: '2026-02-29' }, now)).toThrow(
      'Invalid query: at: must be an ISO 8601 date or date-time, such as 2026-03-01T09:00:00Z; got "2026-02-29"',
    );
    expect(() => parseOwnershipAt({ at: ['a', 'b'] }, now)).toThrow(
      'at: must be an ISO 8601 date',
    );
  });

  it('wants one group or one person and a period in order', () => {
    expect(
      parseOwnershipReportQuery(
        { group: 'Marketing', from: '2026-01-01', to: '2026-12-31' },
        normalizeEntityRef,
      ),
    ).toEqual({
      group: MARKETING,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-12-31T00:00:00.000Z',
    });
    expect(
      parseOwnershipReportQuery(
        { person: 'hr-partner', from: '2026-01-01', to: '2026-01-01' },
        normalizeEntityRef,
      ),
    ).toMatchObject({ person: PARTNER });
    expect(() =>
      parseOwnershipReportQuery(
        { person: 'group:default/hr', from: '2026-01-01', to: '2026-12-31' },
        normalizeEntityRef,
      ),
    ).toThrow(
      'Invalid query: person: must be a user entity ref, such as user:default/social-media-manager',
    );
    expect(() =>
      parseOwnershipReportQuery(
        { group: 'hr', to: '2026-12-31' },
        normalizeEntityRef,
      ),
    ).toThrow('Invalid query: from: must be an ISO 8601 date or date-time');
  });
});
