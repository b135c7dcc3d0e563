import {
  IncidentRecord,
  incidentFingerprint,
  newestCopies,
  planIncidentWrites,
  unusableIncidentFields,
} from './incidentSync';

const incident = (
  externalId: string,
  updatedAt: string,
  serviceId = 'brand',
): IncidentRecord => ({
  serviceId,
  externalId,
  number: `INC${externalId}`,
  title: 'Post went out twice',
  priority: '3',
  state: 'New',
  openedAt: '2026-11-01T00:00:00.000Z',
  updatedAt,
  url: `https://itsm.example.com/${externalId}`,
});

describe('newestCopies', () => {
  it('keeps the newest copy of an incident listed twice in a page', () => {
    const older = incident('1', '2026-11-02T00:00:00.000Z');
    const newer = {
      ...incident('1', '2026-11-03T00:00:00.000Z'),
      state: 'Closed',
    };
    expect(
      newestCopies([newer, older, incident('2', '2026-11-01T00:00:00.000Z')]),
    ).toEqual([newer, incident('2', '2026-11-01T00:00:00.000Z')]);
  });

  it("keeps every service's copy of the newest change, and no service's copy of an older one", () => {
    // Brand and careers are mapped to the record; at the older change, blog was too.
    const older = '2026-11-02T00:00:00.000Z';
    const newer = '2026-11-03T00:00:00.000Z';
    const copies = newestCopies([
      incident('1', older, 'brand'),
      incident('1', older, 'blog'),
      incident('1', newer, 'brand'),
      incident('1', newer, 'careers'),
      incident('1', older, 'careers'),
    ]);
    expect(copies).toEqual([
      incident('1', newer, 'brand'),
      incident('1', newer, 'careers'),
    ]);
  });
});

describe('planIncidentWrites', () => {
  it('writes new and newer copies, leaves older ones, and names every service touched', () => {
    const stored = new Map([
      ['1', [{ serviceId: 'brand', updatedAt: '2026-11-05T00:00:00.000Z' }]],
      ['2', [{ serviceId: 'brand', updatedAt: '2026-11-01T00:00:00.000Z' }]],
    ]);
    const plan = planIncidentWrites(
      [
        incident('1', '2026-11-04T00:00:00.000Z'), // older than stored
        incident('2', '2026-11-06T00:00:00.000Z', 'careers'), // moved to careers
        incident('3', '2026-11-06T00:00:00.000Z', 'blog'), // new
      ],
      stored,
    );
    expect(plan.stale.map(i => i.externalId)).toEqual(['1']);
    expect(plan.fresh.map(i => i.externalId)).toEqual(['2', '3']);
    // The record of 2 moved to another business service: brand loses it at once.
    expect(plan.removed).toEqual([{ externalId: '2', serviceId: 'brand' }]);
    expect(plan.affectedServiceIds.sort()).toEqual([
      'blog',
      'brand',
      'careers',
    ]);
  });

  it('writes a copy with the same update time again (a replayed page is harmless)', () => {
    const plan = planIncidentWrites(
      [incident('1', '2026-11-05T00:00:00.000Z')],
      new Map([
        ['1', [{ serviceId: 'brand', updatedAt: '2026-11-05T00:00:00.000Z' }]],
      ]),
    );
    expect(plan.fresh).toHaveLength(1);
    expect(plan.stale).toHaveLength(0);
  });
});

describe('reading an incident again', () => {
  const stamp = '2026-11-05T10:00:00.000Z';

  it('leaves a copy equal to the stored one as it is: the overlap costs no write', () => {
    const copy = incident('1', stamp);
    const stored = new Map([
      [
        '1',
        [
          {
            serviceId: 'brand',
            updatedAt: stamp,
            fingerprint: incidentFingerprint(copy),
          },
        ],
      ],
    ]);
    expect(planIncidentWrites([{ ...copy }], stored)).toEqual({
      fresh: [],
      stale: [copy],
      removed: [],
      affectedServiceIds: [],
    });
    // Anything that differs, also within the same second, is written.
    const resolved = { ...copy, state: 'Resolved' };
    expect(planIncidentWrites([resolved], stored).fresh).toEqual([resolved]);
    const moved = { ...copy, serviceId: 'careers' };
    expect(planIncidentWrites([moved], stored)).toMatchObject({
      fresh: [moved],
      removed: [{ externalId: '1', serviceId: 'brand' }],
      affectedServiceIds: ['careers', 'brand'],
    });
  });

  it('orders two changes stamped within the same second by the change counter', () => {
    const second = { ...incident('1', stamp), state: 'Resolved', version: 4 };
    const first = { ...incident('1', stamp), state: 'In Progress', version: 3 };
    const stored = new Map([
      [
        '1',
        [
          {
            serviceId: 'brand',
            updatedAt: stamp,
            version: 4,
            fingerprint: incidentFingerprint(second),
          },
        ],
      ],
    ]);
    // An older copy served again (a page replayed late) does not take it back.
    expect(planIncidentWrites([first], stored).stale).toEqual([first]);
    expect(newestCopies([second, first])).toEqual([second]);
    expect(newestCopies([first, second])).toEqual([second]);
    const third = { ...second, state: 'Closed', version: 5 };
    expect(planIncidentWrites([third], stored).fresh).toEqual([third]);
  });
});

