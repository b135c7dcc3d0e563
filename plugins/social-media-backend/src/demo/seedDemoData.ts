import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import {
  RiskModelConfig,
  SocialService,
} from '@internal/plugin-social-media-common';
import { ItsmConnector } from '@internal/plugin-social-media-node';
import { composeSocialMedia } from '../compose';
import { GuardianshipPolicy } from '../domain/guardianship';
import {
  auditTrailMemory,
  DEMO_ITSM_ID,
  DemoItsmConnector,
} from './DemoItsmConnector';
import { DEMO_INCIDENTS } from './demoIncidents';
import {
  DemoClock,
  DemoDirectory,
  demoLeavers,
  demoTimeline,
  historyStart,
  playDemoHistory,
} from './demoHistory';

/** A logger that passes on warnings and errors only (a year of nightly sweeps says a lot). */
function quiet(logger: LoggerService): LoggerService {
  const silent = () => {};
  return {
    error: (message, meta) => logger.error(message, meta),
    warn: (message, meta) => logger.warn(message, meta),
    info: silent,
    debug: silent,
    child: () => quiet(logger),
  };
}

/**
 * Loads the demo portfolio into an empty catalogue, once, with a year of history: the inventory
 * imported a year ago, services created and moved through the lifecycle, live ones retired by
 * retirement requests IT service management approved, controls improved and weakened, admins
 * recorded, access reviews done and missed, leavers flagged by the nightly sweep; one transfer
 * and one retirement are left waiting for a decision. The history is played through the plugin's use cases on a clock that starts a year
 * before `now` and ends at `now`, so the audit trail, the ratings and their history are genuine.
 *
 * With `demoItsm`, the mapped services are mapped to the demo ITSM, and the catalogue's ITSM
 * sync runs on the history's clock a few minutes after each of its incidents was opened or
 * changed: the incidents are linked, counted and rated on the days they happened. Otherwise they
 * are mapped to ServiceNow when its connector is installed (the end-to-end tests' server), and
 * left unmapped when not.
 *
 * A store that has ever held anything (its audit trail is not empty) is left alone, so deleting
 * demo services does not bring them back at the next start. Returns how many services it loaded.
 */
export async function seedDemoData(options: {
  database: DatabaseService;
  riskModel: RiskModelConfig;
  policy: GuardianshipPolicy;
  logger: LoggerService;
  /** The real time: the history ends here, and the running portal carries on from it. */
  now: Date;
  /** Tells the catalog projection about the services as the history leaves them. */
  announce?: (services: SocialService[]) => void;
  /** The ITSM connectors installed in the portal, which the history's mappings are checked against. */
  connectors?: ItsmConnector[];
  /** The demo ITSM: its record links lead to the portal's pages, under `app.baseUrl`. */
  demoItsm?: { appBaseUrl: string };
}): Promise<number> {
  const { now, logger } = options;
  const clock = new DemoClock(historyStart(now), now);
  const installed = (options.connectors ?? []).filter(
    c => c.id !== DEMO_ITSM_ID,
  );
  // The demo ITSM as it was on each day of the history: on the history's clock.
  let demoConnector: DemoItsmConnector | undefined;
  // The history's own parts on the plugin's database: its clock, the organisation as it was on
  // each day, and no announcements until the end.
  const socialMedia = await composeSocialMedia({
    database: options.database,
    clock,
    riskModel: options.riskModel,
    policy: options.policy,
    directory: new DemoDirectory(clock, demoLeavers(now)),
    logger: quiet(logger),
    connectors: () => [...installed, ...(demoConnector ? [demoConnector] : [])],
  });
  const { stores } = socialMedia;
  if (options.demoItsm) {
    demoConnector = new DemoItsmConnector({
      clock,
      memory: auditTrailMemory(stores.auditLog),
      appBaseUrl: options.demoItsm.appBaseUrl,
    });
  }
  const itsmSystem = demoConnector
    ? demoConnector.id
    : installed.find(c => c.id === 'servicenow')?.id;
  if (
    !(await stores.audit.isEmpty()) ||
    (await stores.services.countServices()) > 0
  ) {
    return 0;
  }
  const started = Date.now();
  await playDemoHistory({
    socialMedia,
    clock,
    events: demoTimeline(now, undefined, demoConnector ? DEMO_INCIDENTS : []),
    itsm: itsmSystem
      ? { system: itsmSystem, connector: demoConnector }
      : undefined,
  });
  const services = await Promise.all(
    (
      await stores.services.listServiceIds()
    ).map(id => stores.services.getService(id)),
  );
  options.announce?.(services);
  logger.info(
    `Loaded ${
      services.length
    } demo social media services with a year of history in ${
      Date.now() - started
    } ms`,
  );
  return services.length;
}
