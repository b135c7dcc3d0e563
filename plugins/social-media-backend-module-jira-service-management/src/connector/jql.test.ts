import { parseJql } from '../testUtils/fakeJql';
import {
  buildChunks,
  buildSearchJql,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  jqlString,
  MAX_REFERENCES_PER_CHUNK,
  parseComponentReference,
  parseJiraTimestamp,
  rewindPosition,
  nextWallMinute,
  searchBound,
  SyncState,
  textSearchPhrase,
  wallClockInstants,
} from './jql';

const mapping = (itsmReference: string, serviceId = 's') => ({
  serviceId,
  itsmReference,
  lifecycleStage: 'operation' as const,
});

const componentScope = {
  mappingField: 'component' as const,
  projects: [],
  issueTypes: ['Incident'],
};

describe('jqlString', () => {
  it.each([
    ['Brand X', '"Brand X"'],
    ['Say "hi"', '"Say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['ends with \\', '"ends with \\\\"'],
    ['two\nlines', '"two\\nlines"'],
    ["it's", '"it\'s"'],
  ])('writes %j as %s', (value, expected) => {
    expect(jqlString(value)).toBe(expected);
  });

  it('round-trips through a JQL parser whatever the value', () => {
    for (const value of [
      'Brand X',
      'Quote " and \\ backslash',
      '\\"',
      'AND OR NOT ( ) ,',
      'tab\there',
      'émoji 📣',
    ]) {
      const query = parseJql(`component = ${jqlString(value)}`);
      expect(query.where).toMatchObject({ values: [value] });
    }
  });
});

describe('parseComponentReference', () => {
  it('splits PROJECTKEY/Component name at the first slash', () => {
    expect(parseComponentReference(' sms / Brand X ')).toEqual({
      project: 'SMS',
      component: 'Brand X',
    });
    expect(parseComponentReference('SMS/Ads / Paid')).toEqual({
      project: 'SMS',
      component: 'Ads / Paid',
    });
  });

  it.each(['Brand X', 'SMS/', '/Brand X', '1AB/Brand X', 'S M/Brand'])(
    'rejects %j',
    reference => {
      expect(parseComponentReference(reference)).toBeUndefined();
    },
  );
});

describe('buildChunks', () => {
  it('groups components by project, sorted and deduplicated, with the issue types', () => {
    const chunks = buildChunks(
      [
        mapping('SMS/Brand "X"'),
        mapping('OPS/Payroll'),
        mapping('sms/brand "x"'),
        mapping('SMS/Ads'),
      ],
      { ...componentScope, issueTypes: ['Incident', 'Security incident'] },
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0].filter).toBe(
      '((project = "OPS" AND component in ("Payroll")) OR ' +
        '(project = "SMS" AND component in ("Ads", "Brand \\"X\\""))) ' +
        'AND issuetype in ("Incident", "Security incident")',
    );
    expect(chunks[0].size).toBe(3);
    // The same mappings in another order give the same chunk.
    expect(
      buildChunks(
        [mapping('SMS/Ads'), mapping('OPS/Payroll'), mapping('SMS/Brand "X"')],
        { ...componentScope, issueTypes: ['Incident', 'Security incident'] },
      ),
    ).toEqual(chunks);
  });

  it('splits hundreds of mappings into chunks of bounded size', () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      mapping(`P${i % 7}/Service ${String(i).padStart(3, '0')}`),
    );
    const chunks = buildChunks(many, componentScope);
    expect(chunks).toHaveLength(Math.ceil(250 / MAX_REFERENCES_PER_CHUNK));
    expect(chunks.reduce((n, c) => n + c.size, 0)).toBe(250);
    expect(new Set(chunks.map(c => c.hash)).size).toBe(chunks.length);
    for (const chunk of chunks) {
      expect(chunk.size).toBeLessThanOrEqual(MAX_REFERENCES_PER_CHUNK);
      expect(() =>
        parseJql(buildSearchJql(chunk, '2026-11-20 10:00')),
      ).not.toThrow();
    }
  });

  it('names the service whose reference is not PROJECTKEY/Component name', () => {
    expect(() =>
      buildChunks(
        [mapping('SMS/Brand X'), mapping('Brand Y', 'brand-y')],
        componentScope,
      ),
    ).toThrow(
      /'Brand Y' of service brand-y is not written as PROJECTKEY\/Component name/,
    );
  });

  it('matches a select field with IN, limited to the projects', () => {
    const [chunk] = buildChunks([mapping('Brand X'), mapping('Support')], {
      mappingField: 'customfield_10050',
      customFieldKind: 'select',
      projects: ['SMS', 'SEC'],
      issueTypes: ['Incident'],
    });
    expect(chunk.filter).toBe(
      'project in ("SMS", "SEC") AND cf[10050] in ("Brand X", "Support") AND issuetype in ("Incident")',
    );
  });

  it('searches a text field for each value as a phrase', () => {
    const [chunk] = buildChunks([mapping('Brand: X (EU)'), mapping('Care')], {
      mappingField: 'customfield_10051',
      customFieldKind: 'text',
      projects: ['SMS'],
      issueTypes: ['Incident'],
    });
    expect(chunk.filter).toBe(
      'project in ("SMS") AND (cf[10051] ~ "\\"Brand X EU\\"" OR cf[10051] ~ "\\"Care\\"") AND issuetype in ("Incident")',
    );
    expect(textSearchPhrase('---')).toBe('');
  });
});

