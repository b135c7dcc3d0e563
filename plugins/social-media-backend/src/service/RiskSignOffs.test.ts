import { ConflictError, InputError } from '@backstage/errors';
import {
  socialServiceInputSchema,
  SocialServiceInput,
  socialServiceUpdateSchema,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  createTestSocialMedia,
  TestClock,
} from '../__testUtils__/testSocialMedia';
import { NewService } from '../stores/services/ServiceStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const OWNER = 'user:default/marketing-lead';
const OFFICER = 'user:default/security-officer';

function account(
  id: string,
  overrides: Partial<SocialServiceInput> = {},
): NewService {
  const parsed = socialServiceInputSchema.parse({
    name: `Service ${id}`,
    platform: 'instagram',
    handle: id,
    profileUrl: `https://www.instagram.com/${id}`,
    purpose: 'Brand stories',
    businessUnit: 'Marketing',
    ownerGroup: 'group:default/marketing',
    serviceOwner: OWNER,
    audienceSize: 1_500_000,
    lifecycleStage: 'operation',
    controls: {
      mfaEnabled: true,
      mfaMethod: 'security-key',
      credentialVaultRef: 'vault://social/brand',
      verified: true,
      recoveryOwnedByCompany: true,
    },
    ...overrides,
  });
  return { ...parsed, id };
}

