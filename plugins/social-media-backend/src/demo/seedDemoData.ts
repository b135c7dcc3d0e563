import { LoggerService } from '@backstage/backend-plugin-api';
import {
  slugify,
  socialServiceInputSchema,
} from '@internal/plugin-social-media-common';
import { SocialMediaStore } from '../database/SocialMediaStore';
import { DEMO_ADMINS, demoServices } from './demoServices';

/** Who the audit trail names for the demo data. */
export const DEMO_ACTOR = 'plugin:social-media/demo-data';

/**
 * Loads the demo portfolio into an empty catalogue, once: a store that has ever held anything
 * (its audit trail is not empty) is left alone, so deleting demo services does not bring them
 * back at the next start.
 */
export async function seedDemoData(options: {
  store: SocialMediaStore;
  logger: LoggerService;
}): Promise<number> {
  const { store, logger } = options;
  if (!(await store.isPristine())) return 0;
  const rows = demoServices().map((input, index) => {
    const valid = socialServiceInputSchema.parse(input);
    return { row: index + 1, input: { ...valid, id: slugify(valid.name) } };
  });
  const { created, problems } = await store.importServices(rows, DEMO_ACTOR, {
    dryRun: false,
  });
  if (problems.length) {
    throw new Error(
      `Demo data could not be loaded: ${problems
        .map(p => p.message)
        .join('; ')}`,
    );
  }
  for (const [id, admins] of Object.entries(DEMO_ADMINS)) {
    const service = await store.getService(id);
    await store.replaceAdmins(id, admins, service.version, DEMO_ACTOR);
  }
  logger.info(`Loaded ${created.length} demo social media services`);
  return created.length;
}
