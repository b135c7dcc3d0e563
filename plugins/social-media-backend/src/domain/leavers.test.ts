import { countLeavers, leaversToApply, planLeaverChanges } from './leavers';

const admin = (
  id: number,
  serviceId: string,
  userRef: string,
  inOrganisation = true,
) => ({ id, serviceId, userRef, inOrganisation });

describe('planLeaverChanges', () => {
  it('flags people who are gone, clears people who are back and leaves everyone else alone', () => {
    const plan = planLeaverChanges(
      [
        admin(1, 'brand', 'user:default/gone'),
        admin(2, 'brand', 'user:default/stays'),
        admin(3, 'careers', 'user:default/back', false),
        admin(4, 'careers', 'User:Default/Gone'),
      ],
      [
        {
          serviceId: 'careers',
          serviceOwner: 'user:default/owner',
          inOrganisation: true,
        },
        {
          serviceId: 'brand',
          serviceOwner: 'user:default/stays',
          inOrganisation: true,
        },
      ],
      new Set(['user:default/gone', 'user:default/owner']),
    );
    expect(plan.admins).toEqual([
      { id: 1, inOrganisation: false },
      { id: 3, inOrganisation: true },
      { id: 4, inOrganisation: false },
    ]);
    expect(plan.owners).toEqual([
      { serviceId: 'careers', inOrganisation: false },
    ]);
    expect(Object.fromEntries(plan.byService)).toEqual({
      brand: { left: ['user:default/gone'], returned: [] },
      careers: {
        left: ['User:Default/Gone', 'user:default/owner'],
        returned: ['user:default/back'],
      },
    });
    expect([plan.flagged, plan.cleared]).toEqual([3, 1]);
  });

  it('changes nothing when the catalog answer matches the flags', () => {
    const plan = planLeaverChanges(
      [admin(1, 'brand', 'user:default/gone', false)],
      [],
      new Set(['user:default/gone']),
    );
    expect(plan.admins).toEqual([]);
    expect(plan.byService.size).toBe(0);
  });
});

describe('leaversToApply', () => {
  it('takes a catalog that knows none of several people to be still loading', () => {
    const people = ['user:default/a', 'user:default/b'];
    expect(leaversToApply(people, new Set(people))).toBeUndefined();
  });

  it('trusts the catalog when it knows someone, or when only one person is named', () => {
    expect(
      leaversToApply(
        ['user:default/a', 'user:default/b'],
        new Set(['user:default/a']),
      ),
    ).toEqual(new Set(['user:default/a']));
    expect(
      leaversToApply(['user:default/a'], new Set(['user:default/a'])),
    ).toEqual(new Set(['user:default/a']));
  });
});

describe('countLeavers', () => {
  it('counts admins who left and a service owner who left', () => {
    expect(
      countLeavers(2, {
        serviceOwner: 'user:default/o',
        inOrganisation: false,
      }),
    ).toBe(3);
    expect(
      countLeavers(2, { serviceOwner: 'user:default/o', inOrganisation: true }),
    ).toBe(2);
    expect(countLeavers(0, { serviceOwner: null, inOrganisation: false })).toBe(
      0,
    );
  });
});
