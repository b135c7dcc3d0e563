import {
  AcceptedWrite,
  AuditEntryLike,
  checkWrites,
  classifyAnswer,
  leaksInternals,
  scheduledRuns,
} from './productionChecks';

const backstageError = (message: string, extra: object = {}) =>
  JSON.stringify({
    error: { name: 'ServiceUnavailableError', message, ...extra },
    request: { method: 'GET', url: '/services' },
    response: { statusCode: 503 },
  });

describe('classifyAnswer', () => {
  it('counts the route’s own answer as ok and a 409 on a write as expected', () => {
    expect(
      classifyAnswer({
        status: 201,
        body: '{}',
        okStatuses: [201],
        write: true,
      }),
    ).toBe('ok');
    expect(
      classifyAnswer({
        status: 409,
        body: backstageError('Service x changed since version 3'),
        okStatuses: [200],
        write: true,
      }),
    ).toBe('conflict');
    // A read has no business answering 409.
    expect(
      classifyAnswer({
        status: 409,
        body: '{}',
        okStatuses: [200],
        write: false,
      }),
    ).toBe('error');
  });

  it('takes a 503 only with a message for people and nothing internal', () => {
    const clean = backstageError(
      "The social media catalogue's database is not reachable; try again shortly (reference 1a2b3c4d)",
    );
    expect(
      classifyAnswer({
        status: 503,
        body: clean,
        okStatuses: [200],
        write: false,
      }),
    ).toBe('unavailable');
    expect(
      classifyAnswer({
        status: 503,
        body: '',
        okStatuses: [200],
        write: false,
      }),
    ).toBe('error');
    const withStack = backstageError('connect ECONNREFUSED 127.0.0.1:5432', {
      stack: 'Error: connect ECONNREFUSED\n    at TCPConnectWrap.afterConnect',
    });
    expect(
      classifyAnswer({
        status: 503,
        body: withStack,
        okStatuses: [200],
        write: false,
      }),
    ).toBe('error');
    expect(
      classifyAnswer({
        status: 500,
        body: backstageError('x'),
        okStatuses: [200],
        write: false,
      }),
    ).toBe('error');
  });
});

describe('leaksInternals', () => {
  it('finds stack traces, SQL and the driver’s words', () => {
    expect(
      leaksInternals(
        'Error\n    at Client._connect (/app/node_modules/pg/lib/client.js:1:2)',
      ),
    ).toBe('a stack trace');
    expect(
      leaksInternals(
        'select "id" from "social_services" where "id" = $1 - terminating connection',
      ),
    ).toBe('SQL');
    expect(leaksInternals('update "social_services" set "version" = 4')).toBe(
      'SQL',
    );
    expect(leaksInternals('connect ECONNREFUSED 127.0.0.1:5432')).toBe(
      "the database driver's words",
    );
    expect(
      leaksInternals(
        "The social media catalogue's database is not reachable; try again shortly (reference 1a2b3c4d)",
      ),
    ).toBeUndefined();
  });
});

const service = (id: string, version: number, action = 'update') => ({
  entityType: 'service',
  entityId: id,
  action,
  after: { id, version },
});

describe('checkWrites', () => {
  const accepted: AcceptedWrite[] = [
    { kind: 'update', serviceId: 'a', version: 2 },
    { kind: 'transition', serviceId: 'a', version: 3 },
    { kind: 'access-review', serviceId: 'b', version: 2, reviewId: 7 },
    { kind: 'request', requestId: 11 },
  ];
  const audit: AuditEntryLike[] = [
    service('a', 1, 'create'),
    service('b', 1, 'create'),
    service('a', 2),
    service('a', 3, 'transition'),
    service('b', 2, 'access-review'),
    {
      entityType: 'service',
      entityId: 'b',
      action: 'leaver-detection',
      after: {},
    },
    { entityType: 'service-request', entityId: '11', action: 'request-submit' },
  ];
  const store = {
    versions: new Map([
      ['a', 3],
      ['b', 2],
    ]),
    reviewIds: [7],
    requestIds: [11, 12],
  };

  it('passes when every accepted write is stored and audited once', () => {
    expect(checkWrites({ accepted, audit, store, strict: true })).toEqual({
      acceptedServiceWrites: 3,
      acceptedRequests: 1,
      lost: 0,
      doubled: 0,
      unanswered: 0,
      problems: [],
    });
  });

  it('finds a write the trail lost, one it holds twice, and a version the store skipped', () => {
    const lostOne = checkWrites({
      accepted,
      audit: audit.filter(
        e => !(e.entityId === 'a' && e.action === 'transition'),
      ),
      store,
      strict: true,
    });
    expect(lostOne.lost).toBeGreaterThan(0);
    expect(lostOne.problems.join()).toContain(
      'a: version 3 is stored but not audited',
    );

    const twice = checkWrites({
      accepted,
      audit: [...audit, service('a', 3)],
      store,
      strict: true,
    });
    expect(twice.doubled).toBe(1);

    const storeBehind = checkWrites({
      accepted,
      audit,
      store: { ...store, versions: new Map([...store.versions, ['a', 2]]) },
      strict: true,
    });
    expect(storeBehind.lost).toBeGreaterThan(0);
  });

  it('finds two accepted answers claiming one version, and a request stored but not audited', () => {
    const claimed = checkWrites({
      accepted: [...accepted, { kind: 'update', serviceId: 'a', version: 3 }],
      audit,
      store,
      strict: true,
    });
    expect(claimed.doubled).toBe(1);

    const request = checkWrites({
      accepted,
      audit: audit.filter(e => e.entityType !== 'service-request'),
      store,
      strict: true,
    });
    expect(request.lost).toBe(1);
  });

  it('tells changes no accepted answer reported apart, refused only when strict', () => {
    const extra = [...audit, service('b', 3)];
    const store3 = {
      ...store,
      versions: new Map([...store.versions, ['b', 3]]),
    };
    const lenient = checkWrites({
      accepted,
      audit: extra,
      store: store3,
      strict: false,
    });
    expect(lenient).toMatchObject({
      lost: 0,
      doubled: 0,
      unanswered: 1,
      problems: [],
    });
    const strict = checkWrites({
      accepted,
      audit: extra,
      store: store3,
      strict: true,
    });
    expect(strict.problems).toHaveLength(1);
  });
});

describe('scheduledRuns', () => {
  const line = (at: string, message: string) =>
    JSON.stringify({ level: 'info', message, timestamp: at });

  it('counts the runs of every instance in the window and the closest two', () => {
    const a = [
      line(
        '2026-01-01T00:00:05.000Z',
        'Guardianship sweep: 300 services checked',
      ),
      line(
        '2026-01-01T00:00:25.000Z',
        'Guardianship sweep: 300 services checked',
      ),
      line('2026-01-01T00:00:26.000Z', 'something else'),
    ].join('\n');
    const b = [
      'not json Guardianship sweep:',
      line(
        '2026-01-01T00:00:15.500Z',
        'Guardianship sweep: 300 services checked',
      ),
      line(
        '2026-01-01T00:01:40.000Z',
        'Guardianship sweep: 300 services checked',
      ),
    ].join('\n');
    expect(
      scheduledRuns({
        logs: [a, b],
        marker: 'Guardianship sweep:',
        from: Date.parse('2026-01-01T00:00:00Z'),
        to: Date.parse('2026-01-01T00:01:00Z'),
      }),
    ).toEqual({ runs: 3, byInstance: [2, 1], minGapS: 9.5 });
  });
});
