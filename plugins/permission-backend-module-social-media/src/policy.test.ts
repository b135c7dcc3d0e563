import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  guardianshipSweepPermission,
  itsmSyncPermission,
  socialServiceCreatePermission,
  socialServiceReviewPermission,
  socialServiceDeletePermission,
  socialServiceReadPermission,
  socialServiceTransferPermission,
  socialServiceTransitionPermission,
  socialServiceUpdatePermission,
  socialMediaStatusReadPermission,
  socialServiceSignOffPermission,
  serviceRequestCreatePermission,
  serviceRequestDecidePermission,
  serviceRequestReadAllPermission,
  socialMediaPermissions,
  socialServiceIncidentReportPermission,
} from '@internal/plugin-social-media-common';
import {
  createSocialMediaPolicy,
  isSocialMediaPermission,
  SocialMediaPermissionPolicy,
} from './policy';

function user(ref: string, claims: string[] = []): PolicyQueryUser {
  return {
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...claims] },
    token: 'token',
    credentials: {} as any,
    expiresInSeconds: 3600,
  } as PolicyQueryUser;
}

const policy = new SocialMediaPermissionPolicy({
  administrators: [
    'group:default/it-service-management',
    'user:development/guest',
  ],
  securityOffice: ['group:default/security-office'],
});

