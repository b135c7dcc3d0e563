import { LoggerService } from '@backstage/backend-plugin-api';
import {
  slugify,
  socialServiceInputSchema,
} from '@internal/plugin-social-media-common';
import { SocialServiceCatalogue } from '../service/SocialServiceCatalogue';
import { AuditStore } from '../stores/audit/AuditStore';
import { ServiceStore } from '../stores/services/ServiceStore';
import { DEMO_ADMINS, demoServices } from './demoServices';

/** Who the audit trail names for the demo data. */
export const DEMO_ACTOR = 'plugin:social-media/demo-data';

/**
 * Loads the demo portfolio into an empty catalogue, once: a store that has ever held anything
 * (its audit trail is not empty) is left alone, so deleting demo services does not bring them
 * back at the next start.
 */
export async function seedDemoData(options: {
  services: ServiceStore;
  audit: AuditStore;
  catalogue: SocialServiceCatalogue;
  logger: LoggerService;
  /** Milliseconds since the epoch the demo dates are relative to. */
  now: number;
}): Promise<number> {
  const { services, audit, catalogue, logger } = options;
  if (!(await audit.isEmpty()) || (await services.countServices()) > 0) {
    return 0;
  }
  const rows = demoServices(options.now).map((input, index) => {
    const valid = socialServiceInputSchema.parse(input);
    return { row: index + 1, input: { ...valid, id: slugify(valid.name) } };
  });
  const { created, problems } = await catalogue.importServices(
    rows,
    DEMO_ACTOR,
    { dryRun: false },
  );
  if (problems.length) {
    throw new Error(
      `Demo data could not be loaded: ${problems
        .map(p => p.message)
        .join('; ')}`,
    );
  }
  for (const [id, admins] of Object.entries(DEMO_ADMINS)) {
    await catalogue.replaceAdmins(id, admins, 1, DEMO_ACTOR);
  }
  logger.info(`Loaded ${created.length} demo social media services`);
  return created.length;
}
