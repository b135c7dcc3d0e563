import {} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  newService as service,
  socialMediaOn,
} from '../../__testUtils__/testSocialMedia';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const ACTOR = 'user:default/it-service-owner';

describe.each(ids)('DatabaseAuditStore on %s', databaseId => {
  const on = socialMediaOn(databases, databaseId);
  let knex: Knex;
  let catalogue: Awaited<ReturnType<typeof on>>['catalogue'];
  let stores: Awaited<ReturnType<typeof on>>['stores'];

  beforeEach(async () => {
    ({ knex, catalogue, stores } = await on());
  });

  describe('audit trail', () => {
    beforeEach(async () => {
      for (const id of ['svc-a', 'svc-b', 'svc-c', 'svc-d']) {
        await catalogue.createService(service(id), ACTOR);
      }
      await catalogue.transitionService(
        'svc-a',
        { to: 'design', reason: 'ready', version: 1 },
        ACTOR,
      );
    });

    it('is intact after ordinary work, also under concurrent writers', async () => {
      await Promise.all(
        ['svc-e', 'svc-f', 'svc-g', 'svc-h', 'svc-i'].map(id =>
          catalogue.createService(service(id), ACTOR),
        ),
      );
      expect(await stores.audit.verify()).toEqual({
        intact: true,
        entries: 10,
      });
    });

    it('names an entry whose content was edited', async () => {
      await knex('social_media_audit_log')
        .where({ seq: 2 })
        .update({ actor: 'user:default/someone-else' });
      expect(await stores.audit.verify()).toEqual({
        intact: false,
        entries: 2,
        firstBroken: {
          seq: 2,
          problem: 'edited',
          message: 'Entry 2 was changed after it was written',
        },
      });
    });

    it('names a deleted entry', async () => {
      await knex('social_media_audit_log').where({ seq: 3 }).delete();
      expect(await stores.audit.verify()).toMatchObject({
        intact: false,
        firstBroken: {
          seq: 3,
          problem: 'missing',
          message: 'Entry 3 is missing',
        },
      });
    });

    it('notices entries deleted from the end', async () => {
      await knex('social_media_audit_log').where('seq', '>', 3).delete();
      expect(await stores.audit.verify()).toMatchObject({
        intact: false,
        firstBroken: { seq: 4, problem: 'missing' },
      });
    });

    it('names reordered entries', async () => {
      // Swap the positions of entries 2 and 4.
      await knex('social_media_audit_log')
        .where({ seq: 2 })
        .update({ seq: -2 });
      await knex('social_media_audit_log').where({ seq: 4 }).update({ seq: 2 });
      await knex('social_media_audit_log')
        .where({ seq: -2 })
        .update({ seq: 4 });
      expect(await stores.audit.verify()).toMatchObject({
        intact: false,
        firstBroken: { seq: 2, problem: 'reordered' },
      });
    });
  });
});
