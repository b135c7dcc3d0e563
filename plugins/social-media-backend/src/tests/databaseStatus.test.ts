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

/** Starts the portal on `database`, creates a service, and stops it: what its status said. */
async function statusAfterCreatingAService(database: object) {
  const portal = await startPortal(database);
  try {
    const created = await asUser(
      request(portal.server).post('/api/social-media/services'),
    ).send(VALID);
    expect(created.status).toBe(201);
    const res = await asUser(
      request(portal.server).get('/api/social-media/status'),
    );
    expect(res.status).toBe(200);
    return res.body;
  } finally {
    await portal.stop();
  }
}

/** How many services the portal, started again on `database`, lists. */
async function servicesAfterRestart(database: object): Promise<number> {
  const portal = await startPortal(database);
  try {
    const res = await asUser(
      request(portal.server).get('/api/social-media/services'),
    );
    expect(res.status).toBe(200);
    return res.body.totalCount;
  } finally {
    await portal.stop();
  }
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
      const status = await statusAfterCreatingAService(database);
      expect(status.database).toEqual({
        client: 'better-sqlite3',
        latestMigration: expect.any(String),
        inMemory: true,
        storage: { kind: 'memory' },
      });

      expect(await servicesAfterRestart(database)).toBe(0);
    },
  );

  it('is a file on disk, named without its directory, that keeps the data across a restart', async () => {
    const database = { client: 'better-sqlite3', connection: { directory } };
    const status = await statusAfterCreatingAService(database);
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

    expect(await servicesAfterRestart(database)).toBe(1);
  });
});
