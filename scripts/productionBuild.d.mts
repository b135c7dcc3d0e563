// Types of productionBuild.mjs, for the benchmark's TypeScript.
import type { ChildProcess } from 'node:child_process';

export declare const root: string;
export declare const distDir: string;
export declare const LIMITS: {
  build: number;
  install: number;
  readiness: number;
  request: number;
  shutdown: number;
};

type Log = (message: string) => void;

export interface PostgresConnection {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface BuiltBackend {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logFile: string;
  readonly alive: boolean;
  /** SIGTERM, then SIGKILL after LIMITS.shutdown: how long it took and whether it was killed. */
  stop(): Promise<{ seconds: number; killed: boolean }>;
}

export declare function yarnCommand(): string[];
export declare function yarnEnvironment(): NodeJS.ProcessEnv;
export declare function runOrThrow(
  command: string,
  args: string[],
  options?: import('node:child_process').SpawnSyncOptions,
): void;
export declare function freePort(): Promise<number>;
export declare function request(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; text: string }>;
export declare function buildBackend(options: {
  log: Log;
  quiet?: boolean;
}): void;
export declare function assertBundleBuilt(): void;
export declare function installBundle(options: { dir: string; log: Log }): void;
export declare function postgresConnection(
  log: Log,
): Promise<PostgresConnection>;
export declare function writeCallerConfig(options: {
  dir: string;
  name: string;
  port: number;
  prefix: string;
  extra?: string[];
}): string;
export declare function productionEnvironment(options: {
  baseUrl: string;
  connection: PostgresConnection;
  auditKey: string;
  extra?: Record<string, string>;
}): Record<string, string>;
export declare function spawnLogged(
  command: string,
  args: string[],
  options: Omit<import('node:child_process').SpawnOptions, 'stdio'> & {
    logFile: string;
  },
): Pick<BuiltBackend, 'child' | 'exited'>;
export declare function exitsWithin(
  exited: BuiltBackend['exited'],
  ms: number,
): Promise<boolean>;
export declare function startBuiltBackend(options: {
  dir: string;
  env: Record<string, string>;
  logFile: string;
  configs: string[];
  log: Log;
}): BuiltBackend;
export declare function waitForReadiness(
  baseUrl: string,
  backend: BuiltBackend,
): Promise<void>;
export declare function dropDatabases(
  connection: PostgresConnection,
  prefix: string,
): Promise<number>;