describe('several services mapped to the same record', () => {
  const stamp = '2026-11-05T10:00:00.000Z';
  const later = '2026-11-05T11:00:00.000Z';
  const storedAs = (...copies: IncidentRecord[]) =>
    new Map([
      [
        copies[0].externalId,
        copies.map(copy => ({
          serviceId: copy.serviceId,
          updatedAt: copy.updatedAt,
          fingerprint: incidentFingerprint(copy),
        })),
      ],
    ]);

  it('writes a copy for each service, and only the copy that differs from what its service holds', () => {
    const brand = incident('1', stamp, 'brand');
    const careers = incident('1', stamp, 'careers');
    expect(planIncidentWrites([brand, careers], new Map())).toEqual({
      fresh: [brand, careers],
      stale: [],
      removed: [],
      affectedServiceIds: ['brand', 'careers'],
    });
    // Careers was mapped to the record later: brand's copy is as stored, careers gets its own.
    expect(planIncidentWrites([brand, careers], storedAs(brand))).toEqual({
      fresh: [careers],
      stale: [brand],
      removed: [],
      affectedServiceIds: ['careers'],
    });
  });

  it('takes the incident from the services a page no longer lists it for, at once', () => {
    const stored = storedAs(
      incident('1', stamp, 'brand'),
      incident('1', stamp, 'careers'),
    );
    // Careers was mapped elsewhere: the page lists brand's copy only, the same as stored.
    expect(planIncidentWrites([incident('1', stamp, 'brand')], stored)).toEqual(
      {
        fresh: [],
        stale: [incident('1', stamp, 'brand')],
        removed: [{ externalId: '1', serviceId: 'careers' }],
        affectedServiceIds: ['careers'],
      },
    );
    // The record moved to another business service, which only blog is mapped to.
    const moved = { ...incident('1', later, 'blog'), state: 'In Progress' };
    expect(planIncidentWrites([moved], stored)).toEqual({
      fresh: [moved],
      stale: [],
      removed: [
        { externalId: '1', serviceId: 'brand' },
        { externalId: '1', serviceId: 'careers' },
      ],
      affectedServiceIds: ['blog', 'brand', 'careers'],
    });
  });

  it('never gives an incident back to a service it left when an older page is replayed', () => {
    // It moved from brand to careers; a page read before the move is served again.
    const stored = storedAs(incident('1', later, 'careers'));
    const replayed = incident('1', stamp, 'brand');
    expect(planIncidentWrites([replayed], stored)).toEqual({
      fresh: [],
      stale: [replayed],
      removed: [],
      affectedServiceIds: [],
    });
  });

  it("leaves other services' copies when the copies given are not all of them (a report from the portal)", () => {
    const stored = storedAs(incident('1', stamp, 'careers'));
    const reported = { ...incident('1', later, 'brand'), state: 'In Progress' };
    expect(
      planIncidentWrites([reported], stored, { everyCopy: false }),
    ).toEqual({
      fresh: [reported],
      stale: [],
      removed: [],
      affectedServiceIds: ['brand'],
    });
    expect(planIncidentWrites([reported], stored).removed).toEqual([
      { externalId: '1', serviceId: 'careers' },
    ]);
  });
});

describe('unusableIncidentFields', () => {
  it('accepts an incident with every field a person reads', () => {
    expect(
      unusableIncidentFields(incident('1', '2026-11-02T00:00:00.000Z')),
    ).toEqual([]);
  });

  it('names blank or missing text and times that are no times', () => {
    expect(
      unusableIncidentFields({
        ...incident('1', 'yesterday'),
        number: undefined,
        title: '  ',
        resolvedAt: 'never',
      }),
    ).toEqual(['number', 'title', 'updatedAt', 'resolvedAt']);
    expect(unusableIncidentFields(undefined)).toEqual([
      'externalId',
      'number',
      'title',
      'priority',
      'state',
      'url',
      'openedAt',
      'updatedAt',
    ]);
  });
});
