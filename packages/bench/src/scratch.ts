// What a run leaves behind while it is in progress (scratch folders, PostgreSQL databases, test
// servers), so that an interrupted run can still clean up after itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllBackendsNow } from './backendProcess';
import { dropPgDatabases } from './postgres';
import { log, messageOf, sleep } from './util';

const dirs = new Set<string>();
const pgPrefixes = new Set<string>();
const servers = new Set<{ stop(): Promise<void> }>();

/** A fresh folder under the system's temporary folder, removed by {@link removeScratchDir}. */
export function makeScratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'social-media-bench-'));
  dirs.add(dir);
  return dir;
}

export function removeScratchDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

export function removeScratchDirsNow(): void {
  for (const dir of dirs) removeScratchDir(dir);
}

export const scratchPgPrefixes = {
  add: (prefix: string) => pgPrefixes.add(prefix),
  delete: (prefix: string) => pgPrefixes.delete(prefix),
};

export const scratchServers = {
  add: (server: { stop(): Promise<void> }) => servers.add(server),
  delete: (server: { stop(): Promise<void> }) => servers.delete(server),
  has: (server: { stop(): Promise<void> }) => servers.has(server),
};

/** After a signal or the watchdog: stop the backends, then remove their databases (bounded). */
export async function cleanUpAfterInterruption(): Promise<void> {
  killAllBackendsNow();
  removeScratchDirsNow();
  for (const server of servers) server.stop().catch(() => {});
  const drops = [...pgPrefixes].map(prefix =>
    dropPgDatabases(prefix).catch(error =>
      log(`could not drop the ${prefix}* databases: ${messageOf(error)}`),
    ),
  );
  await Promise.race([Promise.all(drops), sleep(10_000)]);
}
