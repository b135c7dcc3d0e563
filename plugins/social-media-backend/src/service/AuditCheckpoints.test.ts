import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  newService as service,
  socialMediaOn,
  TestClock,
} from '../__testUtils__/testSocialMedia';
import { checkpointMac } from '../domain/auditCheckpoints';
import { DatabaseAuditCheckpointStore } from '../stores/audit/DatabaseAuditCheckpointStore';
import { DatabaseAuditStore } from '../stores/audit/DatabaseAuditStore';
import { AuditCheckpoints } from './AuditCheckpoints';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const ACTOR = 'user:default/it-service-owner';
const KEY = 'test-only-audit-checkpoint-key';
const LOG = 'social_media_audit_log';
const HEAD = 'social_media_audit_head';
const CHECKPOINTS = 'social_media_audit_checkpoints';

describe.each(ids)(
  'audit trail verification with checkpoints on %s',
  databaseId => {
    const on = socialMediaOn(databases, databaseId);
    let knex: Knex;
    let clock: TestClock;
    let socialMedia: Awaited<ReturnType<typeof on>>;
    let logger: ReturnType<typeof mockServices.logger.mock>;
    let checkpoints: AuditCheckpoints;

    const create = (id: string) =>
      socialMedia.catalogue.createService(service(id), ACTOR);
    const checkpointsWith = (key?: string) =>
      new AuditCheckpoints({
        audit: socialMedia.stores.audit,
        store: new DatabaseAuditCheckpointStore(knex),
        key,
        clock,
        logger,
      });
    /** Sets the head row to entry `seq`, as someone covering their tracks would. */
    const moveHeadTo = async (seq: number) => {
      const row = await knex(LOG).where({ seq }).first();
      await knex(HEAD)
        .where({ id: 1 })
        .update({ seq, hash: row?.hash ?? '' });
    };

    beforeEach(async () => {
      socialMedia = await on();
      knex = socialMedia.knex;
      clock = socialMedia.clock;
      logger = mockServices.logger.mock();
      checkpoints = checkpointsWith(KEY);
      // Entries 1 to 6, with checkpoints after 4 and after 6.
      for (const id of ['svc-a', 'svc-b', 'svc-c', 'svc-d']) await create(id);
      clock.advanceMs(60_000);
      await checkpoints.checkpoint();
      await create('svc-e');
      await create('svc-f');
      clock.advanceMs(60_000);
      await checkpoints.checkpoint();
    });

    it('verifies an untouched trail with its checkpoints as intact', async () => {
      expect(await checkpoints.verify()).toEqual({
        intact: true,
        entries: 6,
        checkpoints: {
          configured: true,
          count: 2,
          newest: { seq: 6, at: '2026-11-25T09:02:00.000Z' },
        },
      });
    });

    it('writes a checkpoint only when the trail moved', async () => {
      clock.advanceMs(60_000);
      expect(await checkpoints.checkpoint()).toBeUndefined();
      await create('svc-g');
      expect(await checkpoints.checkpoint()).toMatchObject({ seq: 7 });
      const written = await knex(CHECKPOINTS).orderBy('id').select('seq');
      expect(written.map(row => Number(row.seq))).toEqual([4, 6, 7]);
    });

    it('names the entry whose content was edited', async () => {
      await knex(LOG)
        .where({ seq: 3 })
        .update({ after_json: '{"id":"svc-c","name":"Renamed"}' });
      expect(await checkpoints.verify()).toMatchObject({
        intact: false,
        firstBroken: {
          seq: 3,
          problem: 'edited',
          message: 'Entry 3 was changed after it was written',
        },
      });
    });

    it('names a deleted entry in the middle, and the checkpoint it took with it', async () => {
      await knex(LOG).where({ seq: 4 }).delete();
      expect(await checkpoints.verify()).toMatchObject({
        intact: false,
        firstBroken: {
          seq: 4,
          problem: 'missing',
          message: 'Entry 4 is missing',
        },
        checkpoints: {
          firstBroken: {
            seq: 4,
            problem: 'diverged',
            message: `Entry 4, which the checkpoint taken at 2026-11-25T09:01:00.000Z vouches for, is gone`,
          },
        },
      });
    });

    it('names reordered entries', async () => {
      await knex(LOG).where({ seq: 2 }).update({ seq: -2 });
      await knex(LOG).where({ seq: 5 }).update({ seq: 2 });
      await knex(LOG).where({ seq: -2 }).update({ seq: 5 });
      expect(await checkpoints.verify()).toMatchObject({
        intact: false,
        firstBroken: { seq: 2, problem: 'reordered' },
      });
    });

    it('names the newest entries cut off together with the head, which the chain alone misses', async () => {
      await knex(LOG).where('seq', '>', 3).delete();
      await moveHeadTo(3);
      expect(await socialMedia.stores.audit.verify()).toEqual({
        intact: true,
        entries: 3,
      });
      expect(await checkpoints.verify()).toEqual({
        intact: false,
        entries: 3,
        checkpoints: {
          configured: true,
          count: 2,
          newest: { seq: 6, at: '2026-11-25T09:02:00.000Z' },
          firstBroken: {
            seq: 6,
            at: '2026-11-25T09:02:00.000Z',
            problem: 'truncated',
            message:
              'The newest 3 entries after entry 3 are missing: the checkpoint taken at 2026-11-25T09:02:00.000Z vouches for entry 6',
          },
        },
      });
    });

    it('names the checkpoint that no longer fits when history was rewritten with recomputed hashes', async () => {
      // Entries 5 and 6 dropped and the head moved back, then new work appends 5 and 6 again:
      // the chain is consistent, but entry 6 is not the one checkpointed.
      await knex(LOG).where('seq', '>', 4).delete();
      await moveHeadTo(4);
      await create('svc-x');
      await create('svc-y');
      expect((await socialMedia.stores.audit.verify()).intact).toBe(true);
      expect(await checkpoints.verify()).toMatchObject({
        intact: false,
        checkpoints: {
          firstBroken: {
            seq: 6,
            problem: 'diverged',
            message:
              'Entry 6 no longer has the hash checkpointed at 2026-11-25T09:02:00.000Z: the trail up to it was rewritten',
          },
        },
      });
    });

    it('names a checkpoint whose hash was edited', async () => {
      await knex(CHECKPOINTS)
        .where({ seq: 4 })
        .update({ hash: 'f'.repeat(64) });
      expect(await checkpoints.verify()).toMatchObject({
        intact: false,
        checkpoints: {
          firstBroken: {
            seq: 4,
            at: '2026-11-25T09:01:00.000Z',
            problem: 'forged',
            message:
              'The checkpoint of entry 4 taken at 2026-11-25T09:01:00.000Z is not signed with the configured key: it was edited or written without the key',
          },
        },
      });
    });

    it('names a checkpoint forged without the key', async () => {
      const head = await knex(HEAD).where({ id: 1 }).first();
      const fields = {
        seq: Number(head.seq),
        hash: head.hash,
        at: '2026-11-25T10:00:00.000Z',
      };
      await knex(CHECKPOINTS).insert({
        ...fields,
        mac: checkpointMac('a-guessed-key', fields),
      });
      expect(await checkpoints.verify()).toMatchObject({
        intact: false,
        checkpoints: {
          count: 3,
          newest: { seq: 6, at: '2026-11-25T09:02:00.000Z' },
          firstBroken: {
            seq: 6,
            at: '2026-11-25T10:00:00.000Z',
            problem: 'forged',
          },
        },
      });
    });

    it('says so when every checkpoint was deleted', async () => {
      await knex(CHECKPOINTS).delete();
      expect(await checkpoints.verify()).toMatchObject({
        intact: false,
        checkpoints: {
          configured: true,
          count: 0,
          firstBroken: { problem: 'missing' },
        },
      });
    });

    it('fails every checkpoint when the key changed', async () => {
      expect(await checkpointsWith('another-key').verify()).toMatchObject({
        intact: false,
        checkpoints: { firstBroken: { seq: 4, problem: 'forged' } },
      });
    });

    it('without a key writes no checkpoints and says checkpoints are not configured', async () => {
      const unkeyed = checkpointsWith(undefined);
      await create('svc-z');
      expect(await unkeyed.checkpoint()).toBeUndefined();
      expect(await unkeyed.verify()).toEqual({
        intact: true,
        entries: 7,
        checkpoints: { configured: false, count: 0 },
      });
    });

    it('never puts the key in its answer or its log', async () => {
      await create('svc-k');
      await checkpoints.checkpoint();
      await knex(CHECKPOINTS)
        .where({ seq: 4 })
        .update({ hash: 'e'.repeat(64) });
      const answer = JSON.stringify(await checkpoints.verify());
      const logged = JSON.stringify([
        logger.info.mock.calls,
        logger.warn.mock.calls,
        logger.error.mock.calls,
        logger.debug.mock.calls,
      ]);
      expect(logged).toContain('Audit trail checkpoint: entry 7');
      expect(answer).toContain('forged');
      expect(answer).not.toContain(KEY);
      expect(logged).not.toContain(KEY);
    });

    it('verifies content with quotes, backslashes, control characters and any Unicode the same way it was hashed', async () => {
      const text =
        'Quotes " and \\ back\\slashes\n\ttabs \u0001\u001f \u007f \u2028 é ß 日本 😀';
      await new DatabaseAuditStore(knex).append(
        [
          {
            entityType: 'service',
            entityId: 'svc-u "quoted"',
            action: 'update',
            actor: `${ACTOR}\u0007`,
            before: { purpose: text },
            after: { purpose: `${text}!`, [text]: [text, null, 1.5] },
          },
        ],
        '2026-11-25T09:03:00.000Z',
      );
      expect((await checkpoints.verify()).intact).toBe(true);
    });
  },
);
