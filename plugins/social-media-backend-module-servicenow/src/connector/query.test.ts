import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  buildIncidentQuery,
  decodeCursor,
  encodeCursor,
  glideDateTimeToIso,
  GroupPosition,
  groupMappings,
  MAX_REQUEST_URL_LENGTH,
  mappingConditions,
  requestUrlLength,
  rewindSyncKey,
} from './query';

const mapping = (itsmReference: string) => ({
  serviceId: 's',
  itsmReference,
  lifecycleStage: 'operation' as const,
});

describe('buildIncidentQuery', () => {
  it('ORs the mappings by sys_id or escaped name, once each, in a stable order', () => {
    expect(
      buildIncidentQuery({
        field: 'business_service',
        mappings: [
          mapping('0123456789ABCDEF0123456789abcdef'),
          mapping(' A^B ^OR name '),
          mapping('0123456789abcdef0123456789abcdef'),
        ],
      }),
    ).toBe(
      'business_service=0123456789abcdef0123456789abcdef' +
        '^ORbusiness_service.name=A^^B ^^OR name' +
        '^ORDERBYsys_updated_on^ORDERBYsys_id',
    );
  });

  it('continues strictly after the cursor key', () => {
    expect(
      buildIncidentQuery({
        field: 'cmdb_ci',
        mappings: [mapping('Brand X')],
        after: { updatedOn: '2026-11-20 10:00:00', sysId: 'a'.repeat(32) },
      }),
    ).toBe(
      'cmdb_ci.name=Brand X' +
        '^sys_updated_on>=2026-11-20 10:00:00' +
        `^sys_updated_on>2026-11-20 10:00:00^ORsys_id>${'a'.repeat(32)}` +
        '^ORDERBYsys_updated_on^ORDERBYsys_id',
    );
  });
});

describe('the overlap before a cursor', () => {
  it('rewinds to the whole second the overlap reaches, across a day, and reads all of it again', () => {
    const key = { updatedOn: '2026-11-21 00:01:30', sysId: 'a'.repeat(32) };
    const rewound = rewindSyncKey(key, 3 * 60 * 1000);
    expect(rewound).toEqual({ updatedOn: '2026-11-20 23:58:30', sysId: '' });
    expect(
      buildIncidentQuery({
        field: 'business_service',
        mappings: [mapping('Brand X')],
        after: rewound,
      }),
    ).toBe(
      'business_service.name=Brand X^sys_updated_on>=2026-11-20 23:58:30' +
        '^ORDERBYsys_updated_on^ORDERBYsys_id',
    );
  });
});

