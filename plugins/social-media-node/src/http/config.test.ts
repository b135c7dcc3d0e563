import { ConfigReader } from '@backstage/config';
import { readItsmRequestSettings, readItsmUrl } from './config';

const KEY = 'socialMedia.itsm.tool';
const url = (data: object, defaultValue?: string) =>
  readItsmUrl(new ConfigReader(data), {
    configKey: KEY,
    key: 'baseUrl',
    what: 'API address',
    defaultValue,
  });

describe('readItsmUrl', () => {
  it('takes https anywhere and http on this machine only, without a trailing slash', () => {
    expect(url({ baseUrl: 'https://tool.example.com/api/' })).toBe(
      'https://tool.example.com/api',
    );
    expect(url({ baseUrl: 'http://localhost:7480' })).toBe(
      'http://localhost:7480',
    );
    expect(url({}, 'https://api.tool.example')).toBe(
      'https://api.tool.example',
    );
    expect(() => url({ baseUrl: 'http://tool.example.com' })).toThrow(
      `${KEY}.baseUrl must use https (http is allowed for localhost only)`,
    );
    expect(() => url({ baseUrl: 'not a url' })).toThrow(
      `${KEY}.baseUrl 'not a url' is not a URL`,
    );
    expect(() => url({ baseUrl: 'https://user:pw@tool.example.com' })).toThrow(
      `${KEY}.baseUrl must be the bare API address, without credentials, query or fragment`,
    );
    expect(() => url({})).toThrow(/baseUrl/);
  });
});

describe('readItsmRequestSettings', () => {
  const settings = (data: object) =>
    readItsmRequestSettings(new ConfigReader(data), {
      configKey: KEY,
      defaultPageSize: 50,
      maxPageSize: 100,
    });

  it('fills the defaults and refuses values that do not fit, naming the key', () => {
    expect(settings({})).toEqual({
      pageSize: 50,
      timeoutMs: 30_000,
      maxRetries: 4,
    });
    expect(settings({ pageSize: 100, timeoutMs: 500, maxRetries: 0 })).toEqual({
      pageSize: 100,
      timeoutMs: 500,
      maxRetries: 0,
    });
    expect(() => settings({ pageSize: 101 })).toThrow(
      `${KEY}.pageSize must be a whole number from 1 to 100`,
    );
    expect(() => settings({ timeoutMs: 0 })).toThrow(
      `${KEY}.timeoutMs must be a positive number`,
    );
    expect(() => settings({ maxRetries: 11 })).toThrow(
      `${KEY}.maxRetries must be a whole number from 0 to 10`,
    );
  });
});
