import { ConfigReader } from '@backstage/config';
import { readJiraServiceManagementConfig } from './config';

type ConfigData = ConstructorParameters<typeof ConfigReader>[0];

const read = (jiraServiceManagement: object) =>
  readJiraServiceManagementConfig(
    new ConfigReader({
      socialMedia: { itsm: { jiraServiceManagement } },
    } as ConfigData),
  );

const CLOUD = {
  baseUrl: 'https://example.atlassian.net',
  auth: { email: 'itsm@example.com', apiToken: 'api-token' },
};

describe('readJiraServiceManagementConfig', () => {
  it('is undefined without the block', () => {
    expect(
      readJiraServiceManagementConfig(new ConfigReader({})),
    ).toBeUndefined();
  });

  it('reads Jira Cloud credentials and applies the defaults', () => {
    expect(
      read({ ...CLOUD, baseUrl: 'https://example.atlassian.net/' }),
    ).toEqual({
      baseUrl: 'https://example.atlassian.net',
      auth: { type: 'basic', email: 'itsm@example.com', apiToken: 'api-token' },
      mappingField: 'component',
      projects: [],
      issueTypes: ['Incident'],
      pageSize: 50,
      timeoutMs: 30_000,
      maxRetries: 4,
      // Five minutes read again before the cursor at each run.
      overlapMs: 300_000,
    });
  });

  it('reads a Data Center token and every option', () => {
    expect(
      read({
        baseUrl: 'http://localhost:8080/jira',
        auth: { token: 'pat' },
        mappingField: 'customfield_10050',
        projects: ['sms', 'SEC'],
        issueTypes: ['Incident', 'Security incident'],
        pageSize: 100,
        timeZone: 'Europe/Berlin',
        timeoutMs: 5000,
        maxRetries: 0,
        overlapMs: 600_000,
      }),
    ).toEqual({
      baseUrl: 'http://localhost:8080/jira',
      auth: { type: 'bearer', token: 'pat' },
      mappingField: 'customfield_10050',
      projects: ['SMS', 'SEC'],
      issueTypes: ['Incident', 'Security incident'],
      pageSize: 100,
      timeZone: 'Europe/Berlin',
      timeoutMs: 5000,
      maxRetries: 0,
      overlapMs: 600_000,
    });
  });

  it('takes an overlap of 0, which reads nothing again', () => {
    expect(read({ ...CLOUD, overlapMs: 0 })?.overlapMs).toBe(0);
  });

  it.each([
    [{ baseUrl: 'http://example.atlassian.net' }, /baseUrl must use https/],
    [{ baseUrl: 'not a url' }, /baseUrl 'not a url' is not a URL/],
    [{ baseUrl: 'https://u:p@example.atlassian.net' }, /without credentials/],
    [
      { auth: { email: 'a@b.c', apiToken: 't', token: 'p' } },
      /auth needs either email and apiToken .* or token/,
    ],
    [{ auth: { email: 'a@b.c' } }, /auth needs either/],
    [{ auth: {} }, /auth needs either/],
    [
      { mappingField: 'cf[10050]' },
      /mappingField must be 'component' or a custom field id/,
    ],
    [
      { mappingField: 'customfield_10050' },
      /projects must name at least one project key/,
    ],
    [
      { projects: ['SMS', 'not a key'] },
      /projects must hold project keys .*'not a key'/,
    ],
    [{ issueTypes: [] }, /issueTypes must list at least one/],
    [{ pageSize: 0 }, /pageSize must be a whole number from 1 to 100/],
    [{ pageSize: 101 }, /pageSize must be/],
    [{ timeZone: 'Mars/Olympus' }, /timeZone must be a time zone/],
    [{ timeoutMs: -1 }, /timeoutMs must be/],
    [{ maxRetries: 11 }, /maxRetries must be/],
    [
      { overlapMs: -60_000 },
      /jiraServiceManagement\.overlapMs must be a whole number of milliseconds/,
    ],
    [{ overlapMs: 86_400_001 }, /overlapMs must be .* to 86400000 \(a day\)/],
  ])('rejects %j', (override, message) => {
    expect(() => read({ ...CLOUD, ...override })).toThrow(message);
  });

  it('does not echo the secrets when rejecting the auth block', () => {
    expect(() =>
      read({
        ...CLOUD,
        auth: { apiToken: 'very-secret-api-token', token: 'very-secret-pat' },
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringMatching(/very-secret/),
      }),
    );
  });
});
