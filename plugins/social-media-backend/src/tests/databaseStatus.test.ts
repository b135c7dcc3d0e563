/*
 * What the catalogue status says about its database, with the database service a portal really
 * runs (backend-defaults, from backend.database in app-config), and whether it is true: a
 * database in memory is reported as such and is empty after a restart; a SQLite file is reported
 * by its name, exists on disk and keeps the data across a restart.
 */
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { CATALOG, VALID } from '../__testUtils__/apiTestBackend';
import { socialMediaPlugin } from '../plugin';

jest.setTimeout(60_000);

const asUser = (req: request.Test) =>
  req.set(
    'Authorization',
    mockCredentials.user.header('user:default/marketing-lead'),
  );

/** The plugin on the database that `backend.database` configures, as in a portal. */
async function startPortal(database: object) {
  return startTestBackend({
    features: [
      socialMediaPlugin,
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: { backend: { database } },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: CATALOG }),
    ],
  });
}

async function statusOf(server: any) {
  const res = await asUser(request(server).get('/api/social-media/status'));
  expect(res.status).toBe(200);
  return res.body;
}

async function servicesIn(server: any): Promise<number> {
  const res = await asUser(request(server).get('/api/social-media/services'));
  expect(res.status).toBe(200);
  return res.body.totalCount;
}

describe('the database the status reports', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'social-media-status-'));
  });
  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it.each([
    [
      "SQLite ':memory:' (a freshly created Backstage app's default)",
      { client: 'better-sqlite3', connection: ':memory:' },
    ],
    [
      'SQLite with filename :memory:',
      { client: 'better-sqlite3', connection: { filename: ':memory:' } },
    ],
  ])(
    'is in memory for %s, and the data is gone after a restart',
    async (_name, database) => {
      const first = await startPortal(database);
      expect(
        (
          await asUser(
            request(first.server).post('/api/social-media/services'),
          ).send(VALID)
        ).status,
      ).toBe(201);
      const status = await statusOf(first.server);
      expect(status.database).toEqual({
        client: 'better-sqlite3',
        latestMigration: expect.any(String),
        inMemory: true,
        storage: { kind: 'memory' },
      });
      await first.stop();

      const second = await startPortal(database);
      expect(await servicesIn(second.server)).toBe(0);
      await second.stop();
    },
  );

  it('is a file on disk, named without its directory, that keeps the data across a restart', async () => {
    const database = { client: 'better-sqlite3', connection: { directory } };
    const first = await startPortal(database);
    expect(
      (
        await asUser(
          request(first.server).post('/api/social-media/services'),
        ).send(VALID)
      ).status,
    ).toBe(201);
    const status = await statusOf(first.server);
    expect(status.database).toEqual({
      client: 'better-sqlite3',
      latestMigration: expect.any(String),
      inMemory: false,
      storage: { kind: 'file', file: 'social-media.sqlite' },
    });
    // The file the status names is the one on disk; the server's directories are not shown.
    expect(fs.existsSync(path.join(directory, 'social-media.sqlite'))).toBe(
      true,
    );
    expect(JSON.stringify(status)).not.toContain(directory);
    await first.stop();

    const second = await startPortal(database);
    expect(await servicesIn(second.server)).toBe(1);
    await second.stop();
  });
});
