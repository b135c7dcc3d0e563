import { mockServices } from '@backstage/backend-test-utils';
import { knex as createKnex, Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as workerThreads from 'node:worker_threads';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  canonicalJson,
  HashFormat,
  hashEntry,
  StoredAuditEntry,
  verifyChain,
} from '../../domain/auditChain';
import { openDatabase } from '../database';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { verifyStoredChain } from './verifyStoredChain';

// Counts the worker threads started, to show that a SQLite file is scanned by several.
jest.mock('node:worker_threads', () => {
  const actual = jest.requireActual('node:worker_threads');
  return {
    ...actual,
    Worker: jest.fn((...args: unknown[]) => new actual.Worker(...args)),
  };
});

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const LOG = 'social_media_audit_log';
const HEAD = 'social_media_audit_head';
const TEXT =
  'Quotes " and \\ back\\slashes\n\ttabs \u0001\u001f \u007f \u2028 é ß 日本 😀';

async function migrated(knex: Knex): Promise<Knex> {
  return openDatabase(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
}

/**
 * Entries 1 to 4 as an older release wrote them (hash format 1, straight into the tables), then
 * 14 more appended by the store in the current format: 18 in all.
 */
async function fillTrail(knex: Knex) {
  let prevHash = '';
  for (let seq = 1; seq <= 4; seq++) {
    const content = {
      hashFormat: 1 as HashFormat,
      entityType: 'service',
      entityId: `svc-${seq}`,
      action: 'update',
      actor: 'user:default/it-service-owner',
      at: `2026-11-2${seq}T10:00:00.000Z`,
      beforeJson: seq === 1 ? null : canonicalJson({ purpose: TEXT }),
      afterJson: canonicalJson({ purpose: `${TEXT} ${seq}` }),
      prevHash,
    };
    const hash = hashEntry(content);
    await knex(LOG).insert({
      seq,
      hash_format: 1,
      entity_type: content.entityType,
      entity_id: content.entityId,
      action: content.action,
      actor: content.actor,
      at: content.at,
      before_json: content.beforeJson,
      after_json: content.afterJson,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
  await knex(HEAD).where({ id: 1 }).update({ seq: 4, hash: prevHash });
  const store = new DatabaseAuditStore(knex);
  for (let i = 0; i < 7; i++) {
    await store.append(
      [0, 1].map(j => ({
        entityType: 'service' as const,
        entityId: `svc-${i}-${j}`,
        action: 'update',
        actor: `user:default/it-service-owner`,
        before: { purpose: TEXT, n: i },
        after: { purpose: `${TEXT}!`, [TEXT]: [TEXT, null, j] },
      })),
      `2026-11-28T10:0${i}:00.000Z`,
    );
  }
}

/** The trail as stored, checked entry by entry in memory: what verification must agree with. */
async function checkedInMemory(knex: Knex) {
  const rows = await knex(LOG).orderBy('seq');
  const head = await knex(HEAD).where({ id: 1 }).first();
  const entries: StoredAuditEntry[] = rows.map(row => ({
    seq: Number(row.seq),
    hashFormat: Number(row.hash_format) as HashFormat,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    actor: row.actor,
    at: row.at,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
  return verifyChain(entries, { seq: Number(head.seq), hash: head.hash });
}

/** Ways someone with write access to the database could change the trail. */
const TAMPERING: Array<[string, (knex: Knex) => Promise<unknown>]> = [
  ['nothing', async () => undefined],
  [
    'an edited format 1 entry',
    knex => knex(LOG).where({ seq: 3 }).update({ after_json: '{}' }),
  ],
  [
    'an edited entry at the start of a range',
    knex => knex(LOG).where({ seq: 7 }).update({ actor: 'user:default/x' }),
  ],
  [
    'an edited entry in the middle of a range',
    knex => knex(LOG).where({ seq: 11 }).update({ before_json: null }),
  ],
  [
    'an entry whose hash format was changed',
    knex => knex(LOG).where({ seq: 9 }).update({ hash_format: 1 }),
  ],
  [
    'an entry in a format no release wrote',
    knex => knex(LOG).where({ seq: 9 }).update({ hash_format: 3 }),
  ],
  ['a deleted entry', knex => knex(LOG).where({ seq: 8 }).delete()],
  [
    'a whole range deleted',
    knex => knex(LOG).whereBetween('seq', [7, 12]).delete(),
  ],
  [
    'entries swapped across ranges',
    async knex => {
      await knex(LOG).where({ seq: 6 }).update({ seq: -6 });
      await knex(LOG).where({ seq: 7 }).update({ seq: 6 });
      await knex(LOG).where({ seq: -6 }).update({ seq: 7 });
    },
  ],
  [
    'the newest entries cut off',
    knex => knex(LOG).where('seq', '>', 14).delete(),
  ],
  [
    'the end rewritten',
    knex =>
      knex(HEAD)
        .where({ id: 1 })
        .update({ hash: 'f'.repeat(64) }),
  ],
];

describe.each(ids)('verifyStoredChain on %s', databaseId => {
  let knex: Knex;

  beforeEach(async () => {
    knex = await migrated(await databases.init(databaseId));
    await fillTrail(knex);
  });

  it('finds a trail written in both hash formats intact', async () => {
    expect(await verifyStoredChain(knex)).toEqual({
      intact: true,
      entries: 18,
    });
    expect(await verifyStoredChain(knex, { rangeSize: 5 })).toEqual({
      intact: true,
      entries: 18,
    });
  });

  it.each(TAMPERING)(
    'after %s, answers what checking each entry in turn answers, whatever the ranges',
    async (_, tamper) => {
      await tamper(knex);
      const expected = await checkedInMemory(knex);
      for (const rangeSize of [1, 3, 6, 50_000]) {
        expect({
          rangeSize,
          verdict: await verifyStoredChain(knex, { rangeSize }),
        }).toEqual({ rangeSize, verdict: expected });
      }
    },
  );

  it('names the first of several broken entries, also when a later range is broken too', async () => {
    await knex(LOG).where({ seq: 16 }).update({ action: 'delete' });
    await knex(LOG).where({ seq: 5 }).update({ action: 'delete' });
    expect(await verifyStoredChain(knex, { rangeSize: 3 })).toEqual({
      intact: false,
      entries: 5,
      firstBroken: {
        seq: 5,
        problem: 'edited',
        message: 'Entry 5 was changed after it was written',
      },
    });
  });
});

describe('verifyStoredChain on a SQLite file', () => {
  let directory: string;
  let knex: Knex;

  beforeEach(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-verify-'));
    knex = await migrated(
      createKnex({
        client: 'better-sqlite3',
        connection: { filename: path.join(directory, 'social-media.sqlite') },
        useNullAsDefault: true,
      }),
    );
    await fillTrail(knex);
    jest.mocked(workerThreads.Worker).mockClear();
  });

  afterEach(async () => {
    await knex.destroy();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('rehashes ranges in worker threads and joins them as one chain', async () => {
    expect(await verifyStoredChain(knex, { rangeSize: 4 })).toEqual({
      intact: true,
      entries: 18,
    });
    expect(
      jest.mocked(workerThreads.Worker).mock.calls.length,
    ).toBeGreaterThanOrEqual(Math.min(2, os.availableParallelism()));
  });

  it.each(TAMPERING)(
    'after %s, the worker threads answer what checking each entry in turn answers',
    async (_, tamper) => {
      await tamper(knex);
      expect(await verifyStoredChain(knex, { rangeSize: 4 })).toEqual(
        await checkedInMemory(knex),
      );
    },
  );
});
