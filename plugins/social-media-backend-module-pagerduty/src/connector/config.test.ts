import { ConfigReader } from '@backstage/config';
import { readPagerDutyConfig } from './config';

type ConfigData = ConstructorParameters<typeof ConfigReader>[0];

const read = (pagerduty: object) =>
  readPagerDutyConfig(
    new ConfigReader({
      socialMedia: { itsm: { pagerduty } },
    } as ConfigData),
  );

describe('readPagerDutyConfig', () => {
  it('is undefined without the block', () => {
    expect(readPagerDutyConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('reads the API key and applies the defaults', () => {
    expect(read({ apiToken: 'key-123' })).toEqual({
      baseUrl: 'https://api.pagerduty.com',
      apiToken: 'key-123',
      pageSize: 100,
      timeoutMs: 30_000,
      maxRetries: 4,
      // Five minutes of the log read again at each run.
      overlapMs: 300_000,
    });
  });

  it('reads every option', () => {
    expect(
      read({
        baseUrl: 'https://api.eu.pagerduty.com/',
        apiToken: ' key-123 ',
        fromEmail: 'integration-bot@example.com',
        pageSize: 25,
        timeoutMs: 5000,
        maxRetries: 0,
        overlapMs: 900_000,
      }),
    ).toEqual({
      baseUrl: 'https://api.eu.pagerduty.com',
      apiToken: 'key-123',
      fromEmail: 'integration-bot@example.com',
      pageSize: 25,
      timeoutMs: 5000,
      maxRetries: 0,
      overlapMs: 900_000,
    });
    expect(
      read({ baseUrl: 'http://localhost:7007/pd', apiToken: 'k' })?.baseUrl,
    ).toBe('http://localhost:7007/pd');
  });

  it.each([
    [{ baseUrl: 'http://api.pagerduty.com' }, /baseUrl must use https/],
    [
      { baseUrl: 'api.pagerduty.com' },
      /baseUrl 'api.pagerduty.com' is not a URL/,
    ],
    [
      { baseUrl: 'https://user:pw@api.pagerduty.com' },
      /baseUrl must be the bare API address/,
    ],
    [{ apiToken: '' }, /socialMedia\.itsm\.pagerduty\.apiToken/],
    [{ apiToken: '   ' }, /apiToken is required/],
    [{ apiToken: undefined }, /apiToken is required/],
    [{ apiToken: 'Token token=abc' }, /apiToken must be the bare REST API key/],
    [{ fromEmail: 'integration-bot' }, /fromEmail must be the email address/],
    [{ pageSize: 0 }, /pageSize must be a whole number from 1 to 100/],
    [{ pageSize: 500 }, /pageSize must be a whole number from 1 to 100/],
    [{ timeoutMs: -1 }, /timeoutMs must be a positive number/],
    [{ maxRetries: 11 }, /maxRetries must be a whole number from 0 to 10/],
    [{ overlapMs: -1 }, /overlapMs must be a whole number of milliseconds/],
    [{ overlapMs: 90_000.5 }, /overlapMs must be a whole number/],
    [{ overlapMs: 2 * 86_400_000 }, /overlapMs must be .* \(a day\)/],
  ])('rejects %j, naming the key', (override, message) => {
    const error = (() => {
      try {
        read({ apiToken: 'key-123', ...override });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/socialMedia\.itsm\.pagerduty\.\w+/);
  });

  it('does not echo the API key when rejecting it', () => {
    expect(() => read({ apiToken: 'Token token=very-secret-key' })).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('very-secret-key'),
      }),
    );
  });
});
