import fs from 'node:fs';
import path from 'node:path';

/**
 * Opt-in CPU profiles of the backend during each full sync, for finding where its time goes:
 * with BENCH_PROFILE_SYNC set to a folder, the backend starts with its inspector on a loopback
 * port and each full sync's profile is written there (open it in Chrome's DevTools).
 */
export const PROFILE_DIR = process.env.BENCH_PROFILE_SYNC;
export const INSPECTOR_PORT = 9339;

export function inspectorArgs(): string[] {
  return PROFILE_DIR ? [`--inspect=127.0.0.1:${INSPECTOR_PORT}`] : [];
}

interface Profiler {
  stop(name: string): Promise<void>;
}

/** Starts the backend's profiler; undefined when profiles were not asked for. */
export async function startSyncProfile(): Promise<Profiler | undefined> {
  if (!PROFILE_DIR) return undefined;
  const targets = await (
    await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)
  ).json();
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let id = 0;
  const pending = new Map<number, (result: any) => void>();
  socket.addEventListener('message', event => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<any>(resolve => {
      id += 1;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  await send('Profiler.start');
  return {
    async stop(name: string) {
      const { profile } = await send('Profiler.stop');
      fs.mkdirSync(PROFILE_DIR, { recursive: true });
      fs.writeFileSync(
        path.join(PROFILE_DIR, `${name}.cpuprofile`),
        JSON.stringify(profile),
      );
      socket.close();
    },
  };
}