describe.each(ids)('risk sign-offs and stage compliance on %s', databaseId => {
  let knex: Knex;
  let clock: TestClock;
  let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    clock = new TestClock(new Date('2026-11-25T09:00:00.000Z'));
    socialMedia = await createTestSocialMedia(knex, { clock });
  });

  /** Turns MFA on or off, as a service owner's edit would. */
  async function setMfa(id: string, on: boolean) {
    const current = await socialMedia.catalogue.getService(id);
    return socialMedia.catalogue.updateService(
      id,
      socialServiceUpdateSchema.parse({
        name: current.name,
        platform: current.platform,
        handle: current.handle,
        profileUrl: current.profileUrl,
        purpose: current.purpose,
        businessUnit: current.businessUnit,
        ownerGroup: current.ownerGroup,
        serviceOwner: current.serviceOwner,
        audienceSize: current.audienceSize,
        controls: {
          ...current.controls,
          mfaEnabled: on,
          mfaMethod: on ? 'security-key' : undefined,
        },
        version: current.version,
      }),
      OWNER,
    );
  }

  describe('sign-off', () => {
    it('records who signed which rating and when, from the clock, and audits it', async () => {
      const { catalogue, signOffs, stores } = socialMedia;
      const created = await catalogue.createService(account('brand'), OWNER);
      expect(created.signOff).toBeUndefined();
      clock.advanceDays(2);
      const signed = await signOffs.signOff(
        'brand',
        { rating: created.riskRating, note: 'Keys and vault in place' },
        OFFICER,
      );
      expect(signed.signOff).toEqual({
        signedBy: OFFICER,
        signedAt: clock.now().toISOString(),
        rating: created.riskRating,
        note: 'Keys and vault in place',
        stale: false,
      });
      // The record itself did not change: editors keep the version they had.
      expect(signed.version).toBe(created.version);
      expect((await catalogue.getService('brand')).signOff).toEqual(
        signed.signOff,
      );
      const [entry] = await stores.audit.getServiceHistory('brand');
      expect(entry).toMatchObject({
        action: 'sign-off',
        actor: OFFICER,
        at: clock.now().toISOString(),
        after: { rating: created.riskRating, note: 'Keys and vault in place' },
      });
    });

    it('goes stale when the rating changes afterwards, and a new sign-off covers the new rating', async () => {
      const { catalogue, signOffs } = socialMedia;
      const created = await catalogue.createService(account('brand'), OWNER);
      await signOffs.signOff(
        'brand',
        { rating: created.riskRating, note: 'Accepted' },
        OWNER,
      );
      clock.advanceDays(1);
      const weakened = await setMfa('brand', false);
      expect(weakened.riskRating).not.toBe(created.riskRating);
      expect(weakened.signOff).toMatchObject({
        rating: created.riskRating,
        stale: true,
      });
      clock.advanceDays(1);
      const again = await signOffs.signOff(
        'brand',
        { rating: weakened.riskRating, note: 'Accepted for two weeks' },
        OFFICER,
      );
      expect(again.signOff).toMatchObject({
        signedBy: OFFICER,
        rating: weakened.riskRating,
        stale: false,
      });
    });

    it('refuses to sign a rating other than the current one, and records nothing', async () => {
      const { catalogue, signOffs } = socialMedia;
      const created = await catalogue.createService(account('brand'), OWNER);
      const other = created.riskRating === 'low' ? 'high' : 'low';
      await expect(
        signOffs.signOff('brand', { rating: other, note: 'Looks fine' }, OWNER),
      ).rejects.toThrow(ConflictError);
      await expect(
        signOffs.signOff('brand', { rating: other, note: 'Looks fine' }, OWNER),
      ).rejects.toThrow(
        `The rating of this service is now ${created.riskRating}`,
      );
      expect((await catalogue.getService('brand')).signOff).toBeUndefined();
      expect(await knex('social_service_sign_offs').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      const [{ n }] = await knex('social_service_sign_offs').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('takes no date from the caller: a date in the body is refused', async () => {
      const { catalogue, signOffs } = socialMedia;
      const created = await catalogue.createService(account('brand'), OWNER);
      await expect(
        signOffs.signOff(
          'brand',
          {
            rating: created.riskRating,
            note: 'Backdated',
            signedAt: '2025-01-01',
          },
          OWNER,
        ),
      ).rejects.toThrow(InputError);
      await expect(
        signOffs.signOff('brand', { rating: created.riskRating }, OWNER),
      ).rejects.toThrow('Note is required');
    });
  });

  describe('stage compliance', () => {
    it('creates a service beyond design that fails its gate as out of compliance, and says so in the trail', async () => {
      const { catalogue, stores } = socialMedia;
      const created = await catalogue.createService(
        account('found', {
          serviceOwner: undefined,
          controls: { mfaEnabled: false, sharedLogin: true },
        }),
        OWNER,
      );
      expect(created.lifecycleStage).toBe('operation');
      expect(created.compliance).toEqual({
        stage: 'operation',
        compliant: false,
        missing: [
          'a named service owner',
          'MFA enabled',
          'credentials in a vault',
          'personal admin access instead of a shared login',
          'a recovery e-mail and phone owned by the company',
          'a risk rating below critical',
        ],
      });
      expect(created.risk!.factors).toContainEqual(
        expect.objectContaining({
          id: 'stage-compliance',
          contribution: 2,
        }),
      );
      const [entry] = await stores.audit.getServiceHistory('found');
      expect(entry.after).toMatchObject({
        outOfCompliance: {
          stage: 'operation',
          reason: expect.stringContaining(
            'Catalogued in operation as found, without a named service owner',
          ),
        },
      });
    });

    it('filters and counts services by compliance, and follows a control that weakens after the move', async () => {
      const { catalogue, stores } = socialMedia;
      await catalogue.createService(account('kept'), OWNER);
      await catalogue.createService(account('slipping'), OWNER);
      await catalogue.createService(
        account('planned', { lifecycleStage: 'design' }),
        OWNER,
      );
      const listed = async (compliant: boolean) =>
        (
          await stores.services.listServices({ compliant, limit: 50 })
        ).items.map(s => s.id);
      expect(await listed(false)).toEqual([]);
      expect(await listed(true)).toEqual(['kept', 'planned', 'slipping']);

      const weakened = await setMfa('slipping', false);
      expect(weakened.compliance.missing).toContain('MFA enabled');
      expect(await listed(false)).toEqual(['slipping']);
      expect((await stores.guardianship.getDashboard(30)).outOfCompliance).toBe(
        1,
      );

      await setMfa('slipping', true);
      expect(await listed(false)).toEqual([]);
      expect((await stores.guardianship.getDashboard(30)).outOfCompliance).toBe(
        0,
      );
    });

    it('reports rows an import records out of compliance, in the dry run and when writing', async () => {
      const { catalogue } = socialMedia;
      const csv = [
        'name,platform,handle,profileUrl,purpose,businessUnit,ownerGroup,serviceOwner,audienceSize,lifecycleStage,mfaEnabled,credentialVaultRef,recoveryOwnedByCompany',
        'Brand TikTok,tiktok,@brandtok,https://www.tiktok.com/@brandtok,Short video,Marketing,group:default/marketing,,20000,operation,false,,false',
        'Brand X,x,@brandx,https://x.com/brandx,News,Marketing,group:default/marketing,user:default/marketing-lead,20000,operation,true,vault://x,true',
        'Next idea,x,@nextidea,,Ideas,Marketing,group:default/marketing,,0,strategy,false,,false',
      ].join('\n');
      const dryRun = await catalogue.import(
        { format: 'csv', content: csv, dryRun: true },
        OWNER,
      );
      expect(dryRun.valid).toBe(true);
      expect(dryRun.outOfCompliance).toEqual([
        {
          row: 2,
          id: 'brand-tiktok',
          stage: 'operation',
          missing: expect.arrayContaining([
            'a named service owner',
            'MFA enabled',
          ]),
        },
      ]);
      expect(await socialMedia.stores.services.countServices()).toBe(0);
      const written = await catalogue.import(
        { format: 'csv', content: csv },
        OWNER,
      );
      expect(written.outOfCompliance).toEqual(dryRun.outOfCompliance);
      expect(
        (await catalogue.getService('brand-tiktok')).compliance.compliant,
      ).toBe(false);
    });

    it('refuses the date columns that events record, saying why', async () => {
      const report = await socialMedia.catalogue.import(
        {
          format: 'csv',
          content:
            'name,platform,handle,purpose,businessUnit,ownerGroup,riskAssessedAt\nA,x,@a,P,B,group:default/marketing,2026-01-01',
          dryRun: true,
        },
        OWNER,
      );
      expect(report.valid).toBe(false);
      expect(report.problems).toEqual([
        {
          row: 1,
          field: 'riskAssessedAt',
          message: expect.stringContaining(
            'signs off the risk assessment on the service page',
          ),
        },
      ]);
    });
  });
});