describe('buildSearchJql', () => {
  it('adds the updated bound and the order', () => {
    const [chunk] = buildChunks([mapping('SMS/Brand X')], componentScope);
    expect(buildSearchJql(chunk)).toBe(
      '(project = "SMS" AND component in ("Brand X")) AND issuetype in ("Incident") ORDER BY updated ASC, key ASC',
    );
    expect(buildSearchJql(chunk, '2026-11-20 09:55')).toBe(
      '(project = "SMS" AND component in ("Brand X")) AND issuetype in ("Incident") ' +
        'AND updated >= "2026-11-20 09:55" ORDER BY updated ASC, key ASC',
    );
  });

  it('leaves out issues already read unless they changed since', () => {
    const [chunk] = buildChunks([mapping('SMS/Brand X')], componentScope);
    const jql = buildSearchJql(chunk, '2026-11-20 10:00', {
      ids: ['10001', '10002'],
      changedFrom: '2026-11-20 10:01',
    });
    expect(jql).toBe(
      '(project = "SMS" AND component in ("Brand X")) AND issuetype in ("Incident") ' +
        'AND updated >= "2026-11-20 10:00" AND (id not in (10001, 10002) OR updated >= "2026-11-20 10:01") ' +
        'ORDER BY updated ASC, key ASC',
    );
    expect(() => parseJql(jql)).not.toThrow();
  });
});

describe('nextWallMinute', () => {
  it('is the minute after the one the instant falls in, in the account zone', () => {
    const at = Date.parse('2026-11-20T10:00:59.999Z');
    expect(nextWallMinute(at, 'UTC')).toBe('2026-11-20 10:01');
    expect(nextWallMinute(at, 'Asia/Kathmandu')).toBe('2026-11-20 15:46');
  });
});

describe('parseJiraTimestamp', () => {
  it('reads Jira timestamps with their offset', () => {
    expect(
      new Date(
        parseJiraTimestamp('2026-11-20T10:00:05.123+0000')!,
      ).toISOString(),
    ).toBe('2026-11-20T10:00:05.123Z');
    expect(
      new Date(
        parseJiraTimestamp('2026-11-20T05:00:05.123-0500')!,
      ).toISOString(),
    ).toBe('2026-11-20T10:00:05.123Z');
    expect(
      new Date(
        parseJiraTimestamp('2026-11-21T00:00:05.000+14:00')!,
      ).toISOString(),
    ).toBe('2026-11-20T10:00:05.000Z');
    expect(parseJiraTimestamp('20/11/2026 10:00')).toBeUndefined();
    expect(parseJiraTimestamp(null)).toBeUndefined();
  });
});

describe('searchBound', () => {
  const at = (iso: string) => Date.parse(iso);

  it('starts a few minutes before the last change, in the account zone', () => {
    expect(searchBound(at('2026-11-20T10:00:05.123Z'), 'UTC')).toBe(
      '2026-11-20 09:55',
    );
    expect(
      searchBound(at('2026-11-20T10:00:05.123Z'), 'America/New_York'),
    ).toBe('2026-11-20 04:55');
    expect(searchBound(at('2026-11-20T10:00:05.123Z'), 'Asia/Kolkata')).toBe(
      '2026-11-20 15:25',
    );
  });

  it('goes back an extra hour when the wall-clock time happens twice', () => {
    // 2026-11-01 01:00-02:00 happens twice in New York (EDT, then EST): 01:30 may be read as
    // 05:30Z or 06:30Z, so it cannot be the bound for a change at 01:35 EDT (05:35Z).
    const firstPass = at('2026-11-01T05:35:00Z');
    const bound = searchBound(firstPass, 'America/New_York');
    expect(bound).toBe('2026-11-01 00:30');
    expect(
      wallClockInstants(bound, 'America/New_York').latest,
    ).toBeLessThanOrEqual(firstPass);
    // At 01:35 EST (06:35Z) the usual margin is enough.
    expect(searchBound(at('2026-11-01T06:35:00Z'), 'America/New_York')).toBe(
      '2026-11-01 01:30',
    );
  });
});

