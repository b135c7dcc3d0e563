/*
 * The portal's real configuration files for tests that start a backend with them: the local file
 * (app-config.yaml, what `npm start` reads) and production's (the local file, then
 * app-config.production.yaml, as the README starts it), with the environment production reads.
 */
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

/** app-config.yaml of the repository. */
export const LOCAL_CONFIG = path.join(repoRoot, 'app-config.yaml');
/** app-config.production.yaml of the repository. */
export const PRODUCTION_CONFIG = path.join(
  repoRoot,
  'app-config.production.yaml',
);

/** What production's configuration reads from the environment. */
export const PRODUCTION_ENV = {
  APP_BASE_URL: 'https://portal.larkmoor.example',
  BACKEND_BASE_URL: 'https://portal.larkmoor.example',
  POSTGRES_HOST: 'localhost',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'unused',
  SOCIAL_MEDIA_AUDIT_CHECKPOINT_KEY: 'production-test-key',
};

/** The root config service reading `configFiles` in order, as the portal's backend does. */
export function portalConfig(configFiles: string[]) {
  return rootConfigServiceFactory({
    argv: configFiles.flatMap(file => ['--config', file]),
  });
}

/**
 * Gives every test of the calling file production's environment (restored after it), and keeps
 * the config loader's note of which files it read out of the output.
 */
export function useProductionEnvironment() {
  let savedEnv: NodeJS.ProcessEnv;
  beforeEach(() => {
    savedEnv = process.env;
    process.env = { ...process.env, ...PRODUCTION_ENV };
    jest.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => {
    process.env = savedEnv;
    jest.restoreAllMocks();
  });
}
