import {
  handoverDeciderRefusal,
  isPendingApprover,
  isRequesterSide,
  namedToOwnAs,
  requestDeciderRefusal,
} from './requestRoles';
import type { RequiredApproval } from './requests';

const actor = (name: string, groups: string[] = []) => ({
  userRef: `user:default/${name}`,
  claims: [`user:default/${name}`, ...groups.map(g => `group:default/${g}`)],
});

const serviceManagement: RequiredApproval = {
  role: 'service-management',
  title: 'IT service management',
  groups: ['group:default/it-service-management'],
  reason: 'Every new social service is approved by IT service management',
};
const security: RequiredApproval = {
  role: 'security',
  title: 'Security office',
  groups: ['group:default/security-office'],
  reason: 'The security office approves too: the predicted rating is high',
};
const request = {
  requester: 'user:default/marketing-lead',
  requestingTeam: 'group:default/marketing',
  serviceOwner: 'user:default/communications-lead',
  ownerGroup: 'group:default/communications',
  approvals: [serviceManagement, security],
};

describe('who is who on a request', () => {
  it('puts the requester and their team on the requester side, whatever the case of the refs', () => {
    expect(isRequesterSide(request, actor('Marketing-Lead'))).toBe(true);
    expect(isRequesterSide(request, actor('analyst', ['Marketing']))).toBe(
      true,
    );
    expect(isRequesterSide(request, actor('it-service-manager'))).toBe(false);
  });

  it('names the service owner before the owner group', () => {
    expect(
      namedToOwnAs(request, actor('communications-lead', ['communications'])),
    ).toBe('service owner');
    expect(namedToOwnAs(request, actor('writer', ['communications']))).toBe(
      'owner group',
    );
    expect(namedToOwnAs(request, actor('auditor'))).toBeUndefined();
  });

  it('lets a pending approver outside the requesting team decide', () => {
    const manager = actor('it-service-manager', ['it-service-management']);
    expect(isPendingApprover(request, manager)).toBe(true);
    expect(requestDeciderRefusal(request, 'approve', manager)).toBeUndefined();
    expect(
      requestDeciderRefusal(request, 'approve', actor('auditor'))?.message,
    ).toBe(
      'You are not an approver of this request: it waits for IT service management (group:default/it-service-management) and Security office (group:default/security-office)',
    );
  });

  it('keeps an approver out of their own request and their own team’s', () => {
    const own = { ...request, requester: 'user:default/it-service-manager' };
    const manager = actor('it-service-manager', ['it-service-management']);
    expect(isPendingApprover(own, manager)).toBe(true);
    expect(requestDeciderRefusal(own, 'reject', manager)?.message).toBe(
      'You filed this request, so you cannot decide on it: someone else approves it',
    );
    expect(
      requestDeciderRefusal(
        request,
        'request-changes',
        actor('it-service-manager', ['it-service-management', 'marketing']),
      )?.kind,
    ).toBe('forbidden');
  });

  it('gives one person one approval, and still lets them turn the request down', () => {
    const both = actor('it-service-manager', [
      'it-service-management',
      'security-office',
    ]);
    const half = {
      ...request,
      approvals: [
        { ...serviceManagement, approvedBy: 'user:default/it-service-manager' },
        security,
      ],
    };
    expect(requestDeciderRefusal(half, 'approve', both)?.message).toBe(
      'You already approved this request for IT service management; its other approval must come from someone else',
    );
    expect(requestDeciderRefusal(half, 'reject', both)).toBeUndefined();
  });
});

describe('who decides a transfer or a retirement', () => {
  const transfer = {
    kind: 'transfer' as const,
    requester: 'user:default/marketing-lead',
    deciders: ['group:default/hr'],
  };

  it('is the receiving group, never the person who filed it', () => {
    expect(
      handoverDeciderRefusal(transfer, actor('hr-partner', ['hr'])),
    ).toBeUndefined();
    expect(
      handoverDeciderRefusal(transfer, actor('marketing-lead', ['hr']))
        ?.message,
    ).toBe(
      'You filed this transfer, so you cannot decide on it: someone in group:default/hr does',
    );
    expect(handoverDeciderRefusal(transfer, actor('auditor'))?.message).toBe(
      'Only members of the receiving group group:default/hr may accept or decline this transfer',
    );
  });
});