describe('SocialMediaPermissionPolicy', () => {
  it('lets everyone signed in request a service and decide (the plugin judges who approves which request)', async () => {
    for (const permission of [
      serviceRequestCreatePermission,
      serviceRequestDecidePermission,
    ]) {
      expect(
        await policy.handle(
          { permission },
          user('user:default/marketing-lead', ['group:default/marketing']),
        ),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets auditors, the security office and administrators read every request, and nobody else', async () => {
    const auditing = new SocialMediaPermissionPolicy({
      administrators: ['group:default/it-service-management'],
      securityOffice: ['group:default/security-office'],
      auditors: ['group:default/internal-audit'],
    });
    const decision = async (claims: string[]) =>
      (
        await auditing.handle(
          { permission: serviceRequestReadAllPermission },
          user('user:default/someone', claims),
        )
      ).result;
    expect(await decision(['group:default/internal-audit'])).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decision(['group:default/security-office'])).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decision(['group:default/it-service-management'])).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decision(['group:default/marketing'])).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets the security office sign off the risk of any service', async () => {
    expect(
      await policy.handle(
        { permission: socialServiceSignOffPermission },
        user('user:default/security-officer', [
          'group:default/security-office',
        ]),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets others sign off only a service whose named service owner they are, administrators included', async () => {
    for (const who of [
      user('user:default/it-service-owner', [
        'group:default/it-service-management',
      ]),
      user('user:default/marketing-lead', ['group:default/marketing']),
    ]) {
      const decision = (await policy.handle(
        { permission: socialServiceSignOffPermission },
        who,
      )) as ConditionalPolicyDecision;
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(decision.conditions).toEqual({
        anyOf: [
          {
            rule: 'IS_SERVICE_OWNER',
            resourceType: 'social-media-service',
            params: { userRef: who.info.userEntityRef },
          },
        ],
      });
    }
  });

  it('lets everyone read the catalogue', async () => {
    expect(
      await policy.handle(
        { permission: socialServiceReadPermission },
        user('user:default/auditor', ['group:default/internal-audit']),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets administrators, by group or by name, do everything', async () => {
    const itOwner = user('user:default/it-service-owner', [
      'group:default/it-service-management',
    ]);
    for (const permission of [
      socialServiceCreatePermission,
      socialServiceUpdatePermission,
      socialServiceTransitionPermission,
      socialServiceDeletePermission,
      socialServiceTransferPermission,
      socialServiceReviewPermission,
      guardianshipSweepPermission,
      itsmSyncPermission,
      socialMediaStatusReadPermission,
    ]) {
      expect((await policy.handle({ permission }, itOwner)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(
        (await policy.handle({ permission }, user('user:development/guest')))
          .result,
      ).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('lets members of the owning group and the named service owner update, transition and review their own services only', async () => {
    const marketer = user('user:default/marketing-lead', [
      'group:default/marketing',
    ]);
    const decision = (await policy.handle(
      { permission: socialServiceUpdatePermission },
      marketer,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('social-media');
    expect(decision.resourceType).toBe('social-media-service');
    expect(decision.conditions).toEqual({
      anyOf: [
        {
          rule: 'IS_OWNER_GROUP_MEMBER',
          resourceType: 'social-media-service',
          params: {
            claims: ['user:default/marketing-lead', 'group:default/marketing'],
          },
        },
        {
          rule: 'IS_SERVICE_OWNER',
          resourceType: 'social-media-service',
          params: { userRef: 'user:default/marketing-lead' },
        },
      ],
    });
    for (const permission of [
      socialServiceTransitionPermission,
      socialServiceReviewPermission,
    ]) {
      expect((await policy.handle({ permission }, marketer)).result).toBe(
        AuthorizeResult.CONDITIONAL,
      );
    }
  });

  it('refuses creation, deletion, hand-over to another group and the guardianship sweep to everyone else', async () => {
    const marketer = user('user:default/marketing-lead', [
      'group:default/marketing',
    ]);
    for (const permission of [
      socialServiceCreatePermission,
      socialServiceDeletePermission,
      socialServiceTransferPermission,
      guardianshipSweepPermission,
      itsmSyncPermission,
    ]) {
      expect((await policy.handle({ permission }, marketer)).result).toBe(
        AuthorizeResult.DENY,
      );
    }
    expect(
      (await policy.handle({ permission: socialServiceCreatePermission }))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it("leaves other plugins' permissions allowed", async () => {
    expect(
      (
        await policy.handle(
          {
            permission: {
              type: 'basic',
              name: 'catalog.entity.create',
              attributes: { action: 'create' },
            },
          },
          user('user:default/marketing-lead'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});

describe('how the catalogue runs (database, migrations, connectors)', () => {
  it('is shown to administrators only, not to readers, owners or guests who are not', async () => {
    const permission = socialMediaStatusReadPermission;
    expect(
      (
        await policy.handle(
          { permission },
          user('user:default/it-service-owner', [
            'group:default/it-service-management',
          ]),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    for (const reader of [
      user('user:default/auditor', ['group:default/internal-audit']),
      user('user:default/marketing-lead', ['group:default/marketing']),
      user('user:development/someone'),
    ]) {
      expect((await policy.handle({ permission }, reader)).result).toBe(
        AuthorizeResult.DENY,
      );
    }
    expect((await policy.handle({ permission })).result).toBe(
      AuthorizeResult.DENY,
    );
  });
});

describe('auditors (issue 13)', () => {
  const auditing = new SocialMediaPermissionPolicy({
    administrators: ['group:default/it-service-management'],
    securityOffice: ['group:default/security-office'],
    auditors: ['group:default/internal-audit'],
  });
  const reads = socialMediaPermissions.filter(
    p => p.attributes.action === 'read',
  );
  const writes = socialMediaPermissions.filter(
    p => p.attributes.action !== 'read',
  );
  const query = (permission: (typeof socialMediaPermissions)[number]) =>
    permission.type === 'resource'
      ? { permission, resourceRef: 'brand-instagram' }
      : { permission };

  it('knows which permissions read and which write', () => {
    expect(reads.map(p => p.name).sort()).toEqual([
      'social-media.request.read-all',
      'social-media.service.read',
      'social-media.status.read',
    ]);
    expect(writes.length).toBe(socialMediaPermissions.length - 3);
  });

  it('refuses every write to a member of an auditor group, whatever other groups they are in', async () => {
    for (const auditor of [
      user('user:default/auditor', ['group:default/internal-audit']),
      // Also an administrator, the security office and a member of an owning group: the
      // auditor membership wins.
      user('user:default/auditor', [
        'group:default/internal-audit',
        'group:default/it-service-management',
        'group:default/security-office',
        'group:default/marketing',
      ]),
    ]) {
      for (const permission of writes) {
        const decision = await auditing.handle(query(permission), auditor);
        expect({ permission: permission.name, ...decision }).toEqual({
          permission: permission.name,
          result: AuthorizeResult.DENY,
        });
      }
    }
  });

  it('lets a member of an auditor group read everything', async () => {
    const auditor = user('user:default/auditor', [
      'group:default/internal-audit',
    ]);
    for (const permission of reads) {
      const decision = await auditing.handle(query(permission), auditor);
      expect({ permission: permission.name, ...decision }).toEqual({
        permission: permission.name,
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('leaves people who are not auditors as they were', async () => {
    const owner = user('user:default/marketing-lead', [
      'group:default/marketing',
    ]);
    const decision = await auditing.handle(
      query(socialServiceUpdatePermission),
      owner,
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    const report = await auditing.handle(
      query(socialServiceIncidentReportPermission),
      owner,
    );
    expect(report.result).toBe(AuthorizeResult.ALLOW);
  });
});

describe("a portal's own policy delegating to the rules", () => {
  it('gets a decision for every social media permission and none for the rest', async () => {
    const rules = createSocialMediaPolicy({
      config: new ConfigReader({
        socialMedia: {
          permissions: {
            administrators: ['group:default/it-service-management'],
          },
        },
      }),
    });
    const admin = user('user:default/portal-admin', [
      'group:default/it-service-management',
    ]);
    for (const permission of socialMediaPermissions) {
      expect(isSocialMediaPermission(permission)).toBe(true);
      expect(await rules.decide({ permission } as any, admin)).toBeDefined();
    }
    const other = {
      type: 'basic' as const,
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' as const },
    };
    expect(isSocialMediaPermission(other)).toBe(false);
    expect(await rules.decide({ permission: other }, admin)).toBeUndefined();
    expect(
      (await rules.decide({ permission: socialServiceCreatePermission }, admin))
        ?.result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('reads the roles from config as the module does, and from a list as given', async () => {
    const marketer = user('user:default/marketing-lead', [
      'group:default/marketing',
    ]);
    const fromConfig = createSocialMediaPolicy({
      config: new ConfigReader({
        socialMedia: {
          permissions: { administrators: ['group:default/marketing'] },
        },
      }),
    });
    const fromList = createSocialMediaPolicy({
      administrators: ['group:default/marketing'],
    });
    const unconfigured = createSocialMediaPolicy({
      config: new ConfigReader({}),
    });
    const create = { permission: socialServiceCreatePermission };
    expect((await fromConfig.handle(create, marketer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await fromList.handle(create, marketer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    // Without socialMedia.permissions nobody administers: not even a guest may create.
    expect((await unconfigured.handle(create, marketer)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      (await unconfigured.handle(create, user('user:development/guest')))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });
});
