import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FatalWaitError } from './http';
import { statCpuSeconds } from './machineCpu';
import { round } from './stats';
import { backendDir, reportDir, TIMEOUTS } from './settings';
import { inspectorArgs } from './syncProfile';
import { log, sleep } from './util';

/** A backend process started by the benchmark. */
export interface Backend {
  name: string;
  child: ChildProcess;
  exited: Promise<ExitInfo>;
  logPath: string;
  exitInfo?: ExitInfo;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Backends started by this run, so that every exit path can stop them. */
const running = new Set<Backend>();

/**
 * Starts packages/backend the way `backstage-cli package start` does (Node with the CLI's
 * TypeScript transform, NODE_ENV=development), but without the CLI's file watcher: other people
 * edit the source while the benchmark runs, and a restart in the middle would spoil the figures.
 * The backend is a process group leader so that stopping it also stops anything it spawned.
 */
export function startBackend(
  name: string,
  configFiles: string[],
  env: Record<string, string>,
): Backend {
  fs.mkdirSync(reportDir, { recursive: true });
  const logPath = path.join(reportDir, `backend-${name}.log`);
  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      ...inspectorArgs(),
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index',
      ...configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: backendDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, NODE_ENV: 'development', ...env },
    },
  );
  fs.closeSync(logFd);
  const exited = new Promise<ExitInfo>(resolve => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const backend: Backend = { name, child, exited, logPath };
  exited.then(info => {
    backend.exitInfo = info;
  });
  running.add(backend);
  return backend;
}

function killGroup(backend: Backend, signal: NodeJS.Signals) {
  try {
    process.kill(-backend.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

export async function stopBackend(backend: Backend): Promise<void> {
  if (!running.has(backend)) return;
  running.delete(backend);
  // Signal the group even when the backend itself has exited: anything it started goes too.
  killGroup(backend, 'SIGTERM');
  if (backend.exitInfo) return;
  const stopped = await Promise.race([
    backend.exited.then(() => true),
    sleep(TIMEOUTS.stopMs).then(() => false),
  ]);
  if (!stopped) {
    log(`${backend.name}: backend did not stop on SIGTERM; killing it`);
    killGroup(backend, 'SIGKILL');
    await Promise.race([backend.exited, sleep(5000)]);
  }
}

/** Last resort for exits we do not control (errors, signals): kill synchronously. */
export function killAllBackendsNow(): void {
  for (const backend of running) killGroup(backend, 'SIGKILL');
  running.clear();
}

function logTail(backend: Backend, lines = 30): string {
  try {
    return fs
      .readFileSync(backend.logPath, 'utf8')
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

/** Throws when the backend process has died, so that waits end at once rather than at timeout. */
export function assertAlive(backend: Backend): void {
  if (backend.exitInfo) {
    throw new FatalWaitError(
      `the backend exited (${JSON.stringify(backend.exitInfo)}); see ${
        backend.logPath
      }:\n${logTail(backend)}`,
    );
  }
}

/**
 * CPU time (user + system, all threads) the process has used so far, in seconds, from
 * /proc/<pid>/stat; undefined where there is no /proc.
 */
export function cpuSeconds(pid: number | undefined): number | undefined {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

export function cpuPercent(
  before: number | undefined,
  after: number | undefined,
  wallMs: number,
): number | null {
  if (before === undefined || after === undefined) return null;
  return round(((after - before) * 1000 * 100) / wallMs);
}

/** How long the benchmark waited for a quiet backend, and whether it got quiet. */
export interface QuietResult {
  waitedMs: number;
  quiet: boolean;
  cpuPercent: number | null;
}

/** Below this share of one CPU over QUIET_WINDOW_MS, the backend counts as quiet. */
const QUIET_CPU_PERCENT = 25;
const QUIET_WINDOW_MS = 5_000;

/**
 * Waits (at most `maxMs`) until the backend's CPU use over QUIET_WINDOW_MS falls below
 * QUIET_CPU_PERCENT; at least one window. Says how long it waited and whether it got quiet.
 */
export async function waitForQuiet(
  backend: Backend,
  database: string,
  maxMs: number,
): Promise<QuietResult> {
  const started = performance.now();
  let lastLog = started;
  for (;;) {
    assertAlive(backend);
    const before = cpuSeconds(backend.child.pid);
    await sleep(QUIET_WINDOW_MS);
    const percent = cpuPercent(
      before,
      cpuSeconds(backend.child.pid),
      QUIET_WINDOW_MS,
    );
    const waitedMs = performance.now() - started;
    if (percent === null || percent < QUIET_CPU_PERCENT) {
      return { waitedMs: round(waitedMs), quiet: true, cpuPercent: percent };
    }
    if (waitedMs + QUIET_WINDOW_MS > maxMs) {
      log(
        `${database}: WARNING the backend is still busy (${percent}% CPU) after ${Math.round(
          waitedMs / 1000,
        )} s; measuring anyway`,
      );
      return { waitedMs: round(waitedMs), quiet: false, cpuPercent: percent };
    }
    if (performance.now() - lastLog > 30_000) {
      lastLog = performance.now();
      log(`${database}: waiting for a quiet backend (${percent}% CPU)`);
    }
  }
}
