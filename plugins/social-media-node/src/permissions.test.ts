import { SocialService } from '@internal/plugin-social-media-common';
import {
  createSocialServiceConditionalDecision,
  isOwnerGroupMemberRule,
  socialServiceConditions,
} from './permissions';
import { socialServiceUpdatePermission } from '@internal/plugin-social-media-common';

const service = { ownerGroup: 'group:default/marketing' } as SocialService;

describe('IS_OWNER_GROUP_MEMBER', () => {
  it('allows members of the owning group, whatever the case of the refs', () => {
    expect(
      isOwnerGroupMemberRule.apply(service, {
        claims: ['user:default/marketing-lead', 'Group:Default/Marketing'],
      }),
    ).toBe(true);
    expect(
      isOwnerGroupMemberRule.apply(service, {
        claims: ['user:default/auditor', 'group:default/internal-audit'],
      }),
    ).toBe(false);
    expect(isOwnerGroupMemberRule.apply(service, { claims: [] })).toBe(false);
  });

  it('filters queries by the claimed groups', () => {
    expect(
      isOwnerGroupMemberRule.toQuery({ claims: ['group:default/hr'] }),
    ).toEqual({ ownerGroups: ['group:default/hr'] });
  });

  it('builds conditional decisions for the social-media plugin', () => {
    expect(
      createSocialServiceConditionalDecision(
        socialServiceUpdatePermission,
        socialServiceConditions.isOwnerGroupMember({
          claims: ['group:default/hr'],
        }),
      ),
    ).toEqual({
      result: 'CONDITIONAL',
      pluginId: 'social-media',
      resourceType: 'social-media-service',
      conditions: {
        rule: 'IS_OWNER_GROUP_MEMBER',
        resourceType: 'social-media-service',
        params: { claims: ['group:default/hr'] },
      },
    });
  });
});