const v1Cursor = (payload: object) =>
  `servicenow.v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
const payloadOf = (cursor: string) =>
  JSON.parse(
    Buffer.from(cursor.slice('servicenow.v2.'.length), 'base64url').toString(),
  );

const INSTANCE = 'https://example.service-now.com';
const PATH = '/api/now/table/incident';
/** The connector's own list parameters, around a query. */
const listQuery = (sysparm_query: string) => ({
  sysparm_query,
  sysparm_fields: [
    'sys_id',
    'number',
    'short_description',
    'priority',
    'state',
    'category',
    'opened_at',
    'resolved_at',
    'sys_updated_on',
    'sys_mod_count',
    'business_service',
    'cmdb_ci',
    'business_service.name',
  ].join(','),
  sysparm_limit: '100',
  sysparm_display_value: 'all',
  sysparm_exclude_reference_link: 'true',
  sysparm_suppress_pagination_header: 'true',
});
const urlLength = (q: string) => requestUrlLength(INSTANCE, PATH, listQuery(q));
const urlOf = (q: string) =>
  `${INSTANCE}${PATH}?${new URLSearchParams(listQuery(q))}`;

/** 5,000 mappings: every third by a name with spaces, accents and carets, the rest by sys_id. */
const manyMappings = Array.from({ length: 5000 }, (_, i) =>
  mapping(
    i % 3 === 0
      ? `Brand ${i} – Café ^ Support account`
      : createHash('md5').update(String(i)).digest('hex'),
  ),
);

describe('groupMappings', () => {
  const LATEST = { updatedOn: '2026-12-31 23:59:59', sysId: 'f'.repeat(32) };

  it('splits 5,000 mappings into queries whose whole URL stays under the limit from any position, and covers each reference once', () => {
    const { groups, tooLong } = groupMappings({
      field: 'business_service',
      mappings: manyMappings,
      urlLength,
    });
    expect(tooLong).toEqual([]);
    expect(groups.length).toBeGreaterThan(40);
    for (const group of groups) {
      for (const after of [undefined, LATEST, rewindSyncKey(LATEST, 300_000)]) {
        const url = urlOf(
          buildIncidentQuery({ conditions: group.conditions, after }),
        );
        expect(url.length).toBeLessThanOrEqual(MAX_REQUEST_URL_LENGTH);
      }
    }
    // Each query is full: one more reference would take it over the limit.
    for (let i = 0; i + 1 < groups.length; i++) {
      const more = [...groups[i].conditions, groups[i + 1].conditions[0]];
      expect(
        urlOf(buildIncidentQuery({ conditions: more, after: LATEST })).length,
      ).toBeGreaterThan(MAX_REQUEST_URL_LENGTH);
    }
    const all = groups.flatMap(g => g.conditions);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(
      mappingConditions('business_service', manyMappings).sort(),
    );
    // One query for all of them would be some 300,000 characters long.
    expect(
      urlOf(
        buildIncidentQuery({
          field: 'business_service',
          mappings: manyMappings,
        }),
      ).length,
    ).toBeGreaterThan(50 * MAX_REQUEST_URL_LENGTH);
  });

  it('groups the same references the same way whatever their order, services or duplicates', () => {
    const grouped = groupMappings({
      field: 'business_service',
      mappings: manyMappings,
      urlLength,
    }).groups;
    const shuffled = [...manyMappings]
      .reverse()
      .map((m, i) => ({ ...m, serviceId: `service-${i}` }));
    shuffled.splice(100, 0, ...manyMappings.slice(0, 50));
    expect(
      groupMappings({
        field: 'business_service',
        mappings: shuffled,
        urlLength,
      }).groups,
    ).toEqual(grouped);
    expect(new Set(grouped.map(g => g.key)).size).toBe(grouped.length);
    // Another field: other conditions, other groups.
    const onCi = groupMappings({
      field: 'cmdb_ci',
      mappings: manyMappings,
      urlLength,
    }).groups;
    expect(onCi.map(g => g.key)).not.toContain(grouped[0].key);
  });

  it('keeps a few mappings in one query, as before', () => {
    const { groups } = groupMappings({
      field: 'business_service',
      mappings: [mapping('Brand X'), mapping('a'.repeat(32))],
      urlLength,
    });
    expect(groups).toEqual([
      {
        key: expect.stringMatching(/^[0-9a-f]{16}$/),
        conditions: [
          `business_service=${'a'.repeat(32)}`,
          'business_service.name=Brand X',
        ],
      },
    ]);
  });

  it('sets apart a reference no request URL could carry, and blank ones', () => {
    const { groups, tooLong } = groupMappings({
      field: 'business_service',
      mappings: [mapping('Brand X'), mapping('x'.repeat(7000)), mapping('  ')],
      urlLength,
    });
    expect(groups.map(g => g.conditions)).toEqual([
      ['business_service.name=Brand X'],
    ]);
    expect(tooLong).toEqual([`business_service.name=${'x'.repeat(7000)}`]);
  });
});

describe('cursor', () => {
  const groups = groupMappings({
    field: 'business_service',
    mappings: manyMappings,
    urlLength,
  }).groups;
  const key = { updatedOn: '2026-11-20 10:00:00', sysId: 'b'.repeat(32) };
  const earlier = { updatedOn: '2026-11-19 08:30:00', sysId: 'c'.repeat(32) };

  it('round-trips a position per group, with its pending overlap and its place in the pass', () => {
    const positions = new Map<string, GroupPosition>([
      [groups[0].key, { key, read: true }],
      [groups[1].key, { key: earlier, overlap: true }],
      [groups[2].key, { read: true }],
    ]);
    const cursor = encodeCursor(groups, positions);
    expect(cursor).toMatch(/^servicenow\.v2\.[A-Za-z0-9_-]+$/);
    expect(payloadOf(cursor)).toEqual({
      g: [
        { k: groups[0].key, u: key.updatedOn, id: key.sysId, r: 1 },
        { k: groups[1].key, u: earlier.updatedOn, id: earlier.sysId, o: 1 },
        { k: groups[2].key, r: 1 },
      ],
    });
    const decoded = decodeCursor(cursor, groups);
    expect(decoded.get(groups[0].key)).toEqual({ key, read: true });
    expect(decoded.get(groups[1].key)).toEqual({ key: earlier, overlap: true });
    expect(decoded.get(groups[2].key)).toEqual({ read: true });
    // Every other group from the beginning.
    expect(decoded.size).toBe(groups.length);
    expect(decoded.get(groups[3].key)).toEqual({});
    expect(encodeCursor(groups, decoded)).toBe(cursor);
  });

  it('reads no cursor, and an empty one, as every group from the beginning', () => {
    for (const cursor of [undefined, '', encodeCursor(groups, new Map())]) {
      const decoded = decodeCursor(cursor, groups);
      expect([...decoded.values()].every(p => !p.key && !p.read)).toBe(true);
      expect(decoded.size).toBe(groups.length);
    }
  });

  it('reads a v1 cursor (one query over every reference) as the position of every group', () => {
    const decoded = decodeCursor(
      v1Cursor({ u: key.updatedOn, id: key.sysId }),
      groups,
    );
    expect(decoded.size).toBe(groups.length);
    for (const group of groups) {
      expect(decoded.get(group.key)).toEqual({ key });
    }
    const nothingSeen = decodeCursor(v1Cursor({}), groups);
    expect([...nothingSeen.values()].every(p => !p.key)).toBe(true);
  });

  it('starts a group the cursor does not know, or cannot read, from the beginning, never after another group’s position', () => {
    // The cursor of other groups: the references changed since.
    const others = groupMappings({
      field: 'business_service',
      mappings: manyMappings.slice(1),
      urlLength,
    }).groups;
    const theirs = encodeCursor(
      others,
      new Map(others.map(g => [g.key, { key, read: true }])),
    );
    const decoded = decodeCursor(theirs, groups);
    const shared = new Set(others.map(g => g.key));
    for (const group of groups) {
      expect(decoded.get(group.key)).toEqual(
        shared.has(group.key) ? { key, read: true } : {},
      );
    }
    // The removed reference is a name: the groups of sys_ids keep their positions, the groups of
    // names (whose boundaries shifted) start again.
    const kept = groups.filter(g => shared.has(g.key));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(groups.length);
    expect(
      kept.every(g => g.conditions[0].startsWith('business_service=')),
    ).toBe(true);

    const damaged = `servicenow.v2.${Buffer.from(
      JSON.stringify({
        g: [
          { k: groups[0].key, u: 'yesterday', id: key.sysId, r: 1 },
          { k: groups[1].key, u: key.updatedOn, id: key.sysId },
          { k: groups[1].key, u: earlier.updatedOn, id: earlier.sysId },
          'nonsense',
        ],
      }),
    ).toString('base64url')}`;
    const read = decodeCursor(damaged, groups);
    expect(read.get(groups[0].key)).toEqual({});
    expect(read.get(groups[1].key)).toEqual({ key });
    expect(
      decodeCursor(
        `servicenow.v2.${Buffer.from('{"g":"x"}').toString('base64url')}`,
        groups,
      ).get(groups[0].key),
    ).toEqual({});
  });

  it.each([
    'servicenow.v1.!!!',
    'servicenow.v2.!!!',
    `servicenow.v1.${Buffer.from('{"u":"yesterday","id":"x"}').toString(
      'base64url',
    )}`,
    'pagerduty.v1.e30',
    'offset=40',
  ])('rejects %s', cursor => {
    expect(() => decodeCursor(cursor, groups)).toThrow(InputError);
  });
});

describe('glideDateTimeToIso', () => {
  it('reads UTC date-times', () => {
    expect(glideDateTimeToIso('2026-11-20 10:00:05')).toBe(
      '2026-11-20T10:00:05.000Z',
    );
    expect(glideDateTimeToIso('')).toBeUndefined();
    expect(() => glideDateTimeToIso('11/20/2026 10:00:05 AM')).toThrow();
  });

  it('gives every valid date-time the form a Date writes, and refuses impossible ones', () => {
    for (const value of [
      '2026-01-01 00:00:00',
      '2026-01-28 23:59:59',
      '2026-01-31 12:30:00',
      '2024-02-29 08:00:00',
      '2026-12-31 23:59:59',
    ]) {
      expect(glideDateTimeToIso(value)).toBe(
        new Date(`${value.replace(' ', 'T')}Z`).toISOString(),
      );
    }
    for (const value of [
      '2026-13-01 00:00:00',
      '2026-00-10 00:00:00',
      '2026-01-00 00:00:00',
      '2026-01-10 24:00:01',
      '2026-01-10 10:60:00',
    ]) {
      expect(() => glideDateTimeToIso(value)).toThrow(
        `'${value}' is not a ServiceNow date-time`,
      );
    }
  });
});
