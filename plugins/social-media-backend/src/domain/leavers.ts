/** An admin as leaver detection sees it. */
export interface AdminPresence {
  /** Row id of the admin entry. */
  id: number;
  serviceId: string;
  userRef: string;
  inOrganisation: boolean;
}

/** A named service owner as leaver detection sees it. */
export interface OwnerPresence {
  serviceId: string;
  serviceOwner: string;
  inOrganisation: boolean;
}

/** What leaver detection changes, and what the audit trail says of each service. */
export interface LeaverPlan {
  admins: Array<{ id: number; inOrganisation: boolean }>;
  owners: Array<{ serviceId: string; inOrganisation: boolean }>;
  /** Per service: who left and who came back, for the audit trail. */
  byService: Map<string, { left: string[]; returned: string[] }>;
  flagged: number;
  cleared: number;
}

/**
 * Compares who holds access with the people the catalog no longer knows: people who are gone
 * are flagged, flagged people who are back are cleared, everyone else is left alone.
 */
export function planLeaverChanges(
  admins: AdminPresence[],
  owners: OwnerPresence[],
  missingUsers: Set<string>,
): LeaverPlan {
  const present = (ref: string) => !missingUsers.has(ref.toLowerCase());
  const plan: LeaverPlan = {
    admins: [],
    owners: [],
    byService: new Map(),
    flagged: 0,
    cleared: 0,
  };
  const note = (serviceId: string, ref: string, inOrganisation: boolean) => {
    if (!plan.byService.has(serviceId)) {
      plan.byService.set(serviceId, { left: [], returned: [] });
    }
    const entry = plan.byService.get(serviceId)!;
    if (inOrganisation) {
      plan.cleared += 1;
      entry.returned.push(ref);
    } else {
      plan.flagged += 1;
      entry.left.push(ref);
    }
  };
  for (const admin of admins) {
    const inOrganisation = present(admin.userRef);
    if (inOrganisation === admin.inOrganisation) continue;
    plan.admins.push({ id: admin.id, inOrganisation });
    note(admin.serviceId, admin.userRef, inOrganisation);
  }
  for (const owner of owners) {
    const inOrganisation = present(owner.serviceOwner);
    if (inOrganisation === owner.inOrganisation) continue;
    plan.owners.push({ serviceId: owner.serviceId, inOrganisation });
    note(owner.serviceId, owner.serviceOwner, inOrganisation);
  }
  return plan;
}

/**
 * Which people to treat as gone. When the catalog knows none of several people at all, it is
 * taken to be still loading (after a restart, before its first ingestion), and leaver flags are
 * left as they are (undefined) rather than flagging everyone.
 */
export function leaversToApply(
  people: string[],
  missing: Set<string>,
): Set<string> | undefined {
  if (people.length >= 2 && missing.size === people.length) return undefined;
  return missing;
}

/** People holding access who left: admins flagged as gone, and a service owner who left. */
export function countLeavers(
  adminsGone: number,
  owner: { serviceOwner?: string | null; inOrganisation: boolean },
): number {
  return adminsGone + (owner.serviceOwner && !owner.inOrganisation ? 1 : 0);
}
