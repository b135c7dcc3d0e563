import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  AccessReview,
  accessReviewInputSchema,
  adminsInputSchema,
  GuardianshipSweepResult,
  ImportReport,
  ImportRequest,
  SERVICE_CHANGED_TOPIC,
  ServiceChangedEvent,
  slugify,
  socialServiceInputSchema,
  socialServiceUpdateSchema,
  SocialServiceDetails,
  transitionInputSchema,
} from '@internal/plugin-social-media-common';
import { Actor, SocialMediaStore } from '../database/SocialMediaStore';
import { parseInventory } from '../domain/importInventory';
import { EntityDirectory } from './EntityDirectory';
import { parseInput } from './parseInput';

type RefFields = {
  ownerGroup: string;
  serviceOwner?: string;
  businessRequester?: string;
};

const REF_LABELS: Array<[keyof RefFields, string]> = [
  ['ownerGroup', 'Owner group'],
  ['serviceOwner', 'Service owner'],
  ['businessRequester', 'Business requester'],
];

/**
 * The catalogue's use cases: validates input with the shared rules, checks that owners exist
 * in the Backstage catalog, writes through the store and announces changes.
 */
export class SocialServiceCatalogue {
  constructor(
    private readonly options: {
      store: SocialMediaStore;
      directory: EntityDirectory;
      events?: EventsService;
      logger: LoggerService;
    },
  ) {}

  async create(body: unknown, actor: Actor): Promise<SocialServiceDetails> {
    const input = parseInput(socialServiceInputSchema, body, 'service');
    const id = input.id ?? slugify(input.name);
    if (!id) {
      throw new InputError(
        'Invalid service: name: Name must contain letters or digits to derive an id from',
      );
    }
    await this.assertRefsExist(input);
    const created = await this.options.store.createService(
      { ...input, id },
      actor,
    );
    await this.announce([created.id], 'create');
    return created;
  }

  async update(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    const update = parseInput(socialServiceUpdateSchema, body, 'service');
    await this.assertRefsExist(update);
    const updated = await this.options.store.updateService(id, update, actor);
    await this.announce([id], 'update');
    return updated;
  }

  async transition(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    const transition = parseInput(transitionInputSchema, body, 'transition');
    const moved = await this.options.store.transitionService(
      id,
      transition,
      actor,
    );
    await this.announce([id], 'update');
    return moved;
  }

  async replaceAdmins(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    const { admins, version } = parseInput(
      adminsInputSchema,
      body,
      'admin list',
    );
    // People whose User is gone from the catalog have left the organisation: they are kept on
    // the list (they still hold access) but flagged.
    const gone = await this.options.directory.findMissing(
      admins.flatMap(a => (a.userRef ? [a.userRef] : [])),
    );
    const updated = await this.options.store.replaceAdmins(
      id,
      admins.map(a => ({
        ...a,
        inOrganisation: !a.userRef || !gone.has(a.userRef.toLowerCase()),
      })),
      version,
      actor,
    );
    await this.announce([id], 'update');
    return updated;
  }

  async delete(id: string, version: number, actor: Actor): Promise<void> {
    await this.options.store.deleteService(id, version, actor);
    await this.announce([id], 'delete');
  }

  async import(request: ImportRequest, actor: Actor): Promise<ImportReport> {
    const dryRun = request.dryRun === true;
    const parsed = parseInventory(request.format, request.content);
    const problems = [...parsed.problems];

    const refs = parsed.rows.flatMap(({ input }) =>
      REF_LABELS.flatMap(([field]) => (input[field] ? [input[field]!] : [])),
    );
    const missing = await this.options.directory.findMissing(refs);
    for (const { row, input } of parsed.rows) {
      for (const [field, label] of REF_LABELS) {
        const ref = input[field];
        if (ref && missing.has(ref.toLowerCase())) {
          problems.push({
            row,
            field,
            message: `${label} ${ref} is not in the Backstage catalog`,
          });
        }
      }
    }

    let created: string[] = [];
    if (problems.length === 0) {
      const result = await this.options.store.importServices(
        parsed.rows,
        actor,
        { dryRun },
      );
      problems.push(...result.problems);
      created = result.created;
    }
    problems.sort((a, b) => a.row - b.row);
    const valid = problems.length === 0;
    if (valid && !dryRun && created.length) {
      await this.announce(created, 'create');
    }
    return {
      dryRun,
      valid,
      rows: parsed.total,
      created: valid ? created : [],
      problems,
    };
  }

  async submitAccessReview(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<{ review: AccessReview; service: SocialServiceDetails }> {
    const input = parseInput(accessReviewInputSchema, body, 'access review');
    const result = await this.options.store.submitAccessReview(
      id,
      input,
      actor,
    );
    await this.announce([id], 'update');
    return result;
  }

  /**
   * The guardianship sweep: asks the catalog which admins and service owners are gone, flags
   * them, and rates every service again (reviews fall due with time). When the catalog knows
   * none of the people at all, it is taken to be still loading, and leaver flags are left as
   * they are rather than flagging everyone.
   */
  async sweep(actor: Actor): Promise<GuardianshipSweepResult> {
    const people = await this.options.store.listPeopleRefs();
    let missingUsers: Set<string> | undefined =
      await this.options.directory.findMissing(people);
    if (people.length >= 2 && missingUsers.size === people.length) {
      this.options.logger.warn(
        `Leaver detection skipped: none of the ${people.length} people named on services is in the catalog yet, which looks like a catalog still loading`,
      );
      missingUsers = undefined;
    }
    const { changedIds, ...result } = await this.options.store.sweep({
      missingUsers,
      actor,
    });
    if (changedIds.length) await this.announce(changedIds, 'update');
    this.options.logger.info(
      `Guardianship sweep: ${result.servicesChecked} services checked, ${result.leaversFlagged} leavers flagged, ${result.leaversCleared} cleared, ${result.ratingsChanged} ratings changed`,
    );
    return result;
  }

  /** Tells the catalog projection that services changed outside the catalogue's own use cases. */
  async announceChanged(serviceIds: string[]): Promise<void> {
    await this.announce(serviceIds, 'update');
  }

  private async assertRefsExist(fields: RefFields) {
    const refs = REF_LABELS.flatMap(([field]) =>
      fields[field] ? [fields[field]!] : [],
    );
    const missing = await this.options.directory.findMissing(refs);
    const problems = REF_LABELS.filter(
      ([field]) => fields[field] && missing.has(fields[field]!.toLowerCase()),
    ).map(
      ([field, label]) =>
        `${field}: ${label} ${fields[field]} is not in the Backstage catalog`,
    );
    if (problems.length) {
      throw new InputError(`Invalid service: ${problems.join('; ')}`);
    }
  }

  private async announce(
    serviceIds: string[],
    action: ServiceChangedEvent['action'],
  ) {
    if (!this.options.events) return;
    try {
      const eventPayload: ServiceChangedEvent = { serviceIds, action };
      await this.options.events.publish({
        topic: SERVICE_CHANGED_TOPIC,
        eventPayload,
      });
    } catch (error) {
      // The change is stored; the catalog catches up on its next scheduled refresh.
      this.options.logger.warn(
        `Could not announce the change of ${serviceIds.length} service(s): ${error}`,
      );
    }
  }
}