describe('cursor', () => {
  const state: SyncState = {
    positions: [
      {
        hash: 'abc',
        updated: Date.parse('2026-11-20T10:00:05.123Z'),
        ids: ['10001', '10002'],
      },
      { hash: 'def', ids: [] },
    ],
    chunk: 1,
    pass: {
      hash: 'def',
      since: '2026-11-20 09:55',
      exclude: ['10003', '10004'],
    },
  };

  it('round-trips the positions and the search in progress', () => {
    const cursor = encodeCursor(state);
    expect(cursor).toMatch(/^jsm\.v1\.[A-Za-z0-9_-]+$/);
    expect(
      JSON.parse(
        Buffer.from(cursor.slice('jsm.v1.'.length), 'base64url').toString(),
      ),
    ).toEqual({
      k: [
        { h: 'abc', u: '2026-11-20T10:00:05.123Z', i: ['10001', '10002'] },
        { h: 'def' },
      ],
      c: 1,
      p: { h: 'def', b: '2026-11-20 09:55', x: ['10003', '10004'] },
    });
    expect(decodeCursor(cursor)).toEqual(state);
    expect(decodeCursor(undefined)).toEqual({ positions: [], chunk: 0 });
  });

  it('drops the page token or startAt of a cursor from an earlier version', () => {
    const old = `jsm.v1.${Buffer.from(
      JSON.stringify({
        k: [{ h: 'def' }],
        c: 0,
        p: { h: 'def', b: '2026-11-20 09:55', t: 'tok/+=', s: 50 },
      }),
    ).toString('base64url')}`;
    expect(decodeCursor(old).pass).toEqual({
      hash: 'def',
      since: '2026-11-20 09:55',
    });
  });

  it("keeps a run start's floor beside the position, and settles it", () => {
    const position = {
      hash: 'abc',
      updated: Date.parse('2026-11-20T10:00:05.123Z'),
      ids: ['10001'],
    };
    const rewound = rewindPosition(position, 5 * 60_000);
    expect(rewound).toEqual({
      ...position,
      floor: Date.parse('2026-11-20T09:55:05.123Z'),
    });
    const cursor = encodeCursor({ positions: [rewound], chunk: 0 });
    expect(
      JSON.parse(
        Buffer.from(cursor.slice('jsm.v1.'.length), 'base64url').toString(),
      ).k,
    ).toEqual([
      {
        h: 'abc',
        u: '2026-11-20T10:00:05.123Z',
        i: ['10001'],
        f: '2026-11-20T09:55:05.123Z',
      },
    ]);
    expect(decodeCursor(cursor).positions).toEqual([rewound]);
    // Settled, or a group that has seen nothing yet: no floor.
    expect(rewindPosition(rewound, 0)).toEqual(position);
    expect(rewindPosition({ hash: 'def', ids: [] }, 60_000)).toEqual({
      hash: 'def',
      ids: [],
    });
  });

  it.each([
    `jsm.v1.${Buffer.from(
      '{"k":[{"h":"a","u":"2026-11-20T10:00:00Z","i":[],"f":"2026-11-20T10:01:00Z"}],"c":0}',
    ).toString('base64url')}`,
    'jsm.v1.!!!',
    `jsm.v1.${Buffer.from(
      '{"k":[{"h":"a","u":"yesterday","i":[]}],"c":0}',
    ).toString('base64url')}`,
    `jsm.v1.${Buffer.from('{"k":[],"c":-1}').toString('base64url')}`,
    `jsm.v1.${Buffer.from('{"k":[],"c":0,"p":{"h":"a","b":"10:00"}}').toString(
      'base64url',
    )}`,
    `jsm.v1.${Buffer.from(
      '{"k":[],"c":0,"p":{"h":"a","b":"2026-11-20 09:55","x":["10001) OR (1"]}}',
    ).toString('base64url')}`,
    'servicenow.v1.e30',
  ])('rejects %s', cursor => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });
});
