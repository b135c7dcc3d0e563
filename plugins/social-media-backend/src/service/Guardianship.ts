import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AccessReview,
  accessReviewInputSchema,
  GuardianshipSweepResult,
  SocialServiceDetails,
  ValidAccessReviewInput,
} from '@internal/plugin-social-media-common';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { planAccessReview } from '../domain/accessReview';
import { Clock } from '../domain/clock';
import { leaversToApply, planLeaverChanges } from '../domain/leavers';
import { rowToAdmin } from '../domain/serviceRecord';
import { CHUNK } from '../stores/database';
import { Actor, ServiceStore } from '../stores/services/ServiceStore';
import { EntityDirectory } from './EntityDirectory';
import { parseInput } from './parseInput';

/**
 * Digital asset guardianship: access reviews by the service owner, and the sweep that finds
 * people who left but hold access and rates every service again (reviews fall due with time).
 */
export class Guardianship {
  constructor(
    private readonly options: {
      services: ServiceStore;
      writes: ServiceWritePath;
      directory: EntityDirectory;
      clock: Clock;
      logger: LoggerService;
    },
  ) {}

  /**
   * Attests the admin list: every admin needs a decision; removed admins leave the list and the
   * next review falls due one interval later.
   */
  async submitAccessReview(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<{ review: AccessReview; service: SocialServiceDetails }> {
    const input = parseInput(accessReviewInputSchema, body, 'access review');
    return this.review(id, input, actor);
  }

  /** Records a checked access review. */
  async review(
    id: string,
    input: ValidAccessReviewInput,
    actor: Actor,
  ): Promise<{ review: AccessReview; service: SocialServiceDetails }> {
    return this.options.writes.run(actor, async unit => {
      const before = await unit.lock(id, input.version);
      const admins = (await unit.services.listAdmins(id)).map(rowToAdmin);
      const plan = planAccessReview(id, admins, input);
      await unit.services.removeAdmins(id, plan.removedAccounts);
      await unit.update(
        id,
        {
          access_reviewed_at: unit.at,
          admin_count: admins.length - plan.removedAccounts.length,
        },
        'access-review',
      );
      const review: Omit<AccessReview, 'id'> = {
        serviceId: id,
        reviewer: actor,
        at: unit.at,
        decisions: plan.decisions,
        ...(input.note ? { note: input.note } : {}),
      };
      const reviewId = await unit.guardianship.addAccessReview(review);
      unit.record({
        serviceId: id,
        action: 'access-review',
        before: {
          admins,
          lastAccessReviewAt: before.controls.lastAccessReviewAt ?? null,
          version: before.version,
        },
        after: {
          decisions: plan.decisions,
          note: input.note ?? null,
          lastAccessReviewAt: unit.at,
          version: before.version + 1,
        },
      });
      return {
        review: { id: reviewId, ...review },
        service: await unit.details(id),
      };
    });
  }

  /**
   * Asks the catalog which admins and service owners are gone, flags them, and rates every
   * service again, a chunk of services per unit of work so that people's edits are never held
   * up for long.
   */
  async sweep(actor: Actor): Promise<GuardianshipSweepResult> {
    const { services, directory, logger } = this.options;
    const people = await services.listPeopleRefs();
    const missingUsers = leaversToApply(
      people,
      await directory.findMissing(people),
    );
    if (!missingUsers) {
      logger.warn(
        `Leaver detection skipped: none of the ${people.length} people named on services is in the catalog yet, which looks like a catalog still loading`,
      );
    }
    return this.sweepWith({ missingUsers, actor });
  }

  /**
   * Flags leavers (when `missingUsers`, the lowercased refs of people gone from the catalog,
   * is given) and rates every service again.
   */
  async sweepWith(options: {
    missingUsers?: Set<string>;
    actor: Actor;
  }): Promise<GuardianshipSweepResult> {
    const { services, writes, logger, clock } = this.options;
    const { missingUsers, actor } = options;
    const ids = await services.listServiceIds();
    const result: GuardianshipSweepResult = {
      servicesChecked: ids.length,
      leaversFlagged: 0,
      leaversCleared: 0,
      ratingsChanged: 0,
      recordsChangedOutside: 0,
      at: clock.now().toISOString(),
    };
    const changedOutside: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      await writes.run(actor, async unit => {
        // Locking the chunk first, in id order, as every change locks its services before the
        // audit head: a sweep and people's edits wait for each other instead of deadlocking.
        await unit.lockAll(chunk);
        // Before the ratings, which count a record its trail disagrees with as out of compliance.
        changedOutside.push(...(await unit.checkTrails(chunk)));
        let leaversChanged = new Set<string>();
        if (missingUsers) {
          const presence = await unit.guardianship.listPresence(chunk);
          const plan = planLeaverChanges(
            presence.admins,
            presence.owners,
            missingUsers,
          );
          await unit.applyLeaverPlan(plan);
          leaversChanged = new Set(plan.byService.keys());
          await unit.recountLeavers([...leaversChanged]);
          unit.record(
            ...[...plan.byService].map(([serviceId, change]) => ({
              serviceId,
              action: 'leaver-detection',
              after: {
                leftTheOrganisation: change.left,
                backInTheOrganisation: change.returned,
              },
            })),
          );
          result.leaversFlagged += plan.flagged;
          result.leaversCleared += plan.cleared;
        }
        const rerated = await unit.rate(chunk, id =>
          leaversChanged.has(id) ? 'leaver-detection' : 'schedule',
        );
        result.ratingsChanged += rerated.length;
      });
    }
    result.recordsChangedOutside = changedOutside.length;
    logger.info(
      `Guardianship sweep: ${result.servicesChecked} services checked, ${result.leaversFlagged} leavers flagged, ${result.leaversCleared} cleared, ${result.ratingsChanged} ratings changed`,
    );
    if (changedOutside.length > 0) {
      logger.warn(
        `Guardianship sweep: ${
          changedOutside.length
        } services hold values their audit trail never set (changed in the database outside the catalogue): ${changedOutside
          .slice(0, 20)
          .join(', ')}${changedOutside.length > 20 ? ', …' : ''}`,
      );
    }
    return result;
  }
}
