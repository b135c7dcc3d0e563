import { InputError } from '@backstage/errors';
import {
  decodeCursor,
  encodeCursor,
  serviceIdOfReference,
  SyncState,
  toInstant,
} from './query';

describe('serviceIdOfReference', () => {
  it.each([
    ['PIJ90N7', 'PIJ90N7'],
    [' pij90n7 ', 'PIJ90N7'],
    ['https://acme.pagerduty.com/service-directory/PIJ90N7', 'PIJ90N7'],
    ['https://acme.pagerduty.com/service-directory/PIJ90N7/', 'PIJ90N7'],
    ['https://api.pagerduty.com/services/PIJ90N7?include[]=teams', 'PIJ90N7'],
  ])('reads %j as %j', (reference, id) => {
    expect(serviceIdOfReference(reference)).toBe(id);
  });

  it.each(['Brand Instagram', '1234', 'P', 'PIJ90N7; DROP', ''])(
    'finds no service id in %j',
    reference => {
      expect(serviceIdOfReference(reference)).toBeUndefined();
    },
  );
});

describe('cursor', () => {
  const states: SyncState[] = [
    {
      phase: 'full',
      start: '2026-11-01T08:00:00Z',
      services: 'abc',
      chunk: 1,
      window: ['2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z'],
      offset: 40,
      last: 'fp',
    },
    { phase: 'log', since: '2026-11-01T08:00:00Z', offset: 0 },
    {
      phase: 'log',
      since: '2026-11-01T08:00:00Z',
      until: '2026-11-01T09:00:00Z',
      end: '2026-11-01T10:00:00Z',
      offset: 200,
      sent: ['k3J9x0aQzT', 'Zb81-pq_4w'],
    },
  ];

  it.each(states)('round-trips %j', state => {
    const cursor = encodeCursor(state);
    expect(cursor).toMatch(/^pagerduty\.v1\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(state);
  });

  it('accepts the cursors of older versions, without the log entry ids they remembered', () => {
    const older = (payload: object) =>
      decodeCursor(
        `pagerduty.v1.${Buffer.from(JSON.stringify(payload)).toString(
          'base64url',
        )}`,
      );
    expect(
      older({
        phase: 'log',
        since: '2026-11-01T08:00:00Z',
        offset: 0,
        seen: ['R0000000000012'],
      }),
    ).toEqual({ phase: 'log', since: '2026-11-01T08:00:00Z', offset: 0 });
    expect(
      older({
        phase: 'log',
        since: '2026-11-01T08:00:00Z',
        until: '2026-11-01T09:00:00Z',
        end: '2026-11-01T10:00:00Z',
        offset: 200,
        last: 'fp',
        seen: ['R0000000000012'],
        skip: ['R0000000000009', 7],
      }),
    ).toEqual({
      phase: 'log',
      since: '2026-11-01T08:00:00Z',
      until: '2026-11-01T09:00:00Z',
      end: '2026-11-01T10:00:00Z',
      offset: 200,
      last: 'fp',
    });
  });

  it('starts from scratch without a cursor', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  const encode = (payload: unknown) =>
    `pagerduty.v1.${Buffer.from(JSON.stringify(payload)).toString(
      'base64url',
    )}`;

  it.each([
    'servicenow.v1.e30',
    'pagerduty.v1.not-json',
    encode(null),
    encode({ phase: 'full', start: 'now', services: 'x', chunk: 0, offset: 0 }),
    encode({ phase: 'log', since: '2026-11-01T08:00:00Z', offset: -5 }),
    encode({
      phase: 'log',
      since: '2026-11-01T09:00:00Z',
      until: '2026-11-01T08:00:00Z',
      end: '2026-11-01T10:00:00Z',
      offset: 0,
    }),
    encode({
      phase: 'log',
      since: '2026-11-01T08:00:00Z',
      offset: 0,
      sent: [1],
    }),
    encode({ phase: 'later', since: '2026-11-01T08:00:00Z', offset: 0 }),
  ])('rejects %s', cursor => {
    expect(() => decodeCursor(cursor)).toThrow(InputError);
  });

  it('writes instants in whole seconds of UTC', () => {
    expect(toInstant(Date.parse('2026-11-01T08:00:00.999Z'))).toBe(
      '2026-11-01T08:00:00Z',
    );
  });
});
