import { InputError } from '@backstage/errors';
import {
  buildIncidentQuery,
  decodeCursor,
  encodeCursor,
  glideDateTimeToIso,
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

describe('cursor', () => {
  it('round-trips the last key, and "nothing seen yet"', () => {
    const key = { updatedOn: '2026-11-20 10:00:00', sysId: 'b'.repeat(32) };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^servicenow\.v1\.[A-Za-z0-9_-]+$/);
    expect(
      JSON.parse(
        Buffer.from(
          cursor.slice('servicenow.v1.'.length),
          'base64url',
        ).toString(),
      ),
    ).toEqual({ u: '2026-11-20 10:00:00', id: 'b'.repeat(32) });
    expect(decodeCursor(cursor)).toEqual(key);
    expect(decodeCursor(encodeCursor(undefined))).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    'servicenow.v1.!!!',
    `servicenow.v1.${Buffer.from('{"u":"yesterday","id":"x"}').toString(
      'base64url',
    )}`,
    'pagerduty.v1.e30',
  ])('rejects %s', cursor => {
    expect(() => decodeCursor(cursor)).toThrow(InputError);
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
});
