import { ConfigReader } from '@backstage/config';
import { readServiceNowConfig } from './config';

type ConfigData = ConstructorParameters<typeof ConfigReader>[0];

const read = (servicenow: object) =>
  readServiceNowConfig(
    new ConfigReader({
      socialMedia: { itsm: { servicenow } },
    } as ConfigData),
  );

describe('readServiceNowConfig', () => {
  it('is undefined without the block', () => {
    expect(readServiceNowConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('reads basic auth and applies the defaults', () => {
    expect(
      read({
        instanceUrl: 'https://example.service-now.com/',
        auth: { username: 'integration', password: 'pw' },
      }),
    ).toEqual({
      instanceUrl: 'https://example.service-now.com',
      auth: { type: 'basic', username: 'integration', password: 'pw' },
      mappingField: 'business_service',
      pageSize: 100,
      timeoutMs: 30_000,
      maxRetries: 4,
      // Five minutes read again before the cursor at each run.
      overlapMs: 300_000,
      // The next groups of references read while the current one is stored.
      readAhead: true,
      requestsInFlight: 4,
    });
  });

  it('reads OAuth client credentials and the options', () => {
    expect(
      read({
        instanceUrl: 'http://localhost:8080',
        auth: { clientId: 'id', clientSecret: 'secret' },
        mappingField: 'cmdb_ci',
        pageSize: 500,
        timeoutMs: 5000,
        maxRetries: 0,
        overlapMs: 60_000,
        readAhead: false,
        // Without reading ahead, one request at a time whatever this says.
        requestsInFlight: 6,
      }),
    ).toEqual({
      instanceUrl: 'http://localhost:8080',
      auth: { type: 'oauth', clientId: 'id', clientSecret: 'secret' },
      mappingField: 'cmdb_ci',
      pageSize: 500,
      timeoutMs: 5000,
      maxRetries: 0,
      overlapMs: 60_000,
      readAhead: false,
    });
  });

  it.each([
    [{ instanceUrl: 'http://example.service-now.com' }, /must use https/],
    [{ instanceUrl: 'not a url' }, /is not a URL/],
    [
      { instanceUrl: 'https://user:pw@example.service-now.com' },
      /without credentials/,
    ],
    [
      {
        auth: {
          username: 'u',
          password: 'p',
          clientId: 'i',
          clientSecret: 's',
        },
      },
      /exactly one pair/,
    ],
    [{ auth: { username: 'u' } }, /exactly one pair/],
    [{ mappingField: 'company' }, /mappingField must be/],
    [{ pageSize: 0 }, /pageSize must be/],
    [{ pageSize: 20000 }, /pageSize must be/],
    [{ overlapMs: -1 }, /overlapMs must be a whole number of milliseconds/],
    [{ overlapMs: 1.5 }, /overlapMs must be a whole number of milliseconds/],
    [{ timeoutMs: -1 }, /timeoutMs must be/],
    [
      { requestsInFlight: 1 },
      /requestsInFlight must be a whole number from 2 to 8/,
    ],
    [
      { requestsInFlight: 9 },
      /requestsInFlight must be a whole number from 2 to 8/,
    ],
    [
      { requestsInFlight: 2.5 },
      /requestsInFlight must be a whole number from 2 to 8/,
    ],
  ])('rejects %j', (override, message) => {
    expect(() =>
      read({
        instanceUrl: 'https://example.service-now.com',
        auth: { username: 'integration', password: 'pw' },
        ...override,
      }),
    ).toThrow(message);
  });

  it('does not echo the password when rejecting the auth block', () => {
    expect(() =>
      read({
        instanceUrl: 'https://example.service-now.com',
        auth: { password: 'very-secret-pw' },
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('very-secret-pw'),
      }),
    );
  });
  it('reads the CMDB export settings, and refuses a parent that is not a sys_id', () => {
    const base = {
      instanceUrl: 'https://example.service-now.com',
      auth: { username: 'integration', password: 'pw' },
    };
    expect(read(base)?.csdm).toBeUndefined();
    expect(
      read({
        ...base,
        csdm: {
          parentBusinessService: 'A1B2C3D4E5F60718293A4B5C6D7E8F90',
          groups: [
            {
              entityRef: 'group:default/marketing',
              servicenow: 'Marketing EMEA',
            },
          ],
        },
      })?.csdm,
    ).toEqual({
      parentBusinessService: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      users: [],
      groups: [
        { entityRef: 'group:default/marketing', servicenow: 'Marketing EMEA' },
      ],
    });
    expect(() =>
      read({ ...base, csdm: { parentBusinessService: 'Social media' } }),
    ).toThrow(
      "socialMedia.itsm.servicenow.csdm.parentBusinessService must be the 32-character sys_id of a business service (cmdb_ci_service_business), not 'Social media'",
    );
  });
});
